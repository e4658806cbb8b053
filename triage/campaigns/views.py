"""Campaigns on the queue page: undo a day of what Varta removed by itself."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.campaigns.services import auto_removals_undo_day
from triage.lib.inputs import parse_day


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
