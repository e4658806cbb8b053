"""Carrying out Telegram actions: batched deletions, retries with backoff, a clear final state.

Safe against crashes and duplicate jobs: a batch is claimed with a conditional
UPDATE (pending -> in_progress, with a lease) and committed before Telegram is
called; each batch's outcome is committed before the next is claimed. A second
job finds nothing to claim, and an action that is done is never sent again. If a
worker dies mid-batch, that one batch is taken back when its lease runs out and
sent again; deleting a message that is already gone is harmless (Telegram skips
it), so at most one batch is ever sent twice and nothing is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from groups.models import Group
from triage.audit.services import audit_record
from triage.models import PlatformAction
from triage.platforms import secrets
from triage.platforms.outbox import platform_enqueue
from triage.platforms.telegram import Bot, TelegramError, TelegramUnreachable

log = logging.getLogger(__name__)
S = PlatformAction.Status
K = PlatformAction.Kind
BATCH = 100  # deleteMessages takes at most 100 ids
MAX_ATTEMPTS = 6
MAX_AGE = timedelta(hours=48)  # bots may delete messages younger than this

NOT_POSSIBLE_HINTS = (
    ("message to delete not found", "message not found"),
    (
        "message can't be deleted",
        "the message cannot be deleted (older than 48 hours, or no rights)",
    ),
    ("not enough rights", "the bot is not an admin with the right to delete messages"),
    ("bot is not a member", "the bot is not in the chat"),
    ("bot was kicked", "the bot was removed from the chat"),
    ("chat not found", "chat not found"),
    ("user not found", "user not found"),
    ("can't remove chat owner", "the author is the chat's owner"),
    ("user is an administrator", "the author is an admin of the chat"),
)


def _not_possible(description: str) -> str | None:
    low = description.lower()
    for needle, reason in NOT_POSSIBLE_HINTS:
        if needle in low:
            return reason
    return None


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(600, 5 * 2**attempts))


def _recover_expired_leases(group_id: int) -> int:
    return PlatformAction.objects.filter(
        group_id=group_id, status=S.IN_PROGRESS, leased_until__lt=timezone.now()
    ).update(status=S.PENDING)


def _claim(group_id: int, kinds: list[str]) -> list[PlatformAction]:
    now = timezone.now()
    lease = now + timedelta(seconds=settings.VARTA_PLATFORM_LEASE_SECONDS)
    with transaction.atomic():
        ids = list(
            PlatformAction.objects.filter(group_id=group_id, status=S.PENDING, kind__in=kinds)
            .exclude(next_attempt_at__gt=now)
            .order_by("chat_id", "id")
            .values_list("id", flat=True)[:BATCH]
        )
        if not ids:
            return []
        # Conditional: a second worker claiming the same rows updates none of them.
        PlatformAction.objects.filter(pk__in=ids, status=S.PENDING).update(
            status=S.IN_PROGRESS, leased_until=lease, updated_at=now
        )
        return list(
            PlatformAction.objects.filter(
                pk__in=ids, status=S.IN_PROGRESS, leased_until=lease
            ).select_related("post")
        )


def _still_mine(actions: list[PlatformAction]) -> Q:
    """The actions this worker still holds: in progress under the lease it claimed them with.
    A worker that outlived its lease must not overwrite what the next one recorded."""
    mine = Q(pk__in=[])
    for lease in {a.leased_until for a in actions}:
        mine |= Q(pk__in=[a.pk for a in actions if a.leased_until == lease], leased_until=lease)
    return mine & Q(status=S.IN_PROGRESS)


def _finish(actions: list[PlatformAction], status: str, error: str = "") -> None:
    now = timezone.now()
    with transaction.atomic():
        mine = list(
            PlatformAction.objects.select_for_update()
            .filter(_still_mine(actions))
            .values_list("pk", flat=True)
        )
        PlatformAction.objects.filter(pk__in=mine).update(
            status=status,
            last_error=error[:500],
            done_at=now if status == S.DONE else None,
            leased_until=None,
            updated_at=now,
        )
        if status == S.NOT_POSSIBLE:
            # Only what this worker still held: a late answer from an expired lease ("not
            # found", because the next worker deleted it) must not send a person after it.
            _hand_over([a for a in actions if a.pk in set(mine)], error)


def _hand_over(actions: list[PlatformAction], why: str) -> None:
    """A deletion the bot cannot do is not a finished removal: a person does it, from the
    checklist, like a Facebook removal."""
    PlatformAction.objects.bulk_create(
        [
            PlatformAction(
                group_id=a.group_id,
                post_id=a.post_id,
                decision_id=a.decision_id,
                kind=K.MANUAL_REMOVE,
                last_error=f"the bot could not: {why}"[:500],
            )
            for a in actions
            if a.kind == K.TELEGRAM_DELETE
        ],
        ignore_conflicts=True,  # one checklist item per post
    )


def _retry_later(actions: list[PlatformAction], error: str, delay: timedelta | None = None) -> None:
    now = timezone.now()
    for action in actions:
        attempts = action.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            status, next_at = S.FAILED, None
        else:
            status, next_at = S.PENDING, now + (delay or _backoff(attempts))
        PlatformAction.objects.filter(_still_mine([action])).update(
            status=status,
            attempts=attempts,
            next_attempt_at=next_at,
            last_error=error[:500],
            leased_until=None,
            updated_at=now,
        )


def telegram_run(*, group_id: int) -> dict[str, int]:
    """Carry out the group's pending Telegram actions; re-enqueue itself for retries."""
    group = Group.objects.get(pk=group_id)
    token = secrets.decrypt(group.telegram_bot_token)
    counts = {"done": 0, "not_possible": 0, "failed": 0, "retry": 0}
    _recover_expired_leases(group_id)
    if not group.telegram_chat_id:
        return counts
    if not token:
        # No bot token, or one that can no longer be decrypted (SECRET_KEY changed): nothing
        # would ever carry these out. Say so, and hand the deletions to people.
        stuck = list(
            PlatformAction.objects.filter(
                group_id=group_id,
                status=S.PENDING,
                kind__in=[K.TELEGRAM_DELETE, K.TELEGRAM_BAN, K.TELEGRAM_RESTRICT],
            )
        )
        lease = timezone.now() + timedelta(seconds=settings.VARTA_PLATFORM_LEASE_SECONDS)
        PlatformAction.objects.filter(pk__in=[a.pk for a in stuck], status=S.PENDING).update(
            status=S.IN_PROGRESS, leased_until=lease
        )
        for action in stuck:
            action.leased_until = lease
        _finish(stuck, S.NOT_POSSIBLE, "the group has no usable bot token; enter it again")
        counts["not_possible"] += len(stuck)
        return counts
    bot = Bot(token)
    retry_in: int | None = None
    while True:
        batch = _claim(group_id, [K.TELEGRAM_DELETE])
        if not batch:
            break
        retry_in = _delete_batch(bot, batch, counts)
        if retry_in is not None:
            break
    if retry_in is None:
        for action in _claim(group_id, [K.TELEGRAM_BAN, K.TELEGRAM_RESTRICT]):
            retry_in = _author_action(bot, action, counts)
            if retry_in is not None:
                break
    waiting = (
        PlatformAction.objects.filter(
            group_id=group_id,
            status=S.PENDING,
            kind__in=[K.TELEGRAM_DELETE, K.TELEGRAM_BAN, K.TELEGRAM_RESTRICT],
        )
        .order_by("next_attempt_at")
        .first()
    )
    if waiting is not None:
        delay = retry_in or max(
            1, int(((waiting.next_attempt_at or timezone.now()) - timezone.now()).total_seconds())
        )
        platform_enqueue(group_id, delay_seconds=delay)
    if any(counts.values()):
        audit_record(
            group=group,
            actor=None,
            action="platform.telegram",
            object_type="group",
            object_id=group.pk,
            payload=counts,
        )
    return counts


