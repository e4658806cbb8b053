"""The bot-token key rotates: old keys still read, rotate_field_key moves every token to the
newest, and a token no key reads is left as it is."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from groups.models import Group
from triage.platforms import secrets

pytestmark = pytest.mark.django_db

OLD = "old-field-key-0123456789-0123456789-0123456789-0123"
NEW = "new-field-key-9876543210-9876543210-9876543210-9876"
TOKEN = "123456:ABC-the-bot-token"


def test_a_token_written_with_the_old_key_is_read_once_the_new_key_is_listed_first(settings):
    settings.VARTA_FIELD_KEY = OLD
    stored = secrets.encrypt(TOKEN)
    settings.VARTA_FIELD_KEY = f"{NEW},{OLD}"
    assert secrets.decrypt(stored) == TOKEN
    written_now = secrets.encrypt(TOKEN)
    settings.VARTA_FIELD_KEY = NEW
    assert secrets.decrypt(written_now) == TOKEN  # new values use the newest key
    assert secrets.decrypt(stored) == ""  # the old key is gone: unreadable, not an error


def test_rotate_field_key_moves_every_token_to_the_newest_key(group, other_group, settings):
    settings.VARTA_FIELD_KEY = OLD
    Group.objects.filter(pk=group.pk).update(telegram_bot_token=secrets.encrypt(TOKEN))
    Group.objects.filter(pk=other_group.pk).update(telegram_bot_token=secrets.encrypt("9:other"))
    settings.VARTA_FIELD_KEY = f"{NEW},{OLD}"
    out = io.StringIO()
    call_command("rotate_field_key", stdout=out)
    assert "2 bot token(s) re-encrypted" in out.getvalue()
    settings.VARTA_FIELD_KEY = NEW
    group.refresh_from_db()
    other_group.refresh_from_db()
    assert secrets.decrypt(group.telegram_bot_token) == TOKEN
    assert secrets.decrypt(other_group.telegram_bot_token) == "9:other"


def test_a_token_no_listed_key_reads_is_left_as_it_is_and_named(group, settings):
    settings.VARTA_FIELD_KEY = OLD
    stored = secrets.encrypt(TOKEN)
    Group.objects.filter(pk=group.pk).update(telegram_bot_token=stored)
    settings.VARTA_FIELD_KEY = NEW
    err = io.StringIO()
    with pytest.raises(CommandError, match="could not be read with any key"):
        call_command("rotate_field_key", stdout=io.StringIO(), stderr=err)
    assert group.slug in err.getvalue()
    group.refresh_from_db()
    assert group.telegram_bot_token == stored  # nothing lost


@pytest.mark.parametrize("value", ["", " , ,", f" {NEW} , "])
def test_empty_entries_in_the_key_list_are_ignored(settings, value):
    settings.VARTA_FIELD_KEY = value
    assert secrets.decrypt(secrets.encrypt(TOKEN)) == TOKEN


@pytest.mark.parametrize("garbage", ["not-a-token", "gAAAAA" + "x" * 50, "\x00", "é"])
def test_garbage_in_the_stored_field_reads_as_unreadable(settings, garbage):
    assert secrets.decrypt(garbage) == ""
    assert secrets.reencrypt(garbage) is None
