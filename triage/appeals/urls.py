from django.urls import path

from triage.appeals import views

urlpatterns = [
    path("g/<slug:slug>/appeals/", views.appeals_page, name="appeals"),
    path(
        "g/<slug:slug>/posts/<int:post_id>/appeal/",
        views.appeal_record_view,
        name="appeal_record",
    ),
    path(
        "g/<slug:slug>/appeals/<int:appeal_id>/decide/",
        views.appeal_decide_view,
        name="appeal_decide",
    ),
]
