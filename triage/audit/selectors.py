"""Reading the audit log: filtered events, one page of them, the chain's verdict, exports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, time
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from groups.models import Group
from triage.audit.chain import chain_key
from triage.audit.services import (
    Checkpoint,
    full_check,
    full_check_key,
    missing_chains,
    verify_chain,
    witness_verdicts,
)
from triage.models import AuditChain, AuditEvent, Decision

PAGE = 100
EXPORT_HEADER = [
    "seq",
    "created_at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "payload",
    "hash",
]


def audit_events(*, group: Group, filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    """The group's events that the filters (an AuditFilterForm's cleaned data) name."""
    qs = AuditEvent.objects.filter(group=group)
    if filters.get("actor"):
        qs = qs.filter(actor_name__iexact=filters["actor"])
    if filters.get("action"):
        qs = qs.filter(action__startswith=filters["action"])
    if filters.get("object"):
        kind, _sep, ident = filters["object"].partition(":")
        qs = qs.filter(object_type=kind)
        if ident:
            qs = qs.filter(object_id=ident)
    tz = timezone.get_current_timezone()
    if filters.get("since"):
        qs = qs.filter(created_at__gte=datetime.combine(filters["since"], time.min, tz))
    if filters.get("until"):
        qs = qs.filter(created_at__lte=datetime.combine(filters["until"], time.max, tz))
    return qs


def audit_page(*, group: Group, filters: dict[str, Any]) -> dict[str, Any]:
    """One page of events, newest first, each decision event with its decision."""
    qs = audit_events(group=group, filters=filters)
    if filters.get("before"):
        qs = qs.filter(seq__lt=filters["before"])
    events = list(qs.order_by("-seq")[: PAGE + 1])
    more = len(events) > PAGE
    events = events[:PAGE]
    decision_ids = [e.payload.get("decision") for e in events if e.action in DECISION_EVENTS]
    decisions = Decision.objects.in_bulk([d for d in decision_ids if isinstance(d, int)])
    return {
        "rows": [
            {"event": e, "decision": decisions.get(e.payload.get("decision"))} for e in events
        ],
        "older": events[-1].seq if more and events else None,
    }


# Audit actions whose payload names a decision (shown beside the event).
DECISION_EVENTS = ("post.decide", "post.auto_decide")


def chain_verdict(group: Group) -> dict[str, Any]:
    """The chain's verdict without re-hashing millions of events on every view: the last full
    check (hourly, by the scheduler, or now if there is none), and the events since it."""
    chain = AuditChain.objects.filter(key=chain_key(group.pk)).first()
    if chain is None:
        # Every group's creation is audited: a group without a chain lost it whole.
        (missing,) = missing_chains([group])
        return {
            "ok": False,
            "events": 0,
            "text": missing.describe(),
            "first_bad_seq": 1,
            "checked_at": timezone.now(),
        }
    full = cache.get(full_check_key(group.pk)) or full_check(chain)
    if not full["ok"] or full.get("checkpoint") is None:
        return full
    # Cut back or rewritten since a check saw it (the witness outside the database).
    for behind in witness_verdicts([chain.key]):
        return {
            "ok": False,
            "events": chain.last_seq,
            "text": behind.describe(),
            "first_bad_seq": None,
            "checked_at": timezone.now(),
        }
    recent = verify_chain(chain, since=Checkpoint(**full["checkpoint"]))
    return {
        "ok": recent.ok,
        "events": recent.events,
        "text": recent.describe(),
        "first_bad_seq": recent.first_bad_seq,
        "checked_at": full["checked_at"],
        "recent_checked_at": timezone.now(),
    }


def export_rows(events: Iterable[AuditEvent]) -> Iterator[list[Any]]:
    """CSV rows under EXPORT_HEADER."""
    for e in events:
        yield [
            e.seq,
            e.created_at.isoformat(),
            e.actor_name,
            e.action,
            e.object_type,
            e.object_id,
            e.payload,
            e.hash,
        ]


def export_objects(events: Iterable[AuditEvent]) -> Iterator[dict[str, Any]]:
    """JSON lines, with both hashes so that a reader can check the chain themselves."""
    for e in events:
        yield {
            "seq": e.seq,
            "created_at": e.created_at.isoformat(),
            "actor": e.actor_name,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "payload": e.payload,
            "prev_hash": e.prev_hash,
            "hash": e.hash,
        }
