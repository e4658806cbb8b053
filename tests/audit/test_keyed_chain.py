"""The audit chain is keyed: someone who can write to the database but does not hold
VARTA_AUDIT_KEY cannot append, re-chain or truncate it unnoticed, nor delete a group's whole
chain."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from triage.audit.chain import GENESIS, audit_keys, canonical_json, chain_key, event_hash, head_mac
from triage.audit.services import audit_record, verify_chain
from triage.migrations import _audit_triggers
from triage.models import AuditChain, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(group, owner):
    for i in range(3):
        audit_record(group=group, actor=owner, action="test.event", payload={"i": i})
    return AuditChain.objects.get(key=chain_key(group.pk))


def sql(statement: str, params=(), *, triggers: bool = True) -> None:
    """As someone with database access: plain SQL, with the append-only triggers left on
    (what a role without the right to drop them can do) or dropped."""
    if not triggers:
        _audit_triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
    finally:
        if not triggers:
            _audit_triggers.create(connection)


def forge_next(chain: AuditChain, *, action: str = "forged.event") -> tuple[int, str]:
    """An event that follows the chain's head, hashed the way an unkeyed chain would be."""
    seq, created = chain.last_seq + 1, AuditEvent.objects.get(chain=chain, seq=1).created_at
    canonical = canonical_json(
        chain=chain.key,
        seq=seq,
        created_at=created,
        actor_id=None,
        actor_name="",
        action=action,
        object_type="",
        object_id="",
        payload={},
    )
    digest = event_hash(chain.last_hash, canonical)
    sql(
        "INSERT INTO triage_auditevent (chain_id, group_id, seq, created_at, actor_id, "
        "actor_name, action, object_type, object_id, payload, prev_hash, hash) "
        "VALUES (%s, %s, %s, %s, NULL, '', %s, '', '', '{}', %s, %s)",
        [chain.pk, chain.group_id, seq, created, action, chain.last_hash, digest],
    )
    return seq, digest


def test_events_are_macs_of_the_key_not_plain_hashes(chain):
    event = AuditEvent.objects.get(chain=chain, seq=2)
    canonical = canonical_json(
        chain=chain.key,
        seq=event.seq,
        created_at=event.created_at,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        payload=event.payload,
    )
    assert event.hash != event_hash(event.prev_hash, canonical)
    assert verify_chain(chain).ok


def test_a_forged_event_appended_with_the_head_moved_forward_is_detected(chain):
    # The triggers stay on: moving the head forward is what they allow.
    seq, digest = forge_next(chain)
    sql(
        "UPDATE triage_auditchain SET last_seq = %s, last_hash = %s WHERE id = %s",
        [seq, digest, chain.pk],
    )
    verdict = verify_chain(AuditChain.objects.get(pk=chain.pk))
    assert not verdict.ok
    assert verdict.first_bad_seq == seq
    assert "without the audit key" in verdict.problem


def test_a_chain_rehashed_without_the_key_and_declared_unkeyed_is_detected(chain):
    """The most someone with full database access but no key can do: drop the triggers,
    rehash every event with plain SHA-256 (as if written before the key), append a forged
    one and declare them all unkeyed. Only the head's MAC stands in the way."""
    prev = GENESIS
    for event in AuditEvent.objects.filter(chain=chain).order_by("seq"):
        canonical = canonical_json(
            chain=chain.key,
            seq=event.seq,
            created_at=event.created_at,
            actor_id=event.actor_id,
            actor_name=event.actor_name,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            payload=event.payload,
        )
        digest = event_hash(prev, canonical)
        sql(
            "UPDATE triage_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [prev, digest, event.pk],
            triggers=False,
        )
        prev = digest
    chain.last_hash = prev
    seq, digest = forge_next(chain)
    sql(
        "UPDATE triage_auditchain SET last_seq = %s, last_hash = %s, legacy_until = %s "
        "WHERE id = %s",
        [seq, digest, seq, chain.pk],
    )
    verdict = verify_chain(AuditChain.objects.get(pk=chain.pk))
    assert not verdict.ok
    assert "chain head was not written with the audit key" in verdict.problem


