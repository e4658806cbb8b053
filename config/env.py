"""Read booleans, integers and rates from the environment, refusing what they cannot mean.

django-environ reads any word that is not "true" as False ("DJANGO_DEBUG=perhaps" starts a
server with DEBUG off, "DJANGO_HTTPS=yes please" one without HTTPS), and a rate setting is only
a string: a typo in it (120/minute) was found by the first API request, which failed. These
helpers raise ImproperlyConfigured naming the variable, the value found and the values
expected, so a server with a bad setting does not start. An empty value (``NAME=`` in a
copied .env) means the default, like an unset one, as it does for DATABASE_URL.
"""

from __future__ import annotations

import os
import re

from django.core.exceptions import ImproperlyConfigured

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})
# The rates django-ninja's throttling (the import API's rate limit) parses, with a count and a
# period of at least 1: "60/m", "1000/day", "100/10m", or "100/30" (per 30 seconds). ninja is
# not imported here: settings are read before it may be.
_UNIT = "(?:s|m|h|d|sec|min|hour|day)"
RATE = re.compile(rf"^[1-9][0-9]*/(?:(?:[1-9][0-9]*)?{_UNIT}|[1-9][0-9]*)$")


def _raw(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in TRUE:
        return True
    if value.lower() in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be 1 or 0 (true/false, yes/no and on/off also work), not {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of at least {minimum}, not {value!r}."
        )
    return number


def env_rate(name: str, default: str) -> str:
    value = _raw(name)
    if value is None:
        return default
    if not RATE.match(value):
        raise ImproperlyConfigured(
            f"{name} must be a number (at least 1) of requests per second, minute, hour or "
            f"day, like 5/s, 60/m, 1000/h or 10000/d; not {value!r}."
        )
    return value
