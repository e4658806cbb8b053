"""The import sweep: what a dead worker or a lost job left is queued again, nothing else."""

from __future__ import annotations

from datetime import timedelta

import django_rq
from django.utils import timezone
from rq import SimpleWorker

from tests.importers.conftest import DATA
from triage.importers.services import batch_create, batch_resume_stale, open_upload
from triage.models import ImportBatch, Post


def _upload(group, user, name):
    with open(DATA / name, "rb") as handle:
        return batch_create(group=group, user=user, chunks=open_upload(handle), filename=name)


def test_a_queued_import_whose_job_redis_lost_is_queued_again_and_runs(
    group, moderator, redis_conn, django_capture_on_commit_callbacks
):
    long_ago = timezone.now() - timedelta(minutes=30)
    lost = _upload(group, moderator, "posts.json")
    ImportBatch.objects.filter(pk=lost.pk).update(job_id=f"import-{lost.pk}", created_at=long_ago)
    # A table waiting for a person to map its columns has no job, and waits on.
    mapping = _upload(group, moderator, "posts_uk.csv")
    ImportBatch.objects.filter(pk=mapping.pk).update(created_at=long_ago)
    # Queued a moment ago: its job may simply not have started yet.
    fresh = _upload(group, moderator, "posts.jsonl")
    ImportBatch.objects.filter(pk=fresh.pk).update(job_id=f"import-{fresh.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        assert batch_resume_stale() == [lost.pk]
    SimpleWorker([django_rq.get_queue("default")], connection=redis_conn).work(burst=True)
    lost.refresh_from_db()
    assert lost.status == ImportBatch.Status.DONE
    assert Post.objects.filter(batch=lost).count() == lost.imported > 0
    mapping.refresh_from_db()
    assert mapping.status == ImportBatch.Status.QUEUED
