"""Writing platform actions in the same transaction as the decisions that need them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils import timezone

from groups.models import Group, GroupRule, Platform
from triage.lib.rq import enqueue
from triage.models import PlatformAction, Post, PostToDecide, Source
from triage.models.writes import rows_insert

_TELEGRAM_ID = re.compile(r"^(-?\d+):(\d+)$")
_TELEGRAM_USER = re.compile(r"^(?:user)?(\d+)$")
Kind = PlatformAction.Kind


def telegram_message(group: Group, post: Post | PostToDecide) -> tuple[int, int] | None:
    """(chat id, message id) when the post is a message of the group's linked chat.

    Never for a post that came through the HTTP API: its ``external_id`` is whatever the
    token's holder wrote, and a stolen token must not be able to aim the bot at another
    message ("-100…:777"). Such a post is removed on the manual checklist instead."""
    if group.platform != Platform.TELEGRAM or not group.telegram_chat_id:
        return None
    if post.source == Source.API:
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


_ACTION_FIELDS = (
    "group",
    "post",
    "decision",
    "kind",
    "status",
    "chat_id",
    "message_id",
    "target_user_id",
    "attempts",
    "last_error",
    "created_at",
    "updated_at",
)


def outbox_for_removals(
    *,
    group: Group,
    removals: Sequence[tuple[Post | PostToDecide, int]],
    rule: GroupRule | None,
) -> int:
    """Queue what each removal (a post and the id of the decision that removed it) needs on
    its platform; each post as it was before the decision (its old ``version``). Call inside
    the decisions' transaction."""
    # (post id, decision id, kind, chat id, message id, target user id)
    actions: list[tuple[int, int, str, int | None, int | None, int | None]] = []
    for post, decision_id in removals:
        target = telegram_message(group, post)
        if target is None:
            actions.append((post.pk, decision_id, Kind.MANUAL_REMOVE, None, None, None))
            continue
        chat_id, message_id = target
        actions.append((post.pk, decision_id, Kind.TELEGRAM_DELETE, chat_id, message_id, None))
        user = _TELEGRAM_USER.match(post.author_external_id or "")
        if rule is not None and rule.author_action != GroupRule.AuthorAction.NONE and user:
            kind = Kind.TELEGRAM_BAN if rule.author_action == "ban" else Kind.TELEGRAM_RESTRICT
            actions.append((post.pk, decision_id, kind, chat_id, None, int(user.group(1))))
    if not actions:
        return 0
    # A post removed, reopened and removed again: revive its cancelled action
    # rather than add a second one (one action per post and kind). Only a post decided
    # before (version > 0: every platform action follows a decision) can have one.
    decided_before = [post.pk for post, _ in removals if post.version > 0]
    existing = (
        {
            (post_id, kind): (pk, status)
            for pk, post_id, kind, status in PlatformAction.objects.filter(
                post_id__in=decided_before, kind__in={a[2] for a in actions}
            ).values_list("pk", "post_id", "kind", "status")
        }
        if decided_before
        else {}
    )
    now = timezone.now()
    fresh = []
    for post_id, decision_id, action_kind, chat, message, target_user in actions:
        old = existing.get((post_id, action_kind))
        if old is None:
            fresh.append(
                (
                    group.pk,
                    post_id,
                    decision_id,
                    action_kind,
                    PlatformAction.Status.PENDING,
                    chat,
                    message,
                    target_user,
                    0,
                    "",
                    now,
                    now,
                )
            )
        elif old[1] == PlatformAction.Status.CANCELLED:
            PlatformAction.objects.filter(pk=old[0]).update(
                status=PlatformAction.Status.PENDING,
                decision_id=decision_id,
                attempts=0,
                next_attempt_at=None,
                last_error="",
                updated_at=now,
            )
    rows_insert(PlatformAction, _ACTION_FIELDS, fresh)
    if any(a[2] != Kind.MANUAL_REMOVE for a in actions):
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
