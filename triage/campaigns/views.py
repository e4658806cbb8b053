"""Campaigns: undo a day of what Varta removed by itself; share a removed campaign with the
installation's other groups, withdraw it, and see what matched here."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from groups import twofactor
from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.audit.services import audit_record
from triage.campaigns.bank import bank_publish, bank_withdraw
from triage.campaigns.exchange import MAX_BYTES, ExchangeError, bank_export, bank_import
from triage.campaigns.services import auto_removals_undo_day
from triage.lib.inputs import parse_day
from triage.models import CampaignMatch, CampaignSignature
from triage.queue.services import DecisionRefused


@require_POST
@group_view(min_role=Role.MODERATOR)
def auto_removals_undo_day_view(
    request: HttpRequest, group: Group, membership: Membership
) -> HttpResponse:
    back = (
        reverse("queue", args=[group.slug])
        + "?"
        + urlencode({"status": "removed", "campaign": "auto"})
    )
    day = parse_day(request.POST.get("day", ""))
    if day is None:
        messages.error(request, _("Choose the day to undo, written as YYYY-MM-DD."))
        return redirect(back)
    undone = auto_removals_undo_day(membership=membership, day=day)
    if undone:
        messages.success(
            request,
            ngettext(
                "%(n)d automatic removal undone: the post is first in the queue again.",
                "%(n)d automatic removals undone: the posts are first in the queue again.",
                undone,
            )
            % {"n": undone},
        )
    else:
        messages.info(request, _("Nothing to undo on that day."))
    return redirect(back)


@group_view(min_role=Role.ADMIN)
def campaign_bank_page(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    """What this group shared with the installation's other groups, and what of theirs
    matched posts here (category and when only)."""
    return render(
        request,
        "triage/campaign_bank.html",
        {
            "shared": CampaignSignature.objects.filter(group=group)
            .select_related("published_by")
            .order_by("-published_at")[:100],
            "matches": CampaignMatch.objects.filter(group=group)
            .select_related("post")
            .order_by("-created_at")[:100],
            "setting": group.get_campaign_bank_display(),
        },
    )


@require_POST
@group_view(min_role=Role.ADMIN)
def campaign_publish_view(
    request: HttpRequest, group: Group, membership: Membership, cluster_id: int
) -> HttpResponse:
    try:
        bank_publish(membership=membership, cluster_id=cluster_id)
    except DecisionRefused as exc:
        messages.error(request, str(exc))
        return redirect("cluster_detail", slug=group.slug, cluster_id=cluster_id)
    messages.success(
        request,
        _(
            "Shared with the other groups on this Varta: its signature, category and rule, "
            "never its text or authors."
        ),
    )
    return redirect("campaign_bank", slug=group.slug)


@require_POST
@group_view(min_role=Role.ADMIN)
def campaign_withdraw_view(
    request: HttpRequest, group: Group, membership: Membership, entry_id: int
) -> HttpResponse:
    try:
        bank_withdraw(membership=membership, entry_id=entry_id)
    except DecisionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Withdrawn: it matches nothing from now on."))
    return redirect("campaign_bank", slug=group.slug)


def _staff_only(request: HttpRequest, group: Group) -> HttpResponse | None:
    """The bank's exchange is the installation's, not a group's: staff only, with their second
    factor verified whatever this group's own setting (as for the Django admin)."""
    if not request.user.is_staff:
        return HttpResponse(
            _("Only the installation's staff exchange the campaign bank."), status=403
        )
    if not twofactor.is_verified(request.user):
        back = reverse("campaign_bank", kwargs={"slug": group.slug})
        return redirect(f"/account/two-factor/verify/?{urlencode({'next': back})}")
    return None


# A POST: the download is audited, and a link from another site must not make one.
@require_POST
@group_view(min_role=Role.ADMIN)
def campaign_bank_export_view(
    request: HttpRequest, group: Group, membership: Membership
) -> HttpResponse:
    refused = _staff_only(request, group)
    if refused:
        return refused
    data = bank_export(installation=settings.VARTA_INSTALLATION)
    audit_record(
        group=None,
        actor=membership.user,
        action="campaign.bank_export",
        object_type="audit",
        payload={"installation": settings.VARTA_INSTALLATION, "via": "web"},
    )
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="varta-campaign-signatures.json"'
    return response


@require_POST
@group_view(min_role=Role.ADMIN)
def campaign_bank_import_view(
    request: HttpRequest, group: Group, membership: Membership
) -> HttpResponse:
    refused = _staff_only(request, group)
    if refused:
        return refused
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a campaign bank file to import."))
        return redirect("campaign_bank", slug=group.slug)
    if upload.size is None or upload.size > MAX_BYTES:
        messages.error(request, _("The file is larger than 50 MB."))
        return redirect("campaign_bank", slug=group.slug)
    try:
        result = bank_import(upload.read(), actor=membership.user)
    except ExchangeError as exc:
        messages.error(request, _("Refused, nothing imported: %(why)s") % {"why": str(exc)})
    else:
        messages.success(
            request,
            _("From %(origin)s: campaigns added: %(n)d; already in the bank: %(m)d.")
            % {"origin": result.origin, "n": result.imported, "m": result.already},
        )
    return redirect("campaign_bank", slug=group.slug)
