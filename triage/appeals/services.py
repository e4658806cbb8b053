"""Appeals against removals: an admin records what the author sent; another admin (never the
moderator who removed the post) upholds the removal or overturns it, which keeps the post.
Both are audited without the appeal's text (the audit log is kept for ever)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Membership, Role
from triage.audit.services import audit_record
from triage.lib.inputs import parse_id
from triage.models import Appeal, Decision, DecisionAction, Post, PostStatus
from triage.queue.services import MAX_NOTE_CHARS, DecisionInput, DecisionRefused, post_decide

MAX_APPEAL_CHARS = 4000


def appeal_record(*, membership: Membership, post: Post, text: str, channel: str) -> Appeal:
    if not membership.has_role(Role.ADMIN):
        raise DecisionRefused(_("Only the group's admins record appeals."))
    text = text.replace("\x00", "").strip()
    if not text:
        raise DecisionRefused(_("Write what the author says in the appeal."))
    if len(text) > MAX_APPEAL_CHARS:
        raise DecisionRefused(
            _("The appeal is too long (at most %(n)d characters).") % {"n": MAX_APPEAL_CHARS}
        )
    if channel not in Appeal.Channel.values:
        raise DecisionRefused(_("Choose how the appeal arrived."))
    removal = (
        Decision.objects.filter(post=post, action=DecisionAction.REMOVE)
        .order_by("-created_at", "-id")
        .first()
    )
    if post.status != PostStatus.REMOVED or removal is None:
        raise DecisionRefused(_("Only a removed post can be appealed."))
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                group_id=membership.group_id,
                post=post,
                removal=removal,
                text=text,
                channel=channel,
                recorded_by=membership.user,
            )
            audit_record(
                group=membership.group,
                actor=membership.user,
                action="appeal.record",
                obj=appeal,
                object_type="appeal",
                payload={"post": post.pk, "removal": removal.pk, "channel": channel},
            )
    except IntegrityError as exc:
        raise DecisionRefused(_("This post already has an open appeal.")) from exc
    return appeal


def appeal_decide(
    *, membership: Membership, appeal_id: int, outcome: str, note: str = ""
) -> Appeal:
    """Uphold or overturn; an overturn keeps the post (a decision like any other, with its
    platform action cancelled if it has not run)."""
    if not membership.has_role(Role.ADMIN):
        raise DecisionRefused(_("Only the group's admins decide appeals."))
    if outcome not in {Appeal.Status.UPHELD, Appeal.Status.OVERTURNED}:
        raise DecisionRefused(_("Choose: uphold the removal or overturn it."))
    note = note.replace("\x00", "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise DecisionRefused(
            _("The note is too long (at most %(n)d characters).") % {"n": MAX_NOTE_CHARS}
        )
    if parse_id(appeal_id) is None:
        raise DecisionRefused(_("This appeal does not exist in this group."))
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update()
            .select_related("removal", "post")
            .filter(pk=appeal_id, group_id=membership.group_id)
            .first()
        )
        if appeal is None:
            raise DecisionRefused(_("This appeal does not exist in this group."))
        if appeal.status != Appeal.Status.OPEN:
            raise DecisionRefused(_("This appeal was decided already."))
        if appeal.removal.actor_id == membership.user_id:
            raise DecisionRefused(_("You removed this post: another admin decides its appeal."))
        if outcome == Appeal.Status.OVERTURNED:
            post = appeal.post
            if post.status == PostStatus.REMOVED:
                post_decide(
                    membership=membership,
                    post_id=post.pk,
                    expected_version=post.version,
                    data=DecisionInput(
                        DecisionAction.KEEP,
                        note=_("Appeal %(id)d overturned the removal") % {"id": appeal.pk},
                    ),
                )
        appeal.status = outcome
        appeal.decided_by = membership.user
        appeal.decided_at = timezone.now()
        appeal.note = note
        appeal.save(update_fields=["status", "decided_by", "decided_at", "note"])
        audit_record(
            group=membership.group,
            actor=membership.user,
            action="appeal.decide",
            obj=appeal,
            object_type="appeal",
            payload={"post": appeal.post_id, "outcome": outcome},
        )
    return appeal
