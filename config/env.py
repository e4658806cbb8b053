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
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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


def redis_url_for_tests(url: str, xdist_worker: str) -> str:
    """``url`` with the Redis database a test process uses: never 0, and one per xdist worker.

    A non-zero database in ``url`` is the first one used (``/5``: gw0 uses 5, gw1 6); otherwise
    the first is 1. Without xdist (``xdist_worker`` is "") the first is used.
    """
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    # redis-py reads the database from ?db= when there is one (always in a unix:// URL, whose
    # path is the socket), else from the path.
    in_query = "db" in query or parts.scheme == "unix"
    named = query.get("db", "") if in_query else parts.path.lstrip("/")
    first = int(named) if named.isdigit() and int(named) > 0 else 1
    match = re.fullmatch(r"gw(\d+)", xdist_worker)
    db = first + (int(match.group(1)) if match else 0)
    if in_query:
        query["db"] = str(db)
        # By hand: urlunsplit would drop the empty host of unix:///path.
        return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"
    return urlunsplit(parts._replace(path=f"/{db}"))
