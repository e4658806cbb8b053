"""One measurement of the intake pipeline in a fresh process; prints one JSON line.

Run by bench/pipeline.py on a fresh database (DATABASE_URL) and a Redis database of its own
(REDIS_URL), in one of these modes:

- ``floor-insert CSV``: a raw insert of the CSV's rows in chunks of 1,000 (bench/_raw_insert.py:
  ``COPY`` on PostgreSQL, one ``executemany`` on SQLite), as bench/_import_worker.py's "floor"
  mode does: what writing the rows costs at the least;
- ``floor-compute CSV``: a bare char TF-IDF + logistic regression ``predict_proba`` of the
  CSV's texts (fitted on a small sample of the corpus before the clock), and a bare datasketch
  MinHash (num_perm=128) of each of them: what scoring and clustering cost at the least;
- ``pipeline CSV WORKERS``: ``manage.py import_posts``, then WORKERS ``manage.py rqworker
  <every configured queue> --burst`` processes started at once, until every post is scored,
  explained, categorised and clustered. The clock starts before the import and stops when the
  last worker has exited and every post is verified; a post left unscored, uncategorised or
  unclustered, or a failed job, fails the measurement. The workers' peak RSS comes from
  ``os.wait4``, and each job's start and end are read from RQ's registries while the workers
  run (RQ forgets a finished job after its result_ttl), so scoring and clustering time can be
  told apart;
- ``setup CSV``: migrate, ``manage.py ensure_model``, the group, an empty Redis database; run by
  ``pipeline`` before its clock, in a process of its own (see there).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import django_rq  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402
from rq.job import Job  # noqa: E402

from bench._raw_insert import raw_insert  # noqa: E402
from bench.common import bare_minhash_seconds  # noqa: E402
from groups.models import Group  # noqa: E402
from groups.services import group_create  # noqa: E402
from triage.models import Cluster, Post  # noqa: E402

VAR = ROOT / "var"
TIMEOUT = float(os.environ.get("VARTA_BENCH_PIPELINE_TIMEOUT", "1800"))
# Extra rqworker arguments, to compare a change with the deployed worker (which takes none):
# "--worker-class rq.worker.SimpleWorker", say.
WORKER_ARGS = os.environ.get("VARTA_BENCH_PIPELINE_WORKER_ARGS", "").split()
POLL_SECONDS = 2.0


def read_rows(path: str) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        return list(reader)


def count_rows(path: str) -> int:
    with open(path, encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def fresh_group(*, with_model: bool) -> Group:
    call_command("migrate", verbosity=0)
    if with_model:
        # Before the group: its thresholds are the ones the active base model measured.
        call_command("ensure_model", verbosity=0, stdout=io.StringIO())
    user = get_user_model().objects.create(username="bench")
    return group_create(name="Bench", slug="bench", owner=user)


def floor_insert(path: str) -> dict[str, Any]:
    group = fresh_group(with_model=False)
    started = time.perf_counter()
    rows = raw_insert(group, path)
    seconds = time.perf_counter() - started
    assert Post.objects.filter(group=group).count() == rows
    return {"rows": rows, "insert_seconds": seconds}


def floor_compute(path: str) -> dict[str, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from triage.scoring.corpus import load_corpus

    sample = random.Random(5).sample(load_corpus(), 2000)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))
    classifier = LogisticRegression(max_iter=1000)
    classifier.fit(vectorizer.fit_transform([e.text for e in sample]), [e.label for e in sample])
    texts = [row[1] for row in read_rows(path)]

    started = time.perf_counter()
    classifier.predict_proba(vectorizer.transform(texts))
    tfidf_seconds = time.perf_counter() - started

    minhash_seconds = bare_minhash_seconds(texts)
    return {"rows": len(texts), "tfidf_seconds": tfidf_seconds, "minhash_seconds": minhash_seconds}


class JobTimes(threading.Thread):
    """Start and end of every finished job, read from RQ's registries while the workers run;
    and the first failed job's traceback."""

    def __init__(self, queues: list[str]) -> None:
        super().__init__(daemon=True)
        self.queues = queues
        self.jobs: dict[str, tuple[str, float, int]] = {}  # id -> (job, seconds, posts)
        self.spans: list[tuple[float, float]] = []
        self.failed: list[str] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(POLL_SECONDS):
            self.collect()

    def collect(self) -> None:
        for name in self.queues:
            queue = django_rq.get_queue(name)
            new = [i for i in queue.finished_job_registry.get_job_ids() if i not in self.jobs]
            for job in Job.fetch_many(new, connection=queue.connection):
                if job is None or job.started_at is None or job.ended_at is None:
                    continue
                func = (job.func_name or "?").rpartition(".")[2]
                posts = next((len(a) for a in job.args if isinstance(a, list)), 0)
                seconds = (job.ended_at - job.started_at).total_seconds()
                self.jobs[job.id] = (func, seconds, posts)
                self.spans.append((job.started_at.timestamp(), job.ended_at.timestamp()))
            for job_id in queue.failed_job_registry.get_job_ids():
                if job_id not in self.failed:
                    self.failed.append(job_id)

    def summary(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for func, seconds, posts in self.jobs.values():
            entry = out.setdefault(func, {"jobs": 0, "seconds": 0.0, "posts": 0, "max_s": 0.0})
            entry["jobs"] += 1
            entry["seconds"] += seconds
            entry["posts"] += posts
            entry["max_s"] = max(entry["max_s"], seconds)
        return out

    def first_failure(self) -> str:
        for name in self.queues:
            queue = django_rq.get_queue(name)
            for job_id in self.failed:
                job = Job.fetch_many([job_id], connection=queue.connection)[0]
                if job is not None:
                    return f"{job.func_name}: {(job.exc_info or '')[-2000:]}"
        return ""


def _wait(proc: subprocess.Popen[bytes], out: dict[int, tuple[int, float]]) -> None:
    """Reap the worker, keeping its exit code and peak RSS (its work horses' included)."""
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out[proc.pid] = (proc.returncode, usage.ru_maxrss / 1024)  # KB on Linux


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Stop workers that overran: RQ's first SIGTERM is a warm shutdown, the second a cold
    one that kills the running job's work horse."""
    for sig in (signal.SIGTERM, signal.SIGTERM, signal.SIGKILL):
        for p in procs:
            if p.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    p.send_signal(sig)
        time.sleep(2)


def _tail(path: Path, chars: int = 3000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.is_file() else ""


def shared_bank(size: int, *, rng: random.Random) -> None:
    """A campaign bank of ``size`` campaigns shared by another group (one signature each, of
    random values: campaigns unlike the benchmark's posts, as most of a real bank is to any
    one group), with their LSH bands, as bank_publish writes them."""
    import hashlib

    import numpy as np

    from triage.clusters.minhash import NUM_PERM, bands_of
    from triage.models import CampaignBand, CampaignSignature

    owner = get_user_model().objects.create(username="publisher")
    other = group_create(name="Publisher", slug="publisher", owner=owner)
    values = np.random.default_rng(rng.randrange(2**32)).integers(
        0, 2**32, size=(size, NUM_PERM), dtype=np.uint32
    )
    entries = CampaignSignature.objects.bulk_create(
        [
            CampaignSignature(
                group=other,
                signatures=row.tobytes(),
                fingerprint=hashlib.sha256(row.tobytes()).hexdigest(),
                category="pow_solicitation",
                rule_title="POW information",
            )
            for row in values
        ],
        batch_size=1000,
    )
    bands = bands_of(list(values))
    CampaignBand.objects.bulk_create(
        [
            CampaignBand(entry=entry, hash=h)
            for entry, hashes in zip(entries, bands, strict=True)
            for h in hashes
        ],
        batch_size=5000,
    )


def setup() -> dict[str, Any]:
    """The database, the model and the group, and an empty Redis database; with
    VARTA_BENCH_PIPELINE_BANK, a shared campaign bank of that many campaigns the group
    matches every post against."""
    group = fresh_group(with_model=True)
    bank = int(os.environ.get("VARTA_BENCH_PIPELINE_BANK", "0"))
    if bank:
        shared_bank(bank, rng=random.Random(11))
        Group.objects.filter(pk=group.pk).update(campaign_bank="queue")
    # Nothing left from an earlier run, nor the re-scoring job that installing the model
    # queued (it would score the imported posts a second time).
    for name in settings.RQ_QUEUES:
        django_rq.get_connection(name).flushdb()
    return {"group": group.slug}


def pipeline(path: str, workers: int) -> dict[str, Any]:
    # Set up in another process, and keep this one small: a child's ru_maxrss starts from the
    # peak of the process that spawned it (Linux records it at exec), and installing the model
    # peaks near 600 MB, twice what a worker uses.
    manage = [sys.executable, str(ROOT / "manage.py")]
    done = subprocess.run(
        [sys.executable, "-m", "bench._pipeline_worker", "setup", path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"setup failed:\n{done.stderr[-3000:]}")
    group = Group.objects.get(slug=json.loads(done.stdout.strip().splitlines()[-1])["group"])
    queues = list(settings.RQ_QUEUES)
    rows = count_rows(path)
    connection.close()  # the import and the workers are other processes
    logs = [VAR / f"bench-pipeline-worker-{i}.log" for i in range(workers)]

    started = time.perf_counter()
    imported = subprocess.run(
        [*manage, "import_posts", path, "--group", group.slug],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    import_seconds = time.perf_counter() - started
    if imported.returncode != 0 or f"imported={rows} " not in imported.stdout:
        raise SystemExit(f"import_posts failed:\n{imported.stdout}\n{imported.stderr[-3000:]}")

    times = JobTimes(queues)
    times.start()
    procs = []
    for log in logs:
        with open(log, "wb") as out:
            procs.append(
                subprocess.Popen(
                    [*manage, "rqworker", *queues, "--burst", *WORKER_ARGS],
                    cwd=ROOT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
    reaped: dict[int, tuple[int, float]] = {}
    waiters = [threading.Thread(target=_wait, args=(p, reaped)) for p in procs]
    for w in waiters:
        w.start()
    deadline = started + TIMEOUT
    for w in waiters:
        w.join(max(0.0, deadline - time.perf_counter()))
    if any(w.is_alive() for w in waiters):
        _stop(procs)
        raise SystemExit(
            f"the workers did not finish within {TIMEOUT:.0f} s "
            f"(VARTA_BENCH_PIPELINE_TIMEOUT); last lines of a worker's log:\n{_tail(logs[0])}"
        )
    workers_seconds = time.perf_counter() - started - import_seconds

    posts = Post.objects.filter(group=group)
    total = posts.count()
    unscored = posts.filter(scored_at__isnull=True).count()
    uncategorised = posts.filter(category="").count()
    unclustered = posts.filter(signature__isnull=True).count()
    seconds = time.perf_counter() - started
    # Reasons are written with the score; a post may have none (no feature of it weighs).
    without_reasons = posts.filter(reasons=[]).count()

    times.stopping.set()
    times.join()
    times.collect()
    problems = []
    if any(code != 0 for code, _ in reaped.values()):
        problems.append(f"worker exit codes {[code for code, _ in reaped.values()]}")
    if times.failed:
        problems.append(f"{len(times.failed)} failed jobs; the first: {times.first_failure()}")
    if total != rows:
        problems.append(f"{total} posts imported of {rows} rows")
    for count, what in (
        (unscored, "unscored (scored_at is null)"),
        (uncategorised, "without a category"),
        (unclustered, "unclustered (no signature)"),
    ):
        if count:
            problems.append(f"{count} of {total} posts {what}")
    if problems:
        raise SystemExit(
            "the pipeline left work undone: "
            + "; ".join(problems)
            + f"\nlast lines of a worker's log:\n{_tail(logs[0])}"
        )
    spans = times.spans
    return {
        "rows": rows,
        "workers": workers,
        "seconds": seconds,
        "rows_per_s": rows / seconds,
        "import_seconds": import_seconds,
        "workers_seconds": workers_seconds,
        "peak_mb": max(mb for _, mb in reaped.values()),
        "peak_mb_each": sorted(mb for _, mb in reaped.values()),
        "jobs": times.summary(),
        "jobs_span_seconds": (max(e for _, e in spans) - min(s for s, _ in spans)) if spans else 0,
        "without_reasons": without_reasons,
        "too_short": posts.filter(signature__minhash=b"").count(),
        "clusters": Cluster.objects.filter(group=group).count(),
        "in_clusters": posts.filter(cluster__isnull=False).count(),
        "largest_cluster": Cluster.objects.filter(group=group).aggregate(m=Max("size"))["m"] or 0,
    }


def main(argv: list[str]) -> None:
    try:
        result = measure(argv)
    except SystemExit as exc:
        # One line for bench/pipeline.py's summary; the whole message goes to stderr.
        print(json.dumps({"error": (str(exc.code).strip().splitlines() or ["?"])[0]}), flush=True)
        raise
    print(json.dumps(result))


def measure(argv: list[str]) -> dict[str, Any]:
    mode, path = argv[0], argv[1]
    if mode == "setup":
        result = setup()
    elif mode == "floor-insert":
        result = floor_insert(path)
    elif mode == "floor-compute":
        result = floor_compute(path)
    elif mode == "pipeline":
        result = pipeline(path, int(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
