from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from groups.models import Group, Membership, Role

pytestmark = pytest.mark.django_db


def test_create_group_with_an_owner(owner, capsys):
    call_command("create_group", "lviv-aid", "--name", "Lviv Aid", "--owner", "olena_owner")
    group = Group.objects.get(slug="lviv-aid")
    assert group.name == "Lviv Aid"
    assert Membership.objects.get(group=group, user=owner).role == Role.OWNER
    assert group.rules.count() == 6
    assert group.reply_templates.count() == 2
    assert "Created group" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["good-deeds", "--name", "Again"], "already exists"),
        (["new-one", "--name", "N", "--owner", "ghost"], "No user named"),
        (["not a slug!", "--name", "N"], "slug"),
        (["new-two", "--name", ""], "blank|порожн"),
    ],
)
def test_create_group_refuses_bad_input_clearly(group, args, message):
    before = Group.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("create_group", *args)
    assert Group.objects.count() == before


def test_create_group_refuses_an_unknown_platform(db):
    with pytest.raises(CommandError):
        call_command("create_group", "x", "--name", "X", "--platform", "myspace")
