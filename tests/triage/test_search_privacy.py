"""Search terms (phone numbers, names) never travel in a URL: not in the queue's links, not in
redirects, so not in access logs, browser history or the Referer header."""

from __future__ import annotations

import pytest

from conftest import client_for
from tests.factories import make_post

pytestmark = pytest.mark.django_db

TERM = "0671234567"


@pytest.fixture
def posts(group):
    return (
        make_post(group, f"Пишіть мамі {TERM}, вона чекає"),
        make_post(group, "Продам дрова, дуб"),
    )


def search(client, group, term=TERM, **filters):
    return client.post(f"/g/{group.slug}/queue/search/", {"q": term, **filters})


def test_the_search_form_posts_and_the_queue_url_carries_a_token(group, moderator, posts):
    client = client_for(moderator)
    response = search(client, group, status="pending")
    assert response.status_code == 302
    location = response["Location"]
    assert TERM not in location
    assert "s=" in location
    assert "status=pending" in location
    page = client.get(location).content.decode()
    assert "Продам дрова" not in page  # the search applied
    # The term appears in the search box, never in a link.
    assert page.count(TERM) == page.count(f'value="{TERM}"')
    assert f"q={TERM}" not in page


def test_deciding_from_a_search_redirects_without_the_term(group, moderator, posts):
    client = client_for(moderator)
    client.get(search(client, group)["Location"])
    found = posts[0]
    response = client.post(
        f"/g/{group.slug}/posts/{found.pk}/decide/",
        {"version": "0", "action": "keep", "q": TERM, "status": "pending"},
    )
    assert response.status_code == 302
    assert TERM not in response["Location"]
    assert "s=" in response["Location"]


def test_an_old_link_with_the_term_is_sent_on_as_a_token(group, moderator, posts):
    response = client_for(moderator).get(f"/g/{group.slug}/queue/?q={TERM}")
    assert response.status_code == 302
    assert TERM not in response["Location"]


def test_a_token_is_only_good_in_the_session_that_made_it(group, moderator, admin_user, posts):
    location = search(client_for(moderator), group)["Location"]
    page = client_for(admin_user).get(location).content.decode()
    assert "That search has expired" in page
    assert "Продам дрова" in page  # no search applied: the whole pending queue


def test_viewers_still_cannot_search(group, viewer, posts):
    client = client_for(viewer)
    location = search(client, group)["Location"]
    page = client.get(location).content.decode()
    assert "Text search is for moderators" in page
    assert "Продам дрова" in page


@pytest.mark.parametrize("term", ["", " ", "x" * 5000, "\x00067", "<script>alert(1)</script>"])
def test_hostile_search_text_is_handled(group, moderator, posts, term):
    client = client_for(moderator)
    response = search(client, group, term)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()


def test_the_search_view_wants_a_post(group, moderator):
    assert client_for(moderator).get(f"/g/{group.slug}/queue/search/").status_code == 405
