from django.urls import path

from triage.bulk import views

urlpatterns = [
    path("g/<slug:slug>/bulk/preview/", views.bulk_preview_view, name="bulk_preview"),
    path("g/<slug:slug>/bulk/", views.bulk_confirm, name="bulk_confirm"),
    path("g/<slug:slug>/bulk/<int:op_id>/", views.bulk_detail, name="bulk_detail"),
    path("g/<slug:slug>/bulk/<int:op_id>/status/", views.bulk_status, name="bulk_status"),
    path("g/<slug:slug>/bulk/<int:op_id>/undo/", views.bulk_undo_view, name="bulk_undo"),
]
