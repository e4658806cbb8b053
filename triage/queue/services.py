"""Deciding on posts: claims, single decisions, and what every decision writes.

A decision is applied with a conditional UPDATE on the post's ``version``: of two
moderators deciding the same post at once, exactly one UPDATE matches and the
other is refused with a clear message. Nothing is applied twice, on SQLite or
PostgreSQL, whatever the isolation level.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Group, GroupRule, Membership, Role
from triage.audit.services import PendingEvent, audit_record, audit_record_many
from triage.clusters.heads import cluster_heads_refresh
from triage.lib.inputs import parse_id
from triage.lib.masking import personal_spans
from triage.lib.rq import enqueue
from triage.models import (
    AuthorNote,
    Campaign,
    Cluster,
    Decision,
    DecisionAction,
    Post,
    PostStatus,
    PostToDecide,
)
from triage.models.writes import rows_insert_ids
from triage.platforms.outbox import outbox_cancel, outbox_for_removals

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import User

CLAIM_MINUTES = 5
MAX_NOTE_CHARS = 2000

TO_STATUS = {
    DecisionAction.REMOVE: PostStatus.REMOVED,
    DecisionAction.KEEP: PostStatus.KEPT,
    DecisionAction.ESCALATE: PostStatus.ESCALATED,
}


class DecisionRefused(Exception):
    """A decision that was not applied; the message is for the moderator."""


@dataclass(frozen=True)
class DecisionInput:
    action: str
    rule_id: int | None = None
    note: str = ""


def validate_decision(*, membership: Membership, data: DecisionInput) -> GroupRule | None:
    """Check the decision's own fields; returns the cited rule (for removals)."""
    if not membership.has_role(Role.MODERATOR):
        raise DecisionRefused(_("Viewers cannot decide on posts."))
    if data.action not in TO_STATUS:
        raise DecisionRefused(_("Unknown decision."))
    if len(data.note) > MAX_NOTE_CHARS:
        raise DecisionRefused(
            _("The note is too long (at most %(n)d characters).") % {"n": MAX_NOTE_CHARS}
        )
    rule = None
    if data.action == DecisionAction.REMOVE:
        if data.rule_id is None:
            raise DecisionRefused(_("Choose the group rule the post breaks."))
        rule = GroupRule.objects.filter(
            pk=data.rule_id, group_id=membership.group_id, is_active=True
        ).first()
        if rule is None:
            raise DecisionRefused(_("Choose one of this group's active rules."))
    if data.action == DecisionAction.ESCALATE and not data.note.strip():
        raise DecisionRefused(_("Say in a note why you escalate this post to the admins."))
    return rule


def decidable_statuses(membership: Membership) -> list[str]:
    """Statuses this member may decide, in the queue and in bulk."""
    # Escalated posts are the admins' queue.
    if membership.has_role(Role.ADMIN):
        return [PostStatus.PENDING, PostStatus.ESCALATED]
    return [PostStatus.PENDING]


def redecidable_statuses(membership: Membership) -> list[str]:
    """Statuses this member may decide one post at a time: admins may overturn a decision."""
    if membership.has_role(Role.ADMIN):
        return [*decidable_statuses(membership), PostStatus.REMOVED, PostStatus.KEPT]
    return decidable_statuses(membership)


def snapshot(post: Post) -> dict[str, Any]:
    """What the model said about the post, kept with the decision."""
    return {
        "score": post.score,
        "category": post.category,
        "model_version": post.model_version,
        "reasons": post.reasons,
    }


def decision_audit_payload(decision: Decision) -> dict[str, Any]:
    return _audit_payload(
        decision_id=decision.pk,
        action=decision.action,
        from_status=decision.from_status,
        to_status=decision.to_status,
        rule_title=decision.rule_title,
        score=decision.score,
        category=decision.category,
        model_version=decision.model_version,
        bulk_id=decision.bulk_id,
    )


def _audit_payload(
    *,
    decision_id: int,
    action: str,
    from_status: str,
    to_status: str,
    rule_title: str,
    score: float | None,
    category: str,
    model_version: str,
    bulk_id: int | None,
) -> dict[str, Any]:
    # Identifiers, the rule and the model's verdict; never the post's text.
    return {
        "decision": decision_id,
        "action": action,
        "from": from_status,
        "to": to_status,
        "rule": rule_title,
        "score": score,
        "category": category,
        "model_version": model_version,
        "bulk": bulk_id,
    }


