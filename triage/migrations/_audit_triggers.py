"""The append-only triggers' SQL, shared by the migration and the test fixtures."""

from __future__ import annotations

from typing import Any

SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS triage_auditevent_no_update
       BEFORE UPDATE ON triage_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS triage_auditevent_no_delete
       BEFORE DELETE ON triage_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS triage_auditevent_no_update",
    "DROP TRIGGER IF EXISTS triage_auditevent_no_delete",
]
POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION triage_auditevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END;
       $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE TRIGGER triage_auditevent_no_change
       BEFORE UPDATE OR DELETE ON triage_auditevent
       FOR EACH ROW EXECUTE FUNCTION triage_auditevent_append_only()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS triage_auditevent_no_change ON triage_auditevent",
    "DROP FUNCTION IF EXISTS triage_auditevent_append_only()",
]


def _run(connection: Any, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def create(connection: Any) -> None:
    _run(connection, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop(connection: Any) -> None:
    _run(connection, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})
