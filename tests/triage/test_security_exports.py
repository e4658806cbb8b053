"""Exports change state (each is an audit event; an unredacted one records its reason), so they
are POSTs with a CSRF token: a link or an image on another site cannot make one in an admin's
name."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from conftest import client_for
from groups.models import Membership
from tests.factories import make_post
from triage.models import AuditEvent
from triage.queue.services import DecisionInput, post_decide

pytestmark = pytest.mark.django_db

PHONE = "+380 67 123 45 67"
REASON = "Report to the platform trust team"


@pytest.fixture
def removed(group, moderator):
    """One decided post with personal data, so that the exports have something to leak."""
    post = make_post(group, f"Шукаємо Петра Іваненка, тел. {PHONE}. Пишіть!")
    post_decide(
        membership=Membership.objects.select_related("group", "user").get(
            user=moderator, group=group
        ),
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("remove", rule_id=group.rules.get(code="pow-info").pk),
    )
    return post


def exports_made(group) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            group=group, action__in=["report.export", "audit.export"]
        ).values_list("action", flat=True)
    )


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    client.force_login(user)
    return client


def token_from(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def test_a_get_of_the_unredacted_report_export_downloads_nothing_and_records_nothing(
    group, removed, admin_client_
):
    response = admin_client_.get(
        f"/g/{group.slug}/reports/export/",
        {"format": "csv", "unredacted": "1", "reason": "chosen by whoever made the link"},
    )
    assert response.status_code == 405
    assert "Content-Disposition" not in response
    assert PHONE not in response.content.decode()
    assert exports_made(group) == []


def test_a_get_of_the_redacted_report_export_downloads_nothing_either(
    group, removed, viewer_client
):
    response = viewer_client.get(f"/g/{group.slug}/reports/export/", {"format": "json"})
    assert response.status_code == 405
    assert "Content-Disposition" not in response
    assert exports_made(group) == []


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_get_of_the_audit_export_downloads_nothing_and_records_nothing(
    group, removed, admin_client_, fmt
):
    response = admin_client_.get(f"/g/{group.slug}/audit/export.{fmt}", {"action": "post"})
    assert response.status_code == 405
    assert "Content-Disposition" not in response
    assert exports_made(group) == []


def test_a_post_without_the_csrf_token_is_refused(group, removed, admin_user):
    client = csrf_client(admin_user)
    data = {"format": "csv", "unredacted": "1", "reason": REASON}
    assert client.post(f"/g/{group.slug}/reports/export/", data).status_code == 403
    assert client.post(f"/g/{group.slug}/audit/export.csv", {}).status_code == 403
    assert exports_made(group) == []


def test_an_admin_downloads_unredacted_from_the_report_page_s_form_and_it_is_audited(
    group, removed, admin_user
):
    client = csrf_client(admin_user)
    page = client.get(f"/g/{group.slug}/reports/").content.decode()
    unredacted_form = page.split('name="unredacted"', 1)[0].rsplit("<form", 1)[1]
    assert 'method="post"' in unredacted_form
    assert "csrfmiddlewaretoken" in unredacted_form
    response = client.post(
        f"/g/{group.slug}/reports/export/",
        {"csrfmiddlewaretoken": token_from(page), "format": "csv", "unredacted": "1"}
        | {"reason": REASON},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-UNREDACTED.csv"')
    assert PHONE in b"".join(response.streaming_content).decode("utf-8-sig")
    event = AuditEvent.objects.get(group=group, action="report.export")
    assert (event.actor_name, event.payload["redacted"], event.payload["reason"]) == (
        "andrii_admin",
        False,
        REASON,
    )


def test_the_redacted_export_is_a_post_from_the_report_page_too(group, removed, viewer):
    client = csrf_client(viewer)
    page = client.get(f"/g/{group.slug}/reports/").content.decode()
    assert 'method="get" action="/g/good-deeds/reports/export/"' not in page
    response = client.post(
        f"/g/{group.slug}/reports/export/",
        {"csrfmiddlewaretoken": token_from(page), "format": "json"},
    )
    assert response.status_code == 200
    assert PHONE not in b"".join(response.streaming_content).decode()
    assert AuditEvent.objects.get(group=group, action="report.export").payload["redacted"]


def test_an_admin_exports_the_audit_log_with_the_page_s_filters_and_it_is_audited(
    group, removed, admin_user
):
    client = csrf_client(admin_user)
    page = client.get(f"/g/{group.slug}/audit/", {"action": "post"}).content.decode()
    export_form = page.split("data-audit-export", 1)[1].split("</form>", 1)[0]
    assert 'name="action" value="post"' in export_form
    assert f'formaction="/g/{group.slug}/audit/export.json"' in export_form
    response = client.post(
        f"/g/{group.slug}/audit/export.json",
        {"csrfmiddlewaretoken": token_from(page), "action": "post"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-good-deeds-')
    body = b"".join(response.streaming_content).decode()
    assert '"post.decide"' in body
    assert '"membership.add"' not in body  # the filter applied
    event = AuditEvent.objects.get(group=group, action="audit.export")
    assert event.payload == {"format": "json", "filters": {"action": "post"}}


def test_non_admins_still_get_no_unredacted_export_and_no_audit_export(
    group, removed, moderator, viewer, outsider
):
    unredacted = {"format": "csv", "unredacted": "1", "reason": REASON}
    for user in (moderator, viewer):
        client = client_for(user)
        response = client.post(f"/g/{group.slug}/reports/export/", unredacted)
        assert response.status_code == 302  # back to the report, with the refusal
        assert client.post(f"/g/{group.slug}/audit/export.csv").status_code == 403
    outsider_client = client_for(outsider)
    assert outsider_client.post(f"/g/{group.slug}/reports/export/", unredacted).status_code == 404
    assert outsider_client.post(f"/g/{group.slug}/audit/export.csv").status_code == 404
    assert exports_made(group) == []
