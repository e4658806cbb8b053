"""The bot files what members report (/report, forwards), through the imports' ingest path.

Every update type the bot may receive is sent to it, through a local server that speaks the
Bot API (tests/platforms/fake_telegram.py) for whatever the bot calls back.
"""

from __future__ import annotations

import pytest

from groups.models import Group
from tests.factories import make_post
from tests.platforms.conftest import CHAT
from tests.platforms.telegram_updates import (
    AUTHOR,
    REPORTER,
    WHEN,
    forward,
    group_chat,
    message,
    next_update_id,
    report,
    update,
    user,
)
from triage.models import AuditEvent, ImportBatch, Post, TelegramReport, TelegramUpdate
from triage.platforms.intake import reporter_key, update_handle

pytestmark = pytest.mark.django_db
BARE = "1234567890"  # CHAT as Telegram Desktop exports name it


def handle(group, upd):
    group.refresh_from_db()
    return update_handle(group=group, update=upd)


def test_a_report_files_the_replied_message_and_deletes_the_command(tg_group, fake_telegram):
    target = message(77, "Хто впізнає? Мій брат у полоні, 93 бригада", reply_to_message=None)
    upd = report(target, "полонений", command_id=901)
    outcome = handle(tg_group, upd)
    assert outcome.kind == "filed"
    post = Post.objects.get(pk=outcome.post_id)
    assert (post.group_id, post.source, post.external_id) == (tg_group.pk, "telegram", f"{BARE}:77")
    assert post.text == "Хто впізнає? Мій брат у полоні, 93 бригада"
    assert (post.author, post.author_external_id) == ("Петро Бойко", f"user{AUTHOR}")
    assert post.permalink == f"https://t.me/c/{BARE}/77"
    assert int(post.posted_at.timestamp()) == WHEN
    assert post.report_count == 1
    assert post.report_reasons == ["полонений"]
    assert post.batch.format == "telegram_bot"
    # The command is gone from the chat, and the reporter is thanked privately.
    assert fake_telegram.deleted == {(CHAT, 901): 1}
    [(chat, text)] = fake_telegram.sent
    assert chat == REPORTER
    assert tg_group.name in text
    event = AuditEvent.objects.get(action="import.telegram")
    assert event.object_id == str(post.pk)
    assert event.payload == {
        "how": "report",
        "created": True,
        "counted": True,
        "update": upd["update_id"],
    }
    assert TelegramUpdate.objects.filter(group=tg_group, update_id=upd["update_id"]).count() == 1


def test_the_same_update_delivered_twice_is_handled_once(tg_group, fake_telegram):
    upd = report(message(78), "spam")
    assert handle(tg_group, upd).kind == "filed"
    assert handle(tg_group, upd).kind == "seen"
    assert Post.objects.get().report_count == 1
    assert AuditEvent.objects.filter(action="import.telegram").count() == 1
    assert len(fake_telegram.sent) == 1


def test_another_member_adds_a_report_and_the_same_member_again_adds_none(tg_group, fake_telegram):
    target = message(79)
    first = handle(tg_group, report(target, "a", reporter=1001))
    second = handle(tg_group, report(target, "b", reporter=1002))
    again = handle(tg_group, report(target, "c", reporter=1001))
    assert (first.kind, second.kind, again.kind) == ("filed", "reported", "repeat")
    assert first.post_id == second.post_id == again.post_id
    post = Post.objects.get()
    assert post.report_count == 2
    assert post.report_reasons == ["a", "b"]
    assert TelegramReport.objects.filter(post=post).count() == 2
    # Every command was deleted, the repeated one too.
    assert len(fake_telegram.deleted) == 3


def test_a_message_imported_from_an_export_and_reported_live_is_one_post(tg_group, fake_telegram):
    exported = make_post(tg_group, "Хто впізнає?", source="telegram", external_id=f"{BARE}:80")
    outcome = handle(tg_group, report(message(80, "Хто впізнає?"), "x"))
    assert (outcome.kind, outcome.post_id) == ("reported", exported.pk)
    assert Post.objects.get().report_count == 2


