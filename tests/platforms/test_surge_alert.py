"""The bot tells the admins' chat of a surge (issue 15), through a local Bot API server."""

from __future__ import annotations

import pytest

from groups.models import Group
from tests.platforms.conftest import CHAT
from tests.triage.test_campaigns import PHONE, copies_of, surge_group
from tests.triage.test_clustering import cluster_all
from triage.campaigns.services import ALERT_EXCERPT, surge_alert
from triage.models import AuditEvent, Cluster

pytestmark = pytest.mark.django_db

ADMINS = -1009876543210


def surging(tg_group):
    Group.objects.filter(pk=tg_group.pk).update(telegram_alert_chat_id=ADMINS)
    surge_group(tg_group, copies=3)
    return cluster_all(tg_group, copies_of(3))[0].cluster_id


def test_the_alert_goes_to_the_admins_chat_with_no_personal_data(tg_group, fake_telegram, settings):
    settings.VARTA_BASE_URL = "https://varta.example.org/"
    cluster_id = surging(tg_group)
    assert surge_alert(cluster_id=cluster_id) is True
    [(chat, text)] = fake_telegram.sent
    assert chat == ADMINS != CHAT
    assert "3" in text
    assert PHONE not in text
    assert "67 123 45 67" not in text
    assert "[phone]" in text
    assert f"https://varta.example.org/g/{tg_group.slug}/clusters/{cluster_id}/" in text
    event = AuditEvent.objects.get(action="campaign.surge_alert")
    assert event.payload == {"sent": True, "error": ""}


def test_a_long_post_is_cut_and_a_missing_base_url_gives_the_path(tg_group, fake_telegram):
    Group.objects.filter(pk=tg_group.pk).update(telegram_alert_chat_id=ADMINS)
    surge_group(tg_group, copies=2)
    long_text = "Шукаємо хлопців з 93 бригади, пишіть у коментарях. " * 60
    cluster_id = cluster_all(tg_group, [long_text, "UPD: " + long_text])[0].cluster_id
    assert surge_alert(cluster_id=cluster_id) is True
    [(_chat, text)] = fake_telegram.sent
    assert len(text) < ALERT_EXCERPT + 600
    assert "…" in text
    assert f"/g/{tg_group.slug}/clusters/{cluster_id}/" in text
    assert "https://" not in text


def test_a_refused_alert_is_audited_and_nothing_breaks(tg_group, fake_telegram):
    cluster_id = surging(tg_group)
    fake_telegram.missing_chats.add(ADMINS)
    assert surge_alert(cluster_id=cluster_id) is False
    event = AuditEvent.objects.get(action="campaign.surge_alert")
    assert event.payload["sent"] is False
    assert "chat not found" in event.payload["error"]
    assert fake_telegram.token not in event.payload["error"]


def test_no_alert_without_a_chat_or_for_a_cluster_gone(tg_group, fake_telegram):
    surge_group(tg_group, copies=3)
    cluster_id = cluster_all(tg_group, copies_of(3))[0].cluster_id
    assert surge_alert(cluster_id=cluster_id) is False  # no alert chat set
    Group.objects.filter(pk=tg_group.pk).update(telegram_alert_chat_id=ADMINS)
    Cluster.objects.filter(pk=cluster_id).delete()
    assert surge_alert(cluster_id=cluster_id) is False
    assert surge_alert(cluster_id=10**12) is False
    assert fake_telegram.sent == []


@pytest.mark.parametrize(
    "hostile", ["abc", "-100 123", "1e9", "99999999999999999999999", "-", "١٢٣", "--5"]
)
def test_the_alert_chat_field_refuses_what_is_not_a_chat_id(tg_group, owner_client, hostile):
    response = owner_client.post(
        f"/g/{tg_group.slug}/settings/telegram/", {"chat_id": str(CHAT), "alert_chat_id": hostile}
    )
    assert response.status_code == 200
    assert "The chat id is a number" in response.content.decode()
    assert Group.objects.get(pk=tg_group.pk).telegram_alert_chat_id is None


def test_the_alert_chat_is_saved_and_audited(tg_group, owner_client):
    response = owner_client.post(
        f"/g/{tg_group.slug}/settings/telegram/",
        {"chat_id": str(CHAT), "alert_chat_id": str(ADMINS)},
    )
    assert response.status_code == 302
    assert Group.objects.get(pk=tg_group.pk).telegram_alert_chat_id == ADMINS
    event = AuditEvent.objects.filter(action="group.telegram").latest("seq")
    assert event.payload["alert_chat_id"] == ADMINS
