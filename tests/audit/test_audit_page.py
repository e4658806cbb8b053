from __future__ import annotations

import json

import pytest

from tests.factories import make_post
from triage.audit.services import audit_record
from triage.migrations import _audit_triggers
from triage.models import AuditEvent
from triage.queue.services import DecisionInput, post_decide

pytestmark = pytest.mark.django_db


def decide(group, moderator):
    from groups.models import Membership

    post = make_post(
        group,
        score=0.91,
        category="doxxing",
        model_version="v7",
        reasons=[{"label": "phone", "kind": "signal", "weight": 1.0, "spans": []}],
    )
    m = Membership.objects.select_related("group", "user").get(user=moderator, group=group)
    post_decide(
        membership=m,
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("remove", rule_id=group.rules.get(code="personal-data").pk),
    )
    return post


def test_admin_sees_events_with_the_decision_s_model_verdict(group, moderator, admin_client_):
    decide(group, moderator)
    page = admin_client_.get(f"/g/{group.slug}/audit/").content.decode()
    assert 'data-verdict="ok"' in page
    assert "post.decide" in page
    assert "Personal data of soldiers or families" in page  # the category "doxxing", by name
    assert "v7" in page
    assert "phone number" in page  # the "phone" signal among the reasons, by name


@pytest.mark.parametrize("name", ["moderator_client", "viewer_client", "outsider_client"])
def test_only_admins_see_the_audit_log(request, group, name):
    client = request.getfixturevalue(name)
    expected = 404 if name == "outsider_client" else 403
    assert client.get(f"/g/{group.slug}/audit/").status_code == expected
    assert client.post(f"/g/{group.slug}/audit/export.csv").status_code == expected


def test_filters_narrow_the_events(group, moderator, admin_client_):
    decide(group, moderator)
    page = admin_client_.get(f"/g/{group.slug}/audit/?action=membership").content.decode()
    assert 'title="membership.add"' in page
    assert 'title="post.decide"' not in page
    page = admin_client_.get(f"/g/{group.slug}/audit/?actor=maria_moderator").content.decode()
    assert 'title="post.decide"' in page
    assert 'title="group.create"' not in page


@pytest.mark.parametrize("bad", ["since=yesterday", "until=2026-13-45", "since=<script>"])
def test_bad_dates_are_explained(group, admin_client_, bad):
    response = admin_client_.get(f"/g/{group.slug}/audit/?{bad}")
    assert response.status_code == 200
    assert b"YYYY-MM-DD" in response.content
    assert b"<script>" not in response.content


def test_a_broken_chain_is_shown_on_the_page(group, owner, admin_client_):
    from django.core.cache import cache
    from django.db import connection

    audit_record(group=group, actor=owner, action="test.x", payload={"a": 1})
    e = AuditEvent.objects.filter(group=group).order_by("seq")[1]
    _audit_triggers.drop(connection)
    with connection.cursor() as c:
        c.execute("UPDATE triage_auditevent SET actor_name = 'mallory' WHERE id = %s", [e.pk])
    _audit_triggers.create(connection)
    cache.clear()
    page = admin_client_.get(f"/g/{group.slug}/audit/").content.decode()
    assert 'data-verdict="broken"' in page
    assert f"seq {e.seq}" in page


def test_exports_are_complete_safe_and_audited(group, moderator, admin_client_):
    decide(group, moderator)
    audit_record(group=group, actor=moderator, action="=cmd|' /C calc'!A0", payload={})
    response = admin_client_.post(f"/g/{group.slug}/audit/export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "post.decide" in body
    assert "'=cmd" in body  # formula neutralised
    assert AuditEvent.objects.filter(group=group, action="audit.export").count() == 1
    response = admin_client_.post(f"/g/{group.slug}/audit/export.json", {"action": "post"})
    rows = json.loads(b"".join(response.streaming_content))
    assert {r["action"] for r in rows} == {"post.decide"}
    assert admin_client_.post(f"/g/{group.slug}/audit/export.exe").status_code == 404


@pytest.mark.parametrize(
    ("language", "action", "obj"),
    [("en", "Member added", "user"), ("uk", "Учасника додано", "користувач")],
)
def test_actions_objects_and_details_are_written_for_people(
    group, owner, admin_user, language, action, obj
):
    from conftest import client_for

    audit_record(
        group=group,
        actor=owner,
        action="membership.add",
        object_type="user",
        object_id=admin_user.pk,
        payload={"role": "admin", "note": "тел. 067 123 45 67"},
    )
    page = client_for(owner, language).get(f"/g/{group.slug}/audit/").content.decode()
    assert action in page
    assert f"{obj} #{admin_user.pk}" in page
    assert "role: admin" in page
    assert "{&#x27;role&#x27;" not in page  # no Python dict
    assert "067 123 45 67" not in page  # details are masked like any text
