"""The audit chain's one canonical form: what an event's hash covers, and chain keys.

Pure: no database. Changing anything here breaks every chain already written.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

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
    return json.dumps(
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
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def event_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def normalise_payload(payload: dict[str, Any] | None) -> Any:
    # Round-trip through JSON so what is hashed now is exactly what the
    # database gives back later (tuples become lists, keys become strings).
    return json.loads(json.dumps(payload or {}, sort_keys=True, default=str))
