"""The appeals page (admins): record an appeal on a removed post, and decide open ones."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.access import get_post
from triage.appeals.selectors import appeals_list
from triage.appeals.services import appeal_decide, appeal_record
from triage.models import Appeal
from triage.queue.services import DecisionRefused


@group_view(min_role=Role.ADMIN)
def appeals_page(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    status = str(request.GET.get("status", "open"))
    return render(
        request,
        "triage/appeals.html",
        {
            "appeals": appeals_list(group_id=group.pk, status=status),
            "status": status if status in Appeal.Status.values else "all",
            "statuses": Appeal.Status.choices,
        },
    )


@require_POST
@group_view(min_role=Role.ADMIN)
def appeal_record_view(
    request: HttpRequest, group: Group, membership: Membership, post_id: int
) -> HttpResponse:
    post = get_post(membership, post_id)
    try:
        appeal_record(
            membership=membership,
            post=post,
            text=str(request.POST.get("text", "")),
            channel=str(request.POST.get("channel", "")),
        )
    except DecisionRefused as exc:
        messages.error(request, str(exc))
        return redirect("post_detail", slug=group.slug, post_id=post.pk)
    messages.success(
        request, _("Appeal recorded: an admin other than the one who removed the post decides it.")
    )
    return redirect("appeals", slug=group.slug)


@require_POST
@group_view(min_role=Role.ADMIN)
def appeal_decide_view(
    request: HttpRequest, group: Group, membership: Membership, appeal_id: int
) -> HttpResponse:
    try:
        appeal = appeal_decide(
            membership=membership,
            appeal_id=appeal_id,
            outcome=str(request.POST.get("outcome", "")),
            note=str(request.POST.get("note", "")),
        )
    except DecisionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Appeal decided: %(outcome)s.") % {"outcome": appeal.get_status_display()},
        )
    return redirect("appeals", slug=group.slug)
