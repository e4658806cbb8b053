"""The Telegram poller: receive the bots' updates by long polling (no public address needed).

Run one per installation (`make run` starts it). Groups whose bot has a webhook set are
skipped (Telegram refuses getUpdates then). Stopped by SIGTERM or Ctrl-C after the update in
hand; killed outright, it loses nothing (triage.platforms.polling).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from groups.models import Group
from triage.platforms.polling import handled_purge, polled_groups, telegram_poll
from triage.platforms.telegram import TelegramError, TelegramUnreachable
from triage.worker import close_stale_connections

log = logging.getLogger(__name__)
MAX_TIMEOUT = 12  # below the client's own 15 s timeout (triage.platforms.telegram)
IDLE_SECONDS = 1.0
PURGE_EVERY = 3600.0


class Command(BaseCommand):
    help = "Receive the Telegram bots' updates by long polling (getUpdates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--group", help="Only this group (its slug).")
        parser.add_argument("--once", action="store_true", help="One call per group, then stop.")
        parser.add_argument(
            "--timeout",
            type=int,
            default=None,
            help="Seconds one getUpdates call waits (VARTA_TELEGRAM_POLL_TIMEOUT).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopped = threading.Event()  # set by SIGTERM / Ctrl-C; wakes an idle wait
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._loop(options)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _loop(self, options: dict[str, Any]) -> None:
        wait = options["timeout"]
        wait = settings.VARTA_TELEGRAM_POLL_TIMEOUT if wait is None else wait
        wait = max(0, min(MAX_TIMEOUT, wait))
        resting: dict[int, float] = {}  # group -> monotonic time before which it is skipped
        last_purge = 0.0
        while not self.stopped.is_set():
            close_stale_connections()
            if time.monotonic() - last_purge > PURGE_EVERY:
                handled_purge()
                last_purge = time.monotonic()
            groups = self._groups(options["group"])
            got = 0
            for group_id in groups:
                if self.stopped.is_set():
                    break
                if resting.get(group_id, 0.0) > time.monotonic():
                    continue
                # With several bots, none may hold the others up: no waiting per call.
                got += self._poll(group_id, wait if len(groups) == 1 else 0, resting)
            if options["once"]:
                break
            if not got and (len(groups) != 1 or resting):
                self.stopped.wait(IDLE_SECONDS if groups else 5 * IDLE_SECONDS)

    def _stop(self, *args: Any) -> None:
        self.stopped.set()

    def _groups(self, slug: str | None) -> list[int]:
        ids = polled_groups()
        if slug:
            wanted = Group.objects.filter(slug=slug).values_list("pk", flat=True).first()
            ids = [i for i in ids if i == wanted]
        return ids

    def _poll(self, group_id: int, wait: int, resting: dict[int, float]) -> int:
        try:
            outcomes = telegram_poll(group_id=group_id, timeout=wait)
        except TelegramError as exc:
            # 409: the bot has a webhook (Telegram delivers there); 401: the token was revoked.
            pause = exc.retry_after or (60 if exc.code in (401, 409) else 10)
            log.warning("group %s: getUpdates refused (%s); next try in %s s", group_id, exc, pause)
            resting[group_id] = time.monotonic() + pause
            return 0
        except TelegramUnreachable as exc:
            log.warning("group %s: Telegram unreachable (%s); next try in 5 s", group_id, exc)
            resting[group_id] = time.monotonic() + 5
            return 0
        except DatabaseError as exc:
            # The update in hand was rolled back and its offset not stored: asked for again.
            name = type(exc).__name__
            log.error("group %s: database error (%s); next try in 5 s", group_id, name)
            resting[group_id] = time.monotonic() + 5
            return 0
        resting.pop(group_id, None)
        if outcomes:
            log.info("group %s: %s", group_id, dict(outcomes))
        return sum(outcomes.values())