def test_the_reporter_is_kept_only_as_a_keyed_hash(tg_group, fake_telegram):
    handle(tg_group, report(message(81), reporter=REPORTER))
    row = TelegramReport.objects.get()
    assert row.reporter == reporter_key(tg_group.pk, REPORTER)
    assert str(REPORTER) not in row.reporter
    assert reporter_key(tg_group.pk + 1, REPORTER) != row.reporter


def test_a_caption_is_the_text_and_the_media_a_placeholder(tg_group, fake_telegram):
    photo = message(82, None, caption="Впізнаєте? Пишіть", photo=[{"file_id": "AgAD", "width": 9}])
    outcome = handle(tg_group, report(photo))
    post = Post.objects.get(pk=outcome.post_id)
    assert post.text == "Впізнаєте? Пишіть"
    assert post.media == ["photo: photo"]
    assert "AgAD" not in str(post.media)


def test_a_hidden_link_is_kept_beside_the_text(tg_group, fake_telegram):
    linked = message(
        83,
        "Натисніть тут",
        entities=[{"type": "text_link", "offset": 0, "length": 9, "url": "https://evil.example/"}],
    )
    post = Post.objects.get(pk=handle(tg_group, report(linked)).post_id)
    assert post.media == ["link: https://evil.example/"]


@pytest.mark.parametrize(
    ("target", "why"),
    [
        (None, "not a reply"),  # a reply to a message deleted since: no reply_to_message
        (message(84, None, photo=[{"file_id": "x"}]), "no text"),  # media without text
        (message(85, None, sticker={"emoji": "🙂"}), "no text"),
        (message(86, "   "), "no text"),
        (message(87, None, new_chat_members=[user(5)]), "no text"),  # a service message
        ({"message_id": "88", "text": "x"}, "no text"),  # an id that is no number
    ],
)
def test_a_report_of_nothing_files_nothing_but_the_command_is_deleted(
    tg_group, fake_telegram, target, why
):
    outcome = handle(tg_group, report(target, command_id=902))
    assert (outcome.kind, outcome.why) == ("ignored", why)
    assert not Post.objects.exists()
    assert fake_telegram.deleted == {(CHAT, 902): 1}
    assert fake_telegram.sent == []


@pytest.mark.parametrize(
    "upd",
    [
        # An update for a chat that is not the linked one (the bot was added elsewhere).
        report(message(90, chat=group_chat(-1009999999999)), chat=group_chat(-1009999999999)),
        # An edited /report is no report.
        update(edited_message=report(message(91))["message"]),
        # Channel posts and service messages.
        update(channel_post=message(92, chat={"id": -1001111111111, "type": "channel"})),
        update(edited_channel_post=message(93, chat={"id": -1001111111111, "type": "channel"})),
        update(message=message(94, None, new_chat_members=[user(6)])),
        update(message=message(95, None, left_chat_member=user(6))),
        update(message=message(96, None, pinned_message=message(1))),
        update(my_chat_member={"chat": group_chat(), "from": user(1)}),
        # Plain messages, with watch mode off.
        update(message=message(97, "Звичайне повідомлення")),
        # Commands that are not /report, or not for this bot.
        update(message=message(98, "/reportx", reply_to_message=message(1))),
        update(message=message(99, "/report@other_bot spam", reply_to_message=message(1))),
        update(message=message(100, "/start")),
        # Malformed: no message object, a chat that is no object, an anonymous admin.
        update(message="text"),
        update(message={"message_id": 5, "chat": "x", "text": "/report"}),
        report(message(101), reporter=0) | {"message": {"chat": group_chat(), "text": "/report"}},
        update(),
    ],
)
def test_updates_that_are_no_report_file_nothing(tg_group, fake_telegram, upd):
    Group.objects.filter(pk=tg_group.pk).update(telegram_bot_rights={"username": "varta_test_bot"})
    outcome = handle(tg_group, upd)
    assert outcome.kind == "ignored"
    assert not Post.objects.exists()
    assert fake_telegram.sent == []
    assert TelegramUpdate.objects.count() == 1  # handled, once


