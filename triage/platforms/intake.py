"""What the group's Telegram bot does with an update, however it arrived (webhook or polling).

- ``/report [reason]`` sent in the linked chat as a reply: the replied-to message is filed
  through the imports' ingest path (dedupe, then scoring, clustering and campaign rules by the
  intake jobs), and the command message is deleted so the chat does not fill with them;
- a message forwarded to the bot in a private chat, from the linked chat: filed the same way;
- watch mode (opt-in): every new or edited message of the linked chat is scored in memory and
  filed only at or above the review threshold (or when it matches the shared campaign bank).
  Below it, nothing of the message is written or logged: the update's id is all that is kept.

Each update is handled once: its id is written in the same transaction as what it files, so a
webhook retried or a poller restarted finds it and does nothing. Calls to Telegram (deleting
the command, thanking the reporter) are made after that transaction commits.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groups.models import Group
from triage.audit.services import audit_record
from triage.campaigns.bank import bank_match
from triage.clusters.minhash import band_hashes, signature
from triage.importers import fields
from triage.importers.formats.telegram import (
    bare_chat_id,
    message_external_id,
    message_permalink,
    row_from_bot_message,
)
from triage.importers.ingest import ingest_chunk, link_parents
from triage.importers.rows import ParsedRow
from triage.importers.services import posts_hand_on
from triage.models import ImportBatch, Post, PostStatus, TelegramReport, TelegramUpdate
from triage.platforms import secrets
from triage.platforms.telegram import Bot, TelegramError, TelegramUnreachable
from triage.scoring.services import text_score

log = logging.getLogger(__name__)

SOURCE = "telegram"  # as the Desktop export's: a message imported and reported is one post
COMMAND = re.compile(r"^/report(?:@(?P<bot>[A-Za-z0-9_]{1,64}))?(?:\s+(?P<reason>.*))?$", re.S)
MEMBER_STATUSES = {"creator", "administrator", "member", "restricted"}
ALLOWED_UPDATES = ["message", "edited_message"]

After = list[Callable[[], None]]


@dataclass(frozen=True)
class Outcome:
    """What became of one update: ``filed`` (a new post), ``reported`` (one more report of a
    post), ``repeat`` (this member reported it before), ``limited`` (rate limit), ``below``
    (watch mode, under the threshold), ``seen`` (handled before), ``ignored``."""

    kind: str
    post_id: int | None = None
    why: str = ""


@dataclass
class Filing:
    """A message to file: ``how`` it came ("report", "forward", "watch") and, for a member's
    report, who (their Telegram id, kept only as reporter_key) and why."""

    row: ParsedRow
    how: str
    reporter: int | None = None
    reason: str = ""
    language: Any = None


def reporter_key(group_id: int, user_id: int) -> str:
    """A member as the database knows them: a keyed hash of their Telegram id, per group."""
    key = hashlib.sha256(("varta-telegram-reporter:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, f"{group_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def group_bot(group: Group) -> Bot | None:
    token = secrets.decrypt(group.telegram_bot_token)
    return Bot(token) if token else None


def update_handle(*, group: Group, update: Any) -> Outcome:
    """Handle one update of the group's bot, once.

    What it asks of the database and of Telegram (the scoring in watch mode, whether a
    forwarding member is in the chat) is asked before the transaction, which then only
    records the update and files what it carries: on SQLite a transaction holds the one write
    lock, and must not hold it across a network call."""
    if not isinstance(update, dict) or not _is_id(update.get("update_id")):
        return Outcome("ignored", why="malformed")
    update_id = update["update_id"]
    if TelegramUpdate.objects.filter(group=group, update_id=update_id).exists():
        return Outcome("seen")
    after: After = []
    planned = _dispatch(group, update, after)
    with transaction.atomic():
        try:
            with transaction.atomic():
                TelegramUpdate.objects.create(group=group, update_id=update_id)
        except IntegrityError:
            return Outcome("seen")  # handled meanwhile by another process (a webhook retried)
        outcome = planned if isinstance(planned, Outcome) else _file(group, planned, update_id)
    if isinstance(planned, Filing) and planned.reporter and outcome.kind in ("filed", "reported"):
        reporter, language = planned.reporter, planned.language
        after.append(lambda: _thank(group, reporter, language))
    for step in after:
        step()
    return outcome


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**62


def _dispatch(group: Group, update: dict[str, Any], after: After) -> Outcome | Filing:
    """What the update asks for: nothing (an Outcome saying why), or a message to file."""
    message = update.get("message")
    edited = update.get("edited_message")
    if isinstance(message, dict) and isinstance(message.get("chat"), dict):
        chat = message["chat"]
        if chat.get("type") == "private":
            return _private(group, message)
        if chat.get("id") != group.telegram_chat_id:
            return Outcome("ignored", why="unlinked chat")
        command = _command(group, message)
        if command is not None:
            return _report(group, message, command, after)
        if group.telegram_watch:
            return _watch(group, message)
        return Outcome("ignored", why="not a report")
    if isinstance(edited, dict) and isinstance(edited.get("chat"), dict):
        # An edit is no report (an edited /report does nothing), but in watch mode it is
        # scored again: a phone number added later counts.
        if edited["chat"].get("id") == group.telegram_chat_id and group.telegram_watch:
            return _watch(group, edited)
        return Outcome("ignored", why="edited message")
    kinds = sorted(k for k in update if k != "update_id")
    return Outcome("ignored", why=(kinds[0] if kinds else "empty")[:40])


def _command(group: Group, message: dict[str, Any]) -> str | None:
    """The reason given with /report ("" for none); None when the message is no /report (or
    a /report addressed to another bot of the chat)."""
    text = message.get("text")
    if not isinstance(text, str):
        return None
    match = COMMAND.match(text.strip())
    if match is None:
        return None
    ours = (group.telegram_bot_rights or {}).get("username")
    if match["bot"] and ours and match["bot"].lower() != str(ours).lower():
        return None
    return fields.clean_short(match["reason"] or "", 200)


def _report(group: Group, message: dict[str, Any], reason: str, after: After) -> Outcome | Filing:
    """/report as a reply: file the replied-to message. The command is deleted whatever
    becomes of it (a /report of nothing is still clutter in the chat)."""
    chat_id = message["chat"]["id"]
    command_id = message.get("message_id")
    if isinstance(command_id, int) and _is_id(command_id):
        after.append(lambda: _delete_quietly(group, chat_id, command_id))
    reporter = _sender_id(message)
    target = message.get("reply_to_message")
    # A reply to a deleted message arrives without reply_to_message; a /report in a forum
    # topic without a reply arrives as a reply to the topic's service message (no words).
    if not isinstance(target, dict):
        return Outcome("ignored", why="not a reply")
    if reporter is None:
        return Outcome("ignored", why="no reporter")
    row = row_from_bot_message({**target, "chat": message["chat"]})
    if row is None:
        return Outcome("ignored", why="no text")
    language = (message.get("from") or {}).get("language_code")
    return Filing(row, "report", reporter, reason, language)


def _sender_id(message: dict[str, Any]) -> int | None:
    user = message.get("from")
    if isinstance(user, dict) and _is_id(user.get("id")) and not user.get("is_bot"):
        return int(user["id"])
    return None


def _private(group: Group, message: dict[str, Any]) -> Outcome | Filing:
    """A private chat with the bot: a forward from the linked chat is a report."""
    reporter = _sender_id(message)
    origin = message.get("forward_origin")
    if reporter is None or not isinstance(origin, dict):
        return Outcome("ignored", why="private message")
    row = row_from_bot_message(message)
    if row is None:
        return Outcome("ignored", why="no text")
    row.parent_external_id, row.is_comment, row.external_id, row.permalink = "", False, "", ""
    kind = origin.get("type")
    chat = origin.get("chat") if kind == "channel" else origin.get("sender_chat")
    if kind in ("channel", "chat"):
        # A channel's post, or a message an anonymous admin sent as the chat: the origin names
        # the chat (and, for a channel, the message).
        if not isinstance(chat, dict) or chat.get("id") != group.telegram_chat_id:
            return Outcome("ignored", why="unlinked chat")
        row.author = fields.clean_short(chat.get("title") or "", 300)
        row.author_external_id = f"channel{bare_chat_id(chat['id'])}"
        if _is_id(origin.get("message_id")):
            row.external_id = message_external_id(chat["id"], origin["message_id"])
            row.permalink = message_permalink(chat["id"], origin["message_id"])
    elif kind in ("user", "hidden_user"):
        # Telegram does not say which chat a member's message was forwarded from: it is taken
        # from the linked chat only when the one forwarding it is a member of that chat.
        if not _is_member(group, reporter):
            return Outcome("ignored", why="not a member of the linked chat")
        user = origin.get("sender_user")
        if isinstance(user, dict) and _is_id(user.get("id")):
            name = " ".join(str(user.get(k) or "") for k in ("first_name", "last_name"))
            row.author = fields.clean_short(name.strip(), 300)
            row.author_external_id = f"user{user['id']}"
        else:
            row.author = fields.clean_short(origin.get("sender_user_name") or "", 300)
            row.author_external_id = ""
    else:
        return Outcome("ignored", why="forward of unknown origin")
    date = origin.get("date")
    row.posted_at = (
        datetime.fromtimestamp(date, tz=UTC) if isinstance(date, int) and 0 < date < 2**40 else None
    )
    language = (message.get("from") or {}).get("language_code")
    return Filing(row, "forward", reporter, "", language)


def _is_member(group: Group, user_id: int) -> bool:
    bot = group_bot(group)
    if bot is None or group.telegram_chat_id is None:
        return False
    try:
        member = bot.call("getChatMember", {"chat_id": group.telegram_chat_id, "user_id": user_id})
    except (TelegramError, TelegramUnreachable):
        return False
    return isinstance(member, dict) and member.get("status") in MEMBER_STATUSES


def reporter_accuracy(*, group_id: int, reporter: str) -> tuple[int, int]:
    """(upheld, rejected): how many of the member's reported posts moderators removed, and
    how many they kept."""
    by_status = dict(
        TelegramReport.objects.filter(group_id=group_id, reporter=reporter)
        .values_list("post__status")
        .annotate(n=Count("id"))
        .values_list("post__status", "n")
    )
    return by_status.get(PostStatus.REMOVED, 0), by_status.get(PostStatus.KEPT, 0)


def _is_low_accuracy(upheld: int, rejected: int) -> bool:
    """Mostly rejected, over enough decided reports to say so."""
    decided = upheld + rejected
    return decided >= settings.VARTA_TELEGRAM_ACCURACY_MIN and rejected > upheld


def _file(group: Group, filing: Filing, update_id: int) -> Outcome:
    """File the message: the bot's own find as it is; a member's report after the rate limit,
    once per member and message, weighed by the member's accuracy."""
    row = filing.row
    if filing.reporter is None:
        # Found by the bot, not reported by a member; an edit of a filed message adds no report.
        return _ingest(group, row, how=filing.how, update_id=update_id, count=False)
    key = reporter_key(group.pk, filing.reporter)
    since = timezone.now() - timedelta(hours=1)
    recent = TelegramReport.objects.filter(group=group, reporter=key, created_at__gte=since)
    if recent.count() >= settings.VARTA_TELEGRAM_REPORTS_PER_HOUR:
        return Outcome("limited")
    existing = _existing(group, row)
    if existing is not None and TelegramReport.objects.filter(post=existing, reporter=key).exists():
        return Outcome("repeat", post_id=existing.pk)
    upheld, rejected = reporter_accuracy(group_id=group.pk, reporter=key)
    low = _is_low_accuracy(upheld, rejected)
    row.report_reasons = [filing.reason] if filing.reason else []
    if low:
        # Discourse's flagger accuracy: the report is filed and shown, but adds nothing to
        # the post's report count (the queue's order after the score).
        with translation.override(settings.LANGUAGE_CODE):
            row.report_reasons.append(
                _("reporter: %(upheld)d of %(decided)d past reports upheld")
                % {"upheld": upheld, "decided": upheld + rejected}
            )
    outcome = _ingest(group, row, how=filing.how, update_id=update_id, count=not low)
    if outcome.post_id is not None:
        TelegramReport.objects.get_or_create(group=group, post_id=outcome.post_id, reporter=key)
    return outcome


