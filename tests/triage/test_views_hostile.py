"""Queue, decision and bulk views under malformed and hostile requests."""

from __future__ import annotations

import json

import pytest

from tests.factories import make_post
from triage.models import AuditEvent, BulkOperation, Decision, Post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "status=bogus",
        "score_min=abc&score_max=7",
        "date_from=2026-13-40",
        "batch=-1&cluster=99999999999999999999999",
        "q=" + "x" * 5000,
        "q=%00%00",
        "after=not-a-cursor",
        "post=999999",
    ],
)
def test_the_queue_survives_malformed_filters(group, moderator_client, query):
    make_post(group, score=0.5)
    # (A search text in the URL is sent on as a session token first: follow it.)
    response = moderator_client.get(f"/g/{group.slug}/queue/?{query}", follow=True)
    # A post that does not exist is 404; every bad filter is a page that says what is wrong.
    assert response.status_code == (404 if query == "post=999999" else 200)
    if query.startswith(("status", "score", "date", "batch")):
        assert b'class="errors"' in response.content


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"version": "abc", "action": "keep"},
        {"version": "0", "action": "remove", "rule": "not-a-number"},
        {"version": "0", "action": "remove", "rule": "999999"},
        {"version": "0", "action": "drop table"},
        {"version": "-1", "action": "keep"},
        {"version": "0", "action": "escalate", "note": ""},
        {"version": "0", "action": "keep", "note": "x" * 3000},
    ],
)
def test_bad_decisions_are_refused_with_a_message_and_change_nothing(group, moderator_client, data):
    post = make_post(group)
    response = moderator_client.post(
        f"/g/{group.slug}/posts/{post.pk}/decide/", data, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 409
    assert response.json()["error"]
    post.refresh_from_db()
    assert post.status == "pending"
    assert not Decision.objects.exists()


def test_a_decision_without_javascript_redirects_with_the_message(group, moderator_client):
    post = make_post(group)
    response = moderator_client.post(
        f"/g/{group.slug}/posts/{post.pk}/decide/",
        {"version": "0", "action": "remove"},
        follow=True,
    )
    assert "Choose the group rule" in response.content.decode()


def test_a_good_decision_without_javascript_opens_the_next_post(group, moderator_client):
    first = make_post(group, score=0.9)
    second = make_post(group, score=0.8)
    response = moderator_client.post(
        f"/g/{group.slug}/posts/{first.pk}/decide/", {"version": "0", "action": "keep"}
    )
    assert response.status_code == 302
    assert f"post={second.pk}" in response["Location"]


@pytest.mark.parametrize(
    "data",
    [
        {"scope": "ids"},
        {"scope": "ids", "ids": ["x", "-3"]},
        {"criteria": "{not json"},
        {"criteria": json.dumps([1, 2])},
        {"criteria": json.dumps({"kind": "everything"})},
        {"criteria": json.dumps({"kind": "cluster", "cluster": "abc"})},
        {"criteria": json.dumps({"kind": "filter", "filters": {"score_min": "lots"}})},
        {"scope": "filter", "status": "bogus"},
    ],
)
def test_malformed_bulk_selections_are_refused(group, moderator_client, data):
    make_post(group)
    response = moderator_client.post(f"/g/{group.slug}/bulk/preview/", data, follow=True)
    assert response.status_code == 200
    assert b'class="message error"' in response.content
    assert not BulkOperation.objects.exists()


def test_bulk_confirm_with_a_tampered_count_or_foreign_posts(group, other_group, moderator_client):
    mine = make_post(group)
    theirs = make_post(other_group)
    criteria = json.dumps({"kind": "ids", "ids": [mine.pk, theirs.pk]})
    rule = group.rules.first().pk
    response = moderator_client.post(
        f"/g/{group.slug}/bulk/",
        {"criteria": criteria, "action": "remove", "rule": rule, "confirmed_count": "2"},
        follow=True,
    )
    assert "changed since the preview" in response.content.decode()
    moderator_client.post(
        f"/g/{group.slug}/bulk/",
        {"criteria": criteria, "action": "remove", "rule": rule, "confirmed_count": "1"},
    )
    assert Post.objects.get(pk=mine.pk).status == "removed"
    assert Post.objects.get(pk=theirs.pk).status == "pending"


def test_viewers_cannot_reach_bulk_or_decide(group, viewer_client):
    post = make_post(group)
    assert (
        viewer_client.post(
            f"/g/{group.slug}/bulk/preview/", {"scope": "ids", "ids": [post.pk]}
        ).status_code
        == 403
    )
    assert (
        viewer_client.post(
            f"/g/{group.slug}/posts/{post.pk}/decide/", {"version": "0", "action": "keep"}
        ).status_code
        == 403
    )


def test_reveal_is_post_only_and_audited_once_per_reveal(group, moderator_client, viewer_client):
    post = make_post(
        group,
        "Мій син Олег Коваль у полоні, в/ч А1234",
        report_reasons=["там його телефон 067 123 45 67"],
        forwarded_from="@olezhka_koval",
    )
    assert moderator_client.get(f"/g/{group.slug}/posts/{post.pk}/reveal/").status_code == 405
    page = moderator_client.post(f"/g/{group.slug}/posts/{post.pk}/reveal/").content.decode()
    assert "А1234" in page
    assert "067 123 45 67" in page
    masked = moderator_client.get(f"/g/{group.slug}/posts/{post.pk}/").content.decode()
    for secret in ("А1234", "067 123 45 67", "olezhka_koval"):
        assert secret not in masked
    assert AuditEvent.objects.filter(action="post.reveal").count() == 1
    # Viewers see personal data masked, always: no reveal for them, and no button.
    assert viewer_client.post(f"/g/{group.slug}/posts/{post.pk}/reveal/").status_code == 403
    assert (
        "data-reveal" not in viewer_client.get(f"/g/{group.slug}/posts/{post.pk}/").content.decode()
    )
    assert AuditEvent.objects.filter(action="post.reveal").count() == 1


def test_text_search_is_for_moderators(group, viewer_client, moderator_client):
    """A search that matches masked text would tell a viewer where a phone number is."""
    post = make_post(group, "Брат у полоні, телефон мами 097 123 45 68")
    url = f"/g/{group.slug}/queue/"

    def get(client, q):
        # A search in the URL is sent on as a session token (test_search_privacy): followed.
        return client.get(url, {"q": q, "status": "all"}, follow=True)

    seen = get(viewer_client, "097 123 45 68")
    assert "Text search is for moderators" in seen.content.decode()
    assert 'id="f-q"' not in seen.content.decode()
    assert [p.pk for p in seen.context["page"].posts] == [post.pk]  # the unsearched list
    unseen = get(viewer_client, "097 000 00 00")
    assert [p.pk for p in unseen.context["page"].posts] == [post.pk]  # no difference to read
    found = get(moderator_client, "097 123 45 68")
    assert [p.pk for p in found.context["page"].posts] == [post.pk]
    assert not get(moderator_client, "097 000 00 00").context["page"].posts


def test_categories_and_signals_are_shown_by_name_in_the_readers_language(group, moderator):
    from conftest import client_for

    post = make_post(
        group,
        "Шукаю брата",
        score=0.9,
        category="pow_solicitation",
        reasons=[{"label": "share call", "kind": "signal", "weight": 1.0, "spans": []}],
    )
    page = client_for(moderator, "uk").get(f"/g/{group.slug}/queue/?post={post.pk}")
    html = page.content.decode()
    assert "Розпитування про полонених чи зниклих" in html
    assert "заклик поширити" in html
    assert "?category=pow_solicitation" in html  # the id stays in links
