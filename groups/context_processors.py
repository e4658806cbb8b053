from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from groups.access import groups_for_user


def current_group(request: HttpRequest) -> dict[str, Any]:
    """The group switcher's list, and the group a view put on the request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        # Lazy: evaluated only by pages that render the switcher.
        "my_groups": groups_for_user(user),
        "group": getattr(request, "group", None),
        "membership": getattr(request, "membership", None),
    }