def _existing(group: Group, row: ParsedRow) -> Post | None:
    if not row.external_id:
        return None
    # The unique index's condition spelt out, or SQLite reads every post of the group.
    return (
        Post.objects.filter(group=group, source=SOURCE, external_id=row.external_id)
        .exclude(external_id="")
        .first()
    )


def _ingest(group: Group, row: ParsedRow, *, how: str, update_id: int, count: bool) -> Outcome:
    """The imports' path: one row into the group's batch of the day, handed on to scoring and
    clustering when the transaction commits, audited."""
    batch = _live_batch(group)
    result = ingest_chunk(batch=batch, rows=[row], source=SOURCE, count_reports=count)
    status, value = result.outcomes.get(row.row_number, ("rejected", "no outcome"))
    if status == "rejected":
        return Outcome("ignored", why=str(value)[:100])
    post_id = int(value)
    if status == "duplicate" and not count and row.report_reasons:
        post = Post.objects.select_for_update().get(pk=post_id)
        merged = list(post.report_reasons)
        merged += [r for r in row.report_reasons if r not in merged]
        Post.objects.filter(pk=post_id).update(report_reasons=merged[:50])
    ImportBatch.objects.filter(pk=batch.pk).update(
        total_rows=F("total_rows") + 1,
        rows_done=F("rows_done") + 1,
        imported=F("imported") + result.imported,
        duplicates=F("duplicates") + result.duplicates,
        finished_at=timezone.now(),
    )
    if result.new_ids:
        link_parents(group_id=group.pk, post_ids=result.new_ids)
        posts_hand_on(group_id=group.pk, post_ids=result.new_ids)
    created = status == "created"
    audit_record(
        group=group,
        actor=None,
        action="import.telegram",
        object_type="post",
        object_id=post_id,
        payload={"how": how, "created": created, "counted": count, "update": update_id},
    )
    return Outcome("filed" if created else "reported", post_id=post_id)


