"""Bulk decisions that are safe to make: preview, confirm the count, run in chunks, undo.

The selection is frozen at preview time by the largest post id it saw, so posts
imported after the preview are never swept in. Each chunk locks its rows, moves
only posts that are still decidable and not claimed by someone else, and writes
one Decision and one audit event per post, so a bulk operation is exactly as
careful as the same decisions made one by one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.access import get_membership_for_user_id
from groups.models import Membership, Role
from triage.audit.services import PendingEvent, audit_record, audit_record_many
from triage.clusters.heads import cluster_heads_refresh
from triage.lib.rq import enqueue
from triage.models import (
    BulkOperation,
    Decision,
    DecisionAction,
    Post,
    PostStatus,
    PostToDecide,
)
from triage.models.lease import LostLease
from triage.models.writes import rows_insert
from triage.platforms.outbox import outbox_cancel
from triage.queue.forms import queue_filters
from triage.queue.selectors import filtered_posts
from triage.queue.services import (
    DECISION_FIELDS,
    TO_STATUS,
    DecisionInput,
    DecisionRefused,
    decidable_statuses,
    decisions_bulk_write,
    validate_decision,
)

log = logging.getLogger(__name__)

CHUNK = 1000
# Operations larger than this run as a background job with a progress bar.
SYNC_LIMIT = 500
UNDO_WINDOW = timedelta(hours=24)
# A running operation whose worker has said nothing for this long died (a chunk of 1,000
# decisions takes a second or two).
LEASE = timedelta(minutes=2)
MAX_IDS = 10_000
# Posts per statement when an undo locks and reopens them (well under SQLite's parameter limit).
UNDO_CHUNK = 5000


@dataclass(frozen=True)
class Preview:
    total: int
    decidable: int
    already_decided: int
    claimed_by_others: int
    sample: list[Post]
    max_id: int


def selection_queryset(*, membership: Membership, criteria: dict[str, Any]) -> QuerySet[Post]:
    """The posts a criteria dict names, always within the member's group."""
    group_posts = Post.objects.filter(group_id=membership.group_id)
    kind = criteria.get("kind")
    if kind == "ids":
        ids = [int(i) for i in criteria.get("ids", [])][:MAX_IDS]
        qs = group_posts.filter(pk__in=ids)
    elif kind == "cluster":
        qs = group_posts.filter(cluster_id=int(criteria["cluster"]))
    elif kind == "filter":
        filters = queue_filters(criteria.get("filters", {}))
        if filters.errors:
            raise DecisionRefused(" ".join(filters.errors))
        qs = filtered_posts(group_id=membership.group_id, filters=filters, collapse=False)
    else:
        raise DecisionRefused(_("Nothing was selected."))
    if criteria.get("max_id") is not None:
        qs = qs.filter(pk__lte=int(criteria["max_id"]))
    return qs


def _not_claimed_by_others(membership: Membership) -> Q:
    now = timezone.now()
    return Q(claimed_by__isnull=True) | Q(claimed_until__lt=now) | Q(claimed_by=membership.user)


def bulk_preview(*, membership: Membership, criteria: dict[str, Any]) -> Preview:
    qs = selection_queryset(membership=membership, criteria=criteria)
    statuses = decidable_statuses(membership)
    total = qs.count()
    decidable_qs = qs.filter(status__in=statuses)
    decidable = decidable_qs.filter(_not_claimed_by_others(membership)).count()
    in_statuses = decidable_qs.count()
    max_id = qs.aggregate(m=Max("id"))["m"] or 0
    sample = list(decidable_qs.order_by("-score", "id")[:10])
    return Preview(
        total=total,
        decidable=decidable,
        already_decided=total - in_statuses,
        claimed_by_others=in_statuses - decidable,
        sample=sample,
        max_id=max_id,
    )


def bulk_create(
    *,
    membership: Membership,
    criteria: dict[str, Any],
    data: DecisionInput,
    confirmed_count: int,
) -> BulkOperation:
    """Record a confirmed bulk operation. The caller runs it (now, or as a job)."""
    rule = validate_decision(membership=membership, data=data)
    if data.action == DecisionAction.ESCALATE:
        raise DecisionRefused(_("Escalate posts one by one, with a note for each."))
    preview = bulk_preview(membership=membership, criteria=criteria)
    if preview.decidable != confirmed_count:
        raise DecisionRefused(
            _(
                "The selection changed since the preview: %(now)d posts can be decided now, "
                "not %(then)d. Check the preview again."
            )
            % {"now": preview.decidable, "then": confirmed_count}
        )
    if preview.decidable == 0:
        raise DecisionRefused(_("None of the selected posts can be decided."))
    frozen = {**criteria, "max_id": preview.max_id}
    with transaction.atomic():
        op = BulkOperation.objects.create(
            group_id=membership.group_id,
            actor=membership.user,
            action=data.action,
            rule=rule,
            note=data.note.strip(),
            criteria=frozen,
            expected=preview.decidable,
        )
        audit_record(
            group=membership.group,
            actor=membership.user,
            action="bulk.create",
            obj=op,
            object_type="bulk",
            payload={
                "action": data.action,
                "rule": rule.title if rule else "",
                "criteria": criteria_without_search_text(frozen),
                "expected": preview.decidable,
            },
        )
    return op


