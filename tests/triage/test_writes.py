"""The bulk writers store exactly what the ORM would, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tests.factories import make_post
from triage.models import ClusterBand, Decision, Post
from triage.models.writes import (
    Int8Array,
    instances_insert,
    int_rows_insert,
    rows_insert_ids,
    rows_update,
)

pytestmark = pytest.mark.django_db

HOSTILE_REASONS = [
    {"label": 'поширте «x» \\ "q" \u200b', "kind": "ngram", "weight": -0.5, "spans": [[1, 5]]},
    {"label": "{NULL}", "kind": "ngram", "weight": 0.0, "spans": []},
]


def test_rows_update_writes_json_text_bytes_nulls_and_times_as_given(group):
    posts = [make_post(group, f"текст {i}") for i in range(4)]
    when = timezone.now() - timedelta(days=1)
    rows_update(
        Post,
        ["score", "category", "reasons", "model_version", "scored_at", "image_hashes"],
        [
            (posts[0].pk, (0.25, "spam", HOSTILE_REASONS, "v1", when, b"\x00\x01\xff")),
            (posts[1].pk, (None, "", [], "", None, b"")),
            (
                posts[2].pk,
                (1.0, "doxxing", [{"nested": {"a": [1, None, "б"]}}], "v2", when, b"\x01"),
            ),
            (posts[3].pk, (0.5, "", [], "", when, memoryview(bytearray(b"\x07\x00")))),
        ],
    )
    first, second, third, fourth = (Post.objects.get(pk=p.pk) for p in posts)
    assert bytes(fourth.image_hashes) == b"\x07\x00"
    assert (first.score, first.category, first.model_version) == (0.25, "spam", "v1")
    assert first.reasons == HOSTILE_REASONS
    assert first.scored_at == when
    assert bytes(first.image_hashes) == b"\x00\x01\xff"
    assert (second.score, second.scored_at, second.reasons, bytes(second.image_hashes)) == (
        None,
        None,
        [],
        b"",
    )
    assert third.reasons == [{"nested": {"a": [1, None, "б"]}}]
    assert bytes(third.image_hashes) == b"\x01"


def test_rows_insert_ids_gives_each_row_its_own_id(group, moderator):
    posts = [make_post(group, f"текст {i}") for i in range(5)]
    now = timezone.now()
    fields = (
        *("group", "post", "actor", "actor_name", "action", "from_status", "to_status"),
        *("post_version", "note", "created_at", "rule_title", "category"),
        *("model_version", "reasons"),
    )
    rows = [
        (
            *(group.pk, p.pk, moderator.pk, "m", "keep", "pending", "kept", 1, f"n{p.pk}", now),
            *("", "", "", HOSTILE_REASONS),
        )
        for p in posts
    ]
    ids = rows_insert_ids(Decision, fields, rows, key="post")
    assert set(ids) == {p.pk for p in posts}
    for post_id, decision_id in ids.items():
        decision = Decision.objects.get(pk=decision_id)
        assert decision.post_id == post_id
        assert decision.note == f"n{post_id}"
        assert decision.reasons == HOSTILE_REASONS
    assert rows_insert_ids(Decision, fields, [], key="post") == {}


def test_int_rows_insert_stores_every_row_with_extreme_values(group):
    posts = [make_post(group, f"текст {i}") for i in range(3)]
    edge = [-(1 << 63), (1 << 63) - 1, 0, -1, 1]
    hashes = np.array(edge * 3, dtype=np.int64)
    bands = np.array([0, 32767, 5, 1, 2] * 3, dtype=np.int64)
    owners = np.repeat(np.array([p.pk for p in posts], dtype=np.int64), 5)
    groups = np.full(15, group.pk, dtype=np.int64)
    int_rows_insert(
        ClusterBand, ["group_id", "band", "hash", "post"], [groups, bands, hashes, owners]
    )
    stored = sorted(ClusterBand.objects.values_list("group_id", "band", "hash", "post_id"))
    expected = sorted(
        zip(groups.tolist(), bands.tolist(), hashes.tolist(), owners.tolist(), strict=True)
    )
    assert stored == expected
    int_rows_insert(ClusterBand, ["group_id", "band", "hash", "post"], [np.array([], np.int64)] * 4)
    assert ClusterBand.objects.count() == 15


def test_int_rows_insert_refuses_what_its_columns_cannot_hold(group):
    post = make_post(group, "текст")
    one = np.array([post.pk], dtype=np.int64)
    fields = ["group_id", "band", "hash", "post"]
    too_big = np.array([1 << 15], dtype=np.int64)  # band is a smallint
    with pytest.raises(ValueError, match="band"):
        int_rows_insert(ClusterBand, fields, [one * 0 + group.pk, too_big, one, one])
    with pytest.raises(ValueError, match="hash"):
        int_rows_insert(ClusterBand, fields, [one * 0 + group.pk, one * 0, np.array([1, 2]), one])
    huge = np.array([1 << 63], dtype=np.uint64)  # would wrap to a negative bigint
    with pytest.raises(ValueError, match="hash"):
        int_rows_insert(ClusterBand, fields, [one * 0 + group.pk, one * 0, huge, one])
    with pytest.raises(ValueError, match="hash"):
        int_rows_insert(ClusterBand, fields, [one * 0 + group.pk, one * 0, one * 0.5, one])
    with pytest.raises(TypeError, match="not an integer column"):
        int_rows_insert(Post, ["text"], [one])
    assert not ClusterBand.objects.exists()


@pytest.mark.parametrize(
    "values",
    [
        [],
        [0],
        [-(1 << 63), (1 << 63) - 1, -1, 1, 42],
        np.random.default_rng(3).integers(-(1 << 63), (1 << 63) - 1, 5000, dtype=np.int64),
    ],
)
def test_int8_array_reaches_postgresql_as_the_same_bigints(values):
    """Int8Array's binary layout is read back by PostgreSQL as exactly its values, in order."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL parameter")
    import psycopg

    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute("SELECT %b::bigint[]", [Int8Array(np.asarray(values, dtype=np.int64))])
        row = cursor.fetchone()
    assert row is not None
    assert row[0] == [int(v) for v in values]


