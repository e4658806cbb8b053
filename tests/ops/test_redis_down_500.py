"""URLs for tests/ops/test_redis_down.py: a view that fails unexpectedly."""

from __future__ import annotations

from django.urls import path


def _boom(request):
    raise RuntimeError("an unexpected failure")


urlpatterns = [path("boom/", _boom)]