def post_claim(*, membership: Membership, post_id: int) -> Post:
    """Claim a post for CLAIM_MINUTES so others see someone is on it.

    Claims are advisory for reading and binding for deciding: while a claim by
    someone else runs, their decision is refused (see post_decide).
    """
    now = timezone.now()
    until = now + timedelta(minutes=CLAIM_MINUTES)
    base = Post.objects.filter(pk=post_id, group_id=membership.group_id)
    if membership.has_role(Role.MODERATOR):
        # One claim at a time: moving on to another post releases the one before, so skimming
        # the queue with j/k does not block everyone else for five minutes per post.
        Post.objects.filter(
            group_id=membership.group_id, claimed_by=membership.user, claimed_until__gte=now
        ).exclude(pk=post_id).update(claimed_by=None, claimed_until=None)
        base.filter(
            Q(claimed_by__isnull=True) | Q(claimed_until__lt=now) | Q(claimed_by=membership.user)
        ).filter(status__in=decidable_statuses(membership)).update(
            claimed_by=membership.user, claimed_until=until
        )
    return base.select_related("claimed_by").get()


def post_open(*, membership: Membership, post: Post) -> Post:
    """A moderator who opens a post they may decide claims it; anyone else just reads it."""
    if membership.can_moderate and post.status in decidable_statuses(membership):
        return post_claim(membership=membership, post_id=post.pk)
    return post


def post_reveal(*, membership: Membership, post: Post) -> None:
    """Record that this member was shown the post's personal data (and which kinds)."""
    kinds = [span.kind for span in personal_spans(post.text)]
    audit_record(
        group=membership.group,
        actor=membership.user,
        action="post.reveal",
        obj=post,
        object_type="post",
        payload={"kinds": sorted(set(kinds))},
    )


def post_decide(
    *,
    membership: Membership,
    post_id: int,
    expected_version: int,
    data: DecisionInput,
) -> Decision:
    rule = validate_decision(membership=membership, data=data)
    user = membership.user
    now = timezone.now()
    with transaction.atomic():
        post = Post.objects.filter(pk=post_id, group_id=membership.group_id).first()
        if post is None:
            raise DecisionRefused(_("This post does not exist in this group."))
        to_status = TO_STATUS[DecisionAction(data.action)]
        updated = (
            Post.objects.filter(
                pk=post_id,
                group_id=membership.group_id,
                version=expected_version,
                status__in=redecidable_statuses(membership),
            )
            .filter(Q(claimed_by__isnull=True) | Q(claimed_until__lt=now) | Q(claimed_by=user))
            .update(
                status=to_status,
                version=F("version") + 1,
                decided_at=now,
                claimed_by=None,
                claimed_until=None,
            )
        )
        if updated != 1:
            # Read the post again: the one above may predate the decision that beat this one
            # (under READ COMMITTED the UPDATE waited for the winner's commit and then missed).
            post = (
                Post.objects.select_related("claimed_by")
                .filter(pk=post_id, group_id=membership.group_id)
                .first()
            ) or post
            raise DecisionRefused(_refusal_reason(post, membership, expected_version, now))
        decision = Decision.objects.create(
            group_id=membership.group_id,
            post=post,
            actor=user,
            actor_name=user.get_username(),
            action=data.action,
            from_status=post.status,
            to_status=to_status,
            post_version=expected_version + 1,
            rule=rule,
            rule_title=rule.title if rule else "",
            note=data.note.strip(),
            **snapshot(post),
        )
        audit_record(
            group=membership.group,
            actor=user,
            action="post.decide",
            obj=post,
            object_type="post",
            payload=decision_audit_payload(decision),
        )
        # The platform outbox is written in this same transaction: a removal
        # is never recorded without its platform action, nor the reverse.
        if to_status == PostStatus.REMOVED:
            outbox_for_removals(group=membership.group, removals=[(post, decision.pk)], rule=rule)
            usual_rules_forget(membership.group_id)  # at worst a minute stale otherwise
        elif post.status == PostStatus.REMOVED:
            outbox_cancel(post_ids=[post.pk])
        if post.cluster_id:
            cluster_heads_refresh(cluster_ids=[post.cluster_id])
        _after_decisions(membership.group_id)
    return decision


