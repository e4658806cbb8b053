"""Migration tests' round trip: back to an earlier migration, then forward to the latest, also
when the test fails at the earlier one (the next tests need the latest schema)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@contextmanager
def migrated_back_to(app: str, name: str) -> Iterator[None]:
    """Inside, the database stands at ``app``'s migration ``name``; after, at the latest."""
    try:
        MigrationExecutor(connection).migrate([(app, name)])
        yield
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
