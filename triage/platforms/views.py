from __future__ import annotations

import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, Membership, Platform, Role
from triage.lib.inputs import parse_ids
from triage.models import PlatformAction
from triage.platforms import secrets
from triage.platforms.services import (
    actions_retry,
    manual_mark_done,
    platform_summary,
    telegram_link_save,
)

S = PlatformAction.Status
TOKEN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{20,100}$")


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
    errors: list[str] = []
    if request.method == "POST":
        raw_chat = request.POST.get("chat_id", "").strip()
        raw_token = request.POST.get("token", "").strip()
        chat_id = None
        if raw_chat:
            if re.fullmatch(r"-?\d{1,20}", raw_chat) and abs(int(raw_chat)) < 2**62:
                chat_id = int(raw_chat)
            else:
                errors.append(_("The chat id is a number, like -1001234567890."))
        token: str | None = None
        if request.POST.get("remove_token"):
            token = ""
        elif raw_token:
            if TOKEN.match(raw_token):
                token = raw_token
            else:
                errors.append(_("That does not look like a bot token (123456:ABC-...)."))
        if group.platform != Platform.TELEGRAM and chat_id:
            errors.append(_("Set the group's platform to Telegram first (group settings)."))
        if not errors:
            telegram_link_save(membership=membership, chat_id=chat_id, token=token)
            messages.success(request, _("Telegram link saved."))
            return redirect("telegram_link", slug=group.slug)
    fresh = Group.objects.get(pk=group.pk)
    has_token = bool(fresh.telegram_bot_token)
    return render(
        request,
        "triage/telegram_link.html",
        {
            "chat_id": fresh.telegram_chat_id,
            "has_token": has_token,
            "token_unreadable": has_token and not secrets.decrypt(fresh.telegram_bot_token),
            "errors": errors,
        },
    )
