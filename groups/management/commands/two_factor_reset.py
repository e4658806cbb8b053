"""Reset a user's second factor from the server: the way back for an owner who lost both the
phone and the recovery codes, or for staff. Audited in each of the user's groups, with no actor."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from groups import twofactor
from groups.models import Membership
from triage.audit.services import audit_record


class Command(BaseCommand):
    help = "Remove a user's authenticator and recovery codes; they set them up at next login."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        name = str(options["username"]).strip()
        # No username holds a NUL (PostgreSQL refuses one in a query) or is that long.
        readable = name and "\x00" not in name and len(name) <= 150
        user = get_user_model().objects.filter(username=name).first() if readable else None
        if user is None:
            raise CommandError(f"No user named {name!r}.")
        with transaction.atomic():
            removed = twofactor.remove_devices(user=user, actor=None)
            for membership in Membership.objects.filter(user=user).select_related("group"):
                audit_record(
                    group=membership.group,
                    actor=None,
                    action="two_factor.reset",
                    object_type="user",
                    object_id=user.pk,
                    payload={"by": "server"},
                )
        if not removed:
            self.stdout.write(f"{name} had no second factor; nothing changed.")
            return
        self.stdout.write(f"Reset {name}'s second factor; they set it up again at next login.")