def _delete_batch(bot: Bot, batch: list[PlatformAction], counts: dict[str, int]) -> int | None:
    now = timezone.now()
    old = [a for a in batch if a.post.posted_at and now - a.post.posted_at > MAX_AGE]
    if old:
        _finish(old, S.NOT_POSSIBLE, "older than 48 hours: bots cannot delete it")
        counts["not_possible"] += len(old)
    # deleteMessages answers true even when it skips messages it cannot delete (too old, not
    # found). Without the post's date nobody knows, so those go one by one: deleteMessage
    # says what went wrong.
    undated = [a for a in batch if a not in old and a.post.posted_at is None]
    for action in undated:
        wait = _delete_one(bot, action, counts)
        if wait is not None:  # 429: the rest of the batch waits its turn, not its lease
            PlatformAction.objects.filter(
                _still_mine([a for a in batch if a not in old and a is not action])
            ).update(status=S.PENDING, leased_until=None)
            return wait
    batch = [a for a in batch if a not in old and a.post.posted_at is not None]
    if not batch:
        return None
    chat_id = batch[0].chat_id
    same_chat = [a for a in batch if a.chat_id == chat_id]
    others = [a for a in batch if a.chat_id != chat_id]
    if others:
        PlatformAction.objects.filter(pk__in=[a.pk for a in others]).update(status=S.PENDING)
    try:
        bot.delete_messages(int(chat_id or 0), [int(a.message_id or 0) for a in same_chat])
    except TelegramUnreachable as exc:
        _retry_later(same_chat, f"Telegram unreachable: {exc}")
        counts["retry"] += len(same_chat)
        return None
    except TelegramError as exc:
        if exc.code == 429:
            wait = int(exc.retry_after or 5)
            _retry_later(same_chat, f"429: {exc.description}", timedelta(seconds=wait))
            counts["retry"] += len(same_chat)
            return wait
        # The batch was refused as a whole: try each message to learn which is which.
        for action in same_chat:
            single_wait = _delete_one(bot, action, counts)
            if single_wait is not None:
                return single_wait
        return None
    _finish(same_chat, S.DONE)
    counts["done"] += len(same_chat)
    return None


