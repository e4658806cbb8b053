"""The tables every decision writes (decisions, platform actions, audit events) carry no index
that another of their indexes already begins with, the audit log stays append-only across the
migration that took those indexes away (on SQLite it rebuilds the tables), and the constraints
that matter stay: each row still names a post or chain that exists."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from tests.triage.migrating import migrated_back_to
from triage.audit.services import audit_record
from triage.models import AuditEvent, Decision, PlatformAction

TABLES = [Decision, PlatformAction, AuditEvent]


def _indexes(table: str) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        name: info["columns"]
        for name, info in constraints.items()
        if info["index"] or info["unique"] or info["primary_key"]
    }


def _covered(indexes: dict[str, list[str]]) -> list[str]:
    """Indexes whose columns begin another index's (the longer one serves their lookups)."""
    return sorted(
        name
        for name, columns in indexes.items()
        for other, longer in indexes.items()
        if other != name and len(longer) > len(columns) and longer[: len(columns)] == columns
    )


def _foreign_keys(table: str) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {info["columns"][0] for info in constraints.values() if info["foreign_key"]}


@pytest.mark.django_db
@pytest.mark.parametrize("model", TABLES, ids=lambda m: m.__name__)
def test_no_index_repeats_the_start_of_another(model):
    indexes = _indexes(model._meta.db_table)
    assert _covered(indexes) == []
    # The lookups they served still have an index that begins with their column.
    firsts = {columns[0] for columns in indexes.values() if columns}
    assert {"group_id"} <= firsts
    if model is AuditEvent:
        assert "chain_id" in firsts
        assert not any(columns == ["action"] for columns in indexes.values())
    if model is PlatformAction:
        assert "post_id" in firsts


@pytest.mark.django_db
def test_the_group_copies_and_same_transaction_links_have_no_constraint_the_rest_keep_theirs():
    assert _foreign_keys("triage_decision") == {"post_id", "actor_id", "rule_id", "bulk_id"}
    assert _foreign_keys("triage_platformaction") == {"post_id", "done_by_id"}
    assert "chain_id" in _foreign_keys("triage_auditevent")
    assert "group_id" not in _foreign_keys("triage_auditevent")


@pytest.mark.django_db
def test_a_decision_for_a_post_that_does_not_exist_is_still_refused(group, owner):
    with transaction.atomic():
        Decision.objects.create(
            group=group,
            post_id=2_000_000_000,
            actor=owner,
            action="remove",
            from_status="pending",
            to_status="removed",
            post_version=1,
        )
        # The constraints are checked at commit; the test's transaction never commits.
        with pytest.raises(IntegrityError):
            connection.check_constraints(table_names=["triage_decision"])
        transaction.set_rollback(True)


def _refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError:
        return True
    return False


def _update_refused() -> bool:
    return _refused("UPDATE triage_auditevent SET action = 'forged'")


def _delete_refused() -> bool:
    return _refused("DELETE FROM triage_auditevent")


@pytest.mark.django_db(transaction=True)
def test_migration_0034_keeps_the_audit_log_append_only_both_ways(group, owner):
    audit_record(group=group, actor=owner, action="test.event", payload={"n": 1})
    events = AuditEvent.objects.count()
    assert _update_refused()
    assert _delete_refused()
    with migrated_back_to("triage", "0033_fold_lookalike_signatures"):
        assert _update_refused()
        assert _delete_refused()
        assert "group_id" in _foreign_keys("triage_decision")
    # Forward again, as a server migrates: the tables rebuilt, the triggers still there.
    assert "group_id" not in _foreign_keys("triage_decision")
    assert _update_refused()
    assert _delete_refused()
    assert AuditEvent.objects.count() == events
    assert AuditEvent.objects.filter(action="test.event").exists()
