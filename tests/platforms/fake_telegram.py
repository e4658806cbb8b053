"""A local HTTP server that speaks the Telegram Bot API's request and response format.

Only what Varta calls: deleteMessages, deleteMessage, banChatMember,
restrictChatMember, sendMessage. Behaviour is scripted per test: errors per message id, a
number of 429 answers with retry_after, a delay per request, a wrong token.
Every request is recorded. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import threading
import time
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
    def handle(self, token: str, method: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if self.delay:
            time.sleep(self.delay)
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
                self.sent.append((chat, body["text"]))
                return 200, {
                    "ok": True,
                    "result": {"message_id": len(self.sent), "chat": {"id": chat}},
                }
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
