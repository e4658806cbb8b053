"""What a page answers when a service it needs is down."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
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


class StaffTwoFactorMiddleware:
    """Staff reach the Django admin and the /rq/ dashboard only with a verified second factor
    (groups.twofactor): set up first if they have none, else asked for a code. The admin's
    own login page stays open, and so does logging out."""

    GUARDED = ("/admin/", "/rq/")
    OPEN = ("/admin/login/", "/admin/logout/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The path inside the application: under a prefix (SCRIPT_NAME, "/varta/admin/")
        # request.path would never start with "/admin/".
        path = request.path_info
        user = getattr(request, "user", None)
        if (
            path.startswith(self.GUARDED)
            and not path.startswith(self.OPEN)
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and not user.is_verified()
        ):
            return redirect(f"/account/two-factor/verify/?{urlencode({'next': request.path})}")
        return self.get_response(request)
