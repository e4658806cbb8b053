from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from groups.models import Group, Membership
from triage.audit.services import verify_chain
from triage.models import AuditChain, Decision, Post

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("load_demo")
    assert not Group.objects.exists()


def test_load_demo_builds_a_realistic_group_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo", "--password", "demo-password-1")
    group = Group.objects.get(slug="good-deeds")
    roles = dict(Membership.objects.filter(group=group).values_list("user__username", "role"))
    assert roles == {"owner": "owner", "moderator": "moderator", "viewer": "viewer"}
    assert get_user_model().objects.get(username="viewer").check_password("demo-password-1")
    posts = Post.objects.filter(group=group)
    assert posts.count() >= 30
    # Ukrainian, Russian and English posts; comments tied to their posts.
    assert posts.filter(text__contains="Шукаємо").exists()
    assert posts.filter(text__contains="Кто").exists()
    assert posts.filter(text__contains="recognises").exists()
    assert posts.filter(is_comment=True, parent__isnull=False).count() >= 3
    # Some already decided, so every page has something to show.
    assert set(posts.exclude(status="pending").values_list("status", flat=True)) == {
        "removed",
        "kept",
        "escalated",
    }
    assert Decision.objects.filter(group=group).count() >= 10
    # The viral copies form one cluster.
    assert posts.filter(cluster__isnull=False).values("cluster").distinct().count() >= 1
    counts = (posts.count(), Decision.objects.count())
    call_command("load_demo", "--password", "another-password")
    assert (Post.objects.filter(group=group).count(), Decision.objects.count()) == counts
    assert get_user_model().objects.get(username="viewer").check_password("demo-password-1")
    assert verify_chain(AuditChain.objects.get(group=group)).ok


def test_load_demo_refuses_a_short_password(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="at least 8"):
        call_command("load_demo", "--password", "short")
