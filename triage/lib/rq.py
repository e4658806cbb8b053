"""Queueing background work: the one enqueue helper, and the one set of job states alive.

Jobs are named, never imported: ``enqueue("bulk_run_job", op.pk)`` queues
``triage.jobs.bulk_run_job``. The services that queue work are the ones the jobs call, so
an import either way would be a cycle. Inside a transaction, the job is queued when the
transaction commits: a worker never looks for rows that are not there yet, and a rolled-back
write queues nothing.

With Redis unreachable, queueing fails after the change has committed: the change stands
(a decision answers as decided), the failure is logged, and the sweeps queue the work again
once Redis is back (every job queued here has one: imports, bulk runs and platform actions
keep their own state in the database, and the intake sweep finds unscored or unclustered
posts).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import django_rq
from django.db import transaction
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

JOBS_MODULE = "triage.jobs"
log = logging.getLogger(__name__)

# A job in one of these states will still run (or is running): the work it was queued for
# is not abandoned.
ALIVE = frozenset(
    {
        JobStatus.CREATED,
        JobStatus.QUEUED,
        JobStatus.STARTED,
        JobStatus.DEFERRED,
        JobStatus.SCHEDULED,
    }
)


def enqueue(
    job: str,
    *args: Any,
    queue: str = "default",
    job_id: str | None = None,
    timeout: int | None = None,
    delay_seconds: int = 0,
    unique: bool = False,
) -> None:
    """Queue ``triage.jobs.<job>(*args)``; arguments are primary keys and lists of them.

    ``unique``: refuse with ``rq.exceptions.DuplicateJobError`` while a job with this
    ``job_id`` exists. Such a job is queued at once, even inside a transaction, so that the
    caller hears of the refusal.
    """
    func = f"{JOBS_MODULE}.{job}"
    options: dict[str, Any] = {"job_id": job_id, "job_timeout": timeout}
    if unique:
        # Kept only while it runs, so a finished job does not refuse the next one; a failed
        # one for a minute (its traceback is in the worker's log).
        options |= {"unique": True, "result_ttl": 0, "failure_ttl": 60}
        django_rq.get_queue(queue, commit_mode="auto").enqueue(func, *args, **options)
        return

    def send() -> None:
        rq_queue = django_rq.get_queue(queue, commit_mode="auto")
        try:
            if delay_seconds > 0:
                rq_queue.enqueue_in(timedelta(seconds=delay_seconds), func, *args, **options)
            else:
                rq_queue.enqueue(func, *args, **options)
        except RedisError as exc:
            log.error("Redis is unreachable: %s not queued; a sweep queues it again: %s", job, exc)

    transaction.on_commit(send)  # at once outside a transaction


def job_alive(job_id: str, *, queue: str = "default") -> bool:
    """Whether the job with this id will still run (a killed worker's job is not alive)."""
    try:
        job = Job.fetch(job_id, connection=django_rq.get_connection(queue))
    except NoSuchJobError:
        return False
    return job.get_status() in ALIVE
