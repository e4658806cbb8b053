"""normalise_payload's shortcut for flat dicts of plain values gives exactly what the JSON round
trip gives: the same values, the same key order, the same canonical JSON (every chain's hashes
depend on it)."""

from __future__ import annotations

import enum
import json
import math
import random
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from triage.audit.chain import _round_trip, canonical_json, normalise_payload
from triage.models import PostStatus


class Colour(enum.IntEnum):
    RED = 1


class Tagged(str):
    def __str__(self) -> str:  # what str() says is not what JSON writes
        return "tagged"


DARK = Tagged("dark")


def _random_payload(rng: random.Random) -> dict:
    def value():
        kind = rng.randrange(7)
        if kind == 0:
            return rng.randint(-(2**70), 2**70)
        if kind == 1:
            return rng.choice([0.0, -0.0, 1e308, 5e-324, rng.random() * 10 ** rng.randint(-9, 9)])
        if kind == 2:
            return rng.choice([True, False, None])
        if kind == 3:  # quotes, escapes, a lone surrogate, Cyrillic, emoji, controls
            alphabet = ['"', "\\", "\ud800", "ї", "😀", "\x00", "\n", "a", " ", "/"]
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        if kind == 4:  # str subclasses, as a post's status is when a decision sets it
            return rng.choice([PostStatus.REMOVED, PostStatus.PENDING, DARK, "kept"])
        if kind == 5:
            return rng.randint(0, 10**6)
        return rng.random()

    keys = ["decision", "action", "from", "to", "rule", "score", "bulk", "Я", "", "a b", "_"]
    return {rng.choice(keys) + str(rng.randrange(3)): value() for _ in range(rng.randint(0, 12))}


def _canonical(payload) -> str:
    return canonical_json(
        chain="group:1",
        seq=1,
        created_at=datetime(2026, 12, 6, tzinfo=UTC),
        actor_id=None,
        actor_name="",
        action="post.decide",
        object_type="post",
        object_id="1",
        payload=payload,
    )


def test_the_shortcut_gives_what_the_round_trip_gives_for_flat_plain_payloads():
    rng = random.Random(20261206)
    for _ in range(2000):
        payload = _random_payload(rng)
        fast, slow = normalise_payload(payload), _round_trip(payload)
        assert fast == slow
        assert list(fast) == list(slow)  # key order: stored as it is on SQLite
        assert json.dumps(fast) == json.dumps(slow)
        assert _canonical(fast) == _canonical(slow)
        assert all(type(value) is not PostStatus for value in fast.values())


def test_the_shortcut_keeps_the_float_edge_cases():
    payload = {"b": math.inf, "a": -math.inf, "c": -0.0, "n": math.nan}
    fast, slow = normalise_payload(payload), _round_trip(payload)
    assert list(fast) == list(slow) == ["a", "b", "c", "n"]
    assert _canonical(fast) == _canonical(slow)
    assert math.copysign(1, fast["c"]) == -1


@pytest.mark.parametrize(
    "payload",
    [
        {"status": PostStatus.REMOVED},  # a str subclass: comes back a plain str
        {"shade": DARK, "also": [DARK]},
        {"colour": Colour.RED},  # an int subclass: comes back a plain int
        {"when": datetime(2026, 12, 6, tzinfo=UTC)},  # not JSON: str() of it
        {"amount": Decimal("1.50")},
        {"ids": (1, 2)},  # a tuple comes back a list
        {"nested": {"b": 1, "a": 2}},
        {2: "a", 1: "b"},  # keys that are not str: they come back as str
        None,
        {},
    ],
)
def test_other_payloads_give_what_the_round_trip_gives(payload):
    normalised = normalise_payload(payload)
    assert normalised == _round_trip(payload)
    assert json.dumps(normalised) == json.dumps(_round_trip(payload))
    for value in normalised.values():
        assert type(value) in (str, int, float, bool, type(None), list, dict)
