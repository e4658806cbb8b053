"""Writing and verifying the hash-chained audit log (its rows: triage.models.audit)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from groups.models import Group, Membership
from triage.audit.chain import (
    GENESIS,
    any_key_matches,
    audit_keys,
    canonical_json,
    chain_group_id,
    chain_key,
    event_hash,
    event_mac,
    head_mac,
    head_message,
    normalise_payload,
)
from triage.audit.witness import witness_problems, witness_record
from triage.models.audit import AuditChain, AuditEvent
from triage.models.writes import rows_insert

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class PendingEvent:
    action: str
    object_type: str = ""
    object_id: str | int = ""
    payload: dict[str, Any] | None = None


def audit_record(
    *,
    group: Group | None,
    actor: AbstractBaseUser | None,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the group's chain. Call inside the transaction of the change."""
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or obj.pk
    event = PendingEvent(action, object_type, object_id, payload)
    return _append(group=group, actor=actor, events=[event])[0]


def audit_record_many(
    *, group: Group, actor: AbstractBaseUser | None, events: list[PendingEvent]
) -> int:
    """Append many events to one chain under one lock, with one bulk insert.

    For bulk operations: 10,000 decisions are 10,000 events, and taking the
    chain's lock once instead of 10,000 times is what keeps them fast.
    """
    if not events:
        return 0
    _append(group=group, actor=actor, events=events, instances=False)
    return len(events)


_EVENT_FIELDS = (
    "chain",
    "group",
    "seq",
    "created_at",
    "actor",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "payload",
    "prev_hash",
    "hash",
)


def _append(
    *,
    group: Group | None,
    actor: AbstractBaseUser | None,
    events: list[PendingEvent],
    instances: bool = True,
) -> list[AuditEvent]:
    """Hash and insert the events at the chain's head. With ``instances=False`` the rows are
    written as plain values (no model instance each, COPY on PostgreSQL) and nothing is
    returned: what a 10,000-decision bulk step needs."""
    key = chain_key(group.pk if group is not None else None)
    with transaction.atomic():
        chain, _ = AuditChain.objects.get_or_create(key=key, defaults={"group": group})
        # Lock the head: concurrent appends to one chain are serialised here.
        chain = AuditChain.objects.select_for_update().get(pk=chain.pk)
        seq = chain.last_seq
        prev = chain.last_hash or GENESIS
        created_at = timezone.now()
        actor_id = actor.pk if actor is not None and actor.is_authenticated else None
        actor_name = actor.get_username() if actor_id is not None and actor is not None else ""
        group_id = group.pk if group is not None else None
        key_bytes = audit_keys()[0]

        def hashed() -> Iterator[tuple[Any, ...]]:
            nonlocal seq, prev  # the chain's head as the rows are made
            for pending in events:
                seq += 1
                data = normalise_payload(pending.payload)
                canonical = canonical_json(
                    chain=key,
                    seq=seq,
                    created_at=created_at,
                    actor_id=actor_id,
                    actor_name=actor_name,
                    action=pending.action,
                    object_type=pending.object_type,
                    object_id=str(pending.object_id),
                    payload=data,
                )
                digest = event_mac(key_bytes, prev, canonical)
                yield (
                    chain.pk,
                    group_id,
                    seq,
                    created_at,
                    actor_id,
                    actor_name,
                    pending.action,
                    pending.object_type,
                    str(pending.object_id),
                    data,
                    prev,
                    digest,
                )
                prev = digest

        if instances:
            created = AuditEvent.objects.bulk_create(
                [
                    AuditEvent(
                        chain=chain,
                        group=group,
                        seq=row[2],
                        created_at=created_at,
                        actor_id=actor_id,
                        actor_name=actor_name,
                        action=row[6],
                        object_type=row[7],
                        object_id=row[8],
                        payload=row[9],
                        prev_hash=row[10],
                        hash=row[11],
                    )
                    for row in hashed()
                ],
                batch_size=1000,
            )
        else:
            # Hashed as they are written: on PostgreSQL the server inserts the first events
            # while the next ones are hashed (rows_insert streams them into COPY).
            rows_insert(AuditEvent, _EVENT_FIELDS, hashed())
            created = []
        # The head moves to the last event hashed: the writer must have taken every one (one
        # that stopped early without an error would leave the rest unwritten, and unchained).
        if seq != chain.last_seq + len(events):
            raise RuntimeError(f"{seq - chain.last_seq} of {len(events)} audit events written")
        chain.last_seq = seq
        chain.last_hash = prev
        chain.head_mac = head_mac(
            key_bytes, chain=key, last_seq=seq, last_hash=prev, legacy_until=chain.legacy_until
        )
        chain.save(update_fields=["last_seq", "last_hash", "head_mac"])
    return created


@dataclass(frozen=True)
class Checkpoint:
    """The last event of a chain found good: its id, seq and hash, and how many events led up
    to it."""

    event_id: int
    seq: int
    hash: str
    events: int


@dataclass(frozen=True)
class ChainVerdict:
    key: str
    events: int
    ok: bool
    first_bad_seq: int | None = None
    first_bad_event_id: int | None = None
    problem: str = ""
    # Where a good chain ended: a later check can start here (see verify_chain's ``since``).
    checkpoint: Checkpoint | None = None

    def describe(self) -> str:
        if self.ok:
            return f"{self.key}: OK, {self.events} events"
        if self.first_bad_seq is None and self.first_bad_event_id is None:
            return f"{self.key}: BROKEN: {self.problem}"
        return (
            f"{self.key}: BROKEN at seq {self.first_bad_seq} "
            f"(event id {self.first_bad_event_id}): {self.problem}"
        )


