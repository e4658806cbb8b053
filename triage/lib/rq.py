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
from django.conf import settings
from django.db import transaction
from django_rq.cron import DjangoCronScheduler
from redis.exceptions import RedisError
from rq.cron import CronJob
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus
from rq.utils import now

JOBS_MODULE = "triage.jobs"
log = logging.getLogger(__name__)

# A job queued under a fixed id, refused while one with that id is queued or running. Kept
# only while it runs, so a finished job does not refuse the next one; a failed one for a
# minute (its traceback is in the worker's log).
UNIQUE: dict[str, Any] = {"unique": True, "result_ttl": 0, "failure_ttl": 60}

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
        options |= UNIQUE
        rq_queue = django_rq.get_queue(queue, commit_mode="auto")
        try:
            rq_queue.enqueue(func, *args, **options)
        except DuplicateJobError:
            if job_id is None or not clear_abandoned(job_id, rq_queue.connection):
                raise
            rq_queue.enqueue(func, *args, **options)
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


def alive_key(job_id: str) -> str:
    return f"varta:job-alive:{job_id}"


def clear_abandoned(job_id: str, connection: Any) -> bool:
    """Delete the job with this id if its worker was killed while running it, so that a job
    queued under the same fixed id can take its place; True if it was.

    RQ keeps a killed worker's job "started" until its timeout and an hour more pass (its
    registry's expiry, then a worker's maintenance): until then a job queued under that id was
    refused, and the intake sweep, a cron sweep or a retraining blocked. Varta's worker says a
    job is alive every few seconds (``alive_key``); one that says nothing for
    ``VARTA_JOB_ALIVE_SECONDS`` after starting has no worker."""
    try:
        job = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        return False
    if job.get_status() != JobStatus.STARTED or connection.exists(alive_key(job_id)):
        return False
    started = job.started_at
    if started is not None and (now() - started).total_seconds() < settings.VARTA_JOB_ALIVE_SECONDS:
        return False
    log.warning("job %s lost its worker (killed?) while running: replaced", job_id)
    job.delete()
    return True


def cron_job_id(name: str) -> str:
    return f"varta-cron-{name}"


class OneRunCronScheduler(DjangoCronScheduler):
    """django-rq's cron scheduler, with each scheduled job queued under one fixed id.

    rq's scheduler queues a sweep every minute whether or not the last one has run: behind a
    long import, fourteen import sweeps and fourteen bulk sweeps piled up. Here a tick while
    the job's last run is still queued or running queues nothing; the next tick tries again.
    """

    def register(self, *args: Any, **kwargs: Any) -> CronJob:
        cron_job = super().register(*args, **kwargs)
        cron_job.job_options |= {"job_id": cron_job_id(cron_job.name), **UNIQUE}
        return cron_job

    def enqueue_jobs(self) -> list[CronJob]:
        """rq's loop, where a job whose last run is still alive is skipped, not queued again."""
        enqueue_time = now()
        due = [job for job in self.get_jobs() if job.should_run()]
        for job in due:
            try:
                job.enqueue(self.connection)
            except DuplicateJobError:
                if clear_abandoned(cron_job_id(job.name), self.connection):
                    job.enqueue(self.connection)
                else:
                    log.info("%s: the last run is still queued or running; not queued", job.name)
            job.set_enqueue_time(enqueue_time)
        return due
