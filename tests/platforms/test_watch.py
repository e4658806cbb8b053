"""Watch mode: the bot scores every message of the chat in memory and files only what reaches
the review threshold; nothing of the rest reaches the database or the logs."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest
from django.db import connection

from groups.models import Group, KeywordRule
from tests.platforms.telegram_updates import message, update
from triage.models import AuditEvent, Post, TelegramUpdate
from triage.platforms.intake import update_handle

pytestmark = pytest.mark.django_db

# Keyword rules make the scores certain whatever the test model says: +1 clips to 1, -1 to 0.
HIGH = "Хто впізнає полоненого? Пишіть, його мама чекає: +380 67 123 45 67"
LOW = "Шукаємо кошеня сірого кольору, зникло біля школи, Маринівка-таємниця"


@pytest.fixture
def watching(tg_group, base_model, fake_telegram):
    Group.objects.filter(pk=tg_group.pk).update(
        telegram_watch=True, review_threshold=Decimal("0.5")
    )
    KeywordRule.objects.create(group=tg_group, kind="phrase", pattern="впізнає", weight=1.0)
    KeywordRule.objects.create(group=tg_group, kind="word", pattern="кошеня", weight=-1.0)
    tg_group.refresh_from_db()
    return tg_group


def every_table_text() -> str:
    """Every value of every table, as text: where a message below the threshold must not be."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            out += [repr(row) for row in cursor.fetchall()]
    return "\n".join(out)


def test_a_message_at_the_threshold_is_filed_as_found_by_the_bot(watching):
    upd = update(message=message(11, HIGH))
    outcome = update_handle(group=watching, update=upd)
    assert outcome.kind == "filed"
    post = Post.objects.get()
    assert post.text == HIGH
    assert len(post.report_reasons) == 1
    assert AuditEvent.objects.get(action="import.telegram").payload["how"] == "watch"


def test_nothing_of_a_message_below_the_threshold_is_stored_or_logged(watching, caplog):
    marker = "Маринівка-таємниця"
    with caplog.at_level(logging.DEBUG):
        outcome = update_handle(group=watching, update=update(message=message(12, LOW)))
    assert outcome.kind == "below"
    assert not Post.objects.exists()
    assert TelegramUpdate.objects.count() == 1  # its id, nothing else
    assert marker not in every_table_text()
    assert "сірого кольору" not in every_table_text()
    assert marker not in caplog.text
    assert "Петро" not in every_table_text()  # nor its author


def test_an_edit_that_adds_a_phone_number_is_scored_again(watching):
    assert update_handle(group=watching, update=update(message=message(13, LOW))).kind == "below"
    edited = update(edited_message=message(13, HIGH, edit_date=1))
    assert update_handle(group=watching, update=edited).kind == "filed"
    assert Post.objects.get().external_id.endswith(":13")


def test_a_filed_message_edited_again_is_still_one_post_with_one_report(watching):
    update_handle(group=watching, update=update(message=message(14, HIGH)))
    update_handle(group=watching, update=update(edited_message=message(14, HIGH + "!")))
    post = Post.objects.get()
    assert post.report_count == 1


def test_watch_mode_is_off_by_default_and_then_keeps_nothing(tg_group, base_model, fake_telegram):
    assert tg_group.telegram_watch is False
    outcome = update_handle(group=tg_group, update=update(message=message(15, HIGH)))
    assert (outcome.kind, outcome.why) == ("ignored", "not a report")
    assert not Post.objects.exists()


def test_watch_mode_skips_media_without_text_and_service_messages(watching):
    for body in (
        message(16, None, photo=[{"file_id": "x"}]),
        message(17, None, new_chat_members=[{"id": 5, "is_bot": False, "first_name": "A"}]),
    ):
        assert update_handle(group=watching, update=update(message=body)).kind == "below"
    assert not Post.objects.exists()


def test_watch_mode_reads_only_the_linked_chat(watching):
    other = {"id": -1003333333333, "type": "supergroup"}
    outcome = update_handle(group=watching, update=update(message=message(18, HIGH, chat=other)))
    assert outcome.why == "unlinked chat"
    assert not Post.objects.exists()


def test_a_report_in_a_watched_chat_is_still_a_report(watching):
    from tests.platforms.telegram_updates import report

    outcome = update_handle(group=watching, update=report(message(19, LOW), "spam"))
    assert outcome.kind == "filed"
    assert Post.objects.get().text == LOW  # a member reported it: filed whatever its score


def test_a_message_below_the_threshold_matching_a_shared_campaign_is_filed(
    watching, group, moderator, admin_user
):
    """Another group removed a campaign and shared its signatures; this group compares with
    the bank: a copy arriving in the chat is filed although it scores low."""
    from tests.triage.test_campaign_bank import published
    from tests.triage.test_campaigns import NEW_COPY

    published(group, moderator, admin_user)
    # Whatever the model says of it, this copy scores 0 here.
    KeywordRule.objects.filter(group=watching).delete()
    KeywordRule.objects.create(group=watching, kind="word", pattern="бригада", weight=-1.0)
    upd = update(message=message(20, NEW_COPY))
    assert update_handle(group=watching, update=upd).kind == "below"  # the bank is off
    Group.objects.filter(pk=watching.pk).update(campaign_bank="queue")
    watching.refresh_from_db()
    outcome = update_handle(group=watching, update=update(message=message(21, NEW_COPY)))
    assert outcome.kind == "filed"
    assert Post.objects.get(group=watching).external_id.endswith(":21")


def test_what_the_bot_files_is_one_batch_on_the_imports_page(watching, moderator):
    from conftest import client_for
    from tests.platforms.conftest import TOKEN

    update_handle(group=watching, update=update(message=message(22, HIGH)))
    html = client_for(moderator).get(f"/g/{watching.slug}/imports/").content.decode()
    assert "telegram-bot:" in html
    assert TOKEN not in html