@pytest.mark.parametrize(
    "values",
    [np.array([[1, 2]]), np.array([0.5]), np.array([1 << 63], dtype=np.uint64), ["1"]],
)
def test_int8_array_refuses_what_bigint_cannot_hold(values):
    with pytest.raises(ValueError, match="Int8Array"):
        Int8Array(values)


def _new_post(group, i: int, **extra) -> Post:
    text = f'Поширте! «{i}» \\ "q" \u200b {{NULL}}'
    return Post(
        group=group,
        source="csv",
        external_id=f"ext-{i}",
        text=text,
        text_sha256="0" * 64,
        author=f"Автор {i}",
        report_count=i + 1,
        report_reasons=[{"reason": "поширення", "n": i}],
        media=[{"kind": "photo", "url": "https://example.org/a.jpg"}],
        image_hashes=bytes([i, 0, 255]),
        **extra,
    )


def _stored(post: Post) -> dict:
    row: dict[str, Any] = dict(Post.objects.filter(pk=post.pk).values().get())
    for name in ("id", "external_id", "imported_at"):
        del row[name]
    row["image_hashes"] = bytes(row["image_hashes"])
    return row


def test_instances_insert_stores_what_bulk_create_stores(group):
    """Every column, the generated rank and the stamped import time included."""
    ours = [_new_post(group, i) for i in range(3)]
    theirs = [_new_post(group, i + 10) for i in range(3)]
    for a, b in zip(ours, theirs, strict=True):
        b.external_id, b.report_count, b.author = a.external_id + "-b", a.report_count, a.author
        b.report_reasons, b.image_hashes, b.text = a.report_reasons, a.image_hashes, a.text
    before = timezone.now()
    instances_insert(ours)
    Post.objects.bulk_create(theirs)
    assert all(p.pk and not p._state.adding for p in ours)
    assert len({p.pk for p in ours}) == 3
    for a, b in zip(ours, theirs, strict=True):
        assert _stored(a) == _stored(b)
        stored = Post.objects.get(pk=a.pk)
        assert stored.imported_at >= before
        assert stored.imported_at == a.imported_at
        assert stored.rank == -1.0  # unscored: the database computed it
        assert stored.text == a.text


class _Named:
    """A value no database driver can send: only its field's preparation makes it text."""

    def __str__(self) -> str:
        return "Автор з об'єкта"


def test_instances_insert_prepares_values_not_of_the_fields_own_type(group):
    """A value of another type goes through its field, as bulk_create's does: an author given
    as an object (its field makes it text: sent as it is, the driver refuses it), a count as
    text, a score as an int, a flag as an int, a moment as an aware datetime."""
    posted = timezone.now() - timedelta(days=2)
    ours = _new_post(group, 1, score=1, posted_at=posted, is_comment=1)
    ours.report_count, ours.author = "7", _Named()  # type: ignore[assignment]
    theirs = _new_post(group, 1, score=1, posted_at=posted, is_comment=1)
    theirs.report_count, theirs.author = "7", _Named()  # type: ignore[assignment]
    theirs.external_id = "ext-1-b"
    instances_insert([ours])
    Post.objects.bulk_create([theirs])
    assert _stored(ours) == _stored(theirs)
    stored = Post.objects.get(pk=ours.pk)
    assert stored.author == "Автор з об'єкта"
    assert stored.report_count == 7
    assert stored.score == 1.0
    assert stored.is_comment is True
    assert stored.posted_at == posted


def test_instances_insert_never_gives_a_deleted_posts_id_again(group):
    """An id names one post for good (audit events and exports cite it), as the database's own
    counter does: after the newest post is deleted, the next one gets a new id."""
    first, newest = _new_post(group, 1), _new_post(group, 2)
    instances_insert([first, newest])
    gone = newest.pk
    Post.objects.filter(pk=gone).delete()
    after = [_new_post(group, 3), _new_post(group, 4)]
    instances_insert(after)
    assert after[0].pk > gone
    assert after[1].pk == after[0].pk + 1
    assert Post.objects.get(pk=after[1].pk).external_id == "ext-4"


def test_instances_insert_reports_a_duplicate_as_an_integrity_error(group):
    instances_insert([_new_post(group, 1)])
    with pytest.raises(IntegrityError), transaction.atomic():
        instances_insert([_new_post(group, 2), _new_post(group, 1)])
    assert Post.objects.filter(group=group).count() == 1


def test_instances_insert_of_nothing_writes_nothing(group):
    instances_insert([])
    assert not Post.objects.filter(group=group).exists()
