"""Retention: the text of decided posts is kept for the group's retention period, then purged.

A purge replaces a post's text and personal fields with their sha256 and keeps
what reports and the audit trail need: status, score, category, decisions and
the text's hash (the evidence that a given text was decided). The near-duplicate
bands stay too: a purged viral post that is reposted months later is still
recognised as a copy, without its text being kept.

The other copies of a post's words go with it: the moderators' notes on its decisions are
masked (the reasoning stays, the personal data goes), import row errors of imports finished
before the cutoff are deleted, and uploads left waiting for their column mapping for a day
are refused and their files deleted (files in the upload folder that no waiting import
claims, too).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from groups.models import Group
from triage.audit.services import audit_record
from triage.bulk.services import criteria_without_search_text
from triage.importers.services import batch_refuse
from triage.lib.masking import mask_plain
from triage.models import (
    Appeal,
    AuthorNote,
    BulkOperation,
    Decision,
    ImportBatch,
    ImportRowError,
    Post,
    PostStatus,
    TelegramReport,
    UnclusteredPost,
)
from triage.scoring.services import model_files_purge

CHUNK = 1000
DECIDED = [PostStatus.REMOVED, PostStatus.KEPT]
# An upload whose column mapping nobody chose within this long is refused and its file deleted.
UPLOAD_WAIT = timedelta(hours=24)


def _hash(value: str) -> str:
    """A keyed hash: a plain sha256 of a name or a Telegram user id is reversed by trying a list
    of names or every id. Equal values still hash equal (one author's purged posts match)."""
    if not value:
        return ""
    return "hmac:" + salted_hmac("varta.retention", value, algorithm="sha256").hexdigest()


def group_purge_expired(*, group: Group, now: datetime | None = None) -> int:
    """Purge one group's expired posts; one audit event for the run. Returns posts purged."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=group.retention_days)
    expired = Post.objects.filter(
        group=group, status__in=DECIDED, decided_at__lt=cutoff, purged_at__isnull=True
    )
    purged = reporters = 0
    while True:
        with transaction.atomic():
            posts = list(
                expired.select_for_update().only(
                    "id", "text", "author", "author_external_id", "permalink", "forwarded_from"
                )[:CHUNK]
            )
            if not posts:
                break
            for post in posts:
                post.text = ""
                post.author = _hash(post.author)
                post.author_external_id = _hash(post.author_external_id)
                post.permalink = ""
                post.forwarded_from = _hash(post.forwarded_from)
                post.media = []
                post.reasons = []
                post.report_reasons = []
                post.purged_at = now
            Post.objects.bulk_update(
                posts,
                [
                    "text",
                    "author",
                    "author_external_id",
                    "permalink",
                    "forwarded_from",
                    "media",
                    "reasons",
                    "report_reasons",
                    "purged_at",
                ],
            )
            # The reasons snapshot holds fragments of the text.
            decisions = Decision.objects.filter(post_id__in=[p.pk for p in posts])
            decisions.exclude(Q(reasons=[])).update(reasons=[])
            # A note may quote the post ("his mother's number is ..."): masked, so the reasoning
            # stays and the personal data goes.
            notes = [d for d in decisions.exclude(note="").only("id", "note") if d.note]
            for decision in notes:
                decision.note = mask_plain(decision.note)
            Decision.objects.bulk_update(notes, ["note"])
            # An author's appeal quotes them and often the post: masked the same way.
            appeals = list(Appeal.objects.filter(post_id__in=[p.pk for p in posts]))
            for appeal in appeals:
                appeal.text = mask_plain(appeal.text)
                appeal.note = mask_plain(appeal.note)
            Appeal.objects.bulk_update(appeals, ["text", "note"])
            # Who reported it through the Telegram bot (a keyed hash) goes with the text: the
            # reporters' accuracy counts what moderators decided within the retention period.
            reporters += TelegramReport.objects.filter(post_id__in=[p.pk for p in posts]).delete()[
                0
            ]
            # A post never clustered (its job lost before the sweep came) has no text left to
            # cluster: off the sweep's list, which skips purged posts and would keep it for ever.
            UnclusteredPost.objects.filter(pk__in=[p.pk for p in posts]).delete()
            purged += len(posts)
    model_files = model_files_purge(group=group, cutoff=cutoff, now=now)
    row_errors, _ = ImportRowError.objects.filter(
        batch__group=group, batch__finished_at__lt=cutoff
    ).delete()
    # A note on an author nobody has touched for the retention period goes too.
    author_notes, _ = AuthorNote.objects.filter(group=group, updated_at__lt=cutoff).delete()
    bulk = _bulk_purge(group=group, cutoff=cutoff)
    if purged or model_files or row_errors or author_notes or bulk or reporters:
        audit_record(
            group=group,
            actor=None,
            action="retention.purge",
            object_type="group",
            object_id=group.pk,
            payload={
                "purged": purged,
                "model_files_deleted": model_files,
                "import_row_errors_deleted": row_errors,
                "author_notes_deleted": author_notes,
                "telegram_reporters_deleted": reporters,
                "bulk_operations_masked": bulk,
                "retention_days": group.retention_days,
                "cutoff": cutoff.isoformat(),
            },
        )
    return purged


def _bulk_purge(*, group: Group, cutoff: datetime) -> int:
    """Finished bulk operations older than the cutoff keep what they did, not the words that
    chose the posts: their note is masked (each decision's copy of it already was, with its
    post) and their search text withheld, as the audit log has always had it."""
    changed = []
    for op in BulkOperation.objects.filter(
        group=group,
        status__in=[BulkOperation.Status.DONE, BulkOperation.Status.FAILED],
        created_at__lt=cutoff,
    ).only("id", "note", "criteria"):
        note = mask_plain(op.note) if op.note else op.note
        criteria = (
            criteria_without_search_text(op.criteria) if isinstance(op.criteria, dict) else {}
        )
        if note != op.note or criteria != op.criteria:
            op.note, op.criteria = note, criteria
            changed.append(op)
    BulkOperation.objects.bulk_update(changed, ["note", "criteria"])
    return len(changed)


def uploads_expire(*, now: datetime | None = None) -> int:
    """Uploads left waiting for their column mapping for UPLOAD_WAIT are refused (their file
    deleted, the refusal audited); files in the upload folder that no waiting import claims
    and that are as old are deleted. Returns the imports refused and files deleted."""
    now = now or timezone.now()
    cutoff = now - UPLOAD_WAIT
    waiting = ImportBatch.objects.filter(
        status=ImportBatch.Status.QUEUED, job_id="", created_at__lt=cutoff
    ).select_related("group", "created_by")
    expired = 0
    for batch in waiting:
        batch_refuse(batch, "no one chose its columns within a day; upload it again")
        expired += 1
    folder = Path(settings.IMPORT_UPLOAD_DIR)
    if not folder.is_dir():
        return expired
    claimed = {
        Path(p).resolve()
        for p in ImportBatch.objects.exclude(stored_path="").values_list("stored_path", flat=True)
    }
    for path in folder.iterdir():
        if (
            path.is_file()
            and path.resolve() not in claimed
            and path.stat().st_mtime < cutoff.timestamp()
        ):
            path.unlink(missing_ok=True)
            expired += 1
    return expired


def purge_expired(*, now: datetime | None = None) -> dict[str, int]:
    """Each group's purge (posts purged, by slug), then the abandoned uploads."""
    results = {
        group.slug: group_purge_expired(group=group, now=now) for group in Group.objects.all()
    }
    uploads_expire(now=now)
    return results
