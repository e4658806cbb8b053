"""The report page and its exports. Exports are redacted unless an admin states a reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.access import get_evidence_subject
from triage.lib.charts import line_chart
from triage.reports.exports import FORMATS, write_csv, write_json, write_xlsx
from triage.reports.forms import EvidenceForm, PeriodForm, ReportExportForm
from triage.reports.selectors import report_build
from triage.reports.services import evidence_export, export_record

ZIP = "application/zip"
WRITERS: dict[str, tuple[Callable[..., Any], str]] = {
    "csv": (write_csv, "text/csv; charset=utf-8"),
    "json": (write_json, "application/json"),
    "xlsx": (write_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@group_view()
def report(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    form = PeriodForm(request.GET)
    rep = report_build(group=group, period=form.period)
    chart = line_chart(
        rep.per_day,
        [("imported", _("imported")), ("decided", _("decided")), ("removed", _("removed"))],
        title=_("Posts per day"),
    )
    context = {"report": rep, "chart": chart, "error": form.error, "formats": FORMATS}
    return render(request, "triage/report.html", context)


# POST only (with its CSRF token): an export is audited, and an unredacted one records the
# reason given, so a link on another site must not be able to make one in an admin's name.
@require_POST
@group_view()
def report_export(request: HttpRequest, group: Group, membership: Membership) -> HttpResponseBase:
    form = ReportExportForm(request.POST, membership=membership)
    if not form.is_valid():
        messages.error(request, form.error)
        return redirect("report", slug=group.slug)
    fmt, redact, links = (form.cleaned_data[k] for k in ("format", "redact", "links"))
    rep = report_build(group=group, period=form.cleaned_data["period"])
    reason = form.cleaned_data["reason"]
    export_record(
        report=rep, actor=membership.user, fmt=fmt, redact=redact, links=links, reason=reason
    )
    name = f"varta-{group.slug}-{rep.period.since}-{rep.period.until}"
    name += "" if redact else "-UNREDACTED"
    writer, content_type = WRITERS[fmt]
    body = writer(rep, redact=redact, links=links)
    response: HttpResponseBase = (
        FileResponse(body, content_type=content_type)
        if fmt == "xlsx"
        else StreamingHttpResponse(body, content_type=content_type)
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"  # personal data, even redacted: never kept by a cache
    return response


@group_view(min_role=Role.ADMIN)
def evidence(
    request: HttpRequest, group: Group, membership: Membership, kind: str, object_id: int
) -> HttpResponseBase:
    """A cluster's or a bulk operation's evidence package (POST with a reason)."""
    get_evidence_subject(membership, kind, object_id)
    back = f"/g/{group.slug}/{'clusters' if kind == 'cluster' else 'bulk'}/{object_id}/"
    form = EvidenceForm(request.POST)
    if request.method != "POST" or not form.is_valid():
        if request.method == "POST":
            messages.error(request, str(form.errors["reason"][0]))
        return redirect(back)
    package = evidence_export(
        membership=membership, kind=kind, object_id=object_id, reason=form.cleaned_data["reason"]
    )
    filename = f"varta-evidence-{group.slug}-{kind}-{object_id}.zip"
    return FileResponse(
        package, as_attachment=True, filename=filename, content_type="application/zip"
    )
