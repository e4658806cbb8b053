"""Platform actions done by people, retries, and the Telegram link settings."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone

from groups.models import Group, Membership, Role
from triage.audit.services import PendingEvent, audit_record, audit_record_many
from triage.models import PlatformAction
from triage.platforms import secrets
from triage.platforms.outbox import platform_enqueue
from triage.platforms.telegram import Bot, TelegramError, TelegramUnreachable

S = PlatformAction.Status


def manual_mark_done(*, membership: Membership, action_ids: list[int]) -> int:
    """A moderator removed these posts on the platform by hand; record who and when."""
    if not membership.has_role(Role.MODERATOR):
        return 0
    now = timezone.now()
    with transaction.atomic():
        actions = list(
            PlatformAction.objects.select_for_update().filter(
                pk__in=action_ids,
                group_id=membership.group_id,
                kind=PlatformAction.Kind.MANUAL_REMOVE,
                status=S.PENDING,
            )
        )
        PlatformAction.objects.filter(pk__in=[a.pk for a in actions]).update(
            status=S.DONE, done_at=now, done_by=membership.user, updated_at=now
        )
        audit_record_many(
            group=membership.group,
            actor=membership.user,
            events=[
                PendingEvent(
                    action="platform.manual_done",
                    object_type="post",
                    object_id=a.post_id,
                    payload={
                        "action": a.pk,
                        "waited_hours": round((now - a.created_at).total_seconds() / 3600, 1),
                    },
                )
                for a in actions
            ],
        )
    return len(actions)


def actions_retry(*, membership: Membership, action_ids: list[int]) -> int:
    """Admins send failed Telegram actions again."""
    if not membership.has_role(Role.ADMIN):
        return 0
    with transaction.atomic():
        ids = list(
            PlatformAction.objects.filter(
                pk__in=action_ids, group_id=membership.group_id, status=S.FAILED
            ).values_list("pk", flat=True)
        )
        PlatformAction.objects.filter(pk__in=ids).update(
            status=S.PENDING, attempts=0, next_attempt_at=None, updated_at=timezone.now()
        )
        if ids:
            audit_record(
                group=membership.group,
                actor=membership.user,
                action="platform.retry",
                object_type="platform_action",
                payload={"actions": ids},
            )
            platform_enqueue(membership.group_id)
    return len(ids)


def telegram_link_save(
    *,
    membership: Membership,
    chat_id: int | None,
    token: str | None,
    alert_chat_id: int | None = None,
    watch: bool | None = None,
) -> Group:
    """Set the linked chat, the admins' chat for alerts, watch mode (None: as it is) and, when
    given, a new bot token (stored encrypted, never shown)."""
    with transaction.atomic():
        group = Group.objects.select_for_update().get(pk=membership.group_id)
        group.telegram_chat_id = chat_id
        group.telegram_alert_chat_id = alert_chat_id
        fields = ["telegram_chat_id", "telegram_alert_chat_id"]
        if watch is not None:
            group.telegram_watch = watch
            fields.append("telegram_watch")
        if chat_id != Group.objects.get(pk=group.pk).telegram_chat_id or token is not None:
            group.telegram_bot_rights = {}  # checked again for the new chat or bot
            fields.append("telegram_bot_rights")
        if token is not None:
            group.telegram_bot_token = secrets.encrypt(token)
            fields.append("telegram_bot_token")
        group.save(update_fields=fields)
        # Never the token itself: only that it changed.
        audit_record(
            group=group,
            actor=membership.user,
            action="group.telegram",
            obj=group,
            payload={
                "chat_id": chat_id,
                "alert_chat_id": alert_chat_id,
                "token_changed": token is not None,
                "token_removed": token == "",
                "watch": group.telegram_watch,
            },
        )
    return group


OPEN = (S.PENDING, S.IN_PROGRESS)


def platform_summary(
    *, group: Group | None = None, group_id: int | None = None
) -> dict[str, object]:
    """What is still waiting to be carried out, and since when (for the queue and reports)."""
    if group is not None:
        group_id = group.pk
    if group_id is None:
        raise TypeError("platform_summary needs a group or a group_id")
    # Counted through the (group, status, kind) index, open and failed actions only: a group
    # keeps every action it ever carried out (one per removal), and counting them all on every
    # queue page grew with its history (50,000 done: 14 ms a page on SQLite, 43 on PostgreSQL).
    waiting = manual_waiting = failed = 0
    for status, kind, n in (
        PlatformAction.objects.filter(group_id=group_id, status__in=[*OPEN, S.FAILED])
        .values_list("status", "kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if status == S.FAILED:
            failed += n
        else:
            waiting += n
            manual_waiting += n if kind == PlatformAction.Kind.MANUAL_REMOVE else 0
    oldest = (
        PlatformAction.objects.filter(group_id=group_id, status__in=OPEN).aggregate(
            m=Min("created_at")
        )["m"]
        if waiting
        else None
    )
    return {
        "waiting": waiting,
        "manual_waiting": manual_waiting,
        "failed": failed,
        "oldest": oldest,
    }


def telegram_link_state(group: Group) -> dict[str, object]:
    """What the Telegram link page shows: the chat, and whether a usable token is kept."""
    fresh = Group.objects.get(pk=group.pk)
    has_token = bool(fresh.telegram_bot_token)
    return {
        "chat_id": fresh.telegram_chat_id,
        "alert_chat_id": fresh.telegram_alert_chat_id,
        "has_token": has_token,
        # A token kept under another SECRET_KEY cannot be decrypted: it has to be entered again.
        "token_unreadable": has_token and not secrets.decrypt(fresh.telegram_bot_token),
        "watch": fresh.telegram_watch,
        "rights": fresh.telegram_bot_rights or {},
    }


def telegram_rights_check(*, group: Group, actor: Any = None) -> dict[str, Any]:
    """Ask Telegram what the group's bot may do in the linked chat (getMe, getChatMember) and
    keep the answer for the link page: whether it can delete messages (removals, and tidying
    /report commands away) and restrict members (the rules' restrict and ban)."""
    token = secrets.decrypt(group.telegram_bot_token)
    if not token or group.telegram_chat_id is None:
        return {}
    bot = Bot(token)
    now = timezone.now().isoformat()
    try:
        me = bot.call("getMe", {})
        member = bot.call(
            "getChatMember", {"chat_id": group.telegram_chat_id, "user_id": me.get("id")}
        )
    except (TelegramError, TelegramUnreachable) as exc:
        rights: dict[str, Any] = {"error": str(exc)[:300], "checked_at": now}
    else:
        member = member if isinstance(member, dict) else {}
        status = str(member.get("status") or "")
        creator = status == "creator"
        rights = {
            "username": str(me.get("username") or "")[:64],
            "status": status[:20],
            "can_delete": creator or bool(member.get("can_delete_messages")),
            "can_restrict": creator or bool(member.get("can_restrict_members")),
            "checked_at": now,
        }
    with transaction.atomic():
        Group.objects.filter(pk=group.pk).update(telegram_bot_rights=rights)
        audit_record(
            group=group,
            actor=actor,
            action="group.telegram_rights",
            obj=group,
            payload={k: v for k, v in rights.items() if k != "checked_at"},
        )
    return rights
