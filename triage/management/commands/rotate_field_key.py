from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from groups.models import Group
from triage.platforms import secrets


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored bot token with the newest VARTA_FIELD_KEY (the first listed). "
        "Run after putting a new key first; then the old keys can be dropped."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rotated = unreadable = 0
        for group in Group.objects.exclude(telegram_bot_token="").only(
            "pk", "slug", "telegram_bot_token"
        ):
            fresh = secrets.reencrypt(group.telegram_bot_token)
            if fresh is None:
                # Left as it is (nothing is lost): an older key may still be found and listed.
                unreadable += 1
                self.stderr.write(f"{group.slug}: no listed key reads its bot token; left as it is")
                continue
            Group.objects.filter(pk=group.pk, telegram_bot_token=group.telegram_bot_token).update(
                telegram_bot_token=fresh
            )
            rotated += 1
        self.stdout.write(f"{rotated} bot token(s) re-encrypted with the newest key.")
        if unreadable:
            raise CommandError(
                f"{unreadable} token(s) could not be read with any key in VARTA_FIELD_KEY; "
                "list the key they were written with after the new one, or enter them again."
            )
