from django.urls import path

from triage.scoring import views

urlpatterns = [
    path("g/<slug:slug>/model/", views.model_page, name="model_page"),
    path("g/<slug:slug>/model/retrain/", views.model_retrain, name="model_retrain"),
    path(
        "g/<slug:slug>/model/retrain/status/",
        views.model_retrain_status,
        name="model_retrain_status",
    ),
    path(
        "g/<slug:slug>/model/rollback/<int:version_id>/",
        views.model_rollback_view,
        name="model_rollback",
    ),
    path("g/<slug:slug>/settings/keywords/", views.keyword_rules, name="keyword_rules"),
    path(
        "g/<slug:slug>/settings/keywords/<int:rule_id>/delete/",
        views.keyword_rule_delete_view,
        name="keyword_rule_delete",
    ),
]
