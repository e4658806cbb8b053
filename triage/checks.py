"""System checks that need the database (``manage.py check --database default``; ``migrate``
runs them too)."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError, connections


@checks.register(checks.Tags.database)
def postgres_autovacuum(app_configs: Any, databases: Any = None, **kwargs: Any) -> list[Any]:
    """PostgreSQL with autovacuum off: every decision leaves a dead row version in the posts
    table and nothing clears them or refreshes the planner's statistics. On the benchmark's
    million posts, after a few bulk removals and undos, the queue page went from 60 to 120 ms
    and removing a 10,000-post cluster from 3.5 s to 83 s."""
    out = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor == "postgresql" and autovacuum_on(connection) is False:
            out.append(
                checks.Warning(
                    f"PostgreSQL's autovacuum is off for the database '{alias}'.",
                    hint=(
                        "Turn it on (autovacuum = on in postgresql.conf, the default), or run "
                        "VACUUM ANALYZE on the triage tables every night: without it the posts "
                        "table bloats and queue pages and bulk decisions slow down many times."
                    ),
                    id="triage.W001",
                )
            )
    return out


def autovacuum_on(connection: Any) -> bool | None:
    """The server's autovacuum setting, or None when the database does not answer (the
    checks that need it report that)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            return cursor.fetchone()[0] == "on"
    except DatabaseError:
        return None
