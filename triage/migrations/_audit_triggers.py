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
    # The chain head (last seq and hash) only moves forward: deleting the newest events and
    # winding the head back would otherwise leave a chain that verifies.
    """CREATE TRIGGER IF NOT EXISTS triage_auditchain_forward_only
       BEFORE UPDATE ON triage_auditchain
       WHEN NEW.last_seq < OLD.last_seq
         OR (NEW.last_seq = OLD.last_seq AND NEW.last_hash <> OLD.last_hash)
       BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END""",
    """CREATE TRIGGER IF NOT EXISTS triage_auditchain_no_delete
       BEFORE DELETE ON triage_auditchain
       BEGIN SELECT RAISE(ABORT, 'the audit chain head only moves forward'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS triage_auditevent_no_update",
    "DROP TRIGGER IF EXISTS triage_auditevent_no_delete",
    "DROP TRIGGER IF EXISTS triage_auditchain_forward_only",
    "DROP TRIGGER IF EXISTS triage_auditchain_no_delete",
]
POSTGRES_CREATE = [
    """CREATE OR REPLACE FUNCTION triage_auditevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END;
       $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE TRIGGER triage_auditevent_no_change
       BEFORE UPDATE OR DELETE ON triage_auditevent
       FOR EACH ROW EXECUTE FUNCTION triage_auditevent_append_only()""",
    """CREATE OR REPLACE FUNCTION triage_auditchain_forward_only() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'DELETE' OR NEW.last_seq < OLD.last_seq
            OR (NEW.last_seq = OLD.last_seq AND NEW.last_hash <> OLD.last_hash) THEN
           RAISE EXCEPTION 'the audit chain head only moves forward';
         END IF;
         RETURN NEW;
       END;
       $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE TRIGGER triage_auditchain_forward
       BEFORE UPDATE OR DELETE ON triage_auditchain
       FOR EACH ROW EXECUTE FUNCTION triage_auditchain_forward_only()""",
]
# TRUNCATE fires no row trigger: refused by a statement trigger of its own.
POSTGRES_TRUNCATE_CREATE = [
    """CREATE OR REPLACE FUNCTION triage_audit_no_truncate() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log cannot be truncated'; END;
       $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE TRIGGER triage_auditevent_no_truncate
       BEFORE TRUNCATE ON triage_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION triage_audit_no_truncate()""",
    """CREATE OR REPLACE TRIGGER triage_auditchain_no_truncate
       BEFORE TRUNCATE ON triage_auditchain
       FOR EACH STATEMENT EXECUTE FUNCTION triage_audit_no_truncate()""",
]
POSTGRES_TRUNCATE_DROP = [
    "DROP TRIGGER IF EXISTS triage_auditevent_no_truncate ON triage_auditevent",
    "DROP TRIGGER IF EXISTS triage_auditchain_no_truncate ON triage_auditchain",
    "DROP FUNCTION IF EXISTS triage_audit_no_truncate()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS triage_auditevent_no_change ON triage_auditevent",
    "DROP FUNCTION IF EXISTS triage_auditevent_append_only()",
    "DROP TRIGGER IF EXISTS triage_auditchain_forward ON triage_auditchain",
    "DROP FUNCTION IF EXISTS triage_auditchain_forward_only()",
]


def _run(connection: Any, statements: dict[str, list[str]]) -> None:
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def create(connection: Any) -> None:
    _run(
        connection,
        {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE + POSTGRES_TRUNCATE_CREATE},
    )


def create_sqlite(connection: Any) -> None:
    """SQLite's triggers only: a migration that rebuilds the audit table (as SQLite alters a
    foreign key) drops them with the old table."""
    _run(connection, {"sqlite": SQLITE_CREATE})


def drop(connection: Any) -> None:
    _run(connection, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP + POSTGRES_TRUNCATE_DROP})


def drop_truncate(connection: Any) -> None:
    """Only the TRUNCATE guard: the test databases go without it, since Django empties the
    tables of a transactional test with TRUNCATE (tests/audit checks the guard itself)."""
    _run(connection, {"postgresql": POSTGRES_TRUNCATE_DROP})
