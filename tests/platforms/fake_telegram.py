"""A local HTTP server that speaks the Telegram Bot API's request and response format.

Only what Varta calls: deleteMessages, deleteMessage, banChatMember,
restrictChatMember, sendMessage, getMe, getChatMember, and the two ways updates arrive:
getUpdates (long polling: updates queued with ``push``, kept until a call's ``offset``
confirms them, a call waiting up to its ``timeout`` for new ones) and a webhook
(``setWebhook`` / ``deleteWebhook``; ``deliver`` POSTs an update to the registered URL with
the registered secret, as Telegram does). Behaviour is scripted per test: errors per message
id, a number of 429 answers with retry_after, a delay per request, a wrong token.
Every request is recorded. It listens on 127.0.0.1 only (and delivers to loopback only).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeTelegram:
    def __init__(self, token: str) -> None:
        self.token = token
        self.requests: list[dict[str, Any]] = []
        self.deleted: dict[tuple[int, int], int] = {}  # (chat, message) -> times deleted
        self.existing: set[tuple[int, int]] | None = None  # None: every message exists
        self.errors: dict[int, tuple[int, str]] = {}  # message id -> (code, description)
        self.too_many: int = 0  # answer this many requests with 429
        self.retry_after: int = 1
        self.delay: float = 0.0
        self.fail_5xx: int = 0
        self.sent: list[tuple[int, str]] = []  # sendMessage: (chat, text)
        self.missing_chats: set[int] = set()
        # Private chats of users who never started the bot: sendMessage there is refused.
        self.forbidden_chats: set[int] = set()
        # getUpdates: every update pushed, in order; those below the last offset are dropped.
        self.updates: list[dict[str, Any]] = []
        self.next_update_id = 1000
        self.arrived = threading.Condition()
        self.webhook: dict[str, str] = {}  # {"url": ..., "secret_token": ...} once set
        self.bot_user = {
            "id": 555000111,
            "is_bot": True,
            "first_name": "Varta",
            "username": "varta_test_bot",
        }
        # getChatMember: the bot's rights in the chat, and members by user id (anyone else: left).
        self.bot_rights: dict[str, Any] = {
            "status": "administrator",
            "can_delete_messages": True,
            "can_restrict_members": True,
        }
        self.members: dict[int, str] = {}
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                parts = self.path.strip("/").split("/")
                token = parts[0][3:] if parts and parts[0].startswith("bot") else ""
                method = parts[1] if len(parts) > 1 else ""
                status, answer = fake.handle(token, method, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeTelegram:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- the protocol ---------------------------------------------------------
    # -- delivering updates -----------------------------------------------------
    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; it gets the next update_id unless it has one."""
        with self.arrived:
            if "update_id" not in update:
                update = {"update_id": self.next_update_id, **update}
                self.next_update_id += 1
            self.updates.append(update)
            self.arrived.notify_all()
            return int(update["update_id"]) if isinstance(update.get("update_id"), int) else -1

    def deliver(self, update: dict[str, Any] | bytes, secret: str | None = None) -> int:
        """POST an update to the registered webhook, as Telegram does; the HTTP status."""
        url = self.webhook["url"]
        assert url.startswith("http://127.0.0.1:") or url.startswith("http://localhost:")
        data = update if isinstance(update, bytes) else json.dumps(update).encode()
        headers = {"Content-Type": "application/json"}
        token = self.webhook.get("secret_token") if secret is None else secret
        if token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = token
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    def _get_updates(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        offset = body.get("offset") or 0
        limit = int(body.get("limit") or 100)
        timeout = float(body.get("timeout") or 0)
        deadline = time.time() + timeout
        with self.arrived:
            while True:
                if offset:
                    # An offset confirms every update below it: Telegram forgets them.
                    self.updates = [
                        u
                        for u in self.updates
                        if not isinstance(u.get("update_id"), int) or u["update_id"] >= offset
                    ]
                if self.updates or time.time() >= deadline:
                    return list(self.updates[:limit])
                self.arrived.wait(max(0.0, deadline - time.time()))

    def handle(self, token: str, method: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self.delay:
            time.sleep(self.delay)
        if method == "getUpdates" and token == self.token:
            # Outside the lock: a long poll waits without blocking the other methods.
            with self.lock:
                self.requests.append({"method": method, "body": body, "at": time.time()})
                hooked = bool(self.webhook)
            if hooked:
                return 409, {
                    "ok": False,
                    "error_code": 409,
                    "description": "Conflict: can't use getUpdates method while webhook is active",
                }
            return 200, {"ok": True, "result": self._get_updates(body)}
        with self.lock:
            self.requests.append({"method": method, "body": body, "at": time.time()})
            if token != self.token:
                return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            if self.fail_5xx > 0:
                self.fail_5xx -= 1
                return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
            if self.too_many > 0:
                self.too_many -= 1
                return 429, {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {self.retry_after}",
                    "parameters": {"retry_after": self.retry_after},
                }
            chat = body.get("chat_id")
            if method == "deleteMessages":
                ids = body.get("message_ids") or []
                if not 1 <= len(ids) <= 100:
                    return 400, self._bad("Bad Request: message_ids must contain 1-100 ids")
                # Messages that are simply gone are skipped; a batch holding a
                # message the bot may not delete is refused whole.
                if any(i in self.errors for i in ids):
                    return 400, self._bad("Bad Request: message can't be deleted")
                for i in ids:
                    if self._exists(chat, i):
                        self._delete(chat, i)
                return 200, {"ok": True, "result": True}
            if method == "deleteMessage":
                i = body.get("message_id")
                if i in self.errors:
                    code, text = self.errors[i]
                    return code, {"ok": False, "error_code": code, "description": text}
                if not self._exists(chat, i):
                    return 400, self._bad("Bad Request: message to delete not found")
                self._delete(chat, i)
                return 200, {"ok": True, "result": True}
            if method == "sendMessage":
                if not isinstance(chat, int) or not str(body.get("text") or "").strip():
                    return 400, self._bad("Bad Request: message text is empty")
                if len(body["text"]) > 4096:
                    return 400, self._bad("Bad Request: message is too long")
                if chat in self.missing_chats:
                    return 400, self._bad("Bad Request: chat not found")
                if chat in self.forbidden_chats:
                    return 403, {
                        "ok": False,
                        "error_code": 403,
                        "description": "Forbidden: bot can't initiate conversation with a user",
                    }
                self.sent.append((chat, body["text"]))
                return 200, {
                    "ok": True,
                    "result": {"message_id": len(self.sent), "chat": {"id": chat}},
                }
            if method == "getMe":
                return 200, {"ok": True, "result": self.bot_user}
            if method == "getChatMember":
                user = body.get("user_id")
                if chat in self.missing_chats:
                    return 400, self._bad("Bad Request: chat not found")
                if user == self.bot_user["id"]:
                    return 200, {"ok": True, "result": {"user": self.bot_user, **self.bot_rights}}
                status = self.members.get(user, "left") if isinstance(user, int) else "left"
                return 200, {"ok": True, "result": {"user": {"id": user}, "status": status}}
            if method == "setWebhook":
                self.webhook = {
                    "url": str(body.get("url") or ""),
                    "secret_token": str(body.get("secret_token") or ""),
                }
                return 200, {"ok": True, "result": True}
            if method == "deleteWebhook":
                self.webhook = {}
                return 200, {"ok": True, "result": True}
            if method in ("banChatMember", "restrictChatMember"):
                if not isinstance(body.get("user_id"), int):
                    return 400, self._bad("Bad Request: invalid user_id specified")
                return 200, {"ok": True, "result": True}
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    def _exists(self, chat: Any, message: Any) -> bool:
        key = (chat, message)
        if key in self.deleted:
            return False
        return self.existing is None or key in self.existing

    def _delete(self, chat: Any, message: Any) -> None:
        self.deleted[(chat, message)] = self.deleted.get((chat, message), 0) + 1

    @staticmethod
    def _bad(description: str) -> dict[str, Any]:
        return {"ok": False, "error_code": 400, "description": description}

    def ids_sent(self) -> list[int]:
        out: list[int] = []
        for r in self.requests:
            if r["method"] == "deleteMessages":
                out += r["body"]["message_ids"]
            elif r["method"] == "deleteMessage":
                out.append(r["body"]["message_id"])
        return out