@pytest.mark.parametrize(
    "upd",
    [[], "x", None, 5, {"message": {}}, {"update_id": "7"}, {"update_id": True}, {"update_id": -1}],
)
def test_malformed_updates_are_ignored_and_nothing_is_recorded(tg_group, fake_telegram, upd):
    assert handle(tg_group, upd).kind == "ignored"
    assert not TelegramUpdate.objects.exists()
    assert not Post.objects.exists()


def test_a_report_addressed_to_this_bot_by_name_counts(tg_group, fake_telegram):
    Group.objects.filter(pk=tg_group.pk).update(telegram_bot_rights={"username": "Varta_Test_Bot"})
    outcome = handle(tg_group, report(message(102), "spam", command="/report@varta_test_bot"))
    assert outcome.kind == "filed"
    assert Post.objects.get().report_reasons == ["spam"]


def test_a_reporter_who_never_started_the_bot_is_not_thanked_and_nothing_breaks(
    tg_group, fake_telegram
):
    fake_telegram.forbidden_chats.add(REPORTER)
    assert handle(tg_group, report(message(103))).kind == "filed"
    assert fake_telegram.sent == []


def test_a_bot_without_the_right_to_delete_still_files_the_report(tg_group, fake_telegram):
    fake_telegram.errors[904] = (400, "Bad Request: message can't be deleted")
    assert handle(tg_group, report(message(104), command_id=904)).kind == "filed"
    assert Post.objects.count() == 1


def test_a_member_reporting_in_a_flood_is_rate_limited(tg_group, fake_telegram, settings):
    settings.VARTA_TELEGRAM_REPORTS_PER_HOUR = 3
    kinds = [handle(tg_group, report(message(200 + i))).kind for i in range(5)]
    assert kinds == ["filed", "filed", "filed", "limited", "limited"]
    assert Post.objects.count() == 3
    # Another member is not held back by the flood, and every command was deleted.
    assert handle(tg_group, report(message(210), reporter=99)).kind == "filed"
    assert len(fake_telegram.deleted) == 6


def test_reports_of_a_member_moderators_mostly_rejected_count_less_with_a_reason(
    tg_group, fake_telegram, settings
):
    settings.VARTA_TELEGRAM_ACCURACY_MIN = 3
    for i, status in enumerate(["kept", "kept", "kept", "removed"]):
        post_id = handle(tg_group, report(message(300 + i), reporter=REPORTER)).post_id
        Post.objects.filter(pk=post_id).update(status=status)
    target = message(310)
    handle(tg_group, report(target, "a", reporter=1))  # a member with no history
    outcome = handle(tg_group, report(target, "b", reporter=REPORTER))
    assert outcome.kind == "reported"
    post = Post.objects.get(pk=outcome.post_id)
    assert post.report_count == 1  # filed and shown, not counted
    assert post.report_reasons[0] == "a"
    assert "1 з 4" in post.report_reasons[-1] or "1 of 4" in post.report_reasons[-1]
    assert AuditEvent.objects.filter(action="import.telegram").last().payload["counted"] is False
    # A member whose reports are upheld counts fully.
    handle(tg_group, report(target, "c", reporter=2))
    assert Post.objects.get(pk=post.pk).report_count == 2


# -- forwards ------------------------------------------------------------------------------


def test_a_forward_of_a_linked_channel_post_is_filed_with_its_link(tg_group, fake_telegram):
    origin = {"type": "channel", "chat": group_chat(), "message_id": 120, "date": WHEN}
    outcome = handle(tg_group, forward("Хто впізнає полоненого?", origin))
    assert outcome.kind == "filed"
    post = Post.objects.get()
    assert (post.external_id, post.permalink) == (f"{BARE}:120", f"https://t.me/c/{BARE}/120")
    assert post.author == "Добрі справи"
    assert fake_telegram.sent[0][0] == REPORTER
    event = AuditEvent.objects.get(action="import.telegram")
    assert event.payload["how"] == "forward"


