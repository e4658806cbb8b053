"""Two-factor login: owners and admins of a group that requires it verify a code before any
of its pages; staff before /admin/ and /rq/; codes are throttled, never reused; recovery codes
work once; everything is audited; API tokens are not asked."""

from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import client_for, make_user, verify_second_factor
from groups.models import Group, Membership, Role
from triage.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict(group):
    Group.objects.filter(pk=group.pk).update(require_two_factor=True)
    group.refresh_from_db()
    return group


def code_for(device: TOTPDevice, drift: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + drift * device.step
    return f"{totp.token():06d}"


def enrol(client: Client) -> tuple[TOTPDevice, list[str]]:
    page = client.get("/account/two-factor/setup/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post("/account/two-factor/setup/", {"code": code_for(device)})
    codes = re.findall(r"<li><code>([0-9a-f]{10})</code></li>", done.content.decode())
    device.refresh_from_db()
    return device, codes


def test_new_groups_require_it_and_upgraded_groups_do_not():
    from groups.services import group_create

    owner = make_user("fresh_owner")
    assert group_create(name="N", slug="n", owner=owner).require_two_factor is True
    field = Group._meta.get_field("require_two_factor")
    assert field.default is True


def test_an_admin_without_a_second_factor_is_sent_to_set_it_up(strict, admin_user):
    client = client_for(admin_user)
    response = client.get(f"/g/{strict.slug}/queue/", follow=True)
    assert response.redirect_chain[0][0].startswith("/account/two-factor/verify/?next=")
    assert response.redirect_chain[-1][0].startswith("/account/two-factor/setup/")
    assert "Set up two-factor login" in response.content.decode()


def test_after_enrolling_the_admin_reaches_the_group_and_it_is_audited(strict, admin_user):
    client = client_for(admin_user)
    device, codes = enrol(client)
    assert device.confirmed
    assert len(codes) == 10
    assert client.get(f"/g/{strict.slug}/queue/").status_code == 200
    assert (
        AuditEvent.objects.filter(action="two_factor.enrol", actor=admin_user, group=None).count()
        == 1
    )


def test_moderators_and_viewers_are_not_asked(strict, moderator, viewer):
    for user in (moderator, viewer):
        assert client_for(user).get(f"/g/{strict.slug}/queue/").status_code == 200


def test_an_admin_here_is_not_blocked_where_they_are_only_a_moderator(strict, admin_user, outsider):
    from groups.services import group_create

    elsewhere = group_create(name="Elsewhere", slug="elsewhere", owner=outsider)
    Membership.objects.create(user=admin_user, group=elsewhere, role=Role.MODERATOR)
    client = client_for(admin_user)
    assert client.get(f"/g/{elsewhere.slug}/queue/").status_code == 200
    assert client.get(f"/g/{strict.slug}/queue/").status_code == 302


@pytest.mark.parametrize("bad", ["000000", "12345", "abcdef", "", "1" * 30, "<script>", "\x00"])
def test_wrong_or_malformed_codes_are_refused(strict, admin_user, bad):
    client = client_for(admin_user)
    enrol(client)
    again = client_for(admin_user)  # a new session: not verified
    response = again.post("/account/two-factor/verify/", {"code": bad, "next": "/"})
    assert response.status_code == 200
    assert again.get(f"/g/{strict.slug}/queue/").status_code == 302


def test_a_code_with_spaces_is_accepted_and_cannot_be_used_twice(strict, admin_user):
    client = client_for(admin_user)
    device, _codes = enrol(client)
    code = code_for(device, drift=1)  # the next step's code, unused yet
    spaced = f"{code[:3]} {code[3:]}"
    first = client_for(admin_user)
    assert first.post("/account/two-factor/verify/", {"code": spaced}).status_code == 302
    second = client_for(admin_user)
    second.post("/account/two-factor/verify/", {"code": code})
    assert second.get(f"/g/{strict.slug}/queue/").status_code == 302  # replay refused


def test_wrong_codes_are_throttled(strict, admin_user):
    client = client_for(admin_user)
    device, _codes = enrol(client)
    attacker = client_for(admin_user)
    for _ in range(3):
        attacker.post("/account/two-factor/verify/", {"code": "000000"})
    page = attacker.post("/account/two-factor/verify/", {"code": code_for(device, drift=1)})
    assert "Too many wrong codes" in page.content.decode()
    assert attacker.get(f"/g/{strict.slug}/queue/").status_code == 302


def test_a_recovery_code_works_once_and_is_audited(strict, admin_user):
    client = client_for(admin_user)
    _device, codes = enrol(client)
    lost_phone = client_for(admin_user)
    assert lost_phone.post("/account/two-factor/verify/", {"code": codes[0]}).status_code == 302
    assert lost_phone.get(f"/g/{strict.slug}/queue/").status_code == 200
    event = AuditEvent.objects.get(action="two_factor.recovery_code", actor=admin_user)
    assert event.payload["left"] == 9
    reused = client_for(admin_user)
    reused.post("/account/two-factor/verify/", {"code": codes[0]})
    assert reused.get(f"/g/{strict.slug}/queue/").status_code == 302


def test_an_unconfirmed_device_is_no_second_factor(strict, admin_user):
    client = client_for(admin_user)
    client.get("/account/two-factor/setup/")  # the QR code shown, no code entered
    assert TOTPDevice.objects.filter(user=admin_user, confirmed=False).exists()
    response = client.get(f"/g/{strict.slug}/queue/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/two-factor/setup/")


def test_removing_it_needs_a_verified_session_and_is_audited(strict, admin_user):
    client = client_for(admin_user)
    enrol(client)
    unverified = client_for(admin_user)
    unverified.post("/account/two-factor/remove/")
    assert TOTPDevice.objects.filter(user=admin_user).exists()
    client.post("/account/two-factor/remove/")  # verified, but no code now: refused
    assert TOTPDevice.objects.filter(user=admin_user).exists()
    device = TOTPDevice.objects.get(user=admin_user)
    client.post("/account/two-factor/remove/", {"code": code_for(device, drift=1)})
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    assert not StaticDevice.objects.filter(user=admin_user).exists()
    assert AuditEvent.objects.filter(action="two_factor.remove", actor=admin_user).exists()


def test_an_owner_resets_another_members_second_factor_not_their_own(strict, owner, admin_user):
    admin_client = client_for(admin_user)
    enrol(admin_client)
    owner_client = client_for(owner)
    verify_second_factor(owner_client, owner)
    target = Membership.objects.get(group=strict, user=admin_user)
    owner_client.post(f"/g/{strict.slug}/members/{target.pk}/two-factor-reset/")
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    assert AuditEvent.objects.filter(group=strict, action="two_factor.reset").count() == 1
    own = Membership.objects.get(group=strict, user=owner)
    owner_client.post(f"/g/{strict.slug}/members/{own.pk}/two-factor-reset/")
    assert TOTPDevice.objects.filter(user=owner).exists()


def test_an_admin_cannot_reset_anyones_second_factor(strict, admin_user, moderator):
    admin_client = client_for(admin_user)
    verify_second_factor(admin_client, admin_user)
    enrol(client_for(moderator))
    target = Membership.objects.get(group=strict, user=moderator)
    response = admin_client.post(f"/g/{strict.slug}/members/{target.pk}/two-factor-reset/")
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()


@pytest.mark.parametrize("path", ["/admin/", "/rq/"])
def test_staff_reach_the_admin_and_rq_only_verified(path):
    staff = make_user("staff_person", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/verify/")
    verify_second_factor(client, staff)
    assert client.get(path).status_code == 200


def test_the_next_url_cannot_send_anyone_elsewhere(strict, admin_user):
    client = client_for(admin_user)
    device, _codes = enrol(client)
    again = client_for(admin_user)
    response = again.post(
        "/account/two-factor/verify/",
        {"code": code_for(device, drift=1), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_the_import_api_is_not_a_login_and_is_not_asked(strict, owner):
    from groups.services import token_create

    _token, secret = token_create(
        membership=Membership.objects.get(group=strict, user=owner), name="bot"
    )
    response = Client().post(
        f"/api/v1/groups/{strict.slug}/posts",
        {"text": "Продам дрова"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code in (200, 201, 202)


def test_an_owner_cannot_reset_an_admin_of_a_group_they_do_not_own(strict, owner, admin_user):
    """An owner of one group could otherwise strip the second factor of an admin of another."""
    elsewhere = Group.objects.create(name="Elsewhere", slug="elsewhere", require_two_factor=True)
    Membership.objects.create(group=elsewhere, user=admin_user, role=Role.ADMIN)
    enrol(client_for(admin_user))
    owner_client = client_for(owner)
    verify_second_factor(owner_client, owner)
    target = Membership.objects.get(group=strict, user=admin_user)
    page = owner_client.post(f"/g/{strict.slug}/members/{target.pk}/two-factor-reset/", follow=True)
    assert "a group you do not own" in page.content.decode()
    assert TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()
    assert not AuditEvent.objects.filter(action="two_factor.reset").exists()
    # Owning that group too, the owner may.
    Membership.objects.create(group=elsewhere, user=owner, role=Role.OWNER)
    owner_client.post(f"/g/{strict.slug}/members/{target.pk}/two-factor-reset/")
    assert not TOTPDevice.objects.filter(user=admin_user).exists()


def test_an_owner_cannot_reset_staff(strict, owner):
    staff = make_user("staff_member", is_staff=True)
    Membership.objects.create(group=strict, user=staff, role=Role.MODERATOR)
    enrol(client_for(staff))
    owner_client = client_for(owner)
    verify_second_factor(owner_client, owner)
    target = Membership.objects.get(group=strict, user=staff)
    owner_client.post(f"/g/{strict.slug}/members/{target.pk}/two-factor-reset/")
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_the_server_command_resets_and_audits_in_every_group(strict, admin_user, capsys):
    enrol(client_for(admin_user))
    call_command("two_factor_reset", admin_user.username)
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    assert not StaticDevice.objects.filter(user=admin_user).exists()
    event = AuditEvent.objects.get(group=strict, action="two_factor.reset")
    assert event.actor is None
    assert event.payload == {"by": "server"}
    call_command("two_factor_reset", admin_user.username)
    assert "nothing changed" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["", "   ", "nobody", "x" * 500, "a\x00b"])
def test_the_server_command_refuses_unknown_users(name):
    with pytest.raises(CommandError, match="No user named"):
        call_command("two_factor_reset", name)
