"""The bulk writers store exactly what the ORM would, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from tests.factories import make_post
from triage.models import ClusterBand, Decision, Post
from triage.models.writes import (
    Int8Array,
    int_rows_insert,
    rows_insert_ids,
    rows_update,
    values_insert,
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


def test_rows_insert_stores_json_as_the_orm_does(group, moderator):
    """JSON goes to PostgreSQL's COPY as text (not a Jsonb wrapper per value): what is stored,
    read back as the database's own text of it, is what ``bulk_create`` stores."""
    posts = [make_post(group, f"текст {i}") for i in range(4)]
    now = timezone.now()
    fields = (
        *("group", "post", "actor_name", "action", "from_status", "to_status", "post_version"),
        *("created_at", "rule_title", "note", "category", "model_version", "reasons"),
    )
    values = [
        HOSTILE_REASONS,
        [],
        [{"tab\t": "a\tb\nc\\d", "quote": '"', "null": None, "nested": {"k": [1.5, True]}}],
        [{"control": "\x01", "flag": "\U0001f1fa\U0001f1e6", "big": 10**18}],
    ]
    rows = [
        (group.pk, p.pk, "m", "keep", "pending", "kept", 1, now, "", "", "", "", reasons)
        for p, reasons in zip(posts, values, strict=True)
    ]
    ours = rows_insert_ids(Decision, fields, rows, key="post")
    theirs = Decision.objects.bulk_create(
        [
            Decision(**dict(zip(("group_id", "post_id", *fields[2:]), row, strict=True)))
            for row in rows
        ]
    )

    def stored(pk: int) -> tuple[Any, str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reasons FROM triage_decision WHERE id = %s", [pk])
            (text,) = cursor.fetchone()
        return Decision.objects.get(pk=pk).reasons, text

    for post, reasons, their in zip(posts, values, theirs, strict=True):
        assert stored(ours[post.pk]) == stored(their.pk)
        assert stored(ours[post.pk])[0] == reasons


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


# What the import gives a post; the other columns take their defaults.
FIELDS = [
    "group",
    "source",
    "external_id",
    "text",
    "text_sha256",
    "author",
    "report_count",
    "report_reasons",
    "media",
    "image_hashes",
]


def _values(group, i: int, **extra: Any) -> dict[str, Any]:
    return {
        "group": group,
        "source": "csv",
        "external_id": f"ext-{i}",
        "text": f'Поширте! «{i}» \\ "q" \u200b {{NULL}}',
        "text_sha256": "0" * 64,
        "author": f"Автор {i}",
        "report_count": i + 1,
        "report_reasons": [{"reason": "поширення", "n": i}],
        "media": [{"kind": "photo", "url": "https://example.org/a.jpg"}],
        "image_hashes": bytes([i, 0, 255]),
        **extra,
    }


def _insert(rows: list[dict[str, Any]]) -> list[int]:
    """values_insert of the rows, each a dict of field values (a foreign key as its object)."""
    names = list(rows[0]) if rows else FIELDS
    return values_insert(
        Post, names, [[getattr(v, "pk", v) for v in (row[n] for n in names)] for row in rows]
    )


def _stored(pk: int) -> dict:
    row: dict[str, Any] = dict(Post.objects.filter(pk=pk).values().get())
    for name in ("id", "external_id", "imported_at"):
        del row[name]
    row["image_hashes"] = bytes(row["image_hashes"])
    return row


def test_values_insert_stores_what_bulk_create_stores(group):
    """Every column, the defaults of those not given, the generated rank and the stamped
    import time included."""
    before = timezone.now()
    ours = [_values(group, i) for i in range(3)]
    ids = _insert(ours)
    theirs = [Post(**{**row, "external_id": row["external_id"] + "-b"}) for row in ours]
    Post.objects.bulk_create(theirs)
    after = timezone.now()
    assert len(set(ids)) == 3
    assert [Post.objects.get(pk=i).external_id for i in ids] == ["ext-0", "ext-1", "ext-2"]
    for pk, b in zip(ids, theirs, strict=True):
        assert _stored(pk) == _stored(b.pk)
        stored = Post.objects.get(pk=pk)
        assert before <= stored.imported_at <= after
        assert stored.rank == -1.0  # unscored: the database computed it
        assert stored.status == "pending"
        assert stored.reasons == []
    # One moment for the call.
    assert Post.objects.filter(pk__in=ids).values("imported_at").distinct().count() == 1


def test_values_insert_stores_a_given_import_time_as_given(group):
    when = timezone.now() - timedelta(hours=3)
    (pk,) = _insert([_values(group, 1, imported_at=when)])
    assert Post.objects.get(pk=pk).imported_at == when


def test_values_insert_stores_empty_and_null_values_as_bulk_create_does(group):
    """The shortcuts for an empty list, no bytes and a missing moment store what the field
    would."""
    row = _values(group, 1, report_reasons=[], media=[], image_hashes=b"", posted_at=None)
    (pk,) = _insert([row])
    theirs = Post(**{**row, "external_id": "ext-1-b"})
    Post.objects.bulk_create([theirs])
    assert _stored(pk) == _stored(theirs.pk)
    stored = Post.objects.get(pk=pk)
    assert (stored.report_reasons, stored.media, bytes(stored.image_hashes)) == ([], [], b"")
    assert stored.posted_at is None


class _Named:
    """A value no database driver can send: only its field's preparation makes it text."""

    def __str__(self) -> str:
        return "Автор з об'єкта"


def test_values_insert_prepares_values_not_of_the_fields_own_type(group):
    """A value of another type goes through its field, as bulk_create's does: an author given
    as an object (its field makes it text: sent as it is, the driver refuses it), a count as
    text, a score as an int, a flag as an int, a moment as an aware datetime, bytes as a
    memoryview."""
    posted = timezone.now() - timedelta(days=2)
    extra = {"score": 1, "posted_at": posted, "is_comment": 1, "report_count": "7"}
    row = _values(group, 1, author=_Named(), image_hashes=memoryview(b"\x01\x02"), **extra)
    (pk,) = _insert([row])
    theirs = Post(**{**row, "external_id": "ext-1-b", "image_hashes": b"\x01\x02"})
    Post.objects.bulk_create([theirs])
    assert _stored(pk) == _stored(theirs.pk)
    stored = Post.objects.get(pk=pk)
    assert stored.author == "Автор з об'єкта"
    assert stored.report_count == 7
    assert stored.score == 1.0
    assert stored.is_comment is True
    assert stored.posted_at == posted
    assert bytes(stored.image_hashes) == b"\x01\x02"


def test_values_insert_never_gives_a_deleted_posts_id_again(group):
    """An id names one post for good (audit events and exports cite it), as the database's own
    counter does: after the newest post is deleted, the next one gets a new id."""
    _first, gone = _insert([_values(group, 1), _values(group, 2)])
    Post.objects.filter(pk=gone).delete()
    after = _insert([_values(group, 3), _values(group, 4)])
    assert after[0] > gone
    assert after[1] == after[0] + 1
    assert Post.objects.get(pk=after[1]).external_id == "ext-4"


def test_values_insert_reports_a_duplicate_as_an_integrity_error(group):
    _insert([_values(group, 1)])
    with pytest.raises(IntegrityError), transaction.atomic():
        _insert([_values(group, 2), _values(group, 1)])
    assert Post.objects.filter(group=group).count() == 1


def test_values_insert_of_nothing_writes_nothing(group):
    assert _insert([]) == []
    assert not Post.objects.filter(group=group).exists()


@pytest.mark.parametrize(
    ("name", "error"),
    [("id", ValueError), ("rank", ValueError), ("comments", ValueError)],
)
def test_values_insert_refuses_columns_it_cannot_write(group, name, error):
    """The key, a generated column and a relation that is not a column of the table."""
    with pytest.raises(error, match=f"Post.{name}"):
        values_insert(Post, ["group", name], [[group.pk, 1]])
    assert not Post.objects.filter(group=group).exists()


def test_values_insert_writes_only_fields_that_store_what_they_hold():
    """A field whose class prepares its value on save (a file's) is refused; a date that
    stamps itself is stamped by values_insert."""
    from triage.models.writes import _stores_as_given

    assert not _stores_as_given(models.FileField())
    assert _stores_as_given(models.DateTimeField(auto_now_add=True))
    assert _stores_as_given(models.DateField(auto_now=True))
    assert _stores_as_given(models.CharField(max_length=3))


def test_values_insert_stores_hostile_json_as_bulk_create_does(group):
    """JSON goes to PostgreSQL's COPY as text: quotes, backslashes, braces, tabs, newlines and
    non-ASCII come back as they went in."""
    media = [{"kind": "photo\t\n", "url": 'https://example.org/"a"\\b.jpg', "null": None}]
    row = _values(group, 1, report_reasons=HOSTILE_REASONS, media=media)
    (pk,) = _insert([row])
    theirs = Post(**{**row, "external_id": "ext-1-b"})
    Post.objects.bulk_create([theirs])
    assert _stored(pk) == _stored(theirs.pk)
    stored = Post.objects.get(pk=pk)
    assert (stored.report_reasons, stored.media) == (HOSTILE_REASONS, media)


def test_values_insert_keeps_apart_the_two_moments_of_an_hour_the_clock_repeats(group):
    """Kyiv set its clocks back at 04:00 on 26 October 2025: 03:30 came twice, an hour apart.
    The two are equal to Python (only their fold differs), not to the database."""
    from zoneinfo import ZoneInfo

    kyiv = ZoneInfo("Europe/Kyiv")
    first = datetime(2025, 10, 26, 3, 30, tzinfo=kyiv)
    second = first.replace(fold=1)
    assert first == second
    rows = [_values(group, 1, posted_at=first), _values(group, 2, posted_at=second)]
    ids = _insert(rows)
    stored = [Post.objects.get(pk=pk).posted_at for pk in ids]
    assert stored[1] - stored[0] == timedelta(hours=1)
    theirs = [Post(**{**row, "external_id": row["external_id"] + "-b"}) for row in rows]
    Post.objects.bulk_create(theirs)
    assert [p.posted_at for p in Post.objects.filter(pk__in=[t.pk for t in theirs])] == stored


@pytest.mark.parametrize("value", [3, "abc", [1, 2]])
def test_values_insert_refuses_bytes_that_are_not_bytes(group, value):
    """bytes(3) would be three zero bytes: refused, as bulk_create refuses it."""
    with pytest.raises(TypeError):
        _insert([_values(group, 1, image_hashes=value)])
    assert not Post.objects.filter(group=group).exists()


@pytest.mark.parametrize(
    ("name", "expression"),
    [("report_reasons", "json-null"), ("author", "upper"), ("posted_at", "now")],
)
def test_values_insert_refuses_expressions(group, name, expression):
    from django.db.models import F, JSONField, Value
    from django.db.models.functions import Now, Upper

    value = {
        "json-null": Value(None, JSONField()),
        "upper": Upper(F("author")),
        "now": Now(),
    }[expression]
    with pytest.raises(TypeError, match="not expressions"):
        _insert([_values(group, 1, **{name: value})])
    assert not Post.objects.filter(group=group).exists()


def test_values_insert_refuses_a_default_made_for_each_row():
    """A uuid4 default called once would give every row of a call the same "unique" value."""
    import uuid

    from triage.models.writes import _default

    field = models.UUIDField(default=uuid.uuid4)
    field.name = "token"
    with pytest.raises(TypeError, match="made for each row"):
        _default(Post, field, timezone.now())
    listed = models.JSONField(default=list)
    assert _default(Post, listed, timezone.now()) == []
    today = models.DateField(auto_now_add=True)
    assert _default(Post, today, timezone.now()) == date.today()


def test_rows_insert_refuses_a_row_of_the_wrong_length(group):
    from triage.models.writes import rows_insert

    post = make_post(group, "текст")
    fields = (
        *("group", "post", "actor_name", "action", "from_status", "to_status", "post_version"),
        *("created_at", "rule_title", "note", "category", "model_version"),
    )
    good = (group.pk, post.pk, "m", "keep", "pending", "kept", 1, timezone.now(), "", "", "", "")
    with pytest.raises(ValueError, match="a row of 11 values for 12 fields"):
        rows_insert(Decision, fields, [good, good[:-1]])
    assert not Decision.objects.filter(post=post).exists()


def test_rows_insert_refuses_an_expression_for_json(group):
    """A JSON-null ``Value`` would be dumped as whatever the driver makes of it: refused with
    a clear error, on both databases alike; the same row with a value is stored."""
    from django.db.models import Value

    from triage.models.writes import rows_insert

    post = make_post(group, "текст")
    fields = (
        *("group", "post", "actor_name", "action", "from_status", "to_status", "post_version"),
        *("created_at", "rule_title", "note", "category", "model_version", "reasons"),
    )
    now = timezone.now()
    row = (group.pk, post.pk, "m", "keep", "pending", "kept", 1, now, "", "", "", "")
    with pytest.raises(TypeError, match="not expressions"):
        rows_insert(Decision, fields, [(*row, Value(None, models.JSONField()))])
    rows_insert(Decision, fields, [[*row, [{"k": "в"}]]])
    assert Decision.objects.get(post=post).reasons == [{"k": "в"}]