def test_events_written_before_the_key_still_verify_and_cannot_be_edited(group, owner):
    """What migration 0016 leaves: a chain of plain SHA-256 events sealed by the head's MAC,
    then keyed events after them."""
    chain = AuditChain.objects.create(key="legacy-test", group=None)
    prev, created = GENESIS, AuditEvent.objects.filter(group=group).first().created_at
    for seq in (1, 2):
        canonical = canonical_json(
            chain=chain.key,
            seq=seq,
            created_at=created,
            actor_id=None,
            actor_name="",
            action="old.event",
            object_type="",
            object_id="",
            payload={},
        )
        digest = event_hash(prev, canonical)
        AuditEvent.objects.create(
            chain=chain,
            group=None,
            seq=seq,
            created_at=created,
            action="old.event",
            payload={},
            prev_hash=prev,
            hash=digest,
        )
        prev = digest
    key = audit_keys()[0]
    AuditChain.objects.filter(pk=chain.pk).update(
        last_seq=2,
        last_hash=prev,
        legacy_until=2,
        head_mac=head_mac(key, chain=chain.key, last_seq=2, last_hash=prev, legacy_until=2),
    )
    chain.refresh_from_db()
    assert verify_chain(chain).ok
    sql(
        "UPDATE triage_auditevent SET action = 'edited' WHERE chain_id = %s AND seq = 1",
        [chain.pk],
        triggers=False,
    )
    verdict = verify_chain(chain)
    assert not verdict.ok
    assert verdict.first_bad_seq == 1


def test_a_rotated_key_keeps_old_events_verifying_when_listed_after_the_new(chain, settings):
    settings.VARTA_AUDIT_KEY = "new-key-for-the-test," + audit_keys()[0].decode()
    audit_record(group=chain.group, actor=None, action="after.rotation")
    chain.refresh_from_db()
    assert verify_chain(chain).ok
    settings.VARTA_AUDIT_KEY = "new-key-for-the-test"
    verdict = verify_chain(chain)
    assert not verdict.ok
    assert verdict.first_bad_seq == 1  # written with the key no longer listed


def test_a_group_whose_events_and_chain_head_were_deleted_together_is_named(
    group, chain, admin_client_
):
    sql("DELETE FROM triage_auditevent WHERE chain_id = %s", [chain.pk], triggers=False)
    sql("DELETE FROM triage_auditchain WHERE id = %s", [chain.pk], triggers=False)
    out = io.StringIO()
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit", stdout=out)
    assert f"the group '{group.slug}' has no audit chain" in out.getvalue()
    cache.clear()
    page = admin_client_.get(f"/g/{group.slug}/audit/").content.decode()
    assert 'data-verdict="broken"' in page
    assert "has no audit chain" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_the_audit_log(chain):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no foreign key check pending first
    for table in ("triage_auditevent", "triage_auditchain"):
        with (
            pytest.raises(DatabaseError, match="cannot be truncated"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEvent.objects.filter(chain=chain).count() == chain.last_seq


def test_the_page_says_when_the_chain_was_checked_in_full(group, chain, admin_client_):
    cache.clear()
    page = admin_client_.get(f"/g/{group.slug}/audit/").content.decode()
    assert 'data-verdict="ok"' in page
    assert "checked in full" in page or "перевірено повністю" in page


@pytest.mark.django_db(transaction=True)
def test_migration_0016_seals_chains_written_before_it_so_they_verify(group, owner):
    """A database with events written before the key (plain SHA-256) is migrated back to
    0015's schema and forward again: its chains still verify, and later events are keyed."""
    from django.db.migrations.executor import MigrationExecutor

    chain = AuditChain.objects.get(key=chain_key(group.pk))
    # Rewrite the chain as 0015's code wrote it: plain hashes, no head MAC.
    _audit_triggers.drop(connection)
    try:
        prev = GENESIS
        for event in AuditEvent.objects.filter(chain=chain).order_by("seq"):
            canonical = canonical_json(
                chain=chain.key,
                seq=event.seq,
                created_at=event.created_at,
                actor_id=event.actor_id,
                actor_name=event.actor_name,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                payload=event.payload,
            )
            prev, old_prev = event_hash(prev, canonical), prev
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE triage_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
                    [old_prev, prev, event.pk],
                )
        AuditChain.objects.filter(pk=chain.pk).update(last_hash=prev, head_mac="")
    finally:
        _audit_triggers.create(connection)
    assert not verify_chain(AuditChain.objects.get(pk=chain.pk)).ok  # as 0016's code reads it

    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("triage", "0015_post_fewer_indexes")])
        executor = MigrationExecutor(connection)
        executor.migrate([("triage", "0016_audit_chain_keyed")])

        chain = AuditChain.objects.get(pk=chain.pk)
        assert chain.legacy_until == chain.last_seq
        assert verify_chain(chain).ok
    finally:
        # Back to the latest schema: the migrations after 0016 were taken back with 0015, and
        # the tests after this one on the same database need their tables.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    audit_record(group=group, actor=owner, action="after.migration")
    chain.refresh_from_db()
    assert verify_chain(chain).ok
    assert chain.last_seq == chain.legacy_until + 1
