"""The audit chains' witness outside the database (issue 17, item 5, red-team review): someone
with full database access who turns the triggers off can delete the newest events and put an
earlier, validly keyed chain head back, or delete the installation's chain whole; the keyed
chain alone cannot tell. What a check saw, kept in Redis, can."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.audit.test_keyed_chain import sql
from triage.audit.chain import chain_key
from triage.audit.services import audit_record, full_check_all, full_check_key
from triage.models import AuditChain

pytestmark = pytest.mark.django_db


def verify() -> tuple[bool, str]:
    out = io.StringIO()
    try:
        call_command("verify_audit", stdout=out)
    except CommandError:
        return False, out.getvalue()
    return True, out.getvalue()


def test_newest_events_deleted_and_the_old_head_put_back_are_caught(group, owner, admin_client_):
    for i in range(3):
        audit_record(group=group, actor=owner, action="test.event", payload={"i": i})
    chain = AuditChain.objects.get(key=chain_key(group.pk))
    saved = (chain.last_seq, chain.last_hash, chain.head_mac)
    audit_record(group=group, actor=owner, action="post.decide", payload={"post": 1})
    audit_record(group=group, actor=owner, action="report.export_unredacted", payload={})
    assert verify()[0]  # checked, and witnessed: 5 events
    # With the triggers off: the two newest events deleted, the earlier head (validly keyed,
    # it was the key's own) put back. The chain that remains verifies by itself...
    sql(
        "DELETE FROM triage_auditevent WHERE chain_id = %s AND seq > %s",
        [chain.pk, saved[0]],
        triggers=False,
    )
    sql(
        "UPDATE triage_auditchain SET last_seq = %s, last_hash = %s, head_mac = %s WHERE id = %s",
        [*saved, chain.pk],
        triggers=False,
    )
    ok, out = verify()
    # ... but not against what was seen of it.
    assert not ok
    assert f"{chain.key}: BROKEN: the chain has {saved[0]} events, but had {saved[0] + 2}" in out
    cache.delete(full_check_key(group.pk))  # (cache.clear() would flush the witness too)
    page = admin_client_.get(f"/g/{group.slug}/audit/").content.decode()
    assert 'data-verdict="broken"' in page
    assert "chain head put back" in page


def test_the_installations_chain_deleted_whole_is_caught(group, owner):
    audit_record(group=None, actor=owner, action="two_factor.remove", object_type="user")
    full_check_all()  # the hourly check: the installation's chain too, witnessed
    assert verify()[0]
    chain = AuditChain.objects.get(key="global")
    sql("DELETE FROM triage_auditevent WHERE chain_id = %s", [chain.pk], triggers=False)
    sql("DELETE FROM triage_auditchain WHERE id = %s", [chain.pk], triggers=False)
    ok, out = verify()
    assert not ok
    assert "global: BROKEN: the chain is gone, though it was checked with 1 events" in out


def test_a_chain_that_only_grows_stays_good_and_its_witness_moves_on(group, owner):
    audit_record(group=group, actor=owner, action="test.event")
    assert verify()[0]
    for _ in range(3):
        audit_record(group=group, actor=owner, action="test.event")
        assert verify()[0]