def _delete_one(bot: Bot, action: PlatformAction, counts: dict[str, int]) -> int | None:
    chat, message = int(action.chat_id or 0), int(action.message_id or 0)
    return _call_one(action, lambda: bot.delete_message(chat, message), counts)


def _author_action(bot: Bot, action: PlatformAction, counts: dict[str, int]) -> int | None:
    chat, user = int(action.chat_id or 0), int(action.target_user_id or 0)
    if action.kind == K.TELEGRAM_BAN:
        return _call_one(action, lambda: bot.ban(chat, user), counts)
    return _call_one(action, lambda: bot.restrict(chat, user), counts)


def _call_one(
    action: PlatformAction, call: Callable[[], Any], counts: dict[str, int]
) -> int | None:
    """One Bot API call for one action, and its outcome; seconds to wait if Telegram said 429."""
    try:
        call()
    except TelegramUnreachable as exc:
        _retry_later([action], f"Telegram unreachable: {exc}")
        counts["retry"] += 1
        return None
    except TelegramError as exc:
        return _handle_error(action, exc, counts)
    _finish([action], S.DONE)
    counts["done"] += 1
    return None


def _handle_error(action: PlatformAction, exc: TelegramError, counts: dict[str, int]) -> int | None:
    if exc.code == 429:
        wait = int(exc.retry_after or 5)
        _retry_later([action], f"429: {exc.description}", timedelta(seconds=wait))
        counts["retry"] += 1
        return wait
    reason = _not_possible(exc.description)
    if reason is not None:
        _finish([action], S.NOT_POSSIBLE, f"{reason} (Telegram: {exc.description})")
        counts["not_possible"] += 1
    else:
        _finish([action], S.FAILED, f"Telegram {exc.code}: {exc.description}")
        counts["failed"] += 1
    return None


def platform_sweep() -> int:
    """Every minute: start a run for each group with Telegram work waiting.

    This is what finishes the work of a worker that died: its claimed actions
    come back when their lease runs out, and the next sweep picks them up.
    """
    now = timezone.now()
    group_ids = set(
        PlatformAction.objects.exclude(kind=K.MANUAL_REMOVE)
        .filter(
            Q(status=S.PENDING, next_attempt_at__isnull=True)
            | Q(status=S.PENDING, next_attempt_at__lte=now)
            | Q(status=S.IN_PROGRESS, leased_until__lt=now)
        )
        .values_list("group_id", flat=True)
    )
    for group_id in group_ids:
        platform_enqueue(group_id)
    return len(group_ids)
