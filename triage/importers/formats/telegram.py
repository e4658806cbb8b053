"""Telegram Desktop's machine-readable export (result.json): one chat, or the whole account.

Format facts from Telegram Desktop's serializer (export_output_json.cpp): a chat
is {name, type, id, messages}; the full export wraps chats in {chats: {list}}
and {left_chats: {list}}. A message has id, type ("message" or "service"),
date (local time, no zone) and, in newer exports, date_unixtime (a string);
from, from_id, forwarded_from, reply_to_message_id, photo/file/media_type, and
text as a string or a list of strings and {type, text} entity objects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from triage.importers import fields
from triage.importers.formats.stream import START, objects_at
from triage.importers.rows import ImportRefused, ParsedRow

ROOTS = ("", "chats.list.item", "left_chats.list.item")
LINKABLE = {"private_supergroup", "public_supergroup", "private_channel", "public_channel"}


def _join(root: str, key: str) -> str:
    return f"{root}.{key}" if root else key


def flatten(text: Any) -> str:
    """The message's text exactly as shown: strings and entity texts joined with nothing added."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(
            part
            if isinstance(part, str)
            else str(part.get("text", ""))
            if isinstance(part, dict)
            else ""
            for part in text
        )
    return ""


def _when(message: dict[str, Any]) -> datetime | None:
    unix = message.get("date_unixtime")
    if unix not in (None, ""):
        return datetime.fromtimestamp(int(str(unix)), tz=UTC)
    return fields.parse_when(message.get("date"))


def _hidden_links(text: Any) -> list[str]:
    """Links hidden behind words ("text_link" entities): spam and recruiters use them. The text
    stays exactly as shown; the targets are kept beside it."""
    if not isinstance(text, list):
        return []
    return [
        f"link: {part['href']}"[:200]
        for part in text
        if isinstance(part, dict) and part.get("type") == "text_link" and part.get("href")
    ][:10]


def _media(message: dict[str, Any]) -> list[str]:
    out = []
    for key in ("photo", "file", "media_type", "sticker_emoji", "poll", "location_information"):
        value = message.get(key)
        if value:
            label = value if isinstance(value, str) else key
            out.append(f"{key}: {label}"[:200])
    return out


# Reads a message's photo (its "photo" member) into its fingerprint, or says why it could not.
PhotoReader = Callable[[str], tuple[bytes, str]]


def rows(path: Path, *, photo: PhotoReader | None = None) -> Iterator[ParsedRow]:
    paths = {_join(root, "messages.item") for root in ROOTS}
    scalars = {_join(root, key) for root in ROOTS for key in ("id", "type", "name")}
    chats = {root for root in ROOTS if root}
    chat: dict[str, Any] = {}
    number = 0
    seen_any = False
    with open(path, "rb") as handle:
        for where, value in objects_at(handle, paths, scalars, starts=chats):
            if value is START:
                # A new chat of a full-account export: nothing of the one before carries over
                # (a chat without an id must not take the previous chat's id).
                chat = {}
                continue
            if where in scalars:
                chat[where.rsplit(".", 1)[-1]] = value
                seen_any = True
                continue
            seen_any = True
            number += 1
            row = _message_row(number, value, chat, photo)
            if row is not None:
                yield row
    if not seen_any:
        raise ImportRefused("This is not a Telegram Desktop export (no chat and no messages).")


def _message_row(
    number: int, message: Any, chat: dict[str, Any], photo: PhotoReader | None = None
) -> ParsedRow | None:
    if not isinstance(message, dict) or message.get("type") != "message":
        return None  # service messages (joins, pins) are not posts
    text = flatten(message.get("text"))
    if not text.strip():
        text = flatten(message.get("text_entities"))
    if not text.strip():
        return None  # a photo without a caption: nothing to moderate here
    chat_id = chat.get("id", "")
    row = ParsedRow(row_number=number, text=fields.clean_text(text))
    message_id = message.get("id")
    if message_id is not None:
        row.external_id = message_external_id(chat_id, message_id)
        if chat.get("type") in LINKABLE and chat_id != "":
            row.permalink = message_permalink(chat_id, message_id)
    row.author = fields.clean_short(message.get("from") or "", 300)
    row.author_external_id = fields.clean_short(message.get("from_id") or "", 200)
    row.forwarded_from = fields.clean_short(message.get("forwarded_from") or "", 300)
    reply = message.get("reply_to_message_id")
    if reply is not None:
        row.parent_external_id = message_external_id(chat_id, reply)
        row.is_comment = True
    row.media = _media(message) + _hidden_links(message.get("text"))
    if photo is not None and isinstance(message.get("photo"), str):
        fingerprint, warning = photo(message["photo"])
        row.image_hashes = fingerprint
        if warning:
            row.media.append(warning)
    try:
        row.posted_at = _when(message)
    except (ValueError, OverflowError, OSError) as exc:
        row.error = f"date: {exc}"
    return row


