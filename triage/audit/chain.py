"""The audit chain's one canonical form: what an event's hash covers, and chain keys.

Pure: no database. Changing anything here breaks every chain already written.

An event's hash is an HMAC-SHA256 keyed with ``VARTA_AUDIT_KEY`` (a key that is not in the
database), over the previous event's hash and the event's canonical JSON: someone who can write
to the database but does not hold the key cannot append, edit or re-chain an event that
verifies. Events written before the chains were keyed (seq up to the chain's
``legacy_until``) keep their plain SHA-256; the first keyed event covers the last of them, and
the chain head's own MAC covers ``legacy_until``, so they cannot be forged either.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

GENESIS = "0" * 64
GLOBAL_CHAIN = "global"


def chain_key(group_id: int | None) -> str:
    return f"group:{group_id}" if group_id is not None else GLOBAL_CHAIN


def chain_group_id(key: str) -> int | None:
    """The group a chain key names (chain_key's inverse); None for the global chain."""
    return int(key.split(":", 1)[1]) if key.startswith("group:") else None


def canonical_json(
    *,
    chain: str,
    seq: int,
    created_at: datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    object_type: str,
    object_id: str,
    payload: Any,
) -> str:
    """The exact bytes an event's hash covers. Changing this breaks every chain."""
    return _CANONICAL.encode(
        {
            "chain": chain,
            "seq": seq,
            "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "actor_name": actor_name,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "payload": payload,
        }
    )


# What json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=False) builds for
# each call, built once (json.dumps makes a new encoder whenever an argument is not its
# default: 10,000 a bulk removal).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


# Values that come back from a JSON round trip as they went in (exact types; an int subclass
# such as an IntEnum member takes the round trip).
_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def normalise_payload(payload: dict[str, Any] | None) -> Any:
    # Round-trip through JSON so what is hashed now is exactly what the
    # database gives back later (tuples become lists, keys become strings).
    if type(payload) is dict and all(type(key) is str for key in payload):
        # A flat dict of plain values, as every decision's event is: the round trip would give
        # the same dict with its keys sorted (2 µs against 7-9 µs here: 10,000 events a bulk
        # removal). tests/audit/test_chain_normalise.py compares the two.
        plain: dict[str, Any] = {}
        for key in sorted(payload):
            value = payload[key]
            if type(value) in _JSON_SCALARS:
                plain[key] = value
            elif isinstance(value, str):
                # A str subclass (a TextChoices member such as a post's new status): JSON
                # writes its characters, and str.__str__ gives them as a plain str.
                plain[key] = str.__str__(value)
            else:
                return _round_trip(payload)
        return plain
    return _round_trip(payload)


def _round_trip(payload: dict[str, Any] | None) -> Any:
    return json.loads(json.dumps(payload or {}, sort_keys=True, default=str))


def audit_keys() -> list[bytes]:
    """The HMAC keys, newest first: ``VARTA_AUDIT_KEY``'s, or one derived from SECRET_KEY."""
    keys = [k.strip() for k in settings.VARTA_AUDIT_KEY.split(",") if k.strip()]
    if keys:
        return [k.encode("utf-8") for k in keys]
    derived = hmac.new(settings.SECRET_KEY.encode("utf-8"), b"varta audit chain", "sha256")
    return [derived.hexdigest().encode("ascii")]


def _mac(key: bytes, message: str) -> str:
    # hmac.new(...).hexdigest() in one call of OpenSSL's, without an HMAC object each time.
    return hmac.digest(key, message.encode("utf-8"), "sha256").hex()


def event_mac(key: bytes, prev_hash: str, canonical: str) -> str:
    return _mac(key, prev_hash + canonical)


def head_message(*, chain: str, last_seq: int, last_hash: str, legacy_until: int) -> str:
    """What the chain head's MAC covers: how far the chain goes, and where its keyed events
    begin."""
    return f"{chain}|{last_seq}|{last_hash}|{legacy_until}"


def head_mac(key: bytes, *, chain: str, last_seq: int, last_hash: str, legacy_until: int) -> str:
    return _mac(
        key,
        head_message(
            chain=chain, last_seq=last_seq, last_hash=last_hash, legacy_until=legacy_until
        ),
    )


def any_key_matches(expected: str, message: str) -> bool:
    """The MAC of ``message`` under one of the keys is ``expected`` (compared in constant
    time)."""
    return any(hmac.compare_digest(_mac(key, message), expected) for key in audit_keys())
