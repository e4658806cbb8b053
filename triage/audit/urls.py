from django.urls import path

from triage.audit import views

urlpatterns = [
    path("g/<slug:slug>/audit/", views.audit_log, name="audit_log"),
    path("g/<slug:slug>/audit/export.<str:fmt>", views.audit_export, name="audit_export"),
]
