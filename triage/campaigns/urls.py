from django.urls import path

from triage.campaigns import views

urlpatterns = [
    path(
        "g/<slug:slug>/campaigns/undo-day/",
        views.auto_removals_undo_day_view,
        name="auto_removals_undo_day",
    ),
    path("g/<slug:slug>/campaigns/bank/", views.campaign_bank_page, name="campaign_bank"),
    path(
        "g/<slug:slug>/campaigns/bank/export/",
        views.campaign_bank_export_view,
        name="campaign_bank_export",
    ),
    path(
        "g/<slug:slug>/campaigns/bank/import/",
        views.campaign_bank_import_view,
        name="campaign_bank_import",
    ),
    path(
        "g/<slug:slug>/clusters/<int:cluster_id>/publish/",
        views.campaign_publish_view,
        name="campaign_publish",
    ),
    path(
        "g/<slug:slug>/campaigns/bank/<int:entry_id>/withdraw/",
        views.campaign_withdraw_view,
        name="campaign_withdraw",
    ),
]
