from django.urls import path

from triage.reports import views

urlpatterns = [
    path("g/<slug:slug>/reports/", views.report, name="report"),
    path("g/<slug:slug>/reports/export/", views.report_export, name="report_export"),
    path("g/<slug:slug>/evidence/<str:kind>/<int:object_id>/", views.evidence, name="evidence"),
]
