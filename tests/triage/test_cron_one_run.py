"""The scheduler queues each sweep under one id: never a second while one waits or runs,
always the next once it has finished. Real Redis, drained by an in-process burst worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import django_rq
import pytest
from rq import SimpleWorker
from rq.job import Job

from triage.jobs import import_sweep_job
from triage.lib.rq import OneRunCronScheduler, cron_job_id

pytestmark = pytest.mark.django_db


def tick(scheduler: OneRunCronScheduler) -> None:
    """The next minute comes: every interval job is due again, and the scheduler looks."""
    for job in scheduler.get_jobs():
        if job.interval:
            job.next_enqueue_time = datetime.now(UTC) - timedelta(seconds=1)
    scheduler.enqueue_jobs()


def queued(queue_name: str) -> list[str]:
    return django_rq.get_queue(queue_name).get_job_ids()


def test_sweeps_do_not_pile_up_behind_a_long_job(redis_conn):
    scheduler = OneRunCronScheduler()
    scheduler.load_config_from_file("config/cron.py")
    for _minute in range(14):  # a worker busy with one long import for fourteen minutes
        tick(scheduler)
    assert sorted(queued("default")) == [
        cron_job_id("audit_full_check"),
        cron_job_id("bulk_sweep"),
        cron_job_id("import_sweep"),
        cron_job_id("intake_sweep"),
    ]
    assert queued("platform") == [cron_job_id("platform_sweep")]


def test_a_tick_while_the_sweep_runs_queues_nothing_and_the_next_after_it_queues_one(
    redis_conn,
):
    scheduler = OneRunCronScheduler()
    scheduler.register(import_sweep_job, "default", interval=60, name="import_sweep")
    tick(scheduler)
    assert queued("default") == [cron_job_id("import_sweep")]
    seen_while_running = []

    def sweep_that_outlasts_a_tick():
        tick(scheduler)
        seen_while_running.append(list(queued("default")))
        return []

    worker = SimpleWorker([django_rq.get_queue("default")], connection=redis_conn)
    with mock.patch("triage.jobs.batch_resume_stale", side_effect=sweep_that_outlasts_a_tick):
        worker.work(burst=True)
        assert seen_while_running == [[]]
        # Finished, and kept nowhere: its id does not refuse the next run.
        assert not redis_conn.exists(Job.key_for(cron_job_id("import_sweep")))
        tick(scheduler)
        assert queued("default") == [cron_job_id("import_sweep")]
        worker.work(burst=True)
    assert len(seen_while_running) == 2
    assert queued("default") == []


def test_the_scheduler_command_runs_config_cron_with_one_run_per_job(redis_conn):
    from io import StringIO

    from django.core.management import call_command

    started = []
    out = StringIO()
    with mock.patch.object(OneRunCronScheduler, "start", lambda self: started.append(self)):
        call_command("run_scheduler", stdout=out)
    assert "7 jobs" in out.getvalue()
    (scheduler,) = started
    ids = {job.name: job.job_options["job_id"] for job in scheduler.get_jobs()}
    assert ids["import_sweep"] == cron_job_id("import_sweep")
    assert ids["bulk_sweep"] == cron_job_id("bulk_sweep")
    assert ids["telegram_updates_purge"] == cron_job_id("telegram_updates_purge")


def test_a_sweep_whose_worker_was_killed_is_queued_again_not_an_hour_later(redis_conn):
    from rq.job import JobStatus

    from triage.lib.rq import alive_key

    scheduler = OneRunCronScheduler()
    scheduler.register(import_sweep_job, "default", interval=60, name="import_sweep")
    tick(scheduler)
    job = Job.fetch(cron_job_id("import_sweep"), connection=redis_conn)
    # A worker took it five minutes ago and was killed: RQ still says "started".
    django_rq.get_queue("default").remove(job)
    job.set_status(JobStatus.STARTED)
    job.started_at = datetime.now(UTC) - timedelta(minutes=5)
    job.save()
    redis_conn.set(alive_key(job.id), 1, ex=60)  # while its worker says it is alive: waits
    tick(scheduler)
    assert queued("default") == []
    redis_conn.delete(alive_key(job.id))  # its worker fell silent
    tick(scheduler)
    assert queued("default") == [cron_job_id("import_sweep")]
    assert Job.fetch(job.id, connection=redis_conn).get_status() == JobStatus.QUEUED
