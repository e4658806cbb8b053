"""Linking the bot: its rights in the chat are checked and shown; watch mode is switched on."""

from __future__ import annotations

import pytest

from conftest import client_for
from groups.models import Group
from tests.platforms.conftest import CHAT, TOKEN
from triage.models import AuditEvent

pytestmark = pytest.mark.django_db


def save(admin_user, group, **extra):
    data = {"chat_id": str(CHAT), "token": TOKEN, **extra}
    return client_for(admin_user).post(f"/g/{group.slug}/settings/telegram/", data)


def page(admin_user, group):
    return client_for(admin_user).get(f"/g/{group.slug}/settings/telegram/").content.decode()


def test_linking_checks_what_the_bot_may_do_and_shows_it(tg_group, admin_user, fake_telegram):
    assert save(admin_user, tg_group).status_code == 302
    rights = Group.objects.get(pk=tg_group.pk).telegram_bot_rights
    assert rights["username"] == "varta_test_bot"
    assert (rights["status"], rights["can_delete"], rights["can_restrict"]) == (
        "administrator",
        True,
        True,
    )
    asked = [r["body"] for r in fake_telegram.requests if r["method"] == "getChatMember"]
    assert asked == [{"chat_id": CHAT, "user_id": fake_telegram.bot_user["id"]}]
    html = page(admin_user, tg_group)
    assert 'data-right="delete">✓' in html
    assert 'data-right="restrict">✓' in html
    event = AuditEvent.objects.get(action="group.telegram_rights")
    assert event.actor == admin_user
    assert event.payload["can_delete"] is True


def test_a_bot_without_rights_is_shown_with_what_that_costs(tg_group, admin_user, fake_telegram):
    fake_telegram.bot_rights = {"status": "member"}
    save(admin_user, tg_group)
    html = page(admin_user, tg_group)
    assert 'data-right="delete">✗' in html
    assert 'data-right="restrict">✗' in html
    # The admin fixes it in Telegram and asks again.
    fake_telegram.bot_rights = {"status": "administrator", "can_delete_messages": True}
    client_for(admin_user).post(f"/g/{tg_group.slug}/settings/telegram/rights/")
    rights = Group.objects.get(pk=tg_group.pk).telegram_bot_rights
    assert (rights["can_delete"], rights["can_restrict"]) == (True, False)


def test_a_check_telegram_refuses_is_shown_without_the_token(tg_group, admin_user, fake_telegram):
    fake_telegram.missing_chats.add(CHAT)
    save(admin_user, tg_group)
    html = page(admin_user, tg_group)
    assert "chat not found" in html
    assert TOKEN.split(":")[1] not in html


def test_only_admins_may_ask_again(tg_group, moderator, outsider, fake_telegram):
    url = f"/g/{tg_group.slug}/settings/telegram/rights/"
    assert client_for(moderator).post(url).status_code == 403
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(moderator).get(url).status_code == 405
    assert not fake_telegram.requests


def test_watch_mode_is_switched_on_and_off_and_audited(tg_group, admin_user, fake_telegram):
    assert Group.objects.get(pk=tg_group.pk).telegram_watch is False
    save(admin_user, tg_group, watch="1")
    assert Group.objects.get(pk=tg_group.pk).telegram_watch is True
    assert "checked" in page(admin_user, tg_group).split('name="watch"')[1][:80]
    save(admin_user, tg_group)
    assert Group.objects.get(pk=tg_group.pk).telegram_watch is False
    payloads = AuditEvent.objects.filter(action="group.telegram").values_list("payload", flat=True)
    assert [p["watch"] for p in payloads] == [True, False]
