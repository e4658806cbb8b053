"""Per-group API tokens: created and revoked by admins, stored as sha256, shown once."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import ApiToken, Group, Membership, Role
from triage.audit.services import audit_record

PREFIX = "varta_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_create(*, membership: Membership, name: str) -> tuple[ApiToken, str]:
    """A new token; the plain value is returned once and never stored."""
    plain = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            group=membership.group,
            name=name[:100],
            prefix=plain[: len(PREFIX) + 6],
            token_sha256=token_hash(plain),
            created_by=membership.user,
        )
        audit_record(
            group=membership.group,
            actor=membership.user,
            action="api_token.create",
            obj=token,
            object_type="api_token",
            payload={"name": token.name, "prefix": token.prefix},
        )
    return token, plain


def token_revoke(*, membership: Membership, token_id: int) -> bool:
    with transaction.atomic():
        updated = ApiToken.objects.filter(
            pk=token_id, group_id=membership.group_id, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if updated:
            audit_record(
                group=membership.group,
                actor=membership.user,
                action="api_token.revoke",
                object_type="api_token",
                object_id=token_id,
                payload={},
            )
    return bool(updated)


def token_for(plain: str) -> ApiToken | None:
    """The active token with this value, or None."""
    if not plain.startswith(PREFIX) or len(plain) > 200:
        return None
    return (
        ApiToken.objects.select_related("group")
        .filter(token_sha256=token_hash(plain), revoked_at__isnull=True)
        .first()
    )


_SHOW_ONCE = "varta-new-api-token"


@never_cache
@group_view(min_role=Role.ADMIN)
def token_list(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    if request.method == "POST":
        name = request.POST.get("name", "").replace("\x00", "").strip()
        if not name:
            messages.error(request, _("Name the token after the bot or script that will use it."))
        else:
            _token, plain = token_create(membership=membership, name=name)
            # Shown once, on the page the redirect leads to: reloading it neither posts the
            # form again (a second token) nor shows the token again.
            request.session[_SHOW_ONCE] = plain
        return redirect("api_tokens", slug=group.slug)
    created = request.session.pop(_SHOW_ONCE, None)
    return render(
        request,
        "triage/imports/tokens.html",
        {"tokens": ApiToken.objects.filter(group=group), "created": created},
    )


@require_POST
@group_view(min_role=Role.ADMIN)
def token_revoke_view(
    request: HttpRequest, group: Group, membership: Membership, token_id: int
) -> HttpResponse:
    if not ApiToken.objects.filter(pk=token_id, group=group).exists():
        raise Http404
    if token_revoke(membership=membership, token_id=token_id):
        messages.success(request, _("Token revoked."))
    return redirect("api_tokens", slug=group.slug)
