from django.urls import path

from triage.queue import views

urlpatterns = [
    path("g/<slug:slug>/overview/", views.group_overview_view, name="group_overview"),
    path("g/<slug:slug>/queue/", views.queue, name="queue"),
    path("g/<slug:slug>/queue/search/", views.queue_search, name="queue_search"),
    path("g/<slug:slug>/queue/live/", views.queue_live_view, name="queue_live"),
    path("g/<slug:slug>/posts/<int:post_id>/", views.post_detail, name="post_detail"),
    path("g/<slug:slug>/posts/<int:post_id>/reveal/", views.post_reveal_view, name="post_reveal"),
    path("g/<slug:slug>/posts/<int:post_id>/decide/", views.post_decide_view, name="post_decide"),
    path("g/<slug:slug>/posts/<int:post_id>/author/", views.post_author_view, name="post_author"),
    path(
        "g/<slug:slug>/decisions/<int:decision_id>/undo/",
        views.decision_undo_view,
        name="decision_undo",
    ),
]
