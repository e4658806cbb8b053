"""Numbers and dates people (or scripts) type wrong: a clear answer, never a 500.

"²" passes str.isdigit() and fails int(); 2**70 overflows the database; year 1 overflows
time-zone arithmetic; stored criteria may hold anything.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tests.factories import make_post
from triage.lib.inputs import parse_count, parse_day, parse_id, parse_ids
from triage.models import BulkOperation, Post

pytestmark = pytest.mark.django_db

BAD_NUMBERS = ["²", "٣", "99999999999999999999", str(2**70), "1.5e300", "-1", "0", " ", "x", "\x00"]
BAD_DATES = ["0001-01-01", "0001-01-05", "9999-12-31", "2026-13-45", "²", "26-01-01", "\x00"]


def test_the_parsers_refuse_what_is_not_an_id_or_a_date():
    assert [parse_id(v) for v in BAD_NUMBERS] == [None] * len(BAD_NUMBERS)
    assert parse_id("42") == 42
    assert parse_id(42) == 42
    assert parse_id(True) is None
    assert parse_id(2**70) is None
    assert parse_ids(["1", "²", "3", None, 4.0]) == [1, 3]
    assert [parse_day(v) for v in BAD_DATES] == [None] * len(BAD_DATES)
    assert str(parse_day("2026-11-29")) == "2026-11-29"
    assert parse_count("0") == 0
    assert parse_count("5", limit=4) is None


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_queue_and_decision_forms(group, moderator_client, bad):
    post = make_post(group, "допис")
    queue = reverse("queue", args=[group.slug])
    for params in ({"post": bad}, {"batch": bad}, {"cluster": bad}, {"after": bad}):
        assert moderator_client.get(queue, params).status_code == 200, params
    decide = reverse("post_decide", args=[group.slug, post.pk])
    for data in ({"action": "keep", "version": bad}, {"action": "remove", "rule": bad}):
        response = moderator_client.post(decide, {"version": "0", **data})
        assert response.status_code in (200, 302, 400, 409), (data, response.status_code)
    post.refresh_from_db()
    # Version 0 is the post's real version: that one keep is a valid decision.
    assert post.status == ("kept" if bad == "0" else "pending")


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_bulk_forms(group, moderator_client, bad):
    make_post(group, "допис")
    for url in (
        reverse("bulk_preview", args=[group.slug]),
        reverse("bulk_confirm", args=[group.slug]),
    ):
        for data in (
            {"action": "keep", "ids": [bad]},
            {"action": "keep", "ids": ["1"], "confirmed_count": bad},
            {"action": "keep", "criteria": json.dumps({"kind": "cluster", "cluster": bad})},
        ):
            response = moderator_client.post(url, data)
            assert response.status_code in (200, 302, 400), (url, data, response.status_code)
    assert not BulkOperation.objects.exists()
    assert Post.objects.filter(status="pending").count() == 1


@pytest.mark.parametrize(
    "criteria",
    [
        {"kind": "ids", "ids": [2**70, 1e300, "Infinity"]},
        {"kind": "ids", "ids": "1,2"},
        {"kind": "filter", "filters": [1]},
        {"kind": "filter", "filters": {"status": 5, "category": {"a": 1}}},
        {"kind": "filter", "filters": {"category": "spam\x00", "batch": "²"}},
        {"kind": "cluster", "cluster": None},
        {"kind": "cluster"},
        [1, 2],
        "text",
    ],
)
def test_hostile_stored_criteria(group, moderator_client, criteria):
    make_post(group, "допис")
    url = reverse("bulk_preview", args=[group.slug])
    response = moderator_client.post(url, {"action": "keep", "criteria": json.dumps(criteria)})
    assert response.status_code in (200, 302, 400), response.status_code
    assert Post.objects.filter(status="pending").count() == 1


@pytest.mark.parametrize("bad", BAD_DATES)
def test_report_and_audit_dates(group, owner_client, bad):
    for name in ("report", "report_export", "audit_log"):
        url = reverse(name, args=[group.slug])
        send = owner_client.post if name == "report_export" else owner_client.get
        for params in ({"since": bad}, {"until": bad}, {"since": bad, "until": bad}):
            response = send(url, params)
            assert response.status_code in (200, 302, 400), (name, params, response.status_code)
    assert (
        owner_client.get(reverse("audit_log", args=[group.slug]), {"before": "²"}).status_code
        == 200
    )
    for name in ("platform_done", "platform_retry"):
        response = owner_client.post(reverse(name, args=[group.slug]), {"ids": ["²", str(2**70)]})
        assert response.status_code in (200, 302), (name, response.status_code)
