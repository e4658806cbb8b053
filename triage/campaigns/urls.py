from django.urls import path

from triage.campaigns import views

urlpatterns = [
    path(
        "g/<slug:slug>/campaigns/undo-day/",
        views.auto_removals_undo_day_view,
        name="auto_removals_undo_day",
    ),
]
