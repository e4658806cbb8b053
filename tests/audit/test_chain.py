"""The audit log is append-only and any tampering with it is detected."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from triage.audit.chain import chain_key
from triage.audit.services import audit_record, verify_chain
from triage.migrations import _audit_triggers
from triage.models import AuditChain, AuditEvent
from triage.models.audit import AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(group, owner):
    for i in range(5):
        audit_record(group=group, actor=owner, action="test.event", payload={"i": i})
    return AuditChain.objects.get(key=chain_key(group.pk))


def raw(sql: str, params=()) -> None:
    """Tamper as someone with database access would: triggers off, then SQL."""
    _audit_triggers.drop(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        _audit_triggers.create(connection)


def event(chain, seq):
    return AuditEvent.objects.get(chain=chain, seq=seq)


def test_an_untouched_chain_verifies(chain):
    verdict = verify_chain(chain)
    assert verdict.ok
    # group.create, membership.add (owner) and the three from the fixture users,
    # plus the five test events.
    assert verdict.events == chain.last_seq
    assert verdict.events >= 5


def test_each_event_links_to_the_previous_hash(chain):
    events = list(AuditEvent.objects.filter(chain=chain).order_by("seq"))
    assert events[0].prev_hash == "0" * 64
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash


def test_the_application_cannot_update_or_delete_an_event(chain):
    e = event(chain, 2)
    e.action = "forged"
    with pytest.raises(AppendOnlyError):
        e.save()
    with pytest.raises(AppendOnlyError):
        e.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=e.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=e.pk).delete()


def test_the_database_refuses_update_and_delete(chain):
    e = event(chain, 2)
    for sql in (
        "UPDATE triage_auditevent SET action = 'forged' WHERE id = %s",
        "DELETE FROM triage_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [e.pk])
    assert event(chain, 2).action == e.action


def test_an_edited_event_is_named(chain):
    e = event(chain, 3)
    raw("UPDATE triage_auditevent SET payload = %s WHERE id = %s", ['{"i": 99}', e.pk])
    verdict = verify_chain(chain)
    assert not verdict.ok
    assert verdict.first_bad_seq == 3
    assert verdict.first_bad_event_id == e.pk
    assert "edited" in verdict.problem


def test_an_edited_actor_name_is_detected(chain):
    e = event(chain, 4)
    raw("UPDATE triage_auditevent SET actor_name = 'someone_else' WHERE id = %s", [e.pk])
    assert verify_chain(chain).first_bad_seq == 4


def test_a_deleted_event_is_named(chain):
    raw("DELETE FROM triage_auditevent WHERE id = %s", [event(chain, 3).pk])
    verdict = verify_chain(chain)
    assert not verdict.ok
    assert verdict.first_bad_seq == 4
    assert "deleted" in verdict.problem


def test_deleting_the_newest_events_is_detected(chain):
    last = chain.last_seq
    raw("DELETE FROM triage_auditevent WHERE id = %s", [event(chain, last).pk])
    verdict = verify_chain(AuditChain.objects.get(pk=chain.pk))
    assert not verdict.ok
    assert "newest events were deleted" in verdict.problem


def test_reordered_events_are_detected(chain):
    a, b = event(chain, 2), event(chain, 3)
    # Swap their sequence numbers (via a free number, for the unique constraint).
    raw("UPDATE triage_auditevent SET seq = 1000 WHERE id = %s", [a.pk])
    raw("UPDATE triage_auditevent SET seq = 2 WHERE id = %s", [b.pk])
    raw("UPDATE triage_auditevent SET seq = 3 WHERE id = %s", [a.pk])
    verdict = verify_chain(chain)
    assert not verdict.ok
    assert verdict.first_bad_seq in (2, 3)


def test_an_inserted_event_is_detected(chain, owner):
    last = event(chain, chain.last_seq)
    # A forged event that copies a real one's fields, appended after it
    # without updating the head, and one slipped into the middle.
    raw(
        "INSERT INTO triage_auditevent (chain_id, group_id, seq, created_at, actor_id, "
        "actor_name, action, object_type, object_id, payload, prev_hash, hash) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, '', '', '{}', %s, %s)",
        [
            chain.pk,
            chain.group_id,
            chain.last_seq + 1,
            last.created_at,
            owner.pk,
            "olena_owner",
            "forged",
            last.hash,
            "f" * 64,
        ],
    )
    verdict = verify_chain(chain)
    assert not verdict.ok
    assert verdict.first_bad_seq == chain.last_seq + 1


def test_verify_audit_command_passes_and_fails(chain, capsys):
    call_command("verify_audit")
    assert "verify" in capsys.readouterr().out
    raw("UPDATE triage_auditevent SET action = 'x' WHERE id = %s", [event(chain, 2).pk])
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit", "--group", chain.group.slug)
    assert "BROKEN at seq 2" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No group"):
        call_command("verify_audit", "--group", "no-such-group")


def test_chains_are_per_group(group, other_group, owner, outsider):
    audit_record(group=group, actor=owner, action="a")
    audit_record(group=other_group, actor=outsider, action="b")
    keys = set(AuditChain.objects.values_list("key", flat=True))
    assert {chain_key(group.pk), chain_key(other_group.pk)} <= keys
    assert not AuditEvent.objects.filter(group=group, action="b").exists()


def test_payload_round_trips_exactly_as_hashed(group, owner):
    audit_record(
        group=group,
        actor=owner,
        action="test.types",
        payload={"tuple": (1, 2), "nested": {"b": 1, "a": "Київ"}, "none": None},
    )
    assert verify_chain(AuditChain.objects.get(key=chain_key(group.pk))).ok


def test_an_event_moved_to_another_group_is_detected(chain, other_group):
    raw(
        "UPDATE triage_auditevent SET group_id = %s WHERE id = %s",
        [other_group.pk, event(chain, 2).pk],
    )
    verdict = verify_chain(chain)
    assert not verdict.ok
    assert verdict.first_bad_seq == 2
    assert "moved out of its group" in verdict.problem


def test_the_chain_head_cannot_be_wound_back_or_deleted(chain):
    """Deleting the newest events and winding the head back would leave a chain that verifies:
    the database refuses to move the head backwards."""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE triage_auditchain SET last_seq = last_seq - 1 WHERE id = %s", [chain.pk]
        )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE triage_auditchain SET last_hash = 'x' WHERE id = %s", [chain.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM triage_auditchain WHERE id = %s", [chain.pk])
    assert verify_chain(AuditChain.objects.get(pk=chain.pk)).ok
    # Moving forward is how every new event is recorded.
    audit_record(group=chain.events.first().group, actor=None, action="test.more")
    assert verify_chain(AuditChain.objects.get(pk=chain.pk)).ok


def test_deleting_a_user_leaves_the_chain_as_it_was(chain, owner):
    from django.contrib.auth import get_user_model

    actor_id = owner.pk
    get_user_model().objects.filter(pk=owner.pk).delete()
    assert verify_chain(AuditChain.objects.get(pk=chain.pk)).ok
    kept = event(chain, chain.last_seq)  # one of the fixture's events, by the owner
    assert kept.actor_id == actor_id
    assert kept.actor_name == "olena_owner"


def test_a_check_can_start_where_a_full_one_ended(chain, group, owner):
    full = verify_chain(chain)
    assert full.ok
    assert full.checkpoint.seq == chain.last_seq
    for i in range(3):
        audit_record(group=group, actor=owner, action="test.later", payload={"i": i})
    chain = AuditChain.objects.get(pk=chain.pk)
    recent = verify_chain(chain, since=full.checkpoint)
    assert recent.ok
    assert recent.events == full.events + 3
    # An edit after the checkpoint is found by the short check...
    raw(
        "UPDATE triage_auditevent SET payload = %s WHERE id = %s",
        ['{"i": 99}', event(chain, chain.last_seq).pk],
    )
    assert not verify_chain(chain, since=full.checkpoint).ok
    # ...one before it only by a full check (run hourly by the scheduler).
    raw(
        "UPDATE triage_auditevent SET payload = %s WHERE id = %s",
        ['{"i": 98}', event(chain, 2).pk],
    )
    assert not verify_chain(chain).ok


def test_the_audit_page_checks_new_events_on_every_view(chain, group, owner, owner_client):
    from django.core.cache import cache

    from triage.audit.services import full_check_all, full_check_key

    assert full_check_all() >= 1
    assert cache.get(full_check_key(group.pk))["ok"]
    audit_record(group=group, actor=owner, action="test.later")
    chain = AuditChain.objects.get(pk=chain.pk)
    raw(
        "UPDATE triage_auditevent SET payload = %s WHERE id = %s",
        ['{"x": 1}', event(chain, chain.last_seq).pk],
    )
    page = owner_client.get(f"/g/{group.slug}/audit/").content.decode()
    assert 'data-verdict="broken"' in page


def test_events_written_as_plain_rows_verify_like_the_others(group, owner):
    """audit_record_many writes its rows without model instances (COPY on PostgreSQL): what is
    read back must hash to the same chain, with the payload, time and actor as given."""
    from triage.audit.services import PendingEvent, audit_record_many

    before = audit_record(group=group, actor=owner, action="test.before", payload={"i": 0}).seq
    events = [
        PendingEvent("test.many", "post", i, {"score": 0.25 * i, "rule": "Правило «1»", "n": None})
        for i in range(1, 6)
    ]
    assert audit_record_many(group=group, actor=owner, events=events) == 5
    audit_record(group=group, actor=owner, action="test.after")
    chain = AuditChain.objects.get(key=chain_key(group.pk))
    verdict = verify_chain(chain)
    assert verdict.ok, verdict.describe()
    assert verdict.events == before + 6
    third = event(chain, before + 2)
    assert (third.action, third.object_type, third.object_id) == ("test.many", "post", "2")
    assert third.payload == {"score": 0.5, "rule": "Правило «1»", "n": None}
    assert third.actor_id == owner.pk
    assert third.actor_name == owner.get_username()
    assert third.created_at == event(chain, before + 1).created_at
