"""Background jobs (RQ). Thin: primary keys in, a service call, the outcome recorded.

Every job is safe to run twice.
"""

from __future__ import annotations

import importlib.util
import logging

import django_rq

log = logging.getLogger(__name__)


def bulk_run_job(op_id: int) -> None:
    from triage.bulk.services import bulk_run

    bulk_run(op_id=op_id)


def bulk_sweep_job() -> None:
    bulk_resume_stale()


def bulk_resume_stale() -> list[int]:
    """Bulk operations whose worker died: queue them again (a run skips what is decided).

    An operation counts as abandoned when its RQ job is gone, failed or stopped (RQ marks the
    job of a killed worker failed once it notices), or, when it was run without a job, when it
    has said nothing for ten minutes."""
    from datetime import timedelta

    from django.utils import timezone
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus

    from triage.models import BulkOperation

    now = timezone.now()
    alive = {
        JobStatus.CREATED,
        JobStatus.QUEUED,
        JobStatus.STARTED,
        JobStatus.DEFERRED,
        JobStatus.SCHEDULED,
    }
    connection = django_rq.get_connection("default")
    resumed = []
    for op in BulkOperation.objects.filter(
        status__in=[BulkOperation.Status.QUEUED, BulkOperation.Status.RUNNING],
        created_at__lt=now - timedelta(minutes=2),
    ):
        if op.job_id:
            try:
                if Job.fetch(op.job_id, connection=connection).get_status() in alive:
                    continue
            except NoSuchJobError:
                pass
        elif now - op.created_at < timedelta(minutes=10):
            continue
        log.warning("bulk operation %s was abandoned by its worker; running it again", op.pk)
        enqueue_bulk_run(op.pk)
        resumed.append(op.pk)
    return resumed


def cluster_posts_job(group_id: int, post_ids: list[int]) -> None:
    from triage.clusters.services import posts_cluster

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
    from triage.audit.services import full_check_all

    full_check_all()
