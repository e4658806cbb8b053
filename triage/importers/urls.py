from django.urls import path

from triage.importers import views

urlpatterns = [
    path("g/<slug:slug>/imports/", views.imports, name="imports"),
    path("g/<slug:slug>/imports/new/", views.import_new, name="import_new"),
    path("g/<slug:slug>/imports/<int:batch_id>/", views.import_detail, name="import_detail"),
    path(
        "g/<slug:slug>/imports/<int:batch_id>/columns/",
        views.import_mapping,
        name="import_mapping",
    ),
    path(
        "g/<slug:slug>/imports/<int:batch_id>/status/",
        views.import_status,
        name="import_status",
    ),
]
