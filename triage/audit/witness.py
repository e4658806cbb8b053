"""A witness of the audit chains kept outside the database.

The chain's MACs stop someone who can write to the database from forging events, but not from
going back in time: with the triggers turned off they can delete the newest events and put an
earlier, validly MACed chain head back, or delete a chain whole (the installation's, where the
two-factor events are). Nothing left in the database shows either. So each full check that
finds a chain good writes how far it went — its seq and the hash of its last event — to Redis,
with no expiry, and later checks compare: a chain now shorter than its witness, whose event at
the witnessed seq has another hash, or which is gone, was cut back, rewritten or deleted.

Someone who can write to both the database and Redis can still do this; README's threat model
says so. With Redis unreachable the witness is neither read nor written (a check says so).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import django_rq
from django.utils import timezone
from redis.exceptions import RedisError

from triage.models import AuditChain, AuditEvent

log = logging.getLogger(__name__)
KEY = "varta:audit:witness"


def _redis() -> Any:
    return django_rq.get_connection("default")


def witness_record(chain_key: str, seq: int, last_hash: str) -> None:
    """Remember that the chain was found good up to ``seq`` (never lowered)."""
    if seq <= 0:
        return
    try:
        known = _redis().hget(KEY, chain_key)
        if known is not None and json.loads(known)["seq"] >= seq:
            return
        entry = {"seq": seq, "hash": last_hash, "at": timezone.now().isoformat()}
        _redis().hset(KEY, chain_key, json.dumps(entry))
    except (RedisError, ValueError, KeyError) as exc:
        log.warning("the audit witness was not written: %s", exc)


def witness_problems(chain_keys: list[str] | None = None) -> list[tuple[str, str]] | None:
    """(chain key, problem) for every witnessed chain that is now shorter, rewritten or gone;
    only those in ``chain_keys`` when given. None when Redis cannot be read."""
    try:
        raw = _redis().hgetall(KEY)
    except RedisError as exc:
        log.warning("the audit witness was not read: %s", exc)
        return None
    problems = []
    for key_bytes, value in sorted(raw.items()):
        key = key_bytes.decode() if isinstance(key_bytes, bytes) else str(key_bytes)
        if chain_keys is not None and key not in chain_keys:
            continue
        try:
            entry = json.loads(value)
            seq, expected, at = int(entry["seq"]), str(entry["hash"]), str(entry["at"])
        except (ValueError, KeyError, TypeError):
            problems.append((key, "its witness outside the database cannot be read"))
            continue
        chain = AuditChain.objects.filter(key=key).first()
        if chain is None:
            problems.append(
                (key, f"the chain is gone, though it was checked with {seq} events on {at}")
            )
            continue
        if chain.last_seq < seq:
            problems.append(
                (
                    key,
                    f"the chain has {chain.last_seq} events, but had {seq} when checked on {at} "
                    "(the newest events were deleted and the chain head put back)",
                )
            )
            continue
        event = AuditEvent.objects.filter(chain=chain, seq=seq).only("hash").first()
        if event is None or event.hash != expected:
            problems.append(
                (key, f"event {seq} is not the one checked on {at} (the chain was rewritten)")
            )
    return problems
