"""The canonical form and the MAC of one event, pinned to the bytes the first keyed chains were
written with (computed by the code before it was made faster, 7 December): a change to either
would make every chain already written fail verification."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from triage.audit.chain import GENESIS, canonical_json, event_mac, head_mac

EVENT = {
    "chain": "group:7",
    "seq": 42,
    # Not UTC: the canonical form gives the moment in UTC.
    "created_at": datetime(2026, 12, 7, 21, 0, 5, 123456, tzinfo=timezone(timedelta(hours=2))),
    "actor_id": 3,
    "actor_name": "Олена",
    "action": "post.decide",
    "object_type": "post",
    "object_id": "991",
    "payload": {
        "decision": 5,
        "from": "pending",
        "to": "removed",
        "rule": 'Не поширюйте "полонених"',
        "score": 0.97,
        "bulk": None,
        "nested": {"b": [1, 2.5, True], "a": "ї"},
    },
}
CANONICAL = (
    '{"action":"post.decide","actor_id":3,"actor_name":"Олена","chain":"group:7",'
    '"created_at":"2026-12-07T19:00:05.123456+00:00","object_id":"991","object_type":"post",'
    '"payload":{"bulk":null,"decision":5,"from":"pending","nested":{"a":"ї","b":[1,2.5,true]},'
    '"rule":"Не поширюйте \\"полонених\\"","score":0.97,"to":"removed"},"seq":42}'
)
KEY = b"key-for-the-golden-test"


def test_the_canonical_form_is_the_one_chains_were_written_with():
    assert canonical_json(**EVENT) == CANONICAL
    assert canonical_json(**{**EVENT, "created_at": EVENT["created_at"].astimezone(UTC)}) == (
        CANONICAL
    )


def test_the_event_mac_is_the_one_chains_were_written_with():
    assert event_mac(KEY, GENESIS, CANONICAL) == (
        "fa8cb331acc5c893994b19a4b378cbbc6930778e8b6eef18efc7922ec2a22e31"
    )
    assert event_mac(KEY + b"!", GENESIS, CANONICAL) != event_mac(KEY, GENESIS, CANONICAL)


def test_the_head_mac_covers_the_head_as_before():
    import hashlib
    import hmac

    expected = hmac.new(KEY, b"group:7|42|" + b"ab" * 32 + b"|3", hashlib.sha256).hexdigest()
    assert head_mac(KEY, chain="group:7", last_seq=42, last_hash="ab" * 32, legacy_until=3) == (
        expected
    )
