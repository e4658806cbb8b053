"""Queue page time at a million posts (SQLite and PostgreSQL), bulk removal of a 10,000-copy
cluster, and clustering throughput.

Each database is measured in a subprocess of its own (bench/_queue_worker.py) so
that both run in one `make bench`. The million-post databases are built once and
kept (var/bench-queue.sqlite3, PostgreSQL database varta_bench_queue); later runs
reuse them.
"""

from __future__ import annotations

import os

from bench.common import (
    ROOT,
    Figure,
    run_worker,
)

POSTGRES = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/varta_bench_queue"
)
SQLITE = f"sqlite:///{ROOT / 'var' / 'bench-queue.sqlite3'}"
POSTS = int(os.environ.get("BENCH_QUEUE_POSTS", "1000000"))


def _postgres_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def _measure(label: str, url: str) -> list[Figure]:
    data = run_worker(
        "bench._queue_worker",
        env={
            "DATABASE_URL": url,
            "ALLOWED_HOSTS": "testserver",
            "BENCH_QUEUE_POSTS": str(POSTS),
        },
        label=f"queue on {label}",
    )
    n = f"{data['posts']:,}"
    runs = data["bulk_runs"]
    removals = ", ".join(f"{run[0]:.2f}" for run in runs)
    return [
        Figure(
            f"queue page p50 ({label}, {n} posts)",
            data["queue_p50_ms"],
            "ms",
            data["floor_p50_ms"],
            "minimal page, 50 rows, same table",
        ),
        Figure(
            f"queue page p95 ({label}, {n} posts)",
            data["queue_p95_ms"],
            "ms",
            data["floor_p95_ms"],
            "minimal page, 50 rows, same table",
            "p95 <= 100 ms",
        ),
        Figure(
            f"queue page p95, masks found afresh ({label})",
            data["queue_first_view_p95_ms"],
            "ms",
            data["floor_p95_ms"],
            "minimal page, 50 rows, same table",
            "p95 <= 100 ms",
        ),
        Figure(
            f"queue page p95, each look after a decision ({label})",
            data["queue_after_decision_p95_ms"],
            "ms",
            data["floor_p95_ms"],
            "minimal page, 50 rows, same table",
            "p95 <= 100 ms",
        ),
        Figure(
            f"queue next page p95 ({label}, keyset)",
            data["next_p95_ms"],
            "ms",
            data["floor_p95_ms"],
            "minimal page, 50 rows, same table",
            "p95 <= 100 ms",
        ),
        Figure(
            f"bulk remove of a 10,000-post cluster ({label}; the median of {len(runs)} runs: "
            f"{removals} s)",
            data["bulk_seconds"],
            "s",
            data["bulk_floor_seconds"],
            "bare UPDATE of the same rows",
            "<= 2 s",
        ),
        Figure(
            f"bulk undo of that removal ({label}; the median of {len(runs)} runs)",
            data["undo_seconds"],
            "s",
            data["bulk_floor_seconds"],
            "bare UPDATE of the same rows",
        ),
        Figure(f"clustering throughput ({label})", data["cluster_posts_per_s"], "posts/s"),
    ]


def run() -> list[Figure]:
    figures = _measure("SQLite", SQLITE)
    if _postgres_answers():
        figures += _measure("PostgreSQL", POSTGRES)
    else:
        print("   PostgreSQL does not answer at 127.0.0.1:5432; measured SQLite only")
    return figures
