"""The report page and its exports. Exports are redacted unless an admin states a reason."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.access import get_evidence_subject
from triage.audit.services import audit_record
from triage.lib.charts import line_chart
from triage.reports.evidence import evidence_package, evidence_posts
from triage.reports.exports import FORMATS, export_record, write_csv, write_json, write_xlsx
from triage.reports.selectors import Period, report_build

MAX_REASON = 500


def _period(request: HttpRequest) -> tuple[Period | None, str]:
    try:
        return Period.parse(request.GET.get("since") or None, request.GET.get("until") or None), ""
    except ValueError:
        return None, _(
            "Choose a period of at most a year, as YYYY-MM-DD, that starts before it ends."
        )


@group_view()
def report(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    period, error = _period(request)
    if period is None:
        period = Period.parse(None, None)
    rep = report_build(group=group, period=period)
    chart = line_chart(
        rep.per_day,
        [("imported", _("imported")), ("decided", _("decided")), ("removed", _("removed"))],
        title=_("Posts per day"),
    )
    return render(
        request,
        "triage/report.html",
        {"report": rep, "chart": chart, "error": error, "formats": FORMATS},
    )


@group_view()
def report_export(request: HttpRequest, group: Group, membership: Membership) -> HttpResponseBase:
    fmt = request.GET.get("format", "csv")
    period, error = _period(request)
    back = f"/g/{group.slug}/reports/"
    if period is None or fmt not in FORMATS:
        messages.error(request, error or _("Unknown export format."))
        return redirect(back)
    redact = request.GET.get("unredacted") != "1"
    reason = (request.GET.get("reason") or "").replace("\x00", "").strip()[:MAX_REASON]
    if not redact:
        if not membership.has_role(Role.ADMIN):
            messages.error(request, _("Only admins may export personal data unredacted."))
            return redirect(back)
        if len(reason) < 10:
            messages.error(
                request, _("State why you need personal data unredacted (at least 10 characters).")
            )
            return redirect(back)
    # Links to the original posts lead to the authors and their threads: not for viewers.
    links = request.GET.get("links") == "1" and membership.has_role(Role.MODERATOR)
    rep = report_build(group=group, period=period)
    export_record(
        report=rep, actor=membership.user, fmt=fmt, redact=redact, links=links, reason=reason
    )
    name = f"varta-{group.slug}-{period.since}-{period.until}{'' if redact else '-UNREDACTED'}"
    if fmt == "xlsx":
        return FileResponse(
            write_xlsx(rep, redact=redact, links=links),
            as_attachment=True,
            filename=f"{name}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if fmt == "json":
        response = StreamingHttpResponse(
            write_json(rep, redact=redact, links=links), content_type="application/json"
        )
    else:
        response = StreamingHttpResponse(
            write_csv(rep, redact=redact, links=links), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@group_view(min_role=Role.ADMIN)
def evidence(
    request: HttpRequest, group: Group, membership: Membership, kind: str, object_id: int
) -> HttpResponseBase:
    """A cluster's or a bulk operation's evidence package (POST with a reason)."""
    get_evidence_subject(membership, kind, object_id)
    back = (
        f"/g/{group.slug}/clusters/{object_id}/"
        if kind == "cluster"
        else f"/g/{group.slug}/bulk/{object_id}/"
    )
    if request.method != "POST":
        return redirect(back)
    reason = (request.POST.get("reason") or "").replace("\x00", "").strip()[:MAX_REASON]
    if len(reason) < 10:
        messages.error(
            request, _("State why you need the evidence package (at least 10 characters).")
        )
        return redirect(back)
    count = len(evidence_posts(group=group, kind=kind, object_id=object_id))
    audit_record(
        group=group,
        actor=membership.user,
        action="evidence.export",
        object_type=kind,
        object_id=object_id,
        payload={"reason": reason, "posts": count},
    )
    package = evidence_package(
        group=group,
        kind=kind,
        object_id=object_id,
        reason=reason,
        actor=request.user.get_username(),
    )
    return FileResponse(
        package,
        as_attachment=True,
        filename=f"varta-evidence-{group.slug}-{kind}-{object_id}.zip",
        content_type="application/zip",
    )
