"""A person's first minute, in a real headless Chromium: log in, switch language, open the group."""

from __future__ import annotations

import pytest

from conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():  # the next page, not the login page still showing
        page.click("#main button[type=submit]")


def test_moderator_logs_in_switches_language_and_opens_the_group(
    page, live_server, group, other_group, moderator
):
    log_in(page, live_server, "maria_moderator")
    # One group: straight to it.
    page.wait_for_url(f"{live_server.url}/g/good-deeds/queue/")
    assert page.locator(".groupnav .groupname").inner_text() == "Good Deeds"
    # The browser asks for English, so the first page is in English.
    assert page.get_attribute("html", "lang") == "en"

    with page.expect_navigation():
        page.click("button[name=language][value=uk]")
    assert page.get_attribute("html", "lang") == "uk"
    assert page.locator("nav.groupnav a", has_text="Учасники").count() == 1

    with page.expect_navigation():
        page.click("button[name=language][value=en]")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("nav.groupnav a", has_text="Members").count() == 1

    page.click("nav.groupnav a:has-text('Members')")
    page.wait_for_url("**/g/good-deeds/members/")
    assert page.locator("tr[data-member=maria_moderator]").count() == 1
    # A moderator sees no settings link and no member controls.
    assert page.locator("nav.groupnav a:has-text('Settings')").count() == 0
    assert page.locator("form[action$='/role/']").count() == 0

    # The other group is not offered and not reachable.
    assert page.locator("#group-switch option[value=kyiv-helpers]").count() == 0
    response = page.goto(f"{live_server.url}/g/kyiv-helpers/")
    assert response.status == 404


def test_owner_switches_between_groups_with_the_switcher(
    page, live_server, group, other_group, owner
):
    from groups.models import Membership, Role

    Membership.objects.create(user=owner, group=other_group, role=Role.VIEWER)
    log_in(page, live_server, "olena_owner")
    page.wait_for_url(f"{live_server.url}/")
    page.click("#main a:has-text('Kyiv Helpers')")
    page.wait_for_url("**/g/kyiv-helpers/queue/")
    page.select_option("#group-switch", "good-deeds")
    page.wait_for_url("**/g/good-deeds/queue/")
    assert page.locator(".groupnav .groupname").inner_text() == "Good Deeds"


def test_wrong_password_is_explained(page, live_server, group, moderator):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "maria_moderator")
    page.fill("#id_password", "wrong")
    page.click("#main button[type=submit]")
    # The answer is a new page: wait for it (on a busy machine it takes a moment).
    page.wait_for_selector("[role=alert]")
    assert page.locator("[role=alert]").count() == 1
