"""Clustering quality on labeled families of copies (see tests/triage/families.py)."""

from __future__ import annotations

import pytest

from tests.factories import make_post
from tests.triage.families import families, pair_scores
from triage.clusters.services import posts_cluster
from triage.models import Post

pytestmark = pytest.mark.django_db


def test_pair_scoring_counts_what_it_should():
    assert pair_scores([1, 1, 2, None], [7, 7, 8, None]) == (1.0, 1.0)
    precision, recall = pair_scores([1, 1, 1, 2], [7, 7, None, 7])
    assert (round(precision, 2), round(recall, 2)) == (0.33, 0.33)


def test_copies_cluster_with_high_precision_and_recall(group):
    data = families()
    posts = [make_post(group, text) for text, _family in data]
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in posts])
    clusters = dict(Post.objects.filter(group=group).values_list("id", "cluster_id"))
    precision, recall = pair_scores([f for _, f in data], [clusters[p.pk] for p in posts])
    print(f"clustering pair precision={precision:.3f} recall={recall:.3f}")
    # Measured 1.00 / 0.93 (seed 2026); the floor leaves room for other seeds.
    assert precision >= 0.95, precision
    assert recall >= 0.80, recall