def criteria_without_search_text(criteria: dict[str, Any]) -> dict[str, Any]:
    """The criteria for the audit log, which is kept for ever: a search text may be a phone
    number or a name, so the log only says there was one."""
    filters = criteria.get("filters")
    if isinstance(filters, dict) and filters.get("q"):
        return {**criteria, "filters": {**filters, "q": "[search text withheld]"}}
    return criteria


def bulk_run(*, op_id: int) -> BulkOperation:
    """Carry out a bulk operation in chunks. Safe to run twice: one worker at a time holds
    the operation (its heartbeat claim), and decided posts are skipped."""
    op = BulkOperation.objects.select_related("group", "actor", "rule").get(pk=op_id)
    if op.status in (BulkOperation.Status.DONE, BulkOperation.Status.FAILED):
        return op
    try:
        # Through groups.access, like every job: a member removed, demoted or deactivated
        # since the preview may no longer decide.
        membership = get_membership_for_user_id(op.actor_id, op.group_id, min_role=Role.MODERATOR)
    except PermissionDenied:
        BulkOperation.objects.filter(pk=op.pk).exclude(status=BulkOperation.Status.DONE).update(
            status=BulkOperation.Status.FAILED,
            error="the member who started it may no longer decide in this group",
            finished_at=timezone.now(),
        )
        op.refresh_from_db()
        return op
    if not BulkOperation.claim(op.pk, lease=LEASE):
        return op  # another worker holds it
    # Only the heartbeat this worker wrote: refreshing the whole row could read another's.
    op.heartbeat_at = BulkOperation.objects.values_list("heartbeat_at", flat=True).get(pk=op.pk)
    touched_clusters: set[int] = set()
    try:
        _run_chunks(op, membership, touched_clusters)
    except LostLease:
        return op  # another worker took the operation over (this one was too slow): it goes on
    except Exception as exc:
        # What was decided stays decided (each chunk committed) and can be undone; the queue
        # must still show the clusters' remaining copies, and the operation must say it failed
        # instead of "running" for ever.
        cluster_heads_refresh(cluster_ids=touched_clusters)
        op.still_mine().update(
            status=BulkOperation.Status.FAILED,
            error=f"stopped by an error ({type(exc).__name__}); what was decided can be undone",
            finished_at=timezone.now(),
        )
        raise
    with transaction.atomic():
        # Once for the whole operation: a cluster's head is chosen among its
        # copies still pending, whichever chunk decided the others.
        cluster_heads_refresh(cluster_ids=touched_clusters)
        decided = BulkOperation.objects.values_list("decided", flat=True).get(pk=op.pk)
        now = timezone.now()
        skipped = max(0, op.expected - decided)
        if not op.still_mine().update(
            status=BulkOperation.Status.DONE, skipped=skipped, finished_at=now
        ):
            return op
        op.status, op.decided, op.skipped, op.finished_at = "done", decided, skipped, now
        audit_record(
            group=op.group,
            actor=op.actor,
            action="bulk.finish",
            obj=op,
            object_type="bulk",
            payload={"decided": op.decided, "skipped": op.skipped},
        )
        enqueue("maybe_retrain_job", op.group_id)
    return op


def _run_chunks(op: BulkOperation, membership: Membership, touched_clusters: set[int]) -> None:
    data = DecisionInput(action=op.action, rule_id=op.rule_id, note=op.note)
    to_status = TO_STATUS[DecisionAction(op.action)]
    statuses = decidable_statuses(membership)
    # The selection's ids, read once through its own index (a cluster's, a filter's) and
    # sorted here: asked for in id order, SQLite walks the primary key from the start of the
    # table instead, half a second a chunk in a million posts.
    candidates = sorted(
        selection_queryset(membership=membership, criteria=op.criteria)
        .filter(status__in=statuses)
        .order_by()
        .values_list("id", flat=True)
    )
    for start in range(0, len(candidates), CHUNK):
        with transaction.atomic():
            # Under the lock, each post is checked again against the selection: one decided,
            # claimed or moved out of it since is left alone. (The ids as one array, pk__any:
            # a thousand placeholders cost Django and the driver more than the lookups.)
            base = selection_queryset(membership=membership, criteria=op.criteria)
            posts = PostToDecide.read(
                base.select_for_update()
                .filter(pk__any=candidates[start : start + CHUNK], status__in=statuses)
                .filter(_not_claimed_by_others(membership))
            )
            if not posts:
                continue
            ids = [p.pk for p in posts]
            now = timezone.now()
            Post.objects.filter(pk__any=ids).update(
                status=to_status,
                version=F("version") + 1,
                decided_at=now,
                claimed_by=None,
                claimed_until=None,
            )
            decisions_bulk_write(
                membership=membership, posts=posts, data=data, rule=op.rule, bulk_id=op.pk
            )
            touched_clusters |= {p.cluster_id for p in posts if p.cluster_id}
            op.beat(decided=F("decided") + len(posts))  # LostLease rolls this chunk back