def message_external_id(chat_id: Any, message_id: Any) -> str:
    """A message's external id as exports name it: "<chat id>:<message id>", the chat id
    without the Bot API's sign or -100 prefix (the same message imported from an export and
    reported live through the bot is one post)."""
    if chat_id in ("", None):
        return str(message_id)
    return f"{bare_chat_id(chat_id)}:{message_id}"


def bare_chat_id(chat_id: Any) -> str:
    """The chat id as Telegram Desktop exports write it (-1001234567890 -> 1234567890)."""
    text = str(chat_id)
    if text.startswith("-100") and len(text) > 13:
        return text[4:]
    return text.removeprefix("-")


def message_permalink(chat_id: Any, message_id: Any) -> str:
    """The t.me/c link of a message of a supergroup or channel (members of the chat open it)."""
    return f"https://t.me/c/{bare_chat_id(chat_id)}/{message_id}"


# The Bot API's media fields, as the export's placeholders name them (never the file).
BOT_MEDIA = (
    "photo",
    "video",
    "animation",
    "document",
    "audio",
    "voice",
    "video_note",
    "sticker",
    "poll",
    "location",
    "contact",
)


def bot_message_text(message: dict[str, Any]) -> str:
    """What a Bot API message says in words: its text, or its media's caption."""
    text = message.get("text")
    if not isinstance(text, str) or not text.strip():
        text = message.get("caption")
    return fields.clean_text(text) if isinstance(text, str) else ""


def _bot_author(message: dict[str, Any]) -> tuple[str, str]:
    """(name, id) as exports give them: "First Last", "user<id>"; a chat posting as itself
    (an anonymous admin, a linked channel) as its title and "channel<id>"."""
    sender = message.get("sender_chat")
    if isinstance(sender, dict) and sender.get("id") is not None:
        return str(sender.get("title") or ""), f"channel{bare_chat_id(sender['id'])}"
    user = message.get("from")
    if not isinstance(user, dict) or not isinstance(user.get("id"), int):
        return "", ""
    name = " ".join(str(user.get(k) or "") for k in ("first_name", "last_name")).strip()
    return name, f"user{user['id']}"


def row_from_bot_message(message: dict[str, Any], *, number: int = 1) -> ParsedRow | None:
    """A message the bot received (Bot API ``Message``) as the row an export would give for
    it; None when it holds no words (a photo without a caption, a sticker)."""
    text = bot_message_text(message)
    chat = message.get("chat")
    message_id = message.get("message_id")
    if not text or not isinstance(chat, dict) or not isinstance(message_id, int):
        return None
    chat_id = chat.get("id")
    if not isinstance(chat_id, int):
        return None
    row = ParsedRow(row_number=number, text=text)
    row.external_id = message_external_id(chat_id, message_id)
    if chat.get("type") in ("supergroup", "channel"):
        row.permalink = message_permalink(chat_id, message_id)
    author, author_id = _bot_author(message)
    row.author = fields.clean_short(author, 300)
    row.author_external_id = fields.clean_short(author_id, 200)
    parent = message.get("reply_to_message")
    if isinstance(parent, dict) and isinstance(parent.get("message_id"), int):
        row.parent_external_id = message_external_id(chat_id, parent["message_id"])
        row.is_comment = True
    row.media = [f"{key}: {key}" for key in BOT_MEDIA if message.get(key)]
    entities = message.get("entities") or message.get("caption_entities") or []
    row.media += [
        f"link: {e['url']}"[:200]
        for e in entities
        if isinstance(e, dict) and e.get("type") == "text_link" and isinstance(e.get("url"), str)
    ][:10]
    date = message.get("date")
    if isinstance(date, int) and 0 < date < 2**40:
        row.posted_at = datetime.fromtimestamp(date, tz=UTC)
    return row
