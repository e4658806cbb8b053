"""What a stolen API token can make the bot do (issue 17, red-team finding N2): nothing.

A post sent through the HTTP API carries whatever ``external_id`` its sender chose. Before, a
copy of a removed campaign sent with the id "-100…:777" was removed by Varta with the setting
"remove copies automatically" on, and the bot deleted message 777 of the linked chat; with the
setting off, a moderator's ordinary removal of that post deleted message 777 instead."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from groups.models import Group, Membership
from groups.services import token_create
from tests.factories import make_post
from tests.platforms.conftest import CHAT
from tests.triage.test_campaigns import NEW_COPY, decide, removed_campaign
from triage.bulk.services import bulk_create, bulk_run
from triage.campaigns.bank import bank_publish
from triage.clusters.services import posts_cluster
from triage.models import PlatformAction, Post
from triage.queue.services import DecisionInput

pytestmark = pytest.mark.django_db

FORGED = f"{CHAT}:777"


def send(group, admin, text):
    m = Membership.objects.select_related("group", "user").get(user=admin, group=group)
    _token, plain = token_create(membership=m, name="stolen")
    response = Client().post(
        f"/api/v1/groups/{group.slug}/posts",
        json.dumps({"text": text, "external_id": FORGED}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plain}",
    )
    assert response.status_code == 200, response.content
    post = Post.objects.get(pk=response.json()["created"][0]["id"])
    posts_cluster(group_id=group.pk, post_ids=[post.pk])
    post.refresh_from_db()
    return post


def test_an_api_copy_of_a_removed_campaign_waits_for_a_person_and_aims_the_bot_nowhere(
    tg_group, owner, moderator
):
    Group.objects.filter(pk=tg_group.pk).update(campaign_auto_remove=True)
    removed_campaign(tg_group, moderator)
    # The same text from a Telegram export would be removed automatically...
    exported = make_post(tg_group, NEW_COPY + " ", source="telegram", external_id=f"{CHAT}:5")
    posts_cluster(group_id=tg_group.pk, post_ids=[exported.pk])
    exported.refresh_from_db()
    assert (exported.status, exported.campaign) == ("removed", "auto")
    assert (
        PlatformAction.objects.filter(post=exported, kind="telegram_delete").get().message_id == 5
    )
    # ... but from the API it goes first in the queue, for a person to decide.
    post = send(tg_group, owner, NEW_COPY + "  ")
    assert (post.status, post.campaign) == ("pending", "copy")
    assert not PlatformAction.objects.filter(message_id=777).exists()
    # And when a moderator removes it, the bot is not aimed at message 777: the removal goes to
    # the manual checklist.
    decide(moderator, tg_group, post, "remove", code="enemy-media")
    actions = PlatformAction.objects.filter(post=post)
    assert [a.kind for a in actions] == ["manual_remove"]
    assert not PlatformAction.objects.filter(kind="telegram_delete", message_id=777).exists()


def test_a_bank_match_sent_through_the_api_is_queued_never_removed_by_itself(
    tg_group, owner, moderator, group, admin_user
):
    # Another group removed and shared the campaign; this group removes matches by itself.
    copies = removed_campaign(group, moderator)
    publisher = Membership.objects.select_related("group", "user").get(user=admin_user, group=group)
    bank_publish(membership=publisher, cluster_id=copies[0].cluster_id)
    Group.objects.filter(pk=tg_group.pk).update(campaign_bank=Group.CampaignBank.REMOVE)
    post = send(tg_group, owner, NEW_COPY)
    assert (post.status, post.campaign) == ("pending", "bank")
    assert not PlatformAction.objects.filter(post=post).exists()


def test_a_bulk_removal_in_a_linked_chat_reads_each_posts_source_with_the_post(tg_group, moderator):
    """The outbox asks each removed post where it came from: read with the chunk's posts, not
    one query per post (a 10,000-post removal would have made 10,000 more)."""

    def remove(n):
        ids = [
            make_post(tg_group, f"пост {n}-{i}", source="telegram", external_id=f"{CHAT}:{n}{i}").pk
            for i in range(n)
        ]
        m = Membership.objects.select_related("group", "user").get(user=moderator, group=tg_group)
        rule = tg_group.rules.first()
        op = bulk_create(
            membership=m,
            criteria={"kind": "ids", "ids": ids},
            data=DecisionInput(action="remove", rule_id=rule.pk),
            confirmed_count=n,
        )
        with CaptureQueriesContext(connection) as queries:
            bulk_run(op_id=op.pk)
        assert PlatformAction.objects.filter(post_id__in=ids, kind="telegram_delete").count() == n
        return len(queries)

    assert remove(20) == remove(3)
