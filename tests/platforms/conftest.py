from __future__ import annotations

import pytest

from groups.models import Membership
from groups.services import group_create
from tests.platforms.fake_telegram import FakeTelegram
from triage.platforms import secrets

TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl"
CHAT = -1001234567890


@pytest.fixture
def fake_telegram(settings):
    with FakeTelegram(TOKEN) as fake:
        settings.TELEGRAM_API_BASE = fake.url
        yield fake


@pytest.fixture
def tg_group(owner, moderator, admin_user, viewer):
    from groups.models import Role

    g = group_create(name="Telegram chat", slug="tg-chat", platform="telegram", owner=owner)
    g.telegram_chat_id = CHAT
    g.telegram_bot_token = secrets.encrypt(TOKEN)
    g.require_two_factor = False  # tested in tests/auth/test_two_factor.py
    g.save()
    Membership.objects.create(user=moderator, group=g, role=Role.MODERATOR)
    Membership.objects.create(user=admin_user, group=g, role=Role.ADMIN)
    Membership.objects.create(user=viewer, group=g, role=Role.VIEWER)
    return g
