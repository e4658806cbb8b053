"""Import pages: choose a source, map columns (CSV/XLSX), watch progress, read the result."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.access import get_import_batch
from triage.importers import fields
from triage.importers.formats.registry import FORMATS, preview_table
from triage.importers.forms import ColumnMappingForm, ImportForm
from triage.importers.rows import ImportRefused
from triage.importers.services import (
    TABLES,
    batch_map_columns,
    batch_refuse,
    batch_start,
)
from triage.importers.uploads import refused_upload
from triage.models import ImportBatch
from triage.queue.selectors import queue_counts_forget

FIELD_LABELS = {
    "text": gettext_lazy("Text (required)"),
    "external_id": gettext_lazy("External id"),
    "author": gettext_lazy("Author"),
    "permalink": gettext_lazy("Link to the post"),
    "posted_at": gettext_lazy("Posted at"),
    "reported_at": gettext_lazy("Reported at"),
    "report_count": gettext_lazy("Report count"),
    "report_reason": gettext_lazy("Report reason"),
    "parent_id": gettext_lazy("Replies to (parent id)"),
}


@group_view()
def imports(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    batches = Paginator(ImportBatch.objects.filter(group=group).select_related("created_by"), 25)
    return render(
        request,
        "triage/imports/list.html",
        {"page": batches.get_page(request.GET.get("page")), "formats": FORMATS},
    )


@require_POST
@group_view(min_role=Role.MODERATOR)
def import_new(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if refused_upload(request):
        messages.error(
            request,
            _("The file is larger than the limit of %(limit)s; nothing was stored.")
            % {"limit": filesizeformat(settings.VARTA_MAX_UPLOAD_BYTES)},
        )
        return redirect("imports", slug=group.slug)
    try:
        if not form.is_valid():
            raise ImportRefused(" ".join(str(m) for e in form.errors.values() for m in e))
        batch = batch_start(
            group=group,
            user=membership.user,
            upload=form.cleaned_data["file"],
            pasted=form.cleaned_data["text"],
            requested_format=form.cleaned_data["format"],
        )
    except ImportRefused as exc:
        messages.error(request, str(exc))
        return redirect("imports", slug=group.slug)
    if batch.status == ImportBatch.Status.REFUSED:
        messages.error(request, batch.error)
    elif batch.format in TABLES:
        return redirect("import_mapping", slug=group.slug, batch_id=batch.pk)
    return redirect("import_detail", slug=group.slug, batch_id=batch.pk)


@group_view(min_role=Role.MODERATOR)
def import_mapping(
    request: HttpRequest, group: Group, membership: Membership, batch_id: int
) -> HttpResponse:
    """Which column is which: guessed from the header, corrected by the admin, with a preview."""
    batch = get_import_batch(membership, batch_id)
    if batch.status != ImportBatch.Status.QUEUED or not batch.stored_path:
        return redirect("import_detail", slug=group.slug, batch_id=batch.pk)
    try:
        table = preview_table(Path(batch.stored_path), batch.format)
    except ImportRefused as exc:
        batch_refuse(batch, str(exc))
        messages.error(request, str(exc))
        return redirect("import_detail", slug=group.slug, batch_id=batch.pk)
    form = ColumnMappingForm(request.POST or None, width=max(len(r) for r in table))
    if form.is_bound and form.is_valid():
        has_header = form.cleaned_data["has_header"] == "1"
        batch_map_columns(batch=batch, mapping=form.cleaned_data["mapping"], has_header=has_header)
        return redirect("import_detail", slug=group.slug, batch_id=batch.pk)
    context = mapping_context(batch, table, form)
    return render(request, "triage/imports/mapping.html", context)


def mapping_context(batch: ImportBatch, table: list[list[str]], form: ColumnMappingForm) -> dict:
    header = table[0]
    chosen = form.chosen if form.is_bound else fields.guess_mapping(header)
    return {
        "batch": batch,
        "table": table,
        "columns": [(i, header[i] if i < len(header) else f"#{i + 1}") for i in range(form.width)],
        "fields": [(key, FIELD_LABELS[key], chosen.get(key)) for key in fields.FIELDS],
        "errors": form.messages if form.is_bound else [],
        "has_header": (
            form.data.get("has_header") == "1"
            if form.is_bound
            else fields.looks_like_header([str(c) for c in header])
        ),
    }


@group_view()
def import_detail(
    request: HttpRequest, group: Group, membership: Membership, batch_id: int
) -> HttpResponse:
    batch = get_import_batch(membership, batch_id)
    if batch.is_finished:
        queue_counts_forget(group.pk)
    return render(
        request,
        "triage/imports/detail.html",
        {"batch": batch, "row_errors": batch.row_errors.all()[:500]},
    )


@group_view()
def import_status(
    request: HttpRequest, group: Group, membership: Membership, batch_id: int
) -> HttpResponse:
    batch = get_import_batch(membership, batch_id)
    return JsonResponse(
        {
            "status": batch.status,
            "finished": batch.is_finished or batch.status == ImportBatch.Status.FAILED,
            "percent": batch.progress_percent,
            "rows_done": batch.rows_done,
            "total_rows": batch.total_rows,
            "imported": batch.imported,
            "duplicates": batch.duplicates,
            "rejected": batch.rejected,
            "error": batch.error,
        }
    )