UNDO_HOURS = 24
# The group's latest decisions looked at for each category's usual rule (read through the
# (group, created_at) index, whatever the group's size), and for how long the answer is kept.
USUAL_RULE_SAMPLE = 2000
USUAL_RULE_SECONDS = 60


def _usual_rules(group_id: int) -> dict[str, list[int]]:
    """Per category, the rules cited in the group's latest removals, newest first."""

    def compute() -> dict[str, list[int]]:
        cited: dict[str, list[int]] = {}
        latest = (
            Decision.objects.filter(group_id=group_id)
            .order_by("-created_at")
            .values_list("action", "category", "rule_id")[:USUAL_RULE_SAMPLE]
        )
        for action, category, rule_id in latest:
            if action == DecisionAction.REMOVE and category and rule_id:
                cited.setdefault(category, []).append(rule_id)
        return cited

    key = f"varta:usual-rules:{group_id}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, USUAL_RULE_SECONDS)
    return found


def usual_rules_forget(group_id: int) -> None:
    cache.delete(f"varta:usual-rules:{group_id}")


def suggested_rule(
    *, membership: Membership, post: Post, rules: list[GroupRule]
) -> GroupRule | None:
    """The rule ``r`` removes with: for a copy of a removed campaign, the rule the campaign was
    removed for; else the one this group's moderators cite most for posts of the post's
    category (among its latest decisions), else the one this moderator cited last."""
    active = {rule.pk: rule for rule in rules}
    if post.campaign == Campaign.COPY and post.cluster_id:
        campaign_rule = (
            Cluster.objects.filter(pk=post.cluster_id, verdict="removed")
            .values_list("verdict_rule_id", flat=True)
            .first()
        )
        if campaign_rule in active:
            return active[campaign_rule]
    cited = [r for r in _usual_rules(membership.group_id).get(post.category, []) if r in active]
    if cited:
        counts: dict[int, int] = {}
        for rule_id in cited:
            counts[rule_id] = counts.get(rule_id, 0) + 1
        # Most cited; of equals, the one cited most recently.
        return active[max(counts, key=lambda rule_id: (counts[rule_id], -cited.index(rule_id)))]
    mine = (
        Decision.objects.filter(group_id=membership.group_id, actor=membership.user)
        .order_by("-created_at")
        .values_list("action", "rule_id")[:50]
    )
    for action, rule_id in mine:
        if action == DecisionAction.REMOVE and rule_id in active:
            return active[rule_id]
    return None


def decision_can_undo(decision: Decision, membership: Membership, post: Post) -> bool:
    """Whether this member may undo this decision now: it is still the post's last word
    (nothing decided since), and it is their own from the last UNDO_HOURS hours, or they
    are an admin."""
    if decision.action == DecisionAction.REOPEN or not membership.can_moderate:
        return False
    if post.version != decision.post_version or post.status != decision.to_status:
        return False
    if membership.has_role(Role.ADMIN):
        return True
    fresh = decision.created_at >= timezone.now() - timedelta(hours=UNDO_HOURS)
    # What Varta did by itself any moderator may take back, whenever (triage.campaigns).
    return decision.automatic or (decision.actor_id == membership.user_id and fresh)


