from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from triage.importers.api import api as import_api

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("rq/", include("django_rq.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", import_api.urls),
    path("", include("groups.urls")),
    path("", include("triage.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
