"""Background jobs (RQ). Thin: primary keys in, a service call, the outcome recorded.

Every job is safe to run twice.
"""

from __future__ import annotations

import importlib.util
import logging

import django_rq

log = logging.getLogger(__name__)


def bulk_run_job(op_id: int) -> None:
    from triage.bulk import bulk_run

    bulk_run(op_id=op_id)


def cluster_posts_job(group_id: int, post_ids: list[int]) -> None:
    from triage.clustering import posts_cluster

    posts_cluster(group_id=group_id, post_ids=post_ids)


def enqueue_bulk_run(op_id: int) -> str:
    # django-rq enqueues after the transaction commits, so the job id is chosen
    # here rather than read back; one id per operation also means a second
    # enqueue replaces the first instead of running it twice.
    job_id = f"bulk-{op_id}"
    from triage.models import BulkOperation

    BulkOperation.objects.filter(pk=op_id).update(job_id=job_id)
    django_rq.get_queue("default").enqueue(bulk_run_job, op_id, job_id=job_id, job_timeout=3600)
    return job_id


def enqueue_cluster_posts(group_id: int, post_ids: list[int]) -> None:
    if post_ids:
        django_rq.get_queue("default").enqueue(cluster_posts_job, group_id, list(post_ids))


def enqueue_maybe_retrain(group_id: int) -> None:
    """Ask the scoring side whether enough new decisions arrived to retrain."""
    if importlib.util.find_spec("triage.scoring.jobs") is None:
        return
    module = importlib.import_module("triage.scoring.jobs")
    job = getattr(module, "maybe_retrain_job", None)
    if job is not None:
        django_rq.get_queue("default").enqueue(job, group_id)


def purge_expired_job() -> None:
    from triage.retention import purge_expired

    purge_expired()


def audit_full_check_job() -> None:
    """Hourly: every group's audit chain verified in full; the audit pages check only what
    came after."""
    from triage.audit import full_check_all

    full_check_all()
