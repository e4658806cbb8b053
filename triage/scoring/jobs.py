"""Scoring jobs. The import pipeline enqueues ``score_posts_job`` after each chunk."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import django_rq

logger = logging.getLogger(__name__)


def score_posts_job(post_ids: list[int]) -> None:
    from triage.scoring.services import posts_score

    posts_score(post_ids=post_ids)


@contextmanager
def _training_lock(group_id: int | None) -> Iterator[bool]:
    """One training per group at a time, across every worker: the second gets False and does
    nothing (the training under way already includes the decisions that asked for it)."""
    lock = django_rq.get_connection("default").lock(
        f"varta:training:{group_id or 'base'}", timeout=3 * 3600, blocking=False
    )
    acquired = lock.acquire()
    try:
        yield bool(acquired)
    finally:
        if acquired:
            lock.release()


def maybe_retrain_job(group_id: int) -> None:
    from triage.scoring.services import maybe_retrain

    with _training_lock(group_id) as mine:
        if mine:
            maybe_retrain(group_id)
        else:
            logger.info("group %s: a training is already running; not starting another", group_id)


def retrain_job(group_id: int, user_id: int | None = None) -> None:
    from django.contrib.auth import get_user_model

    from groups.access import get_group_for_user_id
    from groups.models import Role
    from triage.scoring.services import model_train

    if user_id is None:
        raise ValueError("a group's retraining is asked for by one of its admins")
    user = get_user_model().objects.filter(pk=user_id).first()
    # Still an admin of the group when the job runs (PermissionDenied otherwise).
    group = get_group_for_user_id(user_id, group_id, min_role=Role.ADMIN)
    with _training_lock(group_id) as mine:
        if mine:
            model_train(group=group, actor=user)
        else:
            logger.info("group %s: a training is already running; not starting another", group_id)


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
