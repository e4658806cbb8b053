"""Two-factor login against what the red-team review of issue 17 found still open: a copied
session that swaps or removes the owner's authenticator without a code, a password holder who
locks the owner out with wrong codes, secrets left in caches, a manual key no app accepts, and
staff powers reached without a verified factor."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import client_for, make_user, verify_second_factor
from groups.models import Group
from tests.auth.test_two_factor import code_for, enrol
from triage.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def strict(group):
    Group.objects.filter(pk=group.pk).update(require_two_factor=True)
    group.refresh_from_db()
    return group


def test_a_verified_session_cannot_turn_it_off_without_a_code_and_its_groups_see_it(
    strict, admin_user
):
    client = client_for(admin_user)
    _device, codes = enrol(client)  # the session is verified now
    copied = client  # what a stolen cookie gives: the same verified session
    copied.post("/account/two-factor/remove/", {"code": "000000"})
    copied.post("/account/two-factor/remove/")
    assert TOTPDevice.objects.filter(user=admin_user, confirmed=True).exists()
    # With a recovery code (or a current code) it goes, and the admin's group is told.
    client.post("/account/two-factor/remove/", {"code": codes[0]})
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    assert AuditEvent.objects.filter(group=strict, action="two_factor.remove").count() == 1
    assert AuditEvent.objects.filter(group=strict, action="two_factor.enrol").count() == 1


def test_moving_it_to_another_phone_takes_a_code_from_the_current_one(strict, admin_user):
    client = client_for(admin_user)
    old, _codes = enrol(client)
    client.get("/account/two-factor/setup/")
    new = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    page = client.post("/account/two-factor/setup/", {"code": code_for(new)})
    assert "current authenticator" in page.content.decode()
    new.refresh_from_db()
    assert new.confirmed is False
    assert TOTPDevice.objects.get(user=admin_user, confirmed=True).pk == old.pk
    done = client.post(
        "/account/two-factor/setup/", {"current": code_for(old, drift=1), "code": code_for(new)}
    )
    assert "recovery" in done.content.decode().lower()
    assert TOTPDevice.objects.get(user=admin_user, confirmed=True).pk == new.pk


def test_wrong_codes_from_a_password_holder_never_lock_the_owner_out_for_long(strict, admin_user):
    owner_phone = client_for(admin_user)
    device, _codes = enrol(owner_phone)
    attacker = Client(REMOTE_ADDR="203.0.113.9", headers={"accept-language": "en"})
    attacker.force_login(admin_user)
    for _ in range(30):
        attacker.post("/account/two-factor/verify/", {"code": "000000"})
        # Each of django-otp's waits waited out, as a patient attacker would.
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - timedelta(hours=1)
        )
    device.refresh_from_db()
    assert device.throttling_failure_count <= 6  # a wait of at most 32 seconds
    # The attacker's address is stopped even with a right code...
    page = attacker.post("/account/two-factor/verify/", {"code": code_for(device, drift=1)})
    assert "Too many wrong codes" in page.content.decode()
    # ... while the owner, from their own address, gets in once the short wait is over.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=33)
    )
    owner = Client(REMOTE_ADDR="198.51.100.7")
    owner.force_login(admin_user)
    response = owner.post("/account/two-factor/verify/", {"code": code_for(device, drift=1)})
    assert response.status_code == 302
    assert owner.get(f"/g/{strict.slug}/queue/").status_code == 200


def test_the_pages_with_secrets_are_not_cached_and_the_typed_key_is_the_apps(admin_user):
    client = client_for(admin_user)
    page = client.get("/account/two-factor/setup/")
    assert "no-store" in page["Cache-Control"]
    assert "no-store" in client.get("/account/two-factor/verify/")["Cache-Control"]
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    typed = page.content.decode().split("data-key>", 1)[1].split("<", 1)[0]
    key = typed.replace(" ", "")
    assert set(key) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    padded = key + "=" * (-len(key) % 8)
    assert base64.b32decode(padded) == device.bin_key
    done = client.post("/account/two-factor/setup/", {"code": code_for(device)})
    assert "no-store" in done["Cache-Control"]  # the recovery codes


def test_staff_need_a_verified_factor_under_a_url_prefix_too():
    staff = make_user("prefixed_staff", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    response = client.get("/admin/", SCRIPT_NAME="/varta")
    assert response.status_code == 302
    assert "/two-factor/verify/" in response["Location"]
    assert "next=%2Fvarta%2Fadmin%2F" in response["Location"]


def test_staff_exchange_the_bank_only_verified_and_the_download_is_a_post(group, admin_user):
    Group.objects.filter(pk=group.pk).update(require_two_factor=False)
    admin_user.is_staff = True
    admin_user.save()
    staff = client_for(admin_user)
    url = f"/g/{group.slug}/campaigns/bank/export/"
    assert staff.get(url).status_code == 405
    before = AuditEvent.objects.filter(action="campaign.bank_export").count()
    unverified = staff.post(url)
    assert unverified.status_code == 302
    assert "/two-factor/verify/" in unverified["Location"]
    assert staff.post(f"/g/{group.slug}/campaigns/bank/import/").status_code == 302
    assert AuditEvent.objects.filter(action="campaign.bank_export").count() == before
    verify_second_factor(staff, admin_user)
    assert "attachment" in staff.post(url)["Content-Disposition"]
