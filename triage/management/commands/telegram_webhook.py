"""Point the groups' bots at Varta's webhook (HTTPS deployments), or back to polling."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from groups.models import Group
from triage.platforms.intake import ALLOWED_UPDATES, group_bot
from triage.platforms.polling import polled_groups, webhook_secret, webhook_url
from triage.platforms.telegram import TelegramError, TelegramUnreachable


class Command(BaseCommand):
    help = (
        "set: Telegram delivers each linked bot's updates to VARTA_BASE_URL/telegram/hook/<id>/ "
        "(with a secret header); delete: back to polling (manage.py telegram_poll)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["set", "delete"])
        parser.add_argument("--group", help="Only this group (its slug).")
        parser.add_argument("--base-url", default=None, help="Default: VARTA_BASE_URL.")

    def handle(self, *args: Any, **options: Any) -> None:
        base = options["base_url"] or settings.VARTA_BASE_URL
        local = base.startswith(("http://127.0.0.1:", "http://localhost:"))
        if options["action"] == "set" and not base.startswith("https://") and not local:
            raise CommandError("Telegram calls webhooks over HTTPS only: set VARTA_BASE_URL.")
        groups = Group.objects.filter(pk__in=polled_groups()).order_by("pk")
        if options["group"]:
            groups = groups.filter(slug=options["group"])
        failed = 0
        for group in groups:
            bot = group_bot(group)
            if bot is None:
                continue
            try:
                if options["action"] == "set":
                    bot.call(
                        "setWebhook",
                        {
                            "url": webhook_url(group, base),
                            "secret_token": webhook_secret(group),
                            "allowed_updates": ALLOWED_UPDATES,
                        },
                    )
                else:
                    bot.call("deleteWebhook", {"drop_pending_updates": False})
            except (TelegramError, TelegramUnreachable) as exc:
                failed += 1
                self.stderr.write(f"{group.slug}: {exc}")
                continue
            self.stdout.write(f"{group.slug}: webhook {options['action']}")
        if failed:
            raise CommandError(f"{failed} bots could not be changed.")