def post_undo(
    *, membership: Membership, decision_id: int, claim: bool = True, follow_up: bool = True
) -> Post:
    """Undo one decision: the post goes back to the status it had before (pending, or
    escalated), with a reopen decision and an audit event naming the decision undone; a
    removal's platform action is cancelled if it has not run. A post back to pending is
    claimed by the member who undid it (``claim``), who is about to decide it again; a copy
    Varta removed by itself is queued first again, as a copy of a removed campaign. Many undone
    at once (``follow_up`` False) leave the retraining check to their caller, once."""
    user = membership.user
    now = timezone.now()
    if parse_id(decision_id) is None:  # beyond a database id: no such decision
        raise DecisionRefused(_("This decision does not exist in this group."))
    with transaction.atomic():
        decision = (
            Decision.objects.filter(pk=decision_id, group_id=membership.group_id)
            .select_related("post")
            .first()
        )
        if decision is None:
            raise DecisionRefused(_("This decision does not exist in this group."))
        post = decision.post
        if not decision_can_undo(decision, membership, post):
            raise DecisionRefused(
                _(
                    "This decision can no longer be undone: the post was decided again since, "
                    "or it is not yours, or it is older than 24 hours (an admin can still "
                    "reopen it)."
                )
            )
        updated = Post.objects.filter(
            pk=post.pk, version=decision.post_version, status=decision.to_status
        ).update(
            status=decision.from_status,
            version=F("version") + 1,
            decided_at=None if decision.from_status == PostStatus.PENDING else now,
            claimed_by=user if claim and decision.from_status == PostStatus.PENDING else None,
            claimed_until=now + timedelta(minutes=CLAIM_MINUTES)
            if claim and decision.from_status == PostStatus.PENDING
            else None,
            # Back first in the queue: as a copy of this group's removed campaign, or of one
            # another group shared (an automatic removal that follows no decision here).
            **(
                {"campaign": Campaign.COPY if decision.follows_id else Campaign.BANK}
                if decision.automatic
                else {}
            ),
        )
        if updated != 1:
            raise DecisionRefused(
                _("This post changed while you were reading it. Reload and decide again.")
            )
        reopen = Decision.objects.create(
            group_id=membership.group_id,
            post=post,
            actor=user,
            actor_name=user.get_username(),
            action=DecisionAction.REOPEN,
            from_status=decision.to_status,
            to_status=decision.from_status,
            post_version=decision.post_version + 1,
            note=_("Undo of decision %(id)d") % {"id": decision.pk},
        )
        audit_record(
            group=membership.group,
            actor=user,
            action="post.reopen",
            obj=post,
            object_type="post",
            payload={
                "decision": reopen.pk,
                "undoes": decision.pk,
                "from": decision.to_status,
                "to": decision.from_status,
            },
        )
        if decision.to_status == PostStatus.REMOVED:
            outbox_cancel(post_ids=[post.pk])
        if post.cluster_id:
            cluster_heads_refresh(cluster_ids=[post.cluster_id])
        if follow_up:
            _after_decisions(membership.group_id)
    post.refresh_from_db()
    return post


def _refusal_reason(post: Post, membership: Membership, expected: int, now: Any) -> str:
    if post.version != expected or post.status not in redecidable_statuses(membership):
        last = post.decisions.order_by("-created_at", "-id").first()
        if post.status == PostStatus.ESCALATED and not membership.has_role(Role.ADMIN):
            return _("This post was escalated; only the group's admins decide it now.")
        if last is not None:
            return _(
                "%(user)s already decided this post (%(action)s) at %(when)s. "
                "Nothing was changed; reload to see its current state."
            ) % {
                "user": last.actor_name or _("someone"),
                "action": last.get_action_display(),
                "when": timezone.localtime(last.created_at).strftime("%H:%M:%S"),
            }
        return _("This post changed while you were reading it. Reload and decide again.")
    claimer: User | None = post.claimed_by
    if claimer is None or claimer == membership.user or not post.claimed_until:
        # Nobody else's claim stands in the way now: the post moved on some other way.
        return _("This post changed while you were reading it. Reload and decide again.")
    return _("%(user)s is reviewing this post until %(until)s.") % {
        "user": claimer.get_username(),
        "until": timezone.localtime(post.claimed_until).strftime("%H:%M"),
    }


def decisions_follow_up(group_id: int) -> None:
    """After many decisions made at once (see post_undo's ``follow_up``)."""
    _after_decisions(group_id)


def _after_decisions(group_id: int) -> None:
    """Decisions are labels: let the scoring side decide whether to retrain."""
    enqueue("maybe_retrain_job", group_id)


