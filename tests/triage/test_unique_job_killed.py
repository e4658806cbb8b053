"""A job queued under a fixed id (the intake sweep's, a cron sweep's, a retraining) whose worker
is killed mid-run is replaced within VARTA_JOB_ALIVE_SECONDS, not the hour RQ takes (issue 17,
red-team finding N1: the intake sweep stayed blocked for the whole 990 seconds it was watched).
A real worker, really killed; a slow but living one is never replaced."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import django_rq
import pytest
from django.utils import timezone
from rq.job import Job, JobStatus

from tests.factories import make_post
from tests.platforms.test_worker_crash import database_url
from triage.importers.services import intake_resume_stale
from triage.lib.rq import alive_key
from triage.models import Post

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
ALIVE = 3  # VARTA_JOB_ALIVE_SECONDS for the worker and for this process


def varta_worker(settings) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "MODEL_DIR": str(settings.MODEL_DIR),
        "VARTA_JOB_ALIVE_SECONDS": str(ALIVE),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "intake"],  # Varta's worker class
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_for(check, seconds=60.0):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_the_intake_sweep_replaces_the_job_of_a_killed_worker_not_of_a_living_one(
    group, redis_conn, settings
):
    settings.VARTA_JOB_ALIVE_SECONDS = ALIVE
    post = make_post(group, "Шукаємо волонтерів на суботу", minhash=b"")  # to score only
    Post.objects.filter(pk=post.pk).update(imported_at=timezone.now() - timedelta(hours=1))
    job_id = f"intake-score-{group.pk}"
    queue = django_rq.get_queue("intake")
    # The sweep's own job for this group, stuck: it runs for a minute.
    queue.enqueue("time.sleep", 60, job_id=job_id, unique=True, result_ttl=0)
    proc = varta_worker(settings)
    try:
        assert wait_for(
            lambda: Job.fetch(job_id, connection=redis_conn).get_status() == JobStatus.STARTED
        )
        # Alive and slow: past ALIVE seconds it is still not replaced (its worker says so).
        time.sleep(ALIVE + 1.5)
        assert redis_conn.exists(alive_key(job_id))
        assert intake_resume_stale() == {"score": 0, "cluster": 0}  # its job is running
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    # Killed: RQ still calls the job started...
    assert Job.fetch(job_id, connection=redis_conn).get_status() == JobStatus.STARTED
    # ... but once it has said nothing for ALIVE seconds, the sweep queues the work again.
    assert wait_for(lambda: not redis_conn.exists(alive_key(job_id)), ALIVE + 2)
    assert intake_resume_stale()["score"] == 1
    job = Job.fetch(job_id, connection=redis_conn)
    assert job.get_status() == JobStatus.QUEUED
    assert job.func_name == "triage.jobs.score_posts_job"
