"""The outbox survives a worker crash: kill a real worker mid-batch, restart, nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import django_rq
import pytest
from django.db import connection
from django.utils import timezone

from groups.models import Membership
from tests.platforms.conftest import CHAT
from triage.bulk.services import bulk_create, bulk_run
from triage.jobs import platform_sweep_job
from triage.models import PlatformAction, Post
from triage.platforms.outbox import platform_enqueue
from triage.queue.services import DecisionInput

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def worker(fake_url: str, *extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "TELEGRAM_API_BASE": fake_url,
        "VARTA_PLATFORM_LEASE_SECONDS": "2",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
    return subprocess.Popen(
        # SimpleWorker runs jobs in the worker process itself (RQ's default forks a
        # work horse into a session of its own), so killing it kills the job mid-batch.
        [
            sys.executable,
            "manage.py",
            "rqworker",
            "platform",
            "--worker-class",
            "rq.worker.SimpleWorker",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: kill it with its work horse
    )


def test_a_killed_worker_loses_nothing_and_sends_at_most_its_batch_again(
    tg_group, moderator, fake_telegram, redis_conn
):
    n = 1000
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            group=tg_group,
            source="telegram",
            external_id=f"{CHAT}:{i}",
            text=f"копія {i}",
            text_sha256=f"{i:064d}",
            posted_at=now,  # dated: deleted in batches of 100
        )
        for i in range(1, n + 1)
    )
    m = Membership.objects.select_related("group", "user").get(user=moderator, group=tg_group)
    ids = list(Post.objects.filter(group=tg_group).values_list("pk", flat=True))
    op = bulk_create(
        membership=m,
        criteria={"kind": "ids", "ids": ids},
        data=DecisionInput("remove", rule_id=tg_group.rules.first().pk),
        confirmed_count=n,
    )
    bulk_run(op_id=op.pk)
    assert PlatformAction.objects.filter(status="pending").count() == n
    django_rq.get_queue("platform").empty()
    fake_telegram.delay = 0.4
    platform_enqueue(tg_group.pk)

    first = worker(fake_telegram.url)
    deadline = time.time() + 60
    while len(fake_telegram.requests) < 3 and time.time() < deadline:
        time.sleep(0.05)
    # Mid-batch: the fourth request is on its way or being answered.
    time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    sent_before_kill = len(fake_telegram.requests)
    done_at_kill = PlatformAction.objects.filter(status="done").count()
    assert 0 < done_at_kill < n, done_at_kill
    in_flight = set(
        PlatformAction.objects.filter(status="in_progress").values_list("message_id", flat=True)
    )

    # The lease runs out; the minute's sweep starts the work again on a new worker.
    time.sleep(2.5)
    fake_telegram.delay = 0.0
    assert platform_sweep_job() == 1
    second = worker(fake_telegram.url, "--burst")
    assert second.wait(timeout=120) == 0

    assert PlatformAction.objects.filter(status="done").count() == n
    # Every message deleted exactly once on the platform...
    assert len(fake_telegram.deleted) == n
    assert set(fake_telegram.deleted.values()) == {1}
    # ...and the only ids ever sent twice are the batch that was in flight.
    sent = fake_telegram.ids_sent()
    repeated = {i for i in sent if sent.count(i) > 1}
    assert repeated <= in_flight
    assert len(repeated) <= 100
    assert len(fake_telegram.requests) >= sent_before_kill
