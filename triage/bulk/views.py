"""Bulk decisions: preview, confirm the count, progress, undo."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.access import get_bulk_operation
from triage.bulk.services import (
    MAX_IDS,
    SYNC_LIMIT,
    bulk_can_undo,
    bulk_create,
    bulk_enqueue,
    bulk_preview,
    bulk_run,
    bulk_undo,
)
from triage.lib.inputs import parse_count, parse_id, parse_ids
from triage.queue.selectors import QueueFilters, queue_counts_forget
from triage.queue.services import DecisionInput, DecisionRefused


def _criteria_from(request: HttpRequest) -> dict[str, Any]:
    """The selection from a form: ids ticked in the queue, a filter, or a cluster."""
    raw = request.POST.get("criteria", "")
    if raw:
        try:
            criteria = json.loads(raw)
        except ValueError as exc:
            raise DecisionRefused(_("The selection could not be read.")) from exc
        if not isinstance(criteria, dict):
            raise DecisionRefused(_("The selection could not be read."))
    elif request.POST.get("scope") == "filter":
        filters = QueueFilters.from_dict(request.POST)
        if filters.errors:
            raise DecisionRefused(" ".join(filters.errors))
        criteria = {"kind": "filter", "filters": filters.as_dict()}
    else:
        ids = parse_ids(request.POST.getlist("ids"))
        if not ids:
            raise DecisionRefused(_("Select at least one post."))
        if len(ids) > MAX_IDS:
            raise DecisionRefused(_("Select at most %(n)d posts at once.") % {"n": MAX_IDS})
        criteria = {"kind": "ids", "ids": ids}
    kind = criteria.get("kind")
    if kind not in {"ids", "filter", "cluster"}:
        raise DecisionRefused(_("The selection could not be read."))
    try:
        if kind == "cluster":
            criteria["cluster"] = parse_id(criteria.get("cluster"))
            if criteria["cluster"] is None:
                raise DecisionRefused(_("The selection could not be read."))
        if kind == "ids":
            raw_ids = criteria.get("ids")
            criteria["ids"] = parse_ids(raw_ids if isinstance(raw_ids, list) else [])[:MAX_IDS]
        if kind == "filter":
            parsed = QueueFilters.from_dict(criteria.get("filters") or {})
            if parsed.errors:
                raise DecisionRefused(" ".join(parsed.errors))
            criteria["filters"] = parsed.as_dict()
    except (KeyError, TypeError, ValueError) as exc:
        raise DecisionRefused(_("The selection could not be read.")) from exc
    # The preview's newest post: the confirmation decides only what the preview counted, never
    # a post that arrived between the two (it only ever narrows the selection).
    max_id = parse_id(criteria.pop("max_id", None))
    if max_id is not None:
        criteria["max_id"] = max_id
    return criteria


@require_POST
@group_view(min_role=Role.MODERATOR)
def bulk_preview_view(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    try:
        criteria = _criteria_from(request)
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
    rule = request.POST.get("rule", "")
    data = DecisionInput(
        action=request.POST.get("action", ""),
        rule_id=parse_id(rule),
        note=request.POST.get("note", "").replace("\x00", ""),
    )
    count = parse_count(request.POST.get("confirmed_count", ""))
    try:
        criteria = _criteria_from(request)
        if count is None:
            raise DecisionRefused(_("Confirm the number of posts."))
        op = bulk_create(membership=membership, criteria=criteria, data=data, confirmed_count=count)
    except DecisionRefused as exc:
        messages.error(request, str(exc))
        return redirect(_safe_back(request, group))
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
