from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.http import urlencode

from groups.access import get_group_for_user
from groups.models import Role
from groups.twofactor import two_factor_needed


def group_view(
    min_role: str = Role.VIEWER,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Resolve ``slug`` through groups.access and pass ``group`` and ``membership`` on.

    Non-members get 404 whatever the URL; members below ``min_role`` get 403.
    """

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            group, membership = get_group_for_user(request.user, slug, min_role=min_role)
            if two_factor_needed(request.user, group, membership):
                # Owners and admins of a group that requires it: a verified second factor
                # before any of its pages (groups.twofactor); set up first if they have none.
                return redirect(
                    f"/account/two-factor/verify/?{urlencode({'next': request.get_full_path()})}"
                )
            request.group = group  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, group, membership, *args, **kwargs)

        return wrapper

    return decorator
