"""What the queue and the reports say is still to be carried out on the platform: counted
from the open and failed actions only, however many a group carried out before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_post
from triage.models import PlatformAction
from triage.platforms.services import platform_summary

pytestmark = pytest.mark.django_db

S = PlatformAction.Status
K = PlatformAction.Kind


def action(group, status, kind=K.MANUAL_REMOVE, **fields):
    return PlatformAction.objects.create(
        group=group, post=make_post(group), kind=kind, status=status, **fields
    )


def test_the_summary_counts_waiting_manual_and_failed_and_the_oldest_waiting(group, other_group):
    old = action(group, S.PENDING)
    PlatformAction.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    action(group, S.IN_PROGRESS, K.TELEGRAM_DELETE, chat_id=1, message_id=2)
    action(group, S.FAILED)
    for status in (S.DONE, S.CANCELLED, S.NOT_POSSIBLE, S.DONE):
        action(group, status)
    action(other_group, S.PENDING)  # another group's: never counted
    summary = platform_summary(group=group)
    assert summary["waiting"] == 2
    assert summary["manual_waiting"] == 1
    assert summary["failed"] == 1
    old.refresh_from_db()
    assert summary["oldest"] == old.created_at


def test_nothing_waiting_has_no_oldest(group):
    action(group, S.DONE)
    assert platform_summary(group=group) == {
        "waiting": 0,
        "manual_waiting": 0,
        "failed": 0,
        "oldest": None,
    }
