"""A group's model learns from each viral post once, not from every copy of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_post
from triage.models import Cluster, PostStatus
from triage.scoring.services import _decision_examples

pytestmark = pytest.mark.django_db


def test_copies_of_one_viral_post_count_once_in_the_training_data(group):
    now = timezone.now()
    cluster = Cluster.objects.create(group=group, size=30, first_seen=now, last_seen=now)
    for i in range(30):
        make_post(
            group,
            f"Шукаємо полоненого Зіновія Квакша з 72-ї, пишіть в особисті (копія {i})",
            status=PostStatus.REMOVED,
            category="pow_solicitation",
            cluster=cluster,
            decided_at=now - timedelta(minutes=60 - i),
        )
    for i in range(9):
        make_post(
            group,
            f"Продам дрова, дуб, доставка по району, дзвоніть (оголошення {i})",
            status=PostStatus.KEPT,
            decided_at=now - timedelta(minutes=20 - i),
        )
    train, _train_cats, held, _held_cats = _decision_examples(group)
    texts = train + held
    # The campaign is one example (its first copy), each unrelated post one each.
    assert sum("Квакша" in t for t in texts) == 1
    assert "(копія 0)" in " ".join(texts)
    assert len(texts) == 10
