"""Helpers shared by the benchmark modules."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Production settings, as a group's server runs them: with DEBUG, Django keeps every query's
# SQL in memory, which no server does.
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-long-enough-for-the-production-check-0123456789",
    "DJANGO_HTTPS": "0",
}

# Words of group posts, for synthetic benchmark rows (the text's content does not matter here).
WORDS = [
    "шукаємо",
    "допомога",
    "поширте",
    "полон",
    "бригада",
    "волонтери",
    "збір",
    "кіт",
    "район",
    "обмін",
    "новини",
    "коментарях",
    "впізнає",
    "село",
    "мама",
    "брат",
    "телефон",
    "звіт",
    "фонд",
    "лікарня",
    "донори",
]


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    # The floor measured in the same run, and what the target says about the ratio.
    floor: float | None = None
    floor_name: str = ""
    target: str = ""

    @property
    def ratio(self) -> float | None:
        if self.floor in (None, 0):
            return None
        return self.value / self.floor

    def line(self) -> str:
        text = f"{self.name}: {self.value:,.3f} {self.unit}"
        if self.floor is not None:
            text += f"   floor ({self.floor_name}): {self.floor:,.3f} {self.unit}"
            if self.ratio is not None:
                text += f"   ratio {self.ratio:.2f}"
        if self.target:
            text += f"   [target: {self.target}]"
        return text

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio}


def timed(fn: Callable[[], object], repeat: int = 5) -> list[float]:
    """Wall-clock seconds of each of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run_worker(module: str, *args: str, env: dict[str, str], label: str) -> dict[str, Any]:
    """Run ``python -m module args`` in a fresh process with production settings and ``env``;
    the figures it prints as JSON on its last line."""
    result = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-4000:], file=sys.stderr)
        raise RuntimeError(f"{label} benchmark failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def bare_minhash_seconds(texts: list[str]) -> float:
    """Seconds a bare datasketch MinHash (num_perm=128, character 5-grams) of each text takes:
    the clustering floor of the pipeline and clustering benchmarks."""
    from datasketch import MinHash

    started = time.perf_counter()
    for text in texts:
        shingles = {text[i : i + 5].encode("utf-8") for i in range(max(1, len(text) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
    return time.perf_counter() - started
