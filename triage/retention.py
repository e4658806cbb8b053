"""Retention: the text of decided posts is kept for the group's retention period, then purged.

A purge replaces a post's text and personal fields with their sha256 and keeps
what reports and the audit trail need: status, score, category, decisions and
the text's hash (the evidence that a given text was decided). The near-duplicate
bands stay too: a purged viral post that is reposted months later is still
recognised as a copy, without its text being kept.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from groups.models import Group
from triage.audit.services import audit_record
from triage.models import Decision, Post, PostStatus
from triage.scoring.services import model_files_purge

CHUNK = 1000
DECIDED = [PostStatus.REMOVED, PostStatus.KEPT]


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
    purged = 0
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
            Decision.objects.filter(post_id__in=[p.pk for p in posts]).exclude(
                Q(reasons=[])
            ).update(reasons=[])
            purged += len(posts)
    model_files = model_files_purge(group=group, cutoff=cutoff, now=now)
    if purged or model_files:
        audit_record(
            group=group,
            actor=None,
            action="retention.purge",
            object_type="group",
            object_id=group.pk,
            payload={
                "purged": purged,
                "model_files_deleted": model_files,
                "retention_days": group.retention_days,
                "cutoff": cutoff.isoformat(),
            },
        )
    return purged


def purge_expired(*, now: datetime | None = None) -> dict[str, int]:
    return {group.slug: group_purge_expired(group=group, now=now) for group in Group.objects.all()}