def _iter_events(chain: AuditChain, after_id: int = 0) -> Iterator[AuditEvent]:
    # Ordered by primary key, not seq: an event inserted later with a reused or
    # shuffled seq shows up as out of order instead of being sorted into place.
    return chain.events.filter(id__gt=after_id).order_by("id").iterator(chunk_size=2000)


def verify_chain(chain: AuditChain, since: Checkpoint | None = None) -> ChainVerdict:
    """Check every event of the chain, or, ``since`` a checkpoint of an earlier full check, only
    the events after it (what a page can afford on every view; the full check runs on a
    schedule and by ``verify_audit``)."""
    expected_prev = since.hash if since else GENESIS
    expected_seq = since.seq + 1 if since else 1
    count = since.events if since else 0
    last: AuditEvent | None = None
    # The group an event is shown under is not in its hash (the chain is): check it here, or
    # an event moved to another group would vanish from its group's audit page unnoticed.
    group_id = chain_group_id(chain.key)
    for event in _iter_events(chain, since.event_id if since else 0):
        count += 1
        fail = None
        if event.group_id != group_id:
            fail = "the event was moved out of its group"
        elif event.seq != expected_seq:
            fail = (
                f"expected seq {expected_seq}, found {event.seq} "
                "(an event was deleted, inserted or reordered)"
            )
        elif event.prev_hash != expected_prev:
            fail = "prev_hash does not match the previous event (deleted, inserted or reordered)"
        else:
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
            if event.seq <= chain.legacy_until:
                intact = event_hash(event.prev_hash, canonical) == event.hash
            else:
                intact = any_key_matches(event.hash, event.prev_hash + canonical)
            if not intact:
                fail = (
                    "content does not match its hash (the event was edited, or written "
                    "without the audit key)"
                )
        if fail:
            return ChainVerdict(chain.key, count, False, event.seq, event.pk, fail)
        expected_prev = event.hash
        expected_seq += 1
        last = event
    if chain.last_seq != expected_seq - 1 or (chain.last_hash or GENESIS) != expected_prev:
        return ChainVerdict(
            chain.key,
            count,
            False,
            expected_seq,
            None,
            f"the chain head says {chain.last_seq} events but {count} remain "
            "(the newest events were deleted)",
        )
    if not any_key_matches(
        chain.head_mac,
        head_message(
            chain=chain.key,
            last_seq=chain.last_seq,
            last_hash=chain.last_hash,
            legacy_until=chain.legacy_until,
        ),
    ):
        return ChainVerdict(
            chain.key,
            count,
            False,
            chain.last_seq,
            None,
            "the chain head was not written with the audit key (moved or re-created by hand)",
        )
    if last is not None:
        checkpoint = Checkpoint(last.pk, last.seq, last.hash, count)
    else:
        checkpoint = since or Checkpoint(0, 0, GENESIS, 0)
    return ChainVerdict(chain.key, count, True, checkpoint=checkpoint)


def verify_chains(chains: Iterable[AuditChain]) -> list[ChainVerdict]:
    return [verify_chain(chain) for chain in chains]


def missing_chains(groups: Iterable[Group]) -> list[ChainVerdict]:
    """Every group's creation is audited, so every group has a chain: one without was deleted
    (its events and head together), which no check of the chains that remain would notice."""
    groups = list(groups)
    present = set(
        AuditChain.objects.filter(key__in=[chain_key(g.pk) for g in groups]).values_list(
            "key", flat=True
        )
    )
    return [
        ChainVerdict(
            chain_key(g.pk),
            0,
            False,
            1,
            None,
            f"the group {g.slug!r} has no audit chain (its events and chain head were deleted)",
        )
        for g in groups
        if chain_key(g.pk) not in present
    ]


FULL_CHECK_SECONDS = 2 * 3600  # the scheduler checks every chain in full each hour


def full_check_key(group_id: int) -> str:
    return f"audit-full-check:{group_id}"


def full_check(chain: AuditChain) -> dict[str, Any]:
    """Verify the whole chain and remember the verdict and where it ended, for two hours."""
    verdict = verify_chain(chain)
    if verdict.ok and verdict.checkpoint is not None:
        witness_record(chain.key, verdict.checkpoint.seq, verdict.checkpoint.hash)
        problems = witness_problems([chain.key]) or []
        if problems:
            verdict = ChainVerdict(chain.key, verdict.events, False, None, None, problems[0][1])
    result = {
        "ok": verdict.ok,
        "events": verdict.events,
        "text": verdict.describe(),
        "first_bad_seq": verdict.first_bad_seq,
        "checked_at": timezone.now(),
        "checkpoint": asdict(verdict.checkpoint) if verdict.checkpoint else None,
    }
    cache.set(full_check_key(chain_group_id(chain.key) or 0), result, FULL_CHECK_SECONDS)
    return result


def full_check_all() -> int:
    """The scheduler's hourly job: every chain in full (the installation's too), each good one
    witnessed outside the database. Returns chains checked."""
    chains = AuditChain.objects.all()
    for chain in chains.iterator():
        full_check(chain)
    return chains.count()


def witness_verdicts(chain_keys: list[str] | None = None) -> list[ChainVerdict]:
    """Chains that went back in time or vanished since they were witnessed good."""
    return [
        ChainVerdict(key, 0, False, None, None, problem)
        for key, problem in witness_problems(chain_keys) or []
    ]


def audit_export_record(*, membership: Membership, fmt: str, filters: dict[str, Any]) -> None:
    """An export of the audit log is itself an event (which format, which filters)."""
    audit_record(
        group=membership.group,
        actor=membership.user,
        action="audit.export",
        object_type="audit",
        payload={"format": fmt, "filters": {k: str(v) for k, v in filters.items() if v}},
    )
