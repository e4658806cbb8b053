"""The campaign rule's latency (issue 15): a copy of a removed campaign is handled (queued first,
or removed automatically) in the same clustering pass that finds it; how long that pass takes
for a chunk of 500 new posts holding such a copy, beside the same pass over a chunk without one,
in a group of VARTA_BENCH_CAMPAIGN_GROUP posts (10,000 by default). Medians of 15 repeats, in a
fresh process on a fresh SQLite database (bench/_campaigns_worker.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Figure

ROOT = Path(__file__).resolve().parent.parent


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'campaigns.sqlite3'}",
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-long-enough-for-the-production-check-0123456789",
            "DJANGO_HTTPS": "0",
        }
        result = subprocess.run(
            [sys.executable, "-m", "bench._campaigns_worker"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(f"campaigns benchmark failed: {result.stderr[-3000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
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
