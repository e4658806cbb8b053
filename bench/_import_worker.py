"""One import measurement in a fresh process; prints one JSON line. Run by bench/imports.py."""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402

from bench._raw_insert import raw_insert  # noqa: E402
from groups.services import group_create  # noqa: E402
from triage.models import Post  # noqa: E402


def peak_mb() -> float:
    """Peak RSS: with the database file's pages that SQLite maps into the process counted."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def private_mb() -> float:
    """The process's own memory now (RssAnon): without the mapped file pages, which are the
    operating system's file cache, shared with every process and grow with the database."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no RssAnon in /proc/self/status")


class PrivatePeak(threading.Thread):
    """The peak of ``private_mb``, read every 5 ms (Linux keeps no peak of it)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = private_mb()
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(0.005):
            self.peak = max(self.peak, private_mb())

    def stop(self) -> float:
        self.stopping.set()
        self.join()
        return max(self.peak, private_mb())


def main(mode: str, path: str) -> None:
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create(username="bench")
    group = group_create(name="Bench", slug="bench", owner=user)
    with open(path, encoding="utf-8") as f:
        rows = sum(1 for _ in f) - 1
    if mode == "import-scored":
        call_command("ensure_model", verbosity=0)  # trained before the clock starts
    private = PrivatePeak()
    private.start()
    started = time.perf_counter()
    if mode == "floor":
        raw_insert(group, path)
    else:
        import triage.importers.services as pipeline
        from triage.importers.services import batch_create, batch_run, open_upload

        if mode == "import":
            # Measure the import itself; scoring and clustering are queued jobs.
            pipeline.posts_hand_on = lambda *, group_id, post_ids: None
        else:
            from triage.scoring.services import posts_score

            def score_chunk(*, group_id: int, post_ids: list[int]) -> None:
                posts_score(post_ids=post_ids)

            pipeline.posts_hand_on = score_chunk
        with open(path, "rb") as handle:
            batch = batch_create(
                group=group, user=None, chunks=open_upload(handle), filename="bench.csv"
            )
        batch = batch_run(batch_id=batch.pk)
        assert batch.status == "done", batch.error
        assert batch.imported == rows, (batch.imported, rows)
    elapsed = time.perf_counter() - started
    private_peak_mb = private.stop()
    assert Post.objects.count() == rows
    if mode == "import-scored":
        scored = Post.objects.filter(score__isnull=False).count()
        assert scored == rows, f"only {scored} of {rows} posts were scored"
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": elapsed,
                "rows_per_s": rows / elapsed,
                "peak_mb": peak_mb(),
                "private_peak_mb": private_peak_mb,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