# A Decision row's columns, as the bulk writers send them (see decisions_bulk_write).
DECISION_FIELDS = (
    "group",
    "post",
    "actor",
    "actor_name",
    "action",
    "from_status",
    "to_status",
    "post_version",
    "rule",
    "rule_title",
    "note",
    "bulk",
    "created_at",
    "score",
    "category",
    "model_version",
    "reasons",
    "automatic",
    "follows",
)

# The name an automatic decision is recorded under (triage.campaigns).
AUTOMATIC_ACTOR = "Varta"


def decisions_bulk_write(
    *,
    membership: Membership,
    posts: list[PostToDecide],
    data: DecisionInput,
    rule: GroupRule | None,
    bulk_id: int,
) -> int:
    """Write the Decision rows, platform actions and audit events for posts a bulk step just
    moved (their ``status`` and ``version`` as they were before the move). Plain rows, no
    model instance each: a 10,000-post cluster is 30,000 rows."""
    written = decisions_write(
        group=membership.group,
        user=membership.user,
        posts=posts,
        data=data,
        rule=rule,
        bulk_id=bulk_id,
    )
    return len(written)


def decisions_write(
    *,
    group: Group,
    user: AbstractBaseUser | None,
    posts: list[PostToDecide],
    data: DecisionInput,
    rule: GroupRule | None,
    bulk_id: int | None = None,
    follows: int | None = None,
    rule_title: str | None = None,
) -> dict[int, int]:
    """``decisions_bulk_write`` for any decider: a member, or Varta itself (``user`` None),
    following the decision ``follows``; ``rule_title`` says why when no rule of the group is
    cited. Returns each post's decision id."""
    to_status = TO_STATUS[DecisionAction(data.action)]
    now = timezone.now()
    rule_title = rule.title if rule else (rule_title or "")
    note = data.note.strip()
    rows = [
        (
            group.pk,
            post.pk,
            user.pk if user else None,
            user.get_username() if user else AUTOMATIC_ACTOR,
            data.action,
            post.status,
            to_status,
            post.version + 1,
            rule.pk if rule else None,
            rule_title,
            note,
            bulk_id,
            now,
            post.score,
            post.category,
            post.model_version,
            post.reasons,
            user is None,
            follows,
        )
        for post in posts
    ]
    decision_of = rows_insert_ids(Decision, DECISION_FIELDS, rows, key="post")
    if to_status == PostStatus.REMOVED:
        outbox_for_removals(
            group=group,
            removals=[(post, decision_of[post.pk]) for post in posts],
            rule=rule,
        )
    audit_record_many(
        group=group,
        actor=user,
        events=[
            PendingEvent(
                action="post.decide" if user else "post.auto_decide",
                object_type="post",
                object_id=post.pk,
                payload=_audit_payload(
                    decision_id=decision_of[post.pk],
                    action=data.action,
                    from_status=post.status,
                    to_status=to_status,
                    rule_title=rule_title,
                    score=post.score,
                    category=post.category,
                    model_version=post.model_version,
                    bulk_id=bulk_id,
                )
                | ({"follows": follows, "cluster": post.cluster_id} if user is None else {}),
            )
            for post in posts
        ],
    )
    return decision_of


def author_note_set(*, membership: Membership, post: Post, note: str) -> None:
    """Save the moderators' note on the post's author (empty: removed). Audited with the
    author's hash and the note's length, never the name or the text (the log is kept for
    ever, and both are personal)."""
    if not membership.can_moderate:
        raise DecisionRefused(_("Viewers cannot write notes."))
    if not post.author:
        raise DecisionRefused(_("This post has no author to note."))
    note = note.replace("\x00", "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise DecisionRefused(
            _("The note is too long (at most %(n)d characters).") % {"n": MAX_NOTE_CHARS}
        )
    with transaction.atomic():
        if note:
            AuthorNote.objects.update_or_create(
                group_id=membership.group_id,
                author=post.author,
                defaults={"note": note, "updated_by": membership.user},
            )
        else:
            AuthorNote.objects.filter(group_id=membership.group_id, author=post.author).delete()
        audit_record(
            group=membership.group,
            actor=membership.user,
            action="author.note",
            object_type="author",
            object_id=hashlib.sha256(post.author.encode()).hexdigest()[:16],
            payload={"post": post.pk, "length": len(note)},
        )
