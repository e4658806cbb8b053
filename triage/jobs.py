"""Every background job (RQ entry point): primary keys in, one service call.

Nothing in the project imports this module. Services queue jobs by name through
``triage.lib.rq.enqueue`` and ``config/cron.py`` schedules the sweeps by name, so the
services never import the jobs that call them back. Every job is safe to run twice: the
services claim their work with conditional UPDATEs.
"""

from __future__ import annotations

from triage.audit.services import full_check_all
from triage.bulk.services import bulk_resume_stale, bulk_run
from triage.campaigns.services import surge_alert
from triage.clusters.services import posts_cluster
from triage.importers.services import batch_resume_stale, batch_run, intake_resume_stale
from triage.platforms.polling import handled_purge
from triage.platforms.runner import platform_sweep, telegram_run
from triage.queue.selectors import queue_counts_refresh
from triage.retention import purge_expired
from triage.scoring.services import (
    pending_rescore,
    posts_score,
    retrain_for_admin,
    retrain_when_due,
)


def import_batch_job(batch_id: int) -> None:
    batch_run(batch_id=batch_id)


def import_sweep_job() -> int:
    """Every minute: resume imports whose worker died mid-way."""
    return len(batch_resume_stale())


def score_posts_job(post_ids: list[int]) -> None:
    """New posts (an import chunk, or the intake sweep): those not scored yet."""
    posts_score(post_ids=post_ids, unscored_only=True)


def cluster_posts_job(group_id: int, post_ids: list[int]) -> None:
    posts_cluster(group_id=group_id, post_ids=post_ids)


def intake_sweep_job() -> dict[str, int]:
    """Every minute: new posts left unscored or unclustered by a killed worker are queued
    again."""
    return intake_resume_stale()


def queue_counts_job(group_id: int) -> None:
    """A large group's queue counts, counted again while its pages show the last ones."""
    queue_counts_refresh(group_id=group_id)


def bulk_run_job(op_id: int) -> None:
    bulk_run(op_id=op_id)


def bulk_sweep_job() -> int:
    """Every minute: bulk operations whose worker died are run again."""
    return len(bulk_resume_stale())


def surge_alert_job(cluster_id: int) -> None:
    """A surge began: tell the admins' Telegram chat."""
    surge_alert(cluster_id=cluster_id)


def maybe_retrain_job(group_id: int) -> None:
    retrain_when_due(group_id=group_id)


def retrain_job(group_id: int, user_id: int | None = None) -> None:
    retrain_for_admin(group_id=group_id, user_id=user_id)


def rescore_pending_job(group_id: int | None) -> None:
    pending_rescore(group_id=group_id)


def platform_run_job(group_id: int) -> None:
    telegram_run(group_id=group_id)


def platform_sweep_job() -> int:
    """Every minute: resume platform work that is due, or whose worker died."""
    return platform_sweep()


def telegram_updates_purge_job() -> int:
    """Daily: forget the ids of Telegram updates handled days ago (webhook installations run
    no poller, which does it too)."""
    return handled_purge()


def purge_expired_job() -> None:
    purge_expired()


def audit_full_check_job() -> None:
    """Hourly: every group's audit chain verified in full; the audit pages check only what
    came after."""
    full_check_all()
