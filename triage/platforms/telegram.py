"""A small Telegram Bot API client (https://core.telegram.org/bots/api).

Only what Varta does: deleteMessages / deleteMessage, banChatMember,
restrictChatMember. The base URL is a setting (TELEGRAM_API_BASE) so tests talk
to a local server that speaks the same protocol. The token is part of the URL
path, so no URL is ever logged or put in an exception message.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

TIMEOUT = 15


class TelegramError(Exception):
    """Telegram answered, and said no (ok: false)."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after


class TelegramUnreachable(Exception):
    """No usable answer: network error, timeout, or a server error (5xx)."""


@dataclass(frozen=True)
class Bot:
    token: str

    def call(self, method: str, payload: dict[str, Any]) -> Any:
        base = settings.TELEGRAM_API_BASE.rstrip("/")
        try:
            request = urllib.request.Request(  # noqa: S310 - the base URL is an admin setting
                f"{base}/bot{self.token}/{method}",
                data=json.dumps(payload).encode("utf-8"),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                body = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code >= 500:
                raise TelegramUnreachable(f"server error {exc.code}") from None
            body = exc.read()
        except (
            TimeoutError,
            urllib.error.URLError,
            ConnectionError,
            OSError,
            ValueError,  # a malformed URL
            http.client.HTTPException,  # a server that does not speak HTTP properly
        ) as exc:
            # Not `from exc`: the chained exception would carry the URL, and the URL the token.
            raise TelegramUnreachable(type(exc).__name__) from None
        try:
            data = json.loads(body)
        except ValueError:
            raise TelegramUnreachable("answer was not JSON") from None
        if not isinstance(data, dict):
            raise TelegramUnreachable("answer was not a JSON object")
        if data.get("ok"):
            return data.get("result")
        parameters = data.get("parameters") or {}
        raise TelegramError(
            int(data.get("error_code") or 0),
            str(data.get("description") or "unknown error")[:400],
            parameters.get("retry_after") if isinstance(parameters, dict) else None,
        )

    def delete_messages(self, chat_id: int, message_ids: list[int]) -> Any:
        return self.call("deleteMessages", {"chat_id": chat_id, "message_ids": message_ids})

    def delete_message(self, chat_id: int, message_id: int) -> Any:
        return self.call("deleteMessage", {"chat_id": chat_id, "message_id": message_id})

    def ban(self, chat_id: int, user_id: int) -> Any:
        return self.call("banChatMember", {"chat_id": chat_id, "user_id": user_id})

    def restrict(self, chat_id: int, user_id: int) -> Any:
        no = {
            "can_send_messages": False,
            "can_send_audios": False,
            "can_send_documents": False,
            "can_send_photos": False,
            "can_send_videos": False,
            "can_send_video_notes": False,
            "can_send_voice_notes": False,
            "can_send_polls": False,
            "can_send_other_messages": False,
            "can_add_web_page_previews": False,
        }
        return self.call(
            "restrictChatMember", {"chat_id": chat_id, "user_id": user_id, "permissions": no}
        )
