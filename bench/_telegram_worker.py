"""One run of the Telegram bench in a fresh process (bench/telegram.py); prints one JSON line.

On a fresh SQLite database (DATABASE_URL) and its own Redis database (REDIS_URL), with the local
server that speaks the Bot API (tests/platforms/fake_telegram.py) standing in for Telegram:

1. the floor: FLOOR reports handled in this process one after the other, each filed, scored
   and clustered at once by direct calls (no poller, no queue, no HTTP);
2. latency: the real processes (``manage.py telegram_poll`` and one ``manage.py rqworker
   intake``) while N reports arrive at RATE per second; for each, the seconds from the moment
   the update exists at the Bot API to the moment its post is in the database scored and
   clustered (this process looks every 50 ms);
3. a burst: BURST updates pushed at once, the poller killed (SIGKILL) when a third of them are
   handled and started again; then every update must be handled exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import django_rq  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench.pipeline import Texts  # noqa: E402
from groups.models import Group  # noqa: E402
from groups.services import group_create  # noqa: E402
from tests.platforms.fake_telegram import FakeTelegram  # noqa: E402
from triage.clusters.services import posts_cluster  # noqa: E402
from triage.models import AuditEvent, Post, TelegramUpdate  # noqa: E402
from triage.platforms import secrets  # noqa: E402
from triage.platforms.intake import update_handle  # noqa: E402
from triage.scoring.services import posts_score  # noqa: E402

N = int(os.environ.get("VARTA_BENCH_TELEGRAM_N", "1000"))
RATE = float(os.environ.get("VARTA_BENCH_TELEGRAM_RATE", "10"))
BURST = int(os.environ.get("VARTA_BENCH_TELEGRAM_BURST", "10000"))
FLOOR = 200
LOOK_EVERY = 0.05  # seconds between this process's looks at the database
LATENCY_STAGES: dict[str, float] = {}  # p95 of the seconds to filed and to scored
TOKEN = "123456789:AAFakeTokenForBenchOnly_abcdefghijklm"  # noqa: S105 - the local fake's
CHAT = -1001234567890
WHEN = int(time.time())


class Counter:
    next_message = 1
    next_reporter = 1


def report(texts: Texts) -> dict:
    """A member's /report of a fresh message (each from another member: no rate limit)."""
    mid, Counter.next_message = Counter.next_message, Counter.next_message + 1
    who, Counter.next_reporter = Counter.next_reporter, Counter.next_reporter + 1
    chat = {"id": CHAT, "type": "supergroup", "title": "Bench"}
    target = {
        "message_id": mid,
        "from": {"id": 10**9 + mid, "is_bot": False, "first_name": "Author"},
        "chat": chat,
        "date": WHEN,
        "text": texts.post(),
    }
    return {
        "message": {
            "message_id": 10**8 + mid,
            "from": {"id": 2 * 10**9 + who, "is_bot": False, "first_name": "Member"},
            "chat": chat,
            "date": WHEN,
            "text": "/report",
            "reply_to_message": target,
        }
    }


