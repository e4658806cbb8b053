"""Every screen of the work, one folder each; all under /g/<slug>/ and through triage.access."""

from django.urls import include, path

urlpatterns = [
    path("", include("triage.queue.urls")),
    path("", include("triage.clusters.urls")),
    path("", include("triage.bulk.urls")),
    path("", include("triage.audit.urls")),
    path("", include("triage.reports.urls")),
    path("", include("triage.importers.urls")),
    path("", include("triage.scoring.urls")),
    path("", include("triage.platforms.urls")),
    path("", include("triage.appeals.urls")),
    path("", include("triage.campaigns.urls")),
]
