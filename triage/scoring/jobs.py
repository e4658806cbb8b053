"""Scoring jobs. The import pipeline enqueues ``score_posts_job`` after each chunk."""

from __future__ import annotations

import django_rq


def score_posts_job(post_ids: list[int]) -> None:
    from triage.scoring.services import posts_score

    posts_score(post_ids=post_ids)


def maybe_retrain_job(group_id: int) -> None:
    from triage.scoring.services import maybe_retrain

    maybe_retrain(group_id)


def retrain_job(group_id: int, user_id: int | None = None) -> None:
    from django.contrib.auth import get_user_model

    from groups.access import get_group_for_user_id
    from groups.models import Role
    from triage.scoring.services import model_train

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    group = get_group_for_user_id(user_id, group_id, min_role=Role.ADMIN) if user_id else None
    model_train(group=group, actor=user)


def rescore_pending_job(group_id: int | None) -> None:
    """After a promotion: re-score the pending posts the new version now scores."""
    from triage.models import Post
    from triage.scoring.services import posts_score

    pending = Post.objects.filter(status__in=["pending", "escalated"])
    if group_id is not None:
        pending = pending.filter(group_id=group_id)
    ids = list(pending.values_list("id", flat=True))
    for start in range(0, len(ids), 1000):
        posts_score(post_ids=ids[start : start + 1000])


def enqueue_rescore(group_id: int | None) -> None:
    django_rq.get_queue("default").enqueue(rescore_pending_job, group_id, job_timeout=6 * 3600)
