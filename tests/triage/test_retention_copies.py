"""Retention reaches every copy of a post's words: moderators' notes, import row errors,
and uploads left waiting for their column mapping."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_post
from triage.models import AuditEvent, Decision, ImportBatch, ImportRowError, PostStatus
from triage.retention import UPLOAD_WAIT, uploads_expire

pytestmark = pytest.mark.django_db

NOTE = "Escalated: the post asks for his mother Ганна Іваненко, +380 67 123 45 67, to call back"


def decided_with_note(group, moderator, days_ago):
    post = make_post(
        group,
        "Шукаємо Петра Іваненка, тел. +380 67 123 45 67",
        status=PostStatus.REMOVED,
        decided_at=timezone.now() - timedelta(days=days_ago),
    )
    decision = Decision.objects.create(
        group=group,
        post=post,
        actor=moderator,
        action="remove",
        from_status="pending",
        to_status=PostStatus.REMOVED,
        post_version=1,
        note=NOTE,
    )
    return decision


def test_notes_on_purged_posts_are_masked_and_keep_their_reasoning(group, moderator):
    old = decided_with_note(group, moderator, days_ago=31)
    recent = decided_with_note(group, moderator, days_ago=2)
    call_command("purge_expired")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert "Іваненко" not in old.note
    assert "123 45 67" not in old.note
    assert old.note.startswith("Escalated: the post asks for his mother")
    assert recent.note == NOTE  # within the retention period: untouched


def test_bulk_operations_past_the_cutoff_keep_what_they_did_not_their_note_or_search(
    group, moderator
):
    from triage.models import BulkOperation

    def op(days_ago, status=BulkOperation.Status.DONE):
        made = BulkOperation.objects.create(
            group=group,
            actor=moderator,
            action="remove",
            note=NOTE,
            criteria={"kind": "filter", "filters": {"q": "+380 67 123 45 67", "status": "pending"}},
            status=status,
        )
        BulkOperation.objects.filter(pk=made.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
        return made

    old, recent, waiting = op(45), op(2), op(45, BulkOperation.Status.QUEUED)
    call_command("purge_expired")
    for o in (old, recent, waiting):
        o.refresh_from_db()
    assert "123 45 67" not in old.note
    assert "Іваненко" not in old.note
    assert old.note.startswith("Escalated: the post asks for his mother")
    assert old.criteria["filters"] == {"q": "[search text withheld]", "status": "pending"}
    assert recent.note == NOTE
    assert recent.criteria["filters"]["q"] == "+380 67 123 45 67"
    assert waiting.note == NOTE  # still to run: its selection is still needed
    event = AuditEvent.objects.filter(group=group, action="retention.purge").get()
    assert event.payload["bulk_operations_masked"] == 1
    call_command("purge_expired")  # nothing more to do the second time
    assert AuditEvent.objects.filter(group=group, action="retention.purge").count() == 1


def test_row_errors_of_imports_finished_before_the_cutoff_are_deleted(group):
    long_ago = timezone.now() - timedelta(days=45)
    old = ImportBatch.objects.create(
        group=group, format="csv", status=ImportBatch.Status.DONE, finished_at=long_ago
    )
    fresh = ImportBatch.objects.create(
        group=group, format="csv", status=ImportBatch.Status.DONE, finished_at=timezone.now()
    )
    for batch in (old, fresh):
        ImportRowError.objects.create(batch=batch, row_number=3, reason="no text in [name]'s row")
    call_command("purge_expired")
    assert not ImportRowError.objects.filter(batch=old).exists()
    assert ImportRowError.objects.filter(batch=fresh).count() == 1
    event = AuditEvent.objects.filter(group=group, action="retention.purge").get()
    assert event.payload["import_row_errors_deleted"] == 1


def _aged(path, hours):
    when = (timezone.now() - timedelta(hours=hours)).timestamp()
    os.utime(path, (when, when))


def test_uploads_waiting_for_their_columns_for_a_day_are_refused_and_deleted(
    group, owner, settings
):
    folder = settings.IMPORT_UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)

    def waiting(name, hours):
        path = folder / name
        path.write_text("text,author\nШукаємо Петра,Ганна\n", encoding="utf-8")
        _aged(path, hours)
        batch = ImportBatch.objects.create(
            group=group, created_by=owner, format="csv", stored_path=str(path)
        )
        ImportBatch.objects.filter(pk=batch.pk).update(
            created_at=timezone.now() - timedelta(hours=hours)
        )
        return batch, path

    stale, stale_path = waiting("stale.csv", hours=30)
    fresh, fresh_path = waiting("fresh.csv", hours=2)
    running, running_path = waiting("running.csv", hours=30)
    ImportBatch.objects.filter(pk=running.pk).update(
        status=ImportBatch.Status.RUNNING, job_id="import-x"
    )
    orphan = folder / "orphan.csv"
    orphan.write_text("a", encoding="utf-8")
    _aged(orphan, 30)
    new_orphan = folder / "just-uploading.csv"
    new_orphan.write_text("a", encoding="utf-8")

    assert uploads_expire() == 2
    stale.refresh_from_db()
    assert stale.status == ImportBatch.Status.REFUSED
    assert "within a day" in stale.error
    assert not stale_path.exists()
    assert not orphan.exists()
    assert fresh_path.exists()
    assert running_path.exists()
    assert new_orphan.exists()
    fresh.refresh_from_db()
    assert fresh.status == ImportBatch.Status.QUEUED
    assert AuditEvent.objects.filter(group=group, action="import.refused").count() == 1
    assert timedelta(hours=24) == UPLOAD_WAIT


def test_expiring_uploads_with_no_upload_folder_does_nothing(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "never-made"
    assert uploads_expire() == 0
