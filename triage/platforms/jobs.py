"""Platform jobs run on the "platform" queue, so a slow platform never stalls imports."""

from __future__ import annotations

from datetime import timedelta

import django_rq


def platform_run_job(group_id: int) -> None:
    from triage.platforms.runner import telegram_run

    telegram_run(group_id=group_id)


def enqueue_platform_run(group_id: int, *, delay_seconds: int = 0) -> None:
    queue = django_rq.get_queue("platform")
    if delay_seconds > 0:
        queue.enqueue_in(timedelta(seconds=delay_seconds), platform_run_job, group_id)
    else:
        queue.enqueue(platform_run_job, group_id)


def platform_sweep_job() -> int:
    """Every minute: start a run for each group with Telegram work waiting.

    This is what finishes the work of a worker that died: its claimed actions
    come back when their lease runs out, and the next sweep picks them up.
    """
    from django.db.models import Q
    from django.utils import timezone

    from triage.models import PlatformAction

    S = PlatformAction.Status
    now = timezone.now()
    group_ids = set(
        PlatformAction.objects.exclude(kind=PlatformAction.Kind.MANUAL_REMOVE)
        .filter(
            Q(status=S.PENDING, next_attempt_at__isnull=True)
            | Q(status=S.PENDING, next_attempt_at__lte=now)
            | Q(status=S.IN_PROGRESS, leased_until__lt=now)
        )
        .values_list("group_id", flat=True)
    )
    for group_id in group_ids:
        enqueue_platform_run(group_id)
    return len(group_ids)
