"""Queueing background work: the one enqueue helper, and the one set of job states alive.

Jobs are named, never imported: ``enqueue("bulk_run_job", op.pk)`` queues
``triage.jobs.bulk_run_job``. The services that queue work are the ones the jobs call, so
an import either way would be a cycle. Inside a transaction, django-rq queues the job when
the transaction commits (``RQ["COMMIT_MODE"] = "on_db_commit"`` in settings): a worker
never looks for rows that are not there yet, and a rolled-back write queues nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import django_rq
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

JOBS_MODULE = "triage.jobs"

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
    if delay_seconds > 0:
        django_rq.get_queue(queue).enqueue_in(
            timedelta(seconds=delay_seconds), func, *args, **options
        )
        return
    if unique:
        # Kept only while it runs, so a finished job does not refuse the next one; a failed
        # one for a minute (its traceback is in the worker's log).
        options |= {"unique": True, "result_ttl": 0, "failure_ttl": 60}
        django_rq.get_queue(queue, commit_mode="auto").enqueue(func, *args, **options)
        return
    django_rq.get_queue(queue).enqueue(func, *args, **options)


def job_alive(job_id: str, *, queue: str = "default") -> bool:
    """Whether the job with this id will still run (a killed worker's job is not alive)."""
    try:
        job = Job.fetch(job_id, connection=django_rq.get_connection(queue))
    except NoSuchJobError:
        return False
    return job.get_status() in ALIVE
