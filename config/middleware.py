"""What a page answers when a service it needs is down."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class RedisUnavailableMiddleware:
    """A page that needs Redis while it is down (the /rq/ dashboard, starting a retrain):
    a 503 that says so in the reader's language, not a bare 500. The cache reads Redis as a
    miss (config/cache.py) and queued work waits for the sweeps (triage.lib.rq), so most
    pages never get here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RedisError):
            return None
        log.error(
            "Redis is unreachable; %s %s answered 503: %s", request.method, request.path, exception
        )
        return render(request, "503.html", status=503)
