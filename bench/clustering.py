"""Clustering alone: posts/s of the intake's clustering jobs, beside a bare MinHash.

A fresh process (bench/_clustering_worker.py) on a fresh database clusters a group's first
10,000 posts, then three times 10,000 more in jobs of 1,000 posts (the pipeline benchmark's
texts: varied vocabulary, 5% near-copies); each time is measured alone. SQLite, and PostgreSQL
when it answers at 127.0.0.1:5432. Target (issue 13): at least 3,000 posts/s. The floor is a
bare datasketch MinHash of the same posts (no database, no bands, no merging), for scale.
"""

from __future__ import annotations

import os

from bench.common import Figure, median, run_worker
from bench.pipeline import POSTGRES_DB, _fresh, _postgres, _postgres_answers, redis_url

TARGET = 3000


def run() -> list[Figure]:
    figures: list[Figure] = []
    vendors = ["sqlite"] + (["postgresql"] if _postgres_answers() else [])
    for vendor in vendors:
        env = {
            "DATABASE_URL": _fresh(vendor),
            "REDIS_URL": redis_url(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0", 5),
        }
        try:
            data = run_worker("bench._clustering_worker", env=env, label=f"clustering {vendor}")
        finally:
            if vendor == "postgresql":
                _postgres(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)')
        rates = [data["posts"] / s for s in data["seconds"]]
        floors = [data["posts"] / s for s in data["floor_seconds"]]
        print(
            f"   .. {vendor}: {', '.join(f'{r:,.0f}' for r in rates)} posts/s in "
            f"{len(rates)} runs of {data['posts']:,} into a group of {data['base']:,} and more "
            f"({data['clusters']:,} clusters at the end)",
            flush=True,
        )
        figures.append(
            Figure(
                f"clustering {data['posts']:,} new posts in jobs of 1,000, {vendor} (median)",
                median(rates),
                "posts/s",
                floor=median(floors),
                floor_name="bare datasketch MinHash of the same posts",
                target=f">= {TARGET:,} posts/s",
            )
        )
    return figures
