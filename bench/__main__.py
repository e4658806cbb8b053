"""`make bench`: run every benchmark, print each figure beside its floor, save var/bench.json.

A benchmark module is bench/<name>.py with ``run() -> list[Figure]``; it measures
its figures and, in the same run, the floor each is compared with. Figures are
medians over repeats where the module says so; machines are noisy, so read the
ratios, not the absolute numbers.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import platform
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from bench.common import Figure

    wanted = set(argv)
    names = [
        m.name
        for m in pkgutil.iter_modules([str(ROOT / "bench")])
        if not m.name.startswith("_") and m.name != "common" and (not wanted or m.name in wanted)
    ]
    results: dict[str, list[dict]] = {}
    for name in sorted(names):
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        figures: list[Figure] = module.run()
        for fig in figures:
            print("   " + fig.line(), flush=True)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
        results[name] = [f.as_dict() for f in figures]
    out = ROOT / "var" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    # Running one module (`python -m bench imports`) keeps the others' last figures.
    previous = json.loads(out.read_text()) if out.is_file() else {}
    merged = {**previous.get("results", {}), **results}
    out.write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
                "results": merged,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
