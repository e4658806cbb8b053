"""The audit log page: filters, the chain's verdict, exports (themselves audited)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.audit.chain import chain_key
from triage.audit.services import (
    Checkpoint,
    audit_record,
    full_check,
    full_check_key,
    verify_chain,
)
from triage.lib.exports import csv_rows, json_lines
from triage.lib.inputs import parse_day, parse_id
from triage.models import AuditChain, AuditEvent, Decision

PAGE = 100


def _filtered(group: Group, params: Any) -> tuple[Any, dict[str, str], list[str]]:
    errors: list[str] = []
    qs = AuditEvent.objects.filter(group=group)
    values = {
        k: (params.get(k) or "").strip()[:100]
        for k in ("actor", "action", "object", "since", "until")
    }
    if values["actor"]:
        qs = qs.filter(actor_name__iexact=values["actor"])
    if values["action"]:
        qs = qs.filter(action__startswith=values["action"])
    if values["object"]:
        kind, _sep, ident = values["object"].partition(":")
        qs = qs.filter(object_type=kind)
        if ident:
            qs = qs.filter(object_id=ident)
    tz = timezone.get_current_timezone()
    for key, bound, lookup in (("since", time.min, "gte"), ("until", time.max, "lte")):
        if values[key]:
            day = parse_day(values[key])  # None for 2026-13-45, 0001-01-01, "²"
            if day is None:
                errors.append(_("Dates are written as YYYY-MM-DD."))
            else:
                qs = qs.filter(**{f"created_at__{lookup}": datetime.combine(day, bound, tz)})
    return qs, values, errors


def chain_verdict(group: Group) -> dict[str, Any]:
    """The chain's verdict without re-hashing millions of events on every view: the last full
    check (hourly, by the scheduler, or now if there is none), and the events since it."""
    chain = AuditChain.objects.filter(key=chain_key(group.pk)).first()
    if chain is None:
        return {"ok": True, "events": 0, "text": "", "checked_at": timezone.now()}
    full = cache.get(full_check_key(group.pk)) or full_check(chain)
    if not full["ok"] or full.get("checkpoint") is None:
        return full
    recent = verify_chain(chain, since=Checkpoint(**full["checkpoint"]))
    return {
        "ok": recent.ok,
        "events": recent.events,
        "text": recent.describe(),
        "first_bad_seq": recent.first_bad_seq,
        "checked_at": full["checked_at"],
        "recent_checked_at": timezone.now(),
    }


@group_view(min_role=Role.ADMIN)
def audit_log(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    qs, values, errors = _filtered(group, request.GET)
    before = parse_id(request.GET.get("before", ""))
    if before is not None:
        qs = qs.filter(seq__lt=before)
    events = list(qs.order_by("-seq")[: PAGE + 1])
    more = len(events) > PAGE
    events = events[:PAGE]
    decision_ids = [e.payload.get("decision") for e in events if e.action == "post.decide"]
    decisions = Decision.objects.in_bulk([d for d in decision_ids if isinstance(d, int)])
    rows = [{"event": e, "decision": decisions.get(e.payload.get("decision"))} for e in events]
    return render(
        request,
        "triage/audit.html",
        {
            "rows": rows,
            "values": values,
            "errors": errors,
            "verdict": chain_verdict(group),
            "older": events[-1].seq if more and events else None,
            "query": request.GET.urlencode(),
        },
    )


HEADER = ["seq", "created_at", "actor", "action", "object_type", "object_id", "payload", "hash"]


@group_view(min_role=Role.ADMIN)
def audit_export(
    request: HttpRequest, group: Group, membership: Membership, fmt: str
) -> HttpResponseBase:
    if fmt not in ("csv", "json"):
        raise Http404
    qs, values, errors = _filtered(group, request.GET)
    if errors:
        return HttpResponse(" ".join(errors), status=400, content_type="text/plain; charset=utf-8")
    audit_record(
        group=group,
        actor=membership.user,
        action="audit.export",
        object_type="audit",
        payload={"format": fmt, "filters": {k: v for k, v in values.items() if v}},
    )
    events = qs.order_by("seq").iterator(chunk_size=2000)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        body = csv_rows(
            HEADER,
            (
                [
                    e.seq,
                    e.created_at.isoformat(),
                    e.actor_name,
                    e.action,
                    e.object_type,
                    e.object_id,
                    e.payload,
                    e.hash,
                ]
                for e in events
            ),
        )
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        body = json_lines(
            {
                "seq": e.seq,
                "created_at": e.created_at.isoformat(),
                "actor": e.actor_name,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "payload": e.payload,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            }
            for e in events
        )
        response = StreamingHttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="audit-{group.slug}-{stamp}.{fmt}"'
    return response
