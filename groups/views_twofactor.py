"""Pages of two-factor login (groups.twofactor): set up, verify, remove, and an owner's reset."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from groups import twofactor
from groups.decorators import group_view
from groups.models import Group, Membership, Role


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "registration/two_factor.html",
        {
            "enrolled": twofactor.has_device(user),
            "verified": twofactor.is_verified(user),
            "next": _next(request),
        },
    )


# The secret, its QR code and the recovery codes must not stay in a cache or the history.
@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if twofactor.has_device(user) and not twofactor.is_verified(user):
        # Replacing an authenticator needs the current one first.
        return redirect(f"/account/two-factor/verify/?next={request.path}")
    device = twofactor.pending_totp(user)
    replacing = twofactor.has_device(user)
    if request.method == "POST" and device is not None:
        # Moving it to another phone takes a code from the current one (or a recovery code):
        # a copied session alone must not be able to swap in someone else's authenticator.
        if replacing and not twofactor.verify(request, request.POST.get("current", "")):
            messages.error(
                request,
                _("Enter a code from your current authenticator, or a recovery code, first."),
            )
            return render(
                request,
                "registration/two_factor_setup.html",
                {
                    "qr": twofactor.qr_svg(device),
                    "key": twofactor.typed_key(device),
                    "replacing": True,
                    "next": _next(request),
                },
            )
        codes = twofactor.totp_confirm(request, device, request.POST.get("code", ""))
        if codes is not None:
            return render(
                request,
                "registration/two_factor_codes.html",
                {"codes": codes, "next": _next(request)},
            )
        messages.error(
            request, _("That code is not right. Check the time on your phone and try again.")
        )
    else:
        device = device or twofactor.totp_start(user)
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "qr": twofactor.qr_svg(device),
            "key": twofactor.typed_key(device),
            "replacing": replacing,
            "next": _next(request),
        },
    )


# The secret, its QR code and the recovery codes must not stay in a cache or the history.
@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not twofactor.has_device(user):
        return redirect(f"/account/two-factor/setup/?next={_next(request)}")
    if request.method == "POST":
        if twofactor.verify(request, request.POST.get("code", "")):
            return redirect(_next(request))
        if twofactor.throttled(request):
            messages.error(request, _("Too many wrong codes: wait a minute before the next try."))
        else:
            messages.error(request, _("That code is not right, or was used already."))
    return render(request, "registration/two_factor_verify.html", {"next": _next(request)})


@require_POST
@login_required
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    # A code now, not only a session verified earlier: a copied session must not turn it off.
    if not twofactor.is_verified(user) or not twofactor.verify(
        request, request.POST.get("code", "")
    ):
        messages.error(
            request,
            _("To turn it off, enter a code from your authenticator or a recovery code."),
        )
        return redirect("two_factor")
    twofactor.remove_devices(user=user, actor=user)
    messages.success(request, _("Two-factor login is off for your account."))
    return redirect("two_factor")


@require_POST
@group_view(min_role=Role.OWNER)
def member_two_factor_reset(
    request: HttpRequest, group: Group, membership: Membership, membership_id: int
) -> HttpResponse:
    """An owner resets another member's second factor (a lost phone); never their own."""
    target = Membership.objects.filter(group=group, pk=membership_id).select_related("user").first()
    if target is None or target.user_id == membership.user_id:
        messages.error(request, _("You can reset another member's second factor, not your own."))
        return redirect("group_members", slug=group.slug)
    if not twofactor.may_reset(actor=membership.user, target=target.user):
        messages.error(
            request,
            _(
                "%(user)s is an owner or admin of a group you do not own, or staff: their "
                "second factor is reset by an owner of that group, or on the server."
            )
            % {"user": target.user.get_username()},
        )
        return redirect("group_members", slug=group.slug)
    twofactor.remove_devices(user=target.user, actor=membership.user, group=group)
    messages.success(
        request,
        _("%(user)s's second factor was reset: they set it up again at their next login.")
        % {"user": target.user.get_username()},
    )
    return redirect("group_members", slug=group.slug)
