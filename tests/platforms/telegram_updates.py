"""Builders of Bot API updates, shaped as Telegram sends them (https://core.telegram.org/bots/api)."""

from __future__ import annotations

import itertools
from typing import Any

from tests.platforms.conftest import CHAT

REPORTER = 4242
AUTHOR = 777
_ids = itertools.count(1)
WHEN = 1_764_930_000  # 2025-12-05, a unix time as Telegram gives it


def user(user_id: int, first: str = "Олена", last: str = "Коваль", **extra: Any) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first, "last_name": last, **extra}


def group_chat(chat_id: int = CHAT) -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": "Добрі справи"}


def message(
    message_id: int,
    text: str | None = "Хто впізнає? Мій брат у полоні",
    *,
    chat: dict[str, Any] | None = None,
    sender: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "message_id": message_id,
        "from": sender or user(AUTHOR, "Петро", "Бойко"),
        "chat": chat or group_chat(),
        "date": WHEN,
    }
    if text is not None:
        out["text"] = text
    return {**out, **extra}


def report(
    target: dict[str, Any] | None,
    reason: str = "",
    *,
    reporter: int = REPORTER,
    command_id: int | None = None,
    command: str = "/report",
    chat: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A member's "/report reason" sent as a reply to ``target`` (None: a reply to a message
    deleted since, which Telegram sends without reply_to_message)."""
    text = f"{command} {reason}".strip()
    body = message(
        command_id or 90_000 + next(_ids),
        text,
        chat=chat,
        sender=user(reporter, "Марія", "Сидоренко", language_code="uk"),
    )
    if target is not None:
        body["reply_to_message"] = target
    return {"update_id": next_update_id(), "message": body}


def update(**kinds: Any) -> dict[str, Any]:
    return {"update_id": next_update_id(), **kinds}


def next_update_id() -> int:
    return 500_000 + next(_ids)


def forward(
    text: str | None,
    origin: dict[str, Any],
    *,
    reporter: int = REPORTER,
) -> dict[str, Any]:
    """A message forwarded to the bot in the reporter's private chat."""
    private = {"id": reporter, "type": "private", "first_name": "Марія"}
    body = message(next(_ids), text, chat=private, sender=user(reporter, "Марія", "Сидоренко"))
    body["forward_origin"] = origin
    body["forward_date"] = WHEN + 60
    return update(message=body)
