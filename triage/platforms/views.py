from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.lib.inputs import parse_ids
from triage.models import PlatformAction
from triage.platforms.forms import TelegramLinkForm
from triage.platforms.services import (
    actions_retry,
    manual_mark_done,
    platform_summary,
    telegram_link_save,
    telegram_link_state,
    telegram_rights_check,
)

S = PlatformAction.Status


@group_view()
def checklist(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    show = request.GET.get("show", "open")
    actions = PlatformAction.objects.filter(group=group).select_related("post", "done_by")
    if show == "open":
        actions = actions.filter(status__in=[S.PENDING, S.IN_PROGRESS, S.FAILED])
    return render(
        request,
        "triage/platform.html",
        {
            "actions": actions.order_by("status", "created_at")[:500],
            "summary": platform_summary(group=group),
            "show": show,
        },
    )


def _ids(request: HttpRequest) -> list[int]:
    return parse_ids(request.POST.getlist("ids"))[:5000]


@require_POST
@group_view(min_role=Role.MODERATOR)
def checklist_done(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    n = manual_mark_done(membership=membership, action_ids=_ids(request))
    if n:
        messages.success(request, _("%(n)d removals marked as done.") % {"n": n})
    else:
        messages.error(request, _("Nothing was marked: select removals that are still waiting."))
    return redirect("platform_checklist", slug=group.slug)


@require_POST
@group_view(min_role=Role.ADMIN)
def retry(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    n = actions_retry(membership=membership, action_ids=_ids(request))
    messages.success(request, _("%(n)d actions will be tried again.") % {"n": n})
    return redirect("platform_checklist", slug=group.slug)


@group_view(min_role=Role.ADMIN)
def telegram_link(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    form = TelegramLinkForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        saved = telegram_link_save(
            membership=membership,
            chat_id=form.cleaned_data["chat_id"],
            token=form.cleaned_data["token"],
            alert_chat_id=form.cleaned_data["alert_chat_id"],
            watch=form.cleaned_data["watch"],
        )
        telegram_rights_check(group=saved, actor=request.user)
        messages.success(request, _("Telegram link saved."))
        return redirect("telegram_link", slug=group.slug)
    errors = form.messages if form.is_bound else []
    return render(
        request, "triage/telegram_link.html", {**telegram_link_state(group), "errors": errors}
    )


@require_POST
@group_view(min_role=Role.ADMIN)
def telegram_rights(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    """Ask Telegram again what the bot may do (after an admin changed its rights there)."""
    telegram_rights_check(group=group, actor=request.user)
    return redirect("telegram_link", slug=group.slug)
