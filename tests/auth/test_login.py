from __future__ import annotations

import pytest

from conftest import PASSWORD
from triage.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_member_logs_in_and_the_login_is_audited_in_their_group(client, group, moderator):
    response = client.post(
        "/accounts/login/", {"username": "maria_moderator", "password": PASSWORD}
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(group=group, action="auth.login").last()
    assert event.actor_name == "maria_moderator"


def test_wrong_password_shows_an_error_and_logs_nobody_in(client, group, moderator):
    response = client.post("/accounts/login/", {"username": "maria_moderator", "password": "no"})
    assert response.status_code == 200
    assert b'role="alert"' in response.content
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_after_repeated_failures(client, group, moderator, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/accounts/login/", {"username": "maria_moderator", "password": "guess"})
    response = client.post(
        "/accounts/login/", {"username": "maria_moderator", "password": PASSWORD}
    )
    # Even the right password is refused during the lock-out.
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert b"Too many failed" in response.content or "Забагато".encode() in response.content


def test_logout_needs_post(client, moderator):
    client.force_login(moderator)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "payload",
    [
        {"username": "x" * 10_000, "password": "y"},
        {"username": "<script>alert(1)</script>", "password": "y"},
        {"username": "\x00", "password": "\x00"},
        {},
    ],
)
def test_hostile_login_input_is_refused_cleanly(client, payload):
    response = client.post("/accounts/login/", payload)
    assert response.status_code in (200, 400)
    assert b"<script>alert(1)</script>" not in response.content
