"""Writing platform actions in the same transaction as the decisions that need them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils import timezone

from groups.models import Group, GroupRule, Platform
from triage.lib.rq import enqueue
from triage.models import Decision, PlatformAction, Post

_TELEGRAM_ID = re.compile(r"^(-?\d+):(\d+)$")
_TELEGRAM_USER = re.compile(r"^(?:user)?(\d+)$")
Kind = PlatformAction.Kind


def telegram_message(group: Group, post: Post) -> tuple[int, int] | None:
    """(chat id, message id) when the post is a message of the group's linked chat."""
    if group.platform != Platform.TELEGRAM or not group.telegram_chat_id:
        return None
    match = _TELEGRAM_ID.match(post.external_id or "")
    if match is None:
        return None
    chat, message = int(match.group(1)), int(match.group(2))
    # Desktop exports name chats without the sign or the -100 prefix the Bot API uses.
    candidates = {chat} if chat < 0 else {chat, -chat, -1_000_000_000_000 - chat}
    if group.telegram_chat_id not in candidates:
        return None
    return group.telegram_chat_id, message


def outbox_for_removals(
    *, group: Group, decisions: Iterable[Decision], rule: GroupRule | None
) -> int:
    """Queue what each removal needs on its platform. Call inside the decisions' transaction."""
    actions: list[PlatformAction] = []
    for decision in decisions:
        post = decision.post
        target = telegram_message(group, post)
        if target is None:
            actions.append(
                PlatformAction(group=group, post=post, decision=decision, kind=Kind.MANUAL_REMOVE)
            )
            continue
        chat_id, message_id = target
        actions.append(
            PlatformAction(
                group=group,
                post=post,
                decision=decision,
                kind=Kind.TELEGRAM_DELETE,
                chat_id=chat_id,
                message_id=message_id,
            )
        )
        user = _TELEGRAM_USER.match(post.author_external_id or "")
        if rule is not None and rule.author_action != GroupRule.AuthorAction.NONE and user:
            kind = Kind.TELEGRAM_BAN if rule.author_action == "ban" else Kind.TELEGRAM_RESTRICT
            actions.append(
                PlatformAction(
                    group=group,
                    post=post,
                    decision=decision,
                    kind=kind,
                    chat_id=chat_id,
                    target_user_id=int(user.group(1)),
                )
            )
    if not actions:
        return 0
    # A post removed, reopened and removed again: revive its cancelled action
    # rather than add a second one (one action per post and kind).
    existing = {
        (a.post_id, a.kind): a
        for a in PlatformAction.objects.filter(
            post_id__in=[a.post_id for a in actions], kind__in={a.kind for a in actions}
        )
    }
    fresh = []
    for action in actions:
        old = existing.get((action.post_id, action.kind))
        if old is None:
            fresh.append(action)
        elif old.status == PlatformAction.Status.CANCELLED:
            PlatformAction.objects.filter(pk=old.pk).update(
                status=PlatformAction.Status.PENDING,
                decision=action.decision,
                attempts=0,
                next_attempt_at=None,
                last_error="",
            )
    PlatformAction.objects.bulk_create(fresh, batch_size=1000)
    if any(a.kind != Kind.MANUAL_REMOVE for a in actions):
        platform_enqueue(group.pk)
    return len(actions)


def outbox_cancel(*, post_ids: list[int]) -> int:
    """A removal was undone: drop what has not been carried out yet."""
    return PlatformAction.objects.filter(
        post_id__in=post_ids,
        status__in=[PlatformAction.Status.PENDING, PlatformAction.Status.FAILED],
    ).update(status=PlatformAction.Status.CANCELLED, updated_at=timezone.now())


def platform_enqueue(group_id: int, *, delay_seconds: int = 0) -> None:
    """Queue a run of the group's platform actions, on the "platform" queue so that a slow
    platform never stalls imports (queued when the surrounding transaction commits)."""
    enqueue("platform_run_job", group_id, queue="platform", delay_seconds=delay_seconds)
