from django.urls import path

from triage.clusters import views

urlpatterns = [
    path("g/<slug:slug>/clusters/<int:cluster_id>/", views.cluster_detail, name="cluster_detail"),
]
