"""Two-factor login: an authenticator app (TOTP) and one-time recovery codes, with django-otp.

An owner or admin of a group that requires it ("owners and admins must use two-factor login",
on for new groups) reaches none of the group's pages until their session is verified with a
code: ``group_view`` asks ``two_factor_needed`` before any view runs. Staff reach /admin/ and
/rq/ only verified (config.middleware). API tokens and the Telegram webhook are not logins and
are not asked.

django-otp keeps the devices: a TOTP device (confirmed once a first code from it is checked,
replay of a code refused, failures throttled with a growing delay) and a static device of ten
recovery codes, each usable once, stored as django-otp stores them. Enrolment, removal, the use
of a recovery code and an owner's reset of another member's devices are audited.
"""

from __future__ import annotations

import base64
import secrets
from typing import TYPE_CHECKING, Any

import segno
from django.core.cache import cache
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from groups.models import Group, Membership, Role
from triage.audit.services import audit_record

if TYPE_CHECKING:
    from django.http import HttpRequest

RECOVERY_CODES = 10
REQUIRED_ROLES = (Role.OWNER, Role.ADMIN)


def is_verified(user: Any) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def has_device(user: Any) -> bool:
    return user_has_device(user, confirmed=True)


def two_factor_needed(user: Any, group: Group, membership: Membership) -> bool:
    """Whether this member must verify a second factor before this group's pages."""
    return group.require_two_factor and membership.role in REQUIRED_ROLES and not is_verified(user)


def totp_start(user: Any) -> TOTPDevice:
    """A new, unconfirmed authenticator for the user (earlier unconfirmed ones are dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def pending_totp(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG, drawn on the server (no CDN, no script)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#111"))


def typed_key(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it typed in: base32 in groups of four (the
    device keeps it as hex, which no app accepts)."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def clean_code(raw: str) -> str:
    """A code as people type it: spaces and dashes dropped ("123 456", "abcd-efgh")."""
    return "".join(ch for ch in str(raw or "")[:64] if ch.isalnum()).lower()


@transaction.atomic
def totp_confirm(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with a first code from it; returns the new recovery codes
    (shown once), or None if the code is wrong."""
    code = clean_code(code)
    if not code.isdigit() or not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(device.user)
    otp_login(request, device)
    audit_record(
        group=None,
        actor=device.user,
        action="two_factor.enrol",
        object_type="user",
        object_id=device.user.pk,
    )
    _audit_in_own_groups(device.user, "two_factor.enrol")
    return codes


def _audit_in_own_groups(user: Any, action: str) -> None:
    """Where the user is an owner or admin, their group's log shows it too (its owners see
    that an admin's second factor changed, which the installation's log alone would hide)."""
    for group in Group.objects.filter(
        memberships__user=user, memberships__role__in=REQUIRED_ROLES
    ).distinct():
        audit_record(group=group, actor=user, action=action, object_type="user", object_id=user.pk)


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


# Wrong codes: ten from one address in fifteen minutes stop that address for the rest of the
# fifteen minutes. django-otp also slows the device itself after each wrong code, doubling the
# wait; that wait is capped (2**(6-1) = 32 s), so that someone who knows only the password
# cannot lock the owner out of their own second factor for days by sending wrong codes.
MAX_WRONG_PER_ADDRESS = 10
WRONG_WINDOW = 15 * 60
MAX_DEVICE_FAILURES = 6


def _wrong_key(request: HttpRequest) -> str:
    from axes.helpers import get_client_ip_address

    user: Any = request.user
    return f"varta:2fa-wrong:{user.pk}:{get_client_ip_address(request)}"


def verify(request: HttpRequest, code: str) -> bool:
    """Verify the session with a code from the authenticator, or with a recovery code (used
    up, and audited). Wrong codes are throttled per address and, with a capped delay, per
    device (django-otp)."""
    user: Any = request.user
    code = clean_code(code)
    if not code:
        return False
    if cache.get(_wrong_key(request), 0) >= MAX_WRONG_PER_ADDRESS:
        return False
    if _verify(request, user, code):
        cache.delete(_wrong_key(request))
        return True
    try:
        cache.incr(_wrong_key(request))
    except ValueError:
        cache.set(_wrong_key(request), 1, WRONG_WINDOW)
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user, throttling_failure_count__gt=MAX_DEVICE_FAILURES).update(
            throttling_failure_count=MAX_DEVICE_FAILURES
        )
    return False


def _verify(request: HttpRequest, user: Any, code: str) -> bool:
    for device in devices_for_user(user, confirmed=True):
        totp_like = code.isdigit() and len(code) == 6
        if isinstance(device, StaticDevice) and not totp_like and device.verify_token(code):
            otp_login(request, device)
            audit_record(
                group=None,
                actor=user,
                action="two_factor.recovery_code",
                object_type="user",
                object_id=user.pk,
                payload={"left": device.token_set.count()},
            )
            return True
        if isinstance(device, TOTPDevice) and totp_like and device.verify_token(code):
            otp_login(request, device)
            return True
    return False


def throttled(request: HttpRequest) -> bool:
    """Whether codes are refused for now: too many wrong ones from this address, or the
    authenticator's own short wait."""
    user: Any = request.user
    if cache.get(_wrong_key(request), 0) >= MAX_WRONG_PER_ADDRESS:
        return True
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device is not None and not device.verify_is_allowed()[0]


def may_reset(*, actor: Any, target: Any) -> bool:
    """Whether an owner may reset this member's second factor: never staff's, and never that
    of someone who is an owner or admin of a group the actor does not own. Otherwise an owner
    of one small group could strip the protection of an admin of another, larger one."""
    if target.is_staff or target.is_superuser:
        return False
    owned = Membership.objects.filter(user=actor, role=Role.OWNER).values("group_id")
    return not (
        Membership.objects.filter(user=target, role__in=REQUIRED_ROLES)
        .exclude(group_id__in=owned)
        .exists()
    )


@transaction.atomic
def remove_devices(*, user: Any, actor: Any, group: Group | None = None) -> int:
    """Remove all of the user's second factors: by themselves (with a code, checked by the
    view), or by an owner of a group they are in (audited in that group too)."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[0]
    audit_record(
        group=None, actor=actor, action="two_factor.remove", object_type="user", object_id=user.pk
    )
    if group is not None:
        audit_record(
            group=group,
            actor=actor,
            action="two_factor.reset",
            object_type="user",
            object_id=user.pk,
        )
    elif actor == user:
        _audit_in_own_groups(user, "two_factor.remove")
    return removed
