"""Bulk decisions: preview, confirm the count, progress, undo."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.access import get_bulk_operation
from triage.bulk.forms import bulk_decision, selection_criteria
from triage.bulk.services import (
    SYNC_LIMIT,
    bulk_can_undo,
    bulk_create,
    bulk_enqueue,
    bulk_preview,
    bulk_run,
    bulk_undo,
)
from triage.queue.selectors import queue_counts_forget
from triage.queue.services import DecisionRefused


@require_POST
@group_view(min_role=Role.MODERATOR)
def bulk_preview_view(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    try:
        criteria = selection_criteria(request.POST)
        preview = bulk_preview(membership=membership, criteria=criteria)
    except DecisionRefused as exc:
        messages.error(request, str(exc))
        return redirect(_safe_back(request, group))
    return render(
        request,
        "triage/bulk_preview.html",
        {
            "preview": preview,
            "criteria": json.dumps(
                {**criteria, "max_id": preview.max_id} if preview.max_id else criteria
            ),
            "rules": group.rules.filter(is_active=True),
            "action": request.POST.get("action", "remove"),
            "back": _safe_back(request, group),
        },
    )


def _safe_back(request: HttpRequest, group: Group) -> str:
    back = request.POST.get("back", "")
    prefix = f"/g/{group.slug}/"
    return back if back.startswith(prefix) and "//" not in back else f"{prefix}queue/"


@require_POST
@group_view(min_role=Role.MODERATOR)
def bulk_confirm(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    try:
        criteria, data, count = bulk_decision(request.POST)
        op = bulk_create(membership=membership, criteria=criteria, data=data, confirmed_count=count)
    except DecisionRefused as exc:
        # The same confirmation again, with the reason and what was typed (a missing rule must
        # not cost the moderator their note), if the selection can still be read.
        try:
            criteria = selection_criteria(request.POST)
            preview = bulk_preview(membership=membership, criteria=criteria)
        except DecisionRefused:
            messages.error(request, str(exc))
            return redirect(_safe_back(request, group))
        return render(
            request,
            "triage/bulk_preview.html",
            {
                "preview": preview,
                "criteria": request.POST.get("criteria", ""),
                "rules": group.rules.filter(is_active=True),
                "action": request.POST.get("action", "remove"),
                "rule": request.POST.get("rule", ""),
                "note": request.POST.get("note", "")[:2000],
                "error": str(exc),
                "back": _safe_back(request, group),
            },
            status=400,
        )
    if op.expected <= SYNC_LIMIT:
        bulk_run(op_id=op.pk)
    else:
        bulk_enqueue(op.pk)
    queue_counts_forget(group.pk)
    return redirect("bulk_detail", slug=group.slug, op_id=op.pk)


@group_view()
def bulk_detail(
    request: HttpRequest, group: Group, membership: Membership, op_id: int
) -> HttpResponse:
    op = get_bulk_operation(membership, op_id)
    return render(
        request,
        "triage/bulk_detail.html",
        {
            "op": op,
            "can_undo": bulk_can_undo(op, membership),
            "finished": op.status in ("done", "failed"),
        },
    )


@group_view()
def bulk_status(
    request: HttpRequest, group: Group, membership: Membership, op_id: int
) -> HttpResponse:
    op = get_bulk_operation(membership, op_id)
    return JsonResponse(
        {
            "status": op.status,
            "expected": op.expected,
            "decided": op.decided,
            "skipped": op.skipped,
            "percent": 100 if op.status == "done" else int(100 * op.decided / max(op.expected, 1)),
        }
    )


@require_POST
@group_view(min_role=Role.MODERATOR)
def bulk_undo_view(
    request: HttpRequest, group: Group, membership: Membership, op_id: int
) -> HttpResponse:
    op = get_bulk_operation(membership, op_id)
    try:
        reopened = bulk_undo(membership=membership, op_id=op.pk)
    except DecisionRefused as exc:
        messages.error(request, str(exc))
    else:
        queue_counts_forget(group.pk)
        messages.success(request, _("Undone: %(n)d posts are pending again.") % {"n": reopened})
    return redirect("bulk_detail", slug=group.slug, op_id=op.pk)
