from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from groups.models import Group, Platform
from groups.services import group_create


class Command(BaseCommand):
    help = "Create a group with the default rules and reply templates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--owner", help="username of an existing user who becomes its owner")
        parser.add_argument(
            "--platform", choices=[p.value for p in Platform], default=Platform.FACEBOOK
        )
        parser.add_argument("--description", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        slug, name = options["slug"], options["name"].strip()
        if Group.objects.filter(slug=slug).exists():
            raise CommandError(f"A group with the slug {slug!r} already exists.")
        owner = None
        if options["owner"]:
            owner = get_user_model().objects.filter(username=options["owner"]).first()
            if owner is None:
                raise CommandError(f"No user named {options['owner']!r}.")
        try:
            group = group_create(
                name=name,
                slug=slug,
                platform=options["platform"],
                description=options["description"],
                owner=owner,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"Created group {group.slug!r} ({group.name}).")
