"""An import whose worker dies every time (a file that runs it out of memory) is not resumed by
the sweep for ever: after three attempts that get no further, it fails, saying why."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from triage.importers import services
from triage.importers.services import batch_create, batch_resume_stale, batch_run, open_upload
from triage.models import ImportBatch, Post

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no handler sees it."""


def upload(group, user, tmp_path, rows: int) -> ImportBatch:
    path = tmp_path / "posts.csv"
    path.write_text(
        "text,author\n" + "".join(f"Допис {i} про дрова,Автор {i}\n" for i in range(rows)),
        encoding="utf-8",
    )
    with open(path, "rb") as handle:
        return batch_create(group=group, user=user, chunks=open_upload(handle), filename=path.name)


def worker_died(batch: ImportBatch) -> None:
    """The dead worker's heartbeat goes stale, and the sweep finds the batch."""
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert batch.pk in batch_resume_stale()


def test_an_import_that_kills_its_worker_every_time_fails_after_three_attempts(
    group, moderator, tmp_path, monkeypatch
):
    batch = upload(group, moderator, tmp_path, rows=5)
    stored = Path(batch.stored_path)

    def out_of_memory(*_args, **_kwargs):
        raise Killed

    monkeypatch.setattr(services, "_count_rows", out_of_memory)
    for attempt in (1, 2, 3):
        with pytest.raises(Killed):
            batch_run(batch_id=batch.pk)
        batch.refresh_from_db()
        assert (batch.status, batch.attempts) == (ImportBatch.Status.RUNNING, attempt)
        worker_died(batch)

    batch = batch_run(batch_id=batch.pk)  # the fourth: not started again
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "stopped 3 times without getting further" in batch.error
    assert "perhaps out of memory" in batch.error
    assert not stored.exists()
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert batch_resume_stale() == []  # the sweep leaves it alone from now on


def test_an_import_that_gets_further_each_time_is_resumed_until_it_is_done(
    group, moderator, tmp_path, monkeypatch
):
    # Killed after every committed chunk: six claims in all, but each got further.
    batch = upload(group, moderator, tmp_path, rows=10)
    monkeypatch.setattr(services, "CHUNK", 2)
    commit = services._commit_chunk

    def commit_then_die(*args, **kwargs):
        commit(*args, **kwargs)
        raise Killed

    monkeypatch.setattr(services, "_commit_chunk", commit_then_die)
    for _chunk in range(5):
        with pytest.raises(Killed):
            batch_run(batch_id=batch.pk)
        batch.refresh_from_db()
        assert batch.attempts == 0  # the chunk it committed reset the count
        worker_died(batch)
    batch = batch_run(batch_id=batch.pk)
    assert batch.status == ImportBatch.Status.DONE, batch.error
    assert Post.objects.filter(batch=batch).count() == batch.imported == 10
