"""A real worker killed mid-import: the batch resumes with no duplicates and no missing rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import django_rq
import pytest

from tests.platforms.test_worker_crash import database_url
from triage.importers.services import batch_create, batch_enqueue, open_upload
from triage.jobs import import_sweep_job
from triage.models import ImportBatch, Post

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
ROWS = 30_000


def worker(*extra: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "VARTA_IMPORT_LEASE_SECONDS": "2"}
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "rqworker",
            "default",
            "--worker-class",
            "rq.worker.SimpleWorker",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_killed_import_resumes_without_duplicates_or_gaps(
    group, moderator, redis_conn, tmp_path, settings
):
    settings.IMPORT_UPLOAD_DIR = ROOT / "var" / "test-uploads"
    settings.VARTA_IMPORT_LEASE_SECONDS = 2
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,text,author\n")
        for i in range(ROWS):
            f.write(f"r{i},Допис номер {i} про волонтерів і донорів крові,Автор {i % 97}\n")
    with open(path, "rb") as handle:
        batch = batch_create(
            group=group, user=moderator, chunks=open_upload(handle), filename="big.csv"
        )
    django_rq.get_queue("default").empty()
    batch_enqueue(batch.pk)

    first = worker()
    deadline = time.time() + 120
    while time.time() < deadline:
        done = ImportBatch.objects.get(pk=batch.pk).rows_done
        if done >= 5000:
            break
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = ImportBatch.objects.get(pk=batch.pk)
    assert killed_at.status == "running"
    assert 0 < killed_at.rows_done < ROWS, killed_at.rows_done
    # Every committed chunk is whole: posts written == rows counted as done.
    assert Post.objects.filter(group=group).count() == killed_at.imported == killed_at.rows_done

    time.sleep(2.5)  # the dead worker's heartbeat goes stale
    django_rq.get_queue("default").empty()  # leave only what the sweep enqueues
    assert import_sweep_job() == 1
    second = worker()
    # The same queue also carries the clustering of every imported chunk; wait
    # for the import itself, not for all of that.
    deadline = time.time() + 300
    while time.time() < deadline and ImportBatch.objects.get(pk=batch.pk).status == "running":
        time.sleep(0.2)
    os.killpg(second.pid, signal.SIGKILL)
    second.wait(timeout=10)

    batch.refresh_from_db()
    assert batch.status == "done", batch.error
    assert (batch.imported, batch.duplicates, batch.rejected, batch.rows_done) == (ROWS, 0, 0, ROWS)
    ids = list(Post.objects.filter(group=group).values_list("external_id", flat=True))
    assert len(ids) == ROWS
    assert len(set(ids)) == ROWS
    assert set(ids) == {f"r{i}" for i in range(ROWS)}
