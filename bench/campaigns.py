"""The campaign rule's latency (issue 15): a copy of a removed campaign is handled (queued first,
or removed automatically) in the same clustering pass that finds it; how long that pass takes
for a chunk of 500 new posts holding such a copy, beside the same pass over a chunk without one,
in a group of VARTA_BENCH_CAMPAIGN_GROUP posts (10,000 by default). Medians of 15 repeats, in a
fresh process on a fresh SQLite database (bench/_campaigns_worker.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Figure, run_worker


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        data = run_worker(
            "bench._campaigns_worker",
            env={"DATABASE_URL": f"sqlite:///{Path(tmp) / 'campaigns.sqlite3'}"},
            label="campaigns",
        )
    chunk = data["chunk"]
    return [
        Figure(
            f"clustering pass of {chunk} new posts holding a copy of a removed campaign, the copy "
            "queued first in the same pass",
            data["queued"],
            "s",
            data["floor"],
            f"the same pass over {chunk} posts without one",
            "the copy handled in the pass that clusters it",
        ),
        Figure(
            "the same, the copy removed automatically (decision, audit, platform action)",
            data["removed"],
            "s",
            data["floor"],
            f"the same pass over {chunk} posts without one",
        ),
    ]