def test_a_forward_from_a_member_of_the_linked_chat_is_filed(tg_group, fake_telegram):
    fake_telegram.members[REPORTER] = "member"
    origin = {"type": "user", "sender_user": user(AUTHOR, "Петро", "Бойко"), "date": WHEN}
    outcome = handle(tg_group, forward("Пишіть мені в приват, знаю де він", origin))
    assert outcome.kind == "filed"
    post = Post.objects.get()
    assert (post.author, post.author_external_id, post.external_id) == (
        "Петро Бойко",
        f"user{AUTHOR}",
        "",
    )
    assert int(post.posted_at.timestamp()) == WHEN


@pytest.mark.parametrize(
    ("origin", "why"),
    [
        ({"type": "channel", "chat": group_chat(-1005555555555), "message_id": 1}, "unlinked chat"),
        ({"type": "chat", "sender_chat": "x"}, "unlinked chat"),
        ({"type": "user", "sender_user": user(AUTHOR)}, "not a member of the linked chat"),
        ({"type": "hidden_user", "sender_user_name": "Анон"}, "not a member of the linked chat"),
        ({"type": "something new"}, "forward of unknown origin"),
    ],
)
def test_forwards_not_known_to_come_from_the_linked_chat_are_not_filed(
    tg_group, fake_telegram, origin, why
):
    outcome = handle(tg_group, forward("Хто впізнає?", origin))
    assert (outcome.kind, outcome.why) == ("ignored", why)
    assert not Post.objects.exists()


def test_a_forward_without_text_and_a_plain_private_message_file_nothing(tg_group, fake_telegram):
    origin = {"type": "channel", "chat": group_chat(), "message_id": 121}
    assert handle(tg_group, forward(None, origin)).why == "no text"
    private = {"id": REPORTER, "type": "private"}
    assert handle(tg_group, update(message=message(5, "/start", chat=private))).kind == "ignored"
    assert not Post.objects.exists()


def test_an_unlinked_group_files_nothing(tg_group, fake_telegram):
    Group.objects.filter(pk=tg_group.pk).update(telegram_chat_id=None)
    assert handle(tg_group, report(message(130))).why == "unlinked chat"
    assert not ImportBatch.objects.exists()


def test_one_batch_a_day_holds_what_the_bot_filed(tg_group, fake_telegram):
    for i in range(3):
        handle(tg_group, report(message(140 + i), reporter=10 + i))
    handle(tg_group, report(message(140), reporter=20))
    batch = ImportBatch.objects.get()
    assert (batch.total_rows, batch.imported, batch.duplicates) == (4, 3, 1)


def test_update_ids_are_per_group(tg_group, fake_telegram, other_group):
    upd = report(message(150))
    handle(tg_group, upd)
    TelegramUpdate.objects.create(group=other_group, update_id=next_update_id())
    assert TelegramUpdate.objects.filter(update_id=upd["update_id"]).count() == 1


def test_who_reported_a_post_goes_with_its_text_at_the_retention_purge(tg_group, fake_telegram):
    from datetime import timedelta

    from django.utils import timezone

    from triage.retention import group_purge_expired

    old = handle(tg_group, report(message(160), reporter=1)).post_id
    fresh = handle(tg_group, report(message(161), reporter=1)).post_id
    long_ago = timezone.now() - timedelta(days=tg_group.retention_days + 1)
    Post.objects.filter(pk=old).update(status="removed", decided_at=long_ago)
    Post.objects.filter(pk=fresh).update(status="removed", decided_at=timezone.now())
    assert group_purge_expired(group=tg_group) == 1
    assert list(TelegramReport.objects.values_list("post_id", flat=True)) == [fresh]
    event = AuditEvent.objects.get(action="retention.purge")
    assert event.payload["telegram_reporters_deleted"] == 1