def bulk_can_undo(op: BulkOperation, membership: Membership) -> bool:
    return (
        # A failed operation decided some posts before it stopped: those can be undone too.
        op.status in (BulkOperation.Status.DONE, BulkOperation.Status.FAILED)
        and op.decided > 0
        and op.undone_at is None
        and timezone.now() - op.created_at <= UNDO_WINDOW
        and (membership.has_role(Role.ADMIN) or op.actor_id == membership.user_id)
    )


def bulk_undo(*, membership: Membership, op_id: int) -> int:
    """Reopen every post the operation decided that nobody has decided again since."""
    with transaction.atomic():
        op = BulkOperation.objects.select_for_update().get(pk=op_id, group_id=membership.group_id)
        if not bulk_can_undo(op, membership):
            raise DecisionRefused(
                _(
                    "This operation can no longer be undone "
                    "(undone already, or older than 24 hours)."
                )
            )
        # What the operation left on each post: (from, to, version after).
        left = {
            post_id: (from_status, to_status, version)
            for post_id, from_status, to_status, version in Decision.objects.filter(bulk=op)
            .exclude(action=DecisionAction.REOPEN)
            .values_list("post_id", "from_status", "to_status", "post_version")
        }
        # Untouched since: still the version and status this operation's decision left. The
        # rows are locked, so nobody decides them between this check and the update.
        back_to: dict[str, list[int]] = {}
        clusters: set[int] = set()
        ids = list(left)
        for start in range(0, len(ids), UNDO_CHUNK):
            for pk, version, status, cluster_id in (
                Post.objects.select_for_update()
                .filter(pk__in=ids[start : start + UNDO_CHUNK])
                .values_list("pk", "version", "status", "cluster_id")
            ):
                from_status, to_status, left_version = left[pk]
                if version == left_version and status == to_status:
                    back_to.setdefault(from_status, []).append(pk)
                    if cluster_id:
                        clusters.add(cluster_id)
        now = timezone.now()
        user = membership.user
        reopened: list[int] = []
        for from_status, post_ids in back_to.items():
            for start in range(0, len(post_ids), UNDO_CHUNK):
                Post.objects.filter(pk__in=post_ids[start : start + UNDO_CHUNK]).update(
                    status=from_status,
                    version=F("version") + 1,
                    decided_at=None if from_status == PostStatus.PENDING else now,
                )
            reopened += post_ids
        note = _("Undo of bulk operation %(id)d") % {"id": op.pk}
        rows_insert(
            Decision,
            DECISION_FIELDS,
            [
                (
                    *(op.group_id, pk, user.pk, user.get_username(), DecisionAction.REOPEN),
                    *(left[pk][1], left[pk][0], left[pk][2] + 1),
                    *(None, "", note, op.pk, now),  # no rule
                    *(None, "", "", []),  # no model verdict
                    *(False, None),  # by a person, following nothing
                )
                for pk in reopened
            ],
        )
        removed = [pk for pk in reopened if left[pk][1] == PostStatus.REMOVED]
        for start in range(0, len(removed), UNDO_CHUNK):
            outbox_cancel(post_ids=removed[start : start + UNDO_CHUNK])
        audit_record_many(
            group=membership.group,
            actor=user,
            events=[
                PendingEvent(
                    action="post.reopen",
                    object_type="post",
                    object_id=pk,
                    payload={"bulk": op.pk, "from": left[pk][1], "to": left[pk][0]},
                )
                for pk in reopened
            ],
        )
        op.undone_at = now
        op.undone_by = user
        op.reopened = len(reopened)
        op.save(update_fields=["undone_at", "undone_by", "reopened"])
        audit_record(
            group=membership.group,
            actor=user,
            action="bulk.undo",
            obj=op,
            object_type="bulk",
            payload={"reopened": len(reopened), "decided": op.decided},
        )
        cluster_heads_refresh(cluster_ids=clusters)
    return len(reopened)


def bulk_enqueue(op_id: int) -> str:
    """Queue the operation's run. One job id per operation: queueing it again replaces the
    job instead of running it twice (and the id is known before the transaction commits)."""
    job_id = f"bulk-{op_id}"
    BulkOperation.objects.filter(pk=op_id).update(job_id=job_id)
    enqueue("bulk_run_job", op_id, job_id=job_id, timeout=3600)
    return job_id


def bulk_resume_stale() -> list[int]:
    """Bulk operations whose worker died (running, its heartbeat older than LEASE), or that
    wait with no job alive to run them: queue them again (a run skips what is decided)."""
    ids = BulkOperation.abandoned(LEASE, resume_jobless=True)
    for op_id in ids:
        log.warning("bulk operation %s was abandoned by its worker; running it again", op_id)
        bulk_enqueue(op_id)
    return ids
