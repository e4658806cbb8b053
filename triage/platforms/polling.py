"""Receiving the bot's updates: long polling (getUpdates) and the webhook's secret.

Polling is for installations without a public HTTPS address. The offset (the first update not
yet handled) is kept in the database, moved past each update once it is handled; every update
is also recorded as handled in the transaction that files it (triage.platforms.intake). A
poller killed midway asks again from the stored offset, and whatever it handled after storing
that offset is found and skipped: nothing is handled twice, nothing is lost (Telegram keeps
unconfirmed updates for 24 hours).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from groups.models import Group, Platform
from triage.models import TelegramInbox, TelegramUpdate
from triage.platforms import secrets
from triage.platforms.intake import ALLOWED_UPDATES, group_bot, update_handle

log = logging.getLogger(__name__)

BATCH = 100  # getUpdates returns at most 100 updates per call
KEEP_HANDLED = timedelta(days=3)  # longer than Telegram keeps an update


def polled_groups() -> list[int]:
    """Groups whose bot can be polled: Telegram groups with a linked chat and a token."""
    return list(
        Group.objects.filter(platform=Platform.TELEGRAM, telegram_chat_id__isnull=False)
        .exclude(telegram_bot_token="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def telegram_poll(*, group_id: int, timeout: int = 0) -> Counter[str]:
    """One getUpdates call for the group's bot, each update handled, the offset moved on.
    Raises TelegramError (a webhook is set: 409) and TelegramUnreachable to the caller."""
    group = Group.objects.get(pk=group_id)
    outcomes: Counter[str] = Counter()
    bot = group_bot(group)
    if bot is None or group.telegram_chat_id is None:
        return outcomes
    inbox, _created = TelegramInbox.objects.get_or_create(group=group)
    updates = bot.call(
        "getUpdates",
        {
            "offset": inbox.offset,
            "timeout": timeout,
            "limit": BATCH,
            "allowed_updates": ALLOWED_UPDATES,
        },
    )
    if not isinstance(updates, list):
        return outcomes
    for update in updates:
        outcomes[update_handle(group=group, update=update).kind] += 1
        update_id = update.get("update_id") if isinstance(update, dict) else None
        if isinstance(update_id, int) and not isinstance(update_id, bool):
            # Forward only: two pollers by mistake never move it back.
            TelegramInbox.objects.filter(pk=group.pk, offset__lte=update_id).update(
                offset=update_id + 1, updated_at=timezone.now()
            )
    return outcomes


def handled_purge() -> int:
    """Forget the ids of updates handled long ago (Telegram no longer sends them)."""
    cutoff = timezone.now() - KEEP_HANDLED
    return TelegramUpdate.objects.filter(handled_at__lt=cutoff).delete()[0]


def webhook_secret(group: Group) -> str:
    """The secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token: derived from the
    server's key, the group and its bot token (a new token needs the webhook set again; a
    rotated field key does not)."""
    key = hashlib.sha256(("varta-telegram-webhook:" + settings.SECRET_KEY).encode()).digest()
    message = f"{group.pk}:{secrets.decrypt(group.telegram_bot_token)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def webhook_url(group: Group, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/telegram/hook/{group.pk}/"
