"""Campaigns in Chromium (issue 15): a copy of a removed campaign first in the queue and removed
with one key; a surge's banner; sharing a campaign and its match in another group; the bank
file downloaded and imported by staff."""

from __future__ import annotations

import json

import pytest

from conftest import PASSWORD
from groups.models import Group, Membership, Role
from tests.browser.test_queue import gone, log_in, opened
from tests.factories import make_post
from tests.triage.test_campaigns import COPIES, NEW_COPY, PHONE, copies_of, decide
from triage.clusters.services import posts_cluster
from triage.models import CampaignMatch, CampaignSignature, Cluster, Decision, Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cluster_all(group, texts):
    posts = [make_post(group, t) for t in texts]
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in posts])
    return [Post.objects.get(pk=p.pk) for p in posts]


def test_a_copy_of_a_removed_campaign_is_first_and_r_removes_it_with_the_campaigns_rule(
    page, live_server, group, moderator
):
    for post in cluster_all(group, COPIES):
        decide(moderator, group, post, "remove", code="enemy-media")
    make_post(group, "Звичайна новина про ремонт дороги", score=0.99)
    copy = cluster_all(group, [NEW_COPY])[0]
    assert copy.campaign == "copy"
    log_in(page, live_server, "maria_moderator")
    first = page.locator("#queue-rows .qrow").first
    assert first.get_attribute("data-post-id") == str(copy.pk)
    assert "Copy of a removed campaign" in first.inner_text()
    page.keyboard.press("j")
    opened(page, copy.pk)
    assert "moderators removed every earlier copy" in page.inner_text("#pane")
    page.keyboard.press("r")  # the campaign's rule is chosen: r alone removes
    gone(page, copy.pk)
    decision = Decision.objects.get(post=copy)
    assert decision.action == "remove"
    assert decision.rule == group.rules.get(code="enemy-media")


def test_a_surge_is_announced_on_the_queue_with_its_text_masked(page, live_server, group):
    Group.objects.filter(pk=group.pk).update(surge_copies=3)
    posts = cluster_all(group, copies_of(4))
    log_in(page, live_server, "viktor_viewer")
    banner = page.locator(f"[data-surge='{posts[0].cluster_id}']")
    assert banner.is_visible()
    assert "copied 4 times within 60 min" in banner.inner_text()
    assert PHONE not in page.content()
    banner.locator("a").click()
    page.wait_for_url(f"**/clusters/{posts[0].cluster_id}/")


def test_an_admin_shares_a_campaign_and_another_group_catches_its_copy(
    page, live_server, group, moderator, admin_user, other_group, outsider
):
    copies = cluster_all(group, COPIES)
    for post in copies:
        decide(moderator, group, post, "remove", code="pow-info")
    cluster_id = copies[0].cluster_id
    assert cluster_id is not None
    assert Cluster.objects.get(pk=cluster_id).verdict == "removed"
    log_in(page, live_server, "andrii_admin")
    page.goto(f"{live_server.url}/g/{group.slug}/clusters/{cluster_id}/")
    page.click("[data-publish] button")
    page.wait_for_url("**/campaigns/bank/")
    assert page.locator("[data-entry]").count() == 1
    Group.objects.filter(pk=other_group.pk).update(campaign_bank="queue")
    copy = cluster_all(other_group, [NEW_COPY])[0]
    assert CampaignMatch.objects.filter(post=copy).exists()
    # The other group's owner sees the match, and nothing of the first group.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", outsider.username)
    page.fill("#id_password", PASSWORD)
    page.click("#main button[type=submit]")
    page.goto(f"{live_server.url}/g/{other_group.slug}/posts/{copy.pk}/")
    notice = page.locator("[data-campaign='bank']")
    assert "another group on this Varta removed" in notice.inner_text()
    assert group.name not in page.content()
    # Withdrawn by the first group's admin: the bank page says so.
    page.context.clear_cookies()
    log_in(page, live_server, "andrii_admin")
    page.goto(f"{live_server.url}/g/{group.slug}/campaigns/bank/")
    page.click("[data-entry] button")
    page.wait_for_selector("text=withdrawn")
    assert CampaignSignature.objects.get().withdrawn_at is not None


def test_staff_download_the_bank_file_and_import_it(
    page, live_server, group, moderator, admin_user, tmp_path
):
    from triage.campaigns.bank import bank_publish

    copies = cluster_all(group, COPIES)
    for post in copies:
        decide(moderator, group, post, "remove", code="pow-info")
    cluster_id = copies[0].cluster_id
    assert cluster_id is not None
    membership = Membership.objects.select_related("group", "user").get(
        user=admin_user, group=group, role=Role.ADMIN
    )
    bank_publish(membership=membership, cluster_id=cluster_id)
    admin_user.is_staff = True
    admin_user.save()
    log_in(page, live_server, "andrii_admin")
    # Staff exchange the bank only with their second factor verified: a code, typed in.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.auth.test_two_factor import code_for

    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    page.goto(f"{live_server.url}/account/two-factor/verify/?next=/g/{group.slug}/campaigns/bank/")
    page.fill("#id_code", code_for(device))
    with page.expect_navigation():
        page.click("#main button[type=submit]")
    page.goto(f"{live_server.url}/g/{group.slug}/campaigns/bank/")
    with page.expect_download() as download:
        page.click("[data-bank-export]")
    path = tmp_path / "bank.json"
    download.value.save_as(path)
    assert json.loads(path.read_text())["manifest"]["count"] == 1
    CampaignSignature.objects.all().delete()
    page.set_input_files("#bank-file", str(path))
    page.click("[data-bank-import] button")
    page.wait_for_selector("text=campaigns added: 1")
    assert CampaignSignature.objects.get().origin == "varta"


def test_a_surge_that_begins_while_the_queue_is_open_is_announced_by_the_live_poll(
    page, live_server, group
):
    Group.objects.filter(pk=group.pk).update(surge_copies=3)
    make_post(group, "Звичайний допис, щоб черга не була порожня", score=0.2)
    log_in(page, live_server, "viktor_viewer")
    assert page.locator("[data-surge]").count() == 0
    posts = cluster_all(group, copies_of(3))
    page.evaluate("window.vartaQueuePoll()")
    banner = page.locator(f"[data-surge='{posts[0].cluster_id}']")
    banner.wait_for()
    assert "copied 3 times within 60 min" in banner.inner_text()
    assert PHONE not in page.content()
    # A poll that brings nothing new leaves the banner as it is (no re-announcement).
    banner.evaluate("el => el.setAttribute('data-seen', '1')")
    page.evaluate("window.vartaQueuePoll()")
    page.wait_for_timeout(500)
    assert page.locator("[data-surge][data-seen='1']").count() == 1