def _live_batch(group: Group) -> ImportBatch:
    """The group's batch for what its bot files today (one per day, not one per message:
    the imports page lists batches)."""
    name = f"telegram-bot:{timezone.now().date().isoformat()}"
    batch = (
        ImportBatch.objects.filter(group=group, format="telegram_bot", filename=name)
        .order_by("pk")
        .first()
    )
    if batch is None:
        batch = ImportBatch.objects.create(
            group=group,
            status=ImportBatch.Status.DONE,
            format="telegram_bot",
            requested_format="telegram_bot",
            filename=name,
            total_rows=0,
            started_at=timezone.now(),
            finished_at=timezone.now(),
        )
    return batch


def _watch(group: Group, message: dict[str, Any]) -> Outcome | Filing:
    """Score in memory; file only at or above the review threshold or on a campaign-bank
    match. Nothing of a message below it is written, logged or kept in this process."""
    row = row_from_bot_message(message)
    if row is None:
        return Outcome("below")
    score = text_score(group_id=group.pk, text=row.text)
    high = score is not None and score >= float(group.review_threshold)
    if not high and group.campaign_bank != Group.CampaignBank.OFF:
        sig = signature(row.text)
        high = sig is not None and bool(
            bank_match(group=group, new=[(0, sig)], new_bands=[band_hashes(sig)])
        )
    if not high:
        return Outcome("below")
    with translation.override(settings.LANGUAGE_CODE):
        row.report_reasons = [_("found by the bot's watch mode")]
    return Filing(row, "watch")


def _delete_quietly(group: Group, chat_id: int, message_id: int) -> None:
    bot = group_bot(group)
    if bot is None:
        return
    try:
        bot.delete_message(chat_id, message_id)
    except (TelegramError, TelegramUnreachable) as exc:
        # No rights, or already gone: the report stands. (No text, no ids of people here.)
        log.info("group %s: the /report command was not deleted: %s", group.pk, exc)


def _thank(group: Group, user_id: int, language: Any) -> None:
    """Thank the reporter in their private chat with the bot, if they ever started one
    (Telegram refuses otherwise, and that is fine)."""
    bot = group_bot(group)
    if bot is None:
        return
    chosen = "en" if language == "en" else "uk"
    with translation.override(chosen):
        text = _(
            "Thank you. Your report is in the moderators' queue of %(group)s. If it is about "
            "prisoners of war: do not comment or share it."
        ) % {"group": group.name}
    with contextlib.suppress(TelegramError, TelegramUnreachable):
        # Refused when they never started the bot, or blocked it.
        bot.call("sendMessage", {"chat_id": user_id, "text": text})