def external(update: dict) -> str:
    return f"{str(CHAT)[4:]}:{update['message']['reply_to_message']['message_id']}"


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def floor(group: Group, texts: Texts) -> list[float]:
    times = []
    for i in range(FLOOR):
        update = {"update_id": 10**7 + i, **report(texts)}
        started = time.perf_counter()
        outcome = update_handle(group=group, update=update)
        assert outcome.post_id is not None
        posts_score(post_ids=[outcome.post_id], unscored_only=True)
        posts_cluster(group_id=group.pk, post_ids=[outcome.post_id])
        times.append(time.perf_counter() - started)
    return times


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    process.send_signal(sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def latency(fake: FakeTelegram, texts: Texts, env: dict[str, str]) -> list[float]:
    poller = start(["telegram_poll", "--timeout", "10"], env)
    worker = start(["rqworker", "intake"], env)
    try:
        time.sleep(3)  # both started (imports, the model loaded by the first job)
        pushed: dict[str, float] = {}
        done: dict[str, float] = {}
        interval = 1.0 / RATE
        next_at = time.monotonic()
        deadline = None
        while len(done) < N:
            now = time.monotonic()
            if len(pushed) < N and now >= next_at:
                update = report(texts)
                pushed[external(update)] = time.time()
                fake.push(update)
                next_at += interval
                continue
            if len(pushed) == N and deadline is None:
                deadline = time.monotonic() + 120
            if deadline is not None and time.monotonic() > deadline:
                raise SystemExit(f"only {len(done)} of {N} reports were scored and clustered")
            # Only the reports still waiting: a cheap look while the pipeline keeps up.
            waiting = [e for e in pushed if e not in done]
            ready = Post.objects.filter(
                scored_at__isnull=False, signature__isnull=False, external_id__in=waiting
            )
            seen = time.time()
            for ext in ready.values_list("external_id", flat=True):
                done[ext] = seen
            time.sleep(max(0.0, min(LOOK_EVERY, next_at - time.monotonic())))
        stages = {
            ext: (imported.timestamp() - pushed[ext], scored.timestamp() - pushed[ext])
            for ext, imported, scored in Post.objects.filter(
                external_id__in=list(pushed), scored_at__isnull=False
            ).values_list("external_id", "imported_at", "scored_at")
            if scored is not None
        }
        LATENCY_STAGES.update(
            filed_p95=p95([v[0] for v in stages.values()]),
            scored_p95=p95([v[1] for v in stages.values()]),
        )
        return [done[e] - pushed[e] for e in pushed]
    finally:
        stop(poller)
        stop(worker)


def burst(group: Group, fake: FakeTelegram, texts: Texts, env: dict[str, str]) -> dict:
    before = TelegramUpdate.objects.filter(group=group).count()
    posts_before = Post.objects.count()
    events_before = AuditEvent.objects.filter(action="import.telegram").count()
    for _ in range(BURST):
        fake.push(report(texts))
    started = time.perf_counter()
    poller = start(["telegram_poll", "--timeout", "1"], env)
    while TelegramUpdate.objects.filter(group=group).count() - before < BURST // 3:
        time.sleep(0.05)
    stop(poller, signal.SIGKILL)  # no clean stop: killed mid-batch
    killed_at = TelegramUpdate.objects.filter(group=group).count() - before
    poller = start(["telegram_poll", "--timeout", "1"], env)
    try:
        deadline = time.monotonic() + 1800
        while fake.updates or TelegramUpdate.objects.filter(group=group).count() - before < BURST:
            if time.monotonic() > deadline:
                raise SystemExit("the burst was not handled in 30 minutes")
            time.sleep(0.1)
        seconds = time.perf_counter() - started
    finally:
        stop(poller)
    handled = TelegramUpdate.objects.filter(group=group).count() - before
    posts = Post.objects.count() - posts_before
    events = AuditEvent.objects.filter(action="import.telegram").count() - events_before
    counted = set(Post.objects.values_list("report_count", flat=True))
    return {
        "burst": BURST,
        "killed_at": killed_at,
        "handled": handled,
        "posts": posts,
        "events": events,
        "exactly_once": handled == posts == events == BURST and counted == {1},
        "burst_seconds": seconds,
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("ensure_model", verbosity=0)
    django_rq.get_connection("intake").flushdb()
    owner = get_user_model().objects.create(username="bench")
    group = group_create(name="Bench", slug="bench", platform="telegram", owner=owner)
    Group.objects.filter(pk=group.pk).update(
        telegram_chat_id=CHAT, telegram_bot_token=secrets.encrypt(TOKEN)
    )
    group.refresh_from_db()
    texts = Texts(16)
    with FakeTelegram(TOKEN) as fake:
        settings.TELEGRAM_API_BASE = fake.url
        env = {**os.environ, "TELEGRAM_API_BASE": fake.url}
        floor_times = floor(group, texts)
        django_rq.get_connection("intake").flushdb()  # the floor's jobs: its posts are done
        latencies = latency(fake, texts, env)
        django_rq.get_connection("intake").flushdb()  # the burst measures the bot, not scoring
        burst_result = burst(group, fake, texts, env)
    print(
        json.dumps(
            {
                "n": N,
                "rate": RATE,
                "p95": p95(latencies),
                "median": statistics.median(latencies),
                "floor_p95": p95(floor_times),
                "floor_median": statistics.median(floor_times),
                **LATENCY_STAGES,
                "load": os.getloadavg()[0],
                **burst_result,
            }
        )
    )


if __name__ == "__main__":
    main()
