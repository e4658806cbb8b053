"""Updates arrive by long polling (getUpdates) or by webhook; each is handled exactly once."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from groups.models import Group
from tests.platforms.conftest import CHAT
from tests.platforms.telegram_updates import message, report, update
from triage.models import AuditEvent, Post, TelegramInbox, TelegramUpdate
from triage.platforms import intake, polling
from triage.platforms.polling import handled_purge, telegram_poll, webhook_secret
from triage.platforms.telegram import TelegramError

pytestmark = pytest.mark.django_db


def push_reports(fake, n, start=1000):
    return [fake.push(report(message(start + i), reporter=10_000 + i)) for i in range(n)]


def assert_each_handled_once(group, update_ids):
    assert TelegramUpdate.objects.filter(group=group).count() == len(update_ids)
    assert Post.objects.filter(group=group).count() == len(update_ids)
    assert set(Post.objects.values_list("report_count", flat=True)) == {1}
    assert AuditEvent.objects.filter(action="import.telegram").count() == len(update_ids)


# -- polling -------------------------------------------------------------------------------


def test_a_poll_handles_the_updates_and_stores_the_offset(tg_group, fake_telegram):
    ids = push_reports(fake_telegram, 3)
    outcomes = telegram_poll(group_id=tg_group.pk)
    assert outcomes == {"filed": 3}
    assert TelegramInbox.objects.get(group=tg_group).offset == ids[-1] + 1
    # The next call confirms them: Telegram forgets them and nothing more is handled.
    assert telegram_poll(group_id=tg_group.pk) == {}
    assert fake_telegram.updates == []
    assert_each_handled_once(tg_group, ids)
    request = [r for r in fake_telegram.requests if r["method"] == "getUpdates"][-1]
    assert request["body"]["allowed_updates"] == ["message", "edited_message"]


def test_a_burst_of_updates_is_handled_exactly_once_in_batches_of_100(tg_group, fake_telegram):
    ids = push_reports(fake_telegram, 250)
    sizes = []
    while fake_telegram.updates:
        sizes.append(sum(telegram_poll(group_id=tg_group.pk).values()))
    # The fourth call confirms the last batch (its offset), and gets nothing.
    assert sizes == [100, 100, 50, 0]
    assert_each_handled_once(tg_group, ids)


@pytest.mark.parametrize("dies", ["before handling", "after handling"])
def test_a_poller_killed_midway_loses_nothing_and_repeats_nothing(
    tg_group, fake_telegram, monkeypatch, dies
):
    ids = push_reports(fake_telegram, 10)
    real = polling.update_handle
    calls = {"n": 0}

    def dying(**kwargs):
        calls["n"] += 1
        if calls["n"] == 6 and dies == "before handling":
            raise SystemExit("killed")
        outcome = real(**kwargs)
        if calls["n"] == 6:
            raise SystemExit("killed")  # handled and committed, the offset not yet stored
        return outcome

    monkeypatch.setattr(polling, "update_handle", dying)
    with pytest.raises(SystemExit):
        telegram_poll(group_id=tg_group.pk)
    assert TelegramInbox.objects.get(group=tg_group).offset == ids[4] + 1
    monkeypatch.setattr(polling, "update_handle", real)
    outcomes = telegram_poll(group_id=tg_group.pk)
    # Asked again from the stored offset: the sixth update, if it was handled, is found.
    expected = {"filed": 5} if dies == "before handling" else {"seen": 1, "filed": 4}
    assert outcomes == expected
    assert_each_handled_once(tg_group, ids)


def test_a_malformed_update_in_the_stream_is_stepped_over(tg_group, fake_telegram):
    fake_telegram.push({"update_id": 7, "message": "not an object"})
    fake_telegram.push({"update_id": 8, "message": {"chat": []}})
    ids = push_reports(fake_telegram, 1)
    telegram_poll(group_id=tg_group.pk)
    assert TelegramInbox.objects.get(group=tg_group).offset == ids[0] + 1
    assert Post.objects.count() == 1


def test_getupdates_is_refused_while_a_webhook_is_set(tg_group, fake_telegram):
    fake_telegram.webhook = {"url": "http://127.0.0.1:1/telegram/hook/1/", "secret_token": "s"}
    with pytest.raises(TelegramError) as refused:
        telegram_poll(group_id=tg_group.pk)
    assert refused.value.code == 409


def test_the_poll_command_runs_once_and_skips_unlinked_groups(tg_group, fake_telegram, other_group):
    ids = push_reports(fake_telegram, 2)
    call_command("telegram_poll", "--once", "--timeout", "0")
    assert_each_handled_once(tg_group, ids)
    polled = {
        r["body"].get("offset") for r in fake_telegram.requests if r["method"] == "getUpdates"
    }
    assert polled == {0}  # one call, for the one linked group


def test_the_poll_command_survives_a_webhook_and_a_revoked_token(tg_group, fake_telegram):
    fake_telegram.webhook = {"url": "http://127.0.0.1:1/x/", "secret_token": "s"}
    call_command("telegram_poll", "--once", "--timeout", "0")
    fake_telegram.webhook = {}
    fake_telegram.token = "0:other"
    call_command("telegram_poll", "--once", "--timeout", "0")
    assert not TelegramUpdate.objects.exists()


def test_a_long_poll_returns_as_soon_as_an_update_arrives(tg_group, fake_telegram):
    import threading

    timer = threading.Timer(0.3, lambda: push_reports(fake_telegram, 1))
    timer.start()
    try:
        assert telegram_poll(group_id=tg_group.pk, timeout=10) == {"filed": 1}
    finally:
        timer.cancel()


def test_ids_of_updates_handled_long_ago_are_forgotten(tg_group):
    old = TelegramUpdate.objects.create(group=tg_group, update_id=1)
    TelegramUpdate.objects.filter(pk=old.pk).update(handled_at=timezone.now() - timedelta(days=4))
    TelegramUpdate.objects.create(group=tg_group, update_id=2)
    assert handled_purge() == 1
    assert list(TelegramUpdate.objects.values_list("update_id", flat=True)) == [2]


# -- the webhook ---------------------------------------------------------------------------


def hook(client, group_id, body, secret):
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(
        f"/telegram/hook/{group_id}/", data=data, content_type="application/json", headers=headers
    )


def test_the_webhook_files_a_report_sent_with_the_groups_secret(client, tg_group, fake_telegram):
    upd = report(message(60), "spam", command_id=960)
    response = hook(client, tg_group.pk, upd, webhook_secret(tg_group))
    assert response.status_code == 200
    assert Post.objects.get().external_id.endswith(":60")
    assert fake_telegram.deleted == {(CHAT, 960): 1}
    # Telegram sends it again (it did not hear the answer): still one post, one report.
    assert hook(client, tg_group.pk, upd, webhook_secret(tg_group)).status_code == 200
    assert Post.objects.get().report_count == 1


@pytest.mark.parametrize(
    "secret", [None, "", "wrong", "x" * 64, "A" * 1000, "секрет"], ids=lambda s: repr(s)[:12]
)
def test_the_webhook_refuses_a_wrong_or_missing_secret(client, tg_group, fake_telegram, secret):
    response = hook(client, tg_group.pk, report(message(61)), secret)
    assert response.status_code == 403
    assert not Post.objects.exists()
    assert not TelegramUpdate.objects.exists()


def test_one_groups_secret_opens_no_other_groups_webhook(client, tg_group, other_group):
    Group.objects.filter(pk=other_group.pk).update(platform="telegram")
    response = hook(client, other_group.pk, report(message(62)), webhook_secret(tg_group))
    assert response.status_code == 403
    assert hook(client, 999_999, report(message(62)), webhook_secret(tg_group)).status_code == 403


def test_a_new_bot_token_changes_the_secret(tg_group):
    before = webhook_secret(tg_group)
    from triage.platforms import secrets

    tg_group.telegram_bot_token = secrets.encrypt("987654321:AAAnotherTokenForTests_abcdefgh")
    assert webhook_secret(tg_group) != before


@pytest.mark.parametrize("body", [b"{not json", b"", b"\xff\xfe", "[1, 2"])
def test_the_webhook_answers_400_to_a_body_that_is_not_json(client, tg_group, body):
    assert hook(client, tg_group.pk, body, webhook_secret(tg_group)).status_code == 400
    assert not TelegramUpdate.objects.exists()


@pytest.mark.parametrize("body", [[], "text", 5, None, {"update_id": "x"}, {}])
def test_the_webhook_acknowledges_json_that_is_no_update_and_files_nothing(client, tg_group, body):
    assert hook(client, tg_group.pk, json.dumps(body), webhook_secret(tg_group)).status_code == 200
    assert not Post.objects.exists()


def test_the_webhook_takes_only_post(client, tg_group):
    response = client.get(f"/telegram/hook/{tg_group.pk}/")
    assert response.status_code == 405


def test_the_webhook_of_a_group_unlinked_since_files_nothing(client, tg_group, fake_telegram):
    secret = webhook_secret(tg_group)
    Group.objects.filter(pk=tg_group.pk).update(telegram_chat_id=None)
    assert hook(client, tg_group.pk, report(message(63)), secret).status_code == 200
    assert not Post.objects.exists()


def test_the_webhook_ignores_updates_of_other_chats_and_channel_posts(client, tg_group):
    secret = webhook_secret(tg_group)
    other = {"id": -1007777777777, "type": "supergroup"}
    for upd in (
        report(message(64, chat=other), chat=other),
        update(channel_post=message(65, chat={"id": -1001, "type": "channel"})),
        update(edited_message=message(66)),
    ):
        assert hook(client, tg_group.pk, upd, secret).status_code == 200
    assert not Post.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_telegram_calls_the_webhook_set_by_the_command(live_server, tg_group, fake_telegram):
    """The whole way: the command registers the address and secret with the (local) Bot API,
    which then POSTs an update there, as Telegram does."""
    call_command("telegram_webhook", "set", "--base-url", live_server.url)
    assert fake_telegram.webhook["url"] == f"{live_server.url}/telegram/hook/{tg_group.pk}/"
    assert fake_telegram.webhook["secret_token"] == webhook_secret(tg_group)
    assert fake_telegram.deliver(report(message(70), "spam", command_id=970)) == 200
    assert Post.objects.get().report_reasons == ["spam"]
    assert fake_telegram.deleted == {(CHAT, 970): 1}
    assert fake_telegram.deliver(report(message(71)), secret="forged") == 403
    assert fake_telegram.deliver(b"{broken") == 400
    call_command("telegram_webhook", "delete")
    assert fake_telegram.webhook == {}


def test_the_webhook_command_refuses_a_plain_http_address(tg_group, fake_telegram):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("telegram_webhook", "set", "--base-url", "http://varta.example.org")
    assert fake_telegram.webhook == {}


def test_allowed_updates_are_what_the_bot_handles():
    assert intake.ALLOWED_UPDATES == ["message", "edited_message"]
