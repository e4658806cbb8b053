"""The import API: tokens, batches, duplicates, limits, hostile requests."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import client_for
from groups.models import ApiToken, Membership
from groups.services import token_create
from triage.models import AuditEvent, Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(group, admin_user):
    m = Membership.objects.select_related("group", "user").get(user=admin_user, group=group)
    _t, plain = token_create(membership=m, name="report-bot")
    return plain


def post(slug, body, token=None, raw=False):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if raw else json.dumps(body)
    return Client().post(
        f"/api/v1/groups/{slug}/posts", data, content_type="application/json", **headers
    )


def test_one_post_is_created(group, token):
    response = post(
        group.slug, {"text": "Хто впізнає? Поширте!", "external_id": "tg:1", "author": "Бот"}, token
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [c["index"] for c in body["created"]] == [0]
    created = Post.objects.get(pk=body["created"][0]["id"])
    assert (created.group, created.source, created.external_id) == (group, "api", "tg:1")
    assert AuditEvent.objects.filter(group=group, action="import.api").count() == 1


def test_a_batch_answers_created_duplicates_and_rejected(group, token):
    posts = [
        {"text": "one", "external_id": "a"},
        {"text": "two", "external_id": "b"},
        {"text": "one again", "external_id": "a"},
        {"text": "", "external_id": "c"},
        {"text": "bad date", "posted_at": "yesterday-ish"},
    ]
    body = post(group.slug, {"posts": posts}, token).json()
    assert [c["index"] for c in body["created"]] == [0, 1]
    assert [(d["index"], d["id"]) for d in body["duplicates"]] == [(2, body["created"][0]["id"])]
    assert [r["index"] for r in body["rejected"]] == [3, 4]
    again = post(group.slug, {"posts": posts[:2]}, token).json()
    assert again["created"] == []
    assert len(again["duplicates"]) == 2
    assert Post.objects.get(external_id="a").report_count == 3


def test_bad_or_missing_token_is_401(group, token):
    assert post(group.slug, {"text": "x"}).status_code == 401
    assert post(group.slug, {"text": "x"}, "varta_wrong").status_code == 401
    assert post(group.slug, {"text": "x"}, "Bearer nonsense").status_code == 401
    assert not Post.objects.exists()


def test_another_group_s_token_is_404_like_a_missing_group(group, other_group, outsider):
    m = Membership.objects.select_related("group", "user").get(user=outsider, group=other_group)
    _t, theirs = token_create(membership=m, name="their-bot")
    assert post(group.slug, {"text": "x"}, theirs).status_code == 404
    assert post("no-such-group", {"text": "x"}, theirs).status_code == 404
    assert not Post.objects.filter(group=group).exists()


def test_a_revoked_token_stops_working(group, token, admin_user):
    t = ApiToken.objects.get(group=group)
    client_for(admin_user).post(f"/g/{group.slug}/settings/api-tokens/{t.pk}/revoke/")
    assert post(group.slug, {"text": "x"}, token).status_code == 401
    assert AuditEvent.objects.filter(group=group, action="api_token.revoke").exists()


def test_oversize_batch_and_malformed_json(group, token, settings):
    settings.VARTA_API_MAX_POSTS = 5
    response = post(group.slug, {"posts": [{"text": str(i)} for i in range(6)]}, token)
    assert response.status_code == 413
    assert "1 to 5 posts" in response.json()["detail"]
    assert post(group.slug, {"posts": []}, token).status_code == 422
    assert post(group.slug, '{"text": "unterminated', token, raw=True).status_code in (400, 422)
    assert post(group.slug, {"posts": "not a list"}, token).status_code == 422
    assert post(group.slug, {"text": None}, token).status_code == 422
    assert not Post.objects.exists()


def test_rate_limit_per_token(group, token, settings):
    settings.VARTA_API_RATE_LIMIT = "3/m"
    responses = [post(group.slug, {"text": f"post {i}"}, token) for i in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429, 429]
    assert "at most 3/m" in responses[-1].json()["detail"]
    assert 0 < int(responses[-1]["Retry-After"]) <= 60
    assert Post.objects.count() == 3


def test_tokens_are_stored_hashed_and_shown_once(group, admin_user):
    admin = client_for(admin_user)
    created = admin.post(f"/g/{group.slug}/settings/api-tokens/", {"name": "bot"})
    assert created.status_code == 302  # post, redirect, get: a reload creates no second token
    shown = admin.get(created["Location"])
    assert "no-store" in shown["Cache-Control"]  # not kept by the browser's cache
    page = shown.content.decode()
    plain = page.split("data-new-token", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
    assert plain.startswith("varta_")
    stored = ApiToken.objects.get(group=group)
    assert plain not in (stored.token_sha256, stored.prefix)
    assert plain not in admin.get(f"/g/{group.slug}/settings/api-tokens/").content.decode()
    assert plain not in str(list(AuditEvent.objects.values_list("payload", flat=True)))
    assert post(group.slug, {"text": "works"}, plain).status_code == 200


def test_only_admins_manage_tokens(group, moderator, outsider):
    assert client_for(moderator).get(f"/g/{group.slug}/settings/api-tokens/").status_code == 403
    assert client_for(outsider).get(f"/g/{group.slug}/settings/api-tokens/").status_code == 404


def test_openapi_schema_and_local_docs(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/groups/{slug}/posts" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in docs


def test_a_request_over_the_size_limit_is_a_json_413(group, token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = post(group.slug, {"posts": [{"text": "x" * 500} for _ in range(5)]}, token)
    assert response.status_code == 413
    assert "send fewer posts" in response.json()["detail"]
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"posted_at": "0001-01-01T00:00:00+05:00"},
        {"posted_at": "9999-12-31T23:00:00-05:00"},
        {"reported_at": "01.01.0001"},
        {"report_reason": "a\u0000b"},
        {"report_reason": ["\ud800", "ok"]},
    ],
)
def test_hostile_fields_reject_the_row_or_are_cleaned_never_a_500(group, token, fields):
    response = post(
        group.slug, {"posts": [{"text": "перший", **fields}, {"text": "другий"}]}, token
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert len(body["created"]) + len(body["rejected"]) == 2
    assert Post.objects.filter(text="другий").exists()  # the rest of the batch is kept
    for reasons in Post.objects.values_list("report_reasons", flat=True):
        assert all("\x00" not in r and "\ud800" not in r for r in reasons)
