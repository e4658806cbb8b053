"""The Telegram bot (issue 16): how soon a reported message is in the queue, scored and
clustered, and a burst of updates handled exactly once with the poller killed midway.

Targets: p95 within 2 s of the update arriving, over VARTA_BENCH_TELEGRAM_N reports (1,000 by
default) arriving at VARTA_BENCH_TELEGRAM_RATE per second (10); VARTA_BENCH_TELEGRAM_BURST
updates (10,000) all handled exactly once although the poller is killed (SIGKILL) a third of
the way. The floor, measured in the same run: the same reports filed, scored and clustered by
direct calls in one process, one after the other (no poller, no queue, no HTTP). Run in a fresh
process on a fresh SQLite database and Redis database 6 (bench/_telegram_worker.py), with the
local server that speaks the Bot API standing in for Telegram.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from bench.common import Figure, run_worker
from bench.pipeline import redis_url

REDIS_DB = 6


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        data = run_worker(
            "bench._telegram_worker",
            env={
                "DATABASE_URL": f"sqlite:///{Path(tmp) / 'telegram.sqlite3'}",
                "REDIS_URL": redis_url(
                    os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0", REDIS_DB
                ),
                "MODEL_DIR": str(Path(tmp) / "models"),
                "LOG_LEVEL": "WARNING",
            },
            label="telegram",
        )
    return [
        Figure(
            f"/report to queued, scored and clustered, p95 over {data['n']} reports at "
            f"{data['rate']:g}/s (poller + one intake worker; load average {data['load']:.1f} "
            f"on {os.cpu_count()} cores at the end)",
            data["p95"],
            "s",
            data["floor_p95"],
            "p95 of the same steps by direct calls in one process",
            "2 s",
        ),
        Figure(
            "the same, median",
            data["median"],
            "s",
            data["floor_median"],
            "median of the same steps by direct calls",
        ),
        Figure("of which: the update to its post filed, p95", data["filed_p95"], "s"),
        Figure("of which: the update to its post scored, p95", data["scored_p95"], "s"),
        Figure(
            f"burst of {data['burst']} updates, poller killed after {data['killed_at']}: "
            f"handled {data['handled']}, posts {data['posts']}, audit events {data['events']}",
            data["burst"] / data["burst_seconds"],
            "updates/s",
            1 / data["floor_median"],
            "1 / the floor's median (filed, scored and clustered one by one)",
            "every update exactly once: " + ("yes" if data["exactly_once"] else "NO"),
        ),
    ]
