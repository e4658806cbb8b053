"""Import throughput for a 100,000-row CSV beside a raw bulk insert of the same rows,
and peak memory for 10,000 vs 100,000 rows (memory must not grow with the file).

Each measurement runs in a fresh subprocess on a fresh SQLite database
(bench/_import_worker.py), so peak RSS belongs to that import alone. The target is on the
process's own memory (RssAnon, its peak read every 5 ms): RSS also counts the database file's
pages that SQLite maps into the process, the operating system's shared file cache, which grow
with the database and not with what the import holds. Peak RSS is printed beside it.
"""

from __future__ import annotations

from pathlib import Path

from bench.common import (
    ROOT,
    WORDS,
    Figure,
    run_worker,
)

VAR = ROOT / "var"


def make_csv(rows: int) -> Path:
    path = VAR / f"bench-import-{rows}.csv"
    if path.is_file():
        return path
    words = WORDS
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,text,author,reports\n")
        for i in range(rows):
            text = " ".join(words[(i * 7 + k * 3) % len(words)] for k in range(12 + i % 20))
            f.write(f"b{i},{text} {i},Автор {i % 500},{1 + i % 5}\n")
    return path


def _run(mode: str, path: Path) -> dict:
    db = VAR / f"bench-import-{mode}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return run_worker(
        "bench._import_worker",
        mode,
        str(path),
        env={"DATABASE_URL": f"sqlite:///{db}", "MODEL_DIR": str(VAR / "bench-models")},
        label=f"import {mode}",
    )


def run() -> list[Figure]:
    VAR.mkdir(exist_ok=True)
    big, small = make_csv(100_000), make_csv(10_000)
    floor = _run("floor", big)
    plain = _run("import", big)
    small_run = _run("import", small)
    figures = [
        Figure(
            "import 100,000-row CSV, without scoring",
            plain["rows_per_s"],
            "posts/s",
            floor["rows_per_s"],
            "raw insert of the same rows (COPY / executemany)",
            "within 3x of the floor",
        ),
        Figure(
            "slowdown against the floor",
            floor["rows_per_s"] / plain["rows_per_s"],
            "x",
            target="<= 3",
        ),
        Figure("peak memory, import of 10,000 rows", small_run["private_peak_mb"], "MB"),
        Figure(
            "peak memory, import of 100,000 rows",
            plain["private_peak_mb"],
            "MB",
            small_run["private_peak_mb"],
            "the 10,000-row import",
            "flat (ratio near 1)",
        ),
        Figure(
            "  peak RSS, with the mapped database pages, import of 100,000 rows",
            plain["peak_mb"],
            "MB",
            small_run["peak_mb"],
            "the 10,000-row import",
        ),
    ]
    scored = _run("import-scored", big)
    figures.insert(
        1,
        Figure(
            "import 100,000-row CSV, with scoring (every post scored and explained)",
            scored["rows_per_s"],
            "posts/s",
            floor["rows_per_s"],
            "raw insert of the same rows (COPY / executemany)",
        ),
    )
    return figures
