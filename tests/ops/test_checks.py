"""System checks that read the database: PostgreSQL's autovacuum."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from triage import checks

pytestmark = pytest.mark.django_db


def test_autovacuum_off_is_a_warning_on_postgresql(monkeypatch):
    monkeypatch.setattr(checks, "autovacuum_on", lambda connection: False)
    found = checks.postgres_autovacuum(None, databases=["default"])
    if connection.vendor == "postgresql":
        assert [w.id for w in found] == ["triage.W001"]
        assert "VACUUM ANALYZE" in found[0].hint
    else:
        assert found == []  # SQLite has no autovacuum to ask about


def test_autovacuum_on_or_unknown_says_nothing(monkeypatch):
    for answer in (True, None):
        monkeypatch.setattr(checks, "autovacuum_on", lambda connection, a=answer: a)
        assert checks.postgres_autovacuum(None, databases=["default"]) == []
    assert checks.postgres_autovacuum(None, databases=None) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_autovacuum_on_reads_the_servers_setting():
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'autovacuum'")
        assert checks.autovacuum_on(connection) is (cursor.fetchone()[0] == "on")


def test_the_check_runs_with_the_database_checks(capsys):
    call_command("check", "--database", "default")
    out = capsys.readouterr()
    if connection.vendor == "postgresql" and not checks.autovacuum_on(connection):
        assert "triage.W001" in out.err + out.out
    else:
        assert "triage.W001" not in out.err + out.out
