from django.urls import include, path

from triage.views import audit, bulk, queue, reports

# Each concern keeps its own routes; all are under /g/<slug>/ and go through
# groups.access (see groups.decorators.group_view).
urlpatterns = [
    path("g/<slug:slug>/queue/", queue.queue, name="queue"),
    path("g/<slug:slug>/posts/<int:post_id>/", queue.post_detail, name="post_detail"),
    path("g/<slug:slug>/posts/<int:post_id>/reveal/", queue.post_reveal, name="post_reveal"),
    path("g/<slug:slug>/posts/<int:post_id>/decide/", queue.post_decide_view, name="post_decide"),
    path("g/<slug:slug>/clusters/<int:cluster_id>/", bulk.cluster_detail, name="cluster_detail"),
    path("g/<slug:slug>/bulk/preview/", bulk.bulk_preview_view, name="bulk_preview"),
    path("g/<slug:slug>/bulk/", bulk.bulk_confirm, name="bulk_confirm"),
    path("g/<slug:slug>/bulk/<int:op_id>/", bulk.bulk_detail, name="bulk_detail"),
    path("g/<slug:slug>/bulk/<int:op_id>/status/", bulk.bulk_status, name="bulk_status"),
    path("g/<slug:slug>/bulk/<int:op_id>/undo/", bulk.bulk_undo_view, name="bulk_undo"),
    path("g/<slug:slug>/audit/", audit.audit_log, name="audit_log"),
    path("g/<slug:slug>/audit/export.<str:fmt>", audit.audit_export, name="audit_export"),
    path("g/<slug:slug>/reports/", reports.report, name="report"),
    path("g/<slug:slug>/reports/export/", reports.report_export, name="report_export"),
    path("g/<slug:slug>/evidence/<str:kind>/<int:object_id>/", reports.evidence, name="evidence"),
    path("", include("triage.platforms.urls")),
    path("", include("triage.importers.urls")),
    path("", include("triage.scoring.urls")),
]
