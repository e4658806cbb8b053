"""The demo: users, the "Good Deeds" group, and reported posts written for the project.

Refuses unless DJANGO_DEBUG=1: demo users with a known password must never
appear on a real server. Safe to run again: what exists is left as it is.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from groups.models import Group, Membership, Role
from groups.services import group_create
from triage.clusters.services import posts_cluster
from triage.models import Post
from triage.queue.services import DecisionInput, post_decide
from triage.scoring.services import posts_score

DEMO_POSTS = Path(__file__).resolve().parents[2] / "demo" / "posts.json"
USERS = [
    ("owner", Role.OWNER, "Olena", "Owner"),
    ("moderator", Role.MODERATOR, "Maria", "Moderator"),
    ("viewer", Role.VIEWER, "Viktor", "Viewer"),
]


class Command(BaseCommand):
    help = "Create the demo users, group and posts (DJANGO_DEBUG=1 only; idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default="varta-demo", help="password of the demo users")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo only runs with DJANGO_DEBUG=1: demo users with a known password "
                "must never exist on a real server."
            )
        password = options["password"]
        if len(password) < 8:
            raise CommandError("The demo password must be at least 8 characters long.")
        with transaction.atomic():
            users = self._users(password)
            group = Group.objects.filter(slug="good-deeds").first()
            if group is None:
                group = group_create(
                    name="Добрі справи / Good Deeds",
                    slug="good-deeds",
                    description="Демонстраційна група. A demo group with invented posts.",
                    owner=users["owner"],
                )
                # A demo to look around in: its owner and admin log in with a password alone
                # (a real group asks them for a code; the settings page turns it back on).
                Group.objects.filter(pk=group.pk).update(require_two_factor=False)
            for username, role, *_ in USERS:
                Membership.objects.get_or_create(
                    user=users[username], group=group, defaults={"role": role}
                )
            created = self._posts(group)
        self.stdout.write(
            f"Demo ready: group 'good-deeds', users {', '.join(u for u, *_ in USERS)}, "
            f"{created} new posts."
        )

    def _users(self, password: str) -> dict[str, Any]:
        User = get_user_model()
        users = {}
        for username, _role, first, last in USERS:
            user, made = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.invalid",
                },
            )
            if made:
                user.set_password(password)
                user.save(update_fields=["password"])
            users[username] = user
        return users

    def _posts(self, group: Group) -> int:
        if not DEMO_POSTS.is_file():
            raise CommandError(f"Demo posts are missing: {DEMO_POSTS}")
        items = json.loads(DEMO_POSTS.read_text(encoding="utf-8"))
        now = timezone.now()
        by_key: dict[str, Post] = {}
        new_ids = []
        for item in items:
            post = Post.objects.filter(
                group=group, source=item["source"], external_id=item["external_id"]
            ).first()
            if post is None:
                text = item["text"]
                post = Post.objects.create(
                    group=group,
                    source=item["source"],
                    external_id=item["external_id"],
                    author=item.get("author", ""),
                    permalink=item.get("permalink", ""),
                    text=text,
                    text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                    reported_at=now - timedelta(hours=int(item.get("hours_ago", 1))),
                    posted_at=now - timedelta(hours=int(item.get("hours_ago", 1)) + 2),
                    report_count=int(item.get("report_count", 1)),
                    report_reasons=item.get("report_reasons", []),
                    is_comment=bool(item.get("parent_key")),
                )
                new_ids.append(post.pk)
            by_key[item["key"]] = post
        for item in items:
            parent = by_key.get(item.get("parent_key") or "")
            post = by_key[item["key"]]
            if parent is not None and post.parent_id != parent.pk:
                Post.objects.filter(pk=post.pk).update(
                    parent=parent, parent_external_id=parent.external_id
                )
        posts_cluster(group_id=group.pk, post_ids=new_ids)
        self._score(new_ids)
        self._decide(group, items, by_key, new_ids)
        return len(new_ids)

    def _score(self, post_ids: list[int]) -> None:
        posts_score(post_ids=post_ids)

    def _decide(
        self, group: Group, items: list[dict], by_key: dict[str, Post], new_ids: list[int]
    ) -> None:
        """Some demo posts are already decided, so every page has something to show."""
        moderator = Membership.objects.select_related("group", "user").get(
            group=group, user__username="moderator"
        )
        for item in items:
            action = item.get("demo_decision")
            post = by_key[item["key"]]
            if not action or post.pk not in new_ids:
                continue
            rule = group.rules.filter(code=item.get("demo_rule") or "").first()
            fresh = Post.objects.get(pk=post.pk)
            post_decide(
                membership=moderator,
                post_id=post.pk,
                expected_version=fresh.version,
                data=DecisionInput(
                    action=action,
                    rule_id=rule.pk if rule else None,
                    note="Демо-рішення" if action == "escalate" else "",
                ),
            )
