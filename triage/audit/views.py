"""The audit log page: filters, the chain's verdict, exports (themselves audited)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.audit.forms import AuditFilterForm
from triage.audit.selectors import (
    EXPORT_HEADER,
    audit_events,
    audit_page,
    chain_verdict,
    export_objects,
    export_rows,
)
from triage.audit.services import audit_export_record
from triage.lib.exports import csv_rows, json_lines

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@group_view(min_role=Role.ADMIN)
def audit_log(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    form.is_valid()  # a bad day is said beside the list; the other filters still apply
    context = {
        **audit_page(group=group, filters=form.cleaned_data),
        "values": form.values,
        "errors": form.messages,
        "verdict": chain_verdict(group),
        "query": request.GET.urlencode(),
    }
    return render(request, "triage/audit.html", context)


# POST only (with its CSRF token): an export is itself an audit event, which a link on
# another site must not be able to make in an admin's name.
@require_POST
@group_view(min_role=Role.ADMIN)
def audit_export(
    request: HttpRequest, group: Group, membership: Membership, fmt: str
) -> HttpResponseBase:
    if fmt not in CONTENT_TYPES:
        raise Http404
    form = AuditFilterForm(request.POST)
    if not form.is_valid():
        return HttpResponse(
            " ".join(form.messages), status=400, content_type="text/plain; charset=utf-8"
        )
    filters = {k: v for k, v in form.cleaned_data.items() if k != "before"}
    audit_export_record(membership=membership, fmt=fmt, filters=filters)
    events = audit_events(group=group, filters=filters).order_by("seq").iterator(chunk_size=2000)
    body = (
        csv_rows(EXPORT_HEADER, export_rows(events))
        if fmt == "csv"
        else json_lines(export_objects(events))
    )
    response = StreamingHttpResponse(body, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{group.slug}-{stamp}.{fmt}"'
    return response
