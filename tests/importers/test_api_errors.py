"""The import API refuses malformed bodies in its own words: field paths and plain messages
in its usual {"detail": ...} shape, never pydantic's internals; an empty batch is a 422."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from groups.models import Membership
from groups.services import token_create
from triage.models import ImportBatch, Post

pytestmark = pytest.mark.django_db

INTERNALS = (
    "function-wrap",
    "_run_root_validator",
    "pydantic",
    "errors.pydantic.dev",
    "PostIn",
    "BatchIn",
    "list[",
    '"str"',
    '"int"',
    "Input should be",
    '"type"',
    '"loc"',
    "payload",
)


@pytest.fixture
def token(group, admin_user):
    m = Membership.objects.select_related("group", "user").get(user=admin_user, group=group)
    _t, plain = token_create(membership=m, name="report-bot")
    return plain


def send(group, token, body, *, raw=False, language="en"):
    return Client().post(
        f"/api/v1/groups/{group.slug}/posts",
        body if raw else json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def refusal(response, status=422) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str)
    text = response.content.decode()
    leaked = [word for word in INTERNALS if word in text]
    assert leaked == [], text
    return body


def problems(body) -> dict[str, str]:
    return {p["field"]: p["message"] for p in body["errors"]}


def test_an_empty_batch_is_a_422_that_says_so(group, token):
    body = refusal(send(group, token, {"posts": []}))
    assert problems(body) == {"posts": "Send at least one post."}
    assert body["detail"] == "The request is not valid: posts: Send at least one post."
    assert not ImportBatch.objects.exists()


def test_a_batch_s_bad_fields_are_named_by_their_path(group, token):
    posts = [
        {"text": "fine"},
        {"text": 5},
        {"no": "text"},
        {"text": "x", "report_count": "many"},
        {"text": "x", "external_id": {"a": [1, 2]}},
        {"text": "x", "report_reason": [{"nested": ["garbage"]}]},
    ]
    body = refusal(send(group, token, {"posts": posts}))
    assert problems(body) == {
        "posts[1].text": "Must be text.",
        "posts[2].text": "This field is required.",
        "posts[3].report_count": "Must be a whole number.",
        "posts[4].external_id": "Must be text or a whole number.",
        "posts[5].report_reason": "Must be text.",
        "posts[5].report_reason[0]": "Must be text.",
    }
    assert body["detail"].startswith(
        "The request is not valid: posts[1].text: Must be text.; "
        "posts[2].text: This field is required.; "
    )
    assert body["detail"].endswith("(and 3 more)")
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ({"text": None}, {"text": "Must be text."}),
        ({}, {"text": "This field is required."}),
        ({"posts": "not a list"}, {"posts": "Must be a list."}),
        ({"posts": [[["deep"]]]}, {"posts[0].text": "This field is required."}),
        ({"text": "x", "posted_at": [1, 2]}, {"posted_at": "Must be text or a whole number."}),
        ({"text": "x", "report_count": 1.5}, {"report_count": "Must be a whole number."}),
    ],
)
def test_a_single_post_or_a_batch_is_judged_as_what_it_is(group, token, sent, expected):
    assert problems(refusal(send(group, token, sent))) == expected


@pytest.mark.parametrize(
    "raw", ["[1, 2, 3]", '"a string"', "null", "", "NaN", '{"text": "x", "report_count": 1e400}']
)
def test_bodies_that_are_not_a_post_are_refused_plainly(group, token, raw):
    body = refusal(send(group, token, raw, raw=True))
    assert body["errors"]
    assert all(p["field"] and p["message"] for p in body["errors"])
    assert not Post.objects.exists()


@pytest.mark.parametrize("raw", ['{"text": "unterminated', "\xff\xfe", "[" * 5000, '{"a":' * 5000])
def test_bodies_that_are_not_json_are_a_400(group, token, raw):
    refusal(send(group, token, raw, raw=True), status=400)


def test_huge_numbers_are_refused_per_post_not_by_a_crash(group, token):
    response = send(group, token, {"posts": [{"text": "x", "report_count": 10**40}]})
    assert response.status_code == 200
    assert [r["index"] for r in response.json()["rejected"]] == [0]


def test_the_problems_listed_are_capped(group, token):
    body = refusal(send(group, token, {"posts": [{"text": i} for i in range(200)]}))
    assert len(body["errors"]) == 20
    assert body["detail"].endswith("(and 197 more)")


def test_the_messages_speak_ukrainian_to_a_ukrainian_client(group, token):
    body = refusal(send(group, token, {"posts": []}, language="uk"))
    assert problems(body) == {"posts": "Надішліть щонайменше один допис."}
