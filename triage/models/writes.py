"""Bulk writes for the intake path, without a model instance per row.

Django's ``bulk_update`` builds one ``CASE WHEN id = ... THEN ...`` expression per field and row,
and ``bulk_create`` one model instance per row; at tens of thousands of rows a minute that is
most of the time scoring and clustering take. These helpers send plain parameterised statements
(``executemany``, and PostgreSQL's ``COPY`` for inserts), with each value prepared by its model
field, so what is stored is exactly what the ORM would have stored.
"""

from __future__ import annotations

import functools
import itertools
import json
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models import Model
from django.utils import timezone
from psycopg.adapt import Dumper
from psycopg.pq import Format

# Values these fields store as they are: no preparation needed per value.
_PLAIN = (models.IntegerField, models.FloatField, models.CharField, models.ForeignKey)


def _preparers(model: type[Model], fields: Sequence[str]) -> list[Callable[[Any], Any]]:
    conn = connections[DEFAULT_DB_ALIAS]
    out: list[Callable[[Any], Any]] = []
    for name in fields:
        field = model._meta.get_field(name)
        if isinstance(field, _PLAIN):
            out.append(_same)
        elif isinstance(field, models.BinaryField):
            # Both drivers take bytes as they are; the field's own preparation wraps each value
            # (a tenth of a second per 10,000 signatures written back on SQLite).
            out.append(_binary)
        elif isinstance(field, models.DateTimeField):
            out.append(_moments(field, conn))
        elif isinstance(field, models.JSONField) and conn.vendor == "postgresql":
            # As text, which COPY hands to the column's own input (as Django writes it), as
            # values_insert sends it: the field's own preparation wraps each value in a Jsonb
            # that the driver then dumps (30,000 in a 10,000-post bulk removal).
            out.append(_json_text_preparer(field))
        else:
            out.append(functools.partial(_prep, field, conn))
    return out


def _same(value: Any) -> Any:
    return value


def _binary(value: Any) -> bytes | None:
    """Bytes as both drivers take them; what is not bytes-like is refused, as the field's own
    preparation refuses it (``bytes(3)`` would store three zero bytes)."""
    if value is None or type(value) is bytes:
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    raise TypeError(f"a binary value must be bytes, not {type(value).__name__}")


def _moments(field: Any, conn: Any) -> Callable[[Any], Any]:
    """The field's preparation of a moment, made once per moment: a batch usually stamps every
    row with one. Keyed by the fold too: two moments of the hour a clock is set back are equal
    to Python and an hour apart to the database."""

    @functools.lru_cache(maxsize=16)
    def prepared(value: Any, fold: int) -> Any:
        return field.get_db_prep_save(value, conn)

    return lambda value: (
        None if value is None else prepared(_no_expression(value), getattr(value, "fold", 0))
    )


def _prep(field: Any, conn: Any, value: Any) -> Any:
    return field.get_db_prep_save(_no_expression(value), conn)


def _rows_prepared(
    preparers: list[Callable[[Any], Any]], rows: Iterable[Sequence[Any]]
) -> list[Sequence[Any]]:
    """Each row with its values prepared, calling only the preparers that change something: a
    bulk removal's 30,000 rows had 360,000 calls of ``_same``. A row of the wrong length is
    refused."""
    if all(prep is _same for prep in preparers):
        rows = rows if isinstance(rows, list) else list(rows)
        for row in rows:
            if len(row) != len(preparers):
                raise ValueError(f"a row of {len(row)} values for {len(preparers)} fields")
        return rows
    return list(_each_prepared(preparers, rows))


def _each_prepared(
    preparers: list[Callable[[Any], Any]], rows: Iterable[Sequence[Any]]
) -> Iterator[Sequence[Any]]:
    """``_rows_prepared``, one row at a time, as the rows come."""
    active = [(at, prep) for at, prep in enumerate(preparers) if prep is not _same]
    width = len(preparers)
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a row of {len(row)} values for {width} fields")
        if not active:
            yield row
            continue
        values = list(row)
        for at, prep in active:
            values[at] = prep(values[at])
        yield values


def _params_by_id(
    preparers: list[Callable[[Any], Any]], rows: Iterable[tuple[int, Sequence[Any]]]
) -> list[list[Any]]:
    """An update's (pk, values) rows as parameters: the prepared values, then the id."""
    rows = list(rows)
    prepared = _rows_prepared(preparers, [values for _pk, values in rows])
    return [[*values, pk] for (pk, _v), values in zip(rows, prepared, strict=True)]


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    return connection.ops.quote_name(str(field.column))  # type: ignore[union-attr]


def rows_update(
    model: type[Model], fields: Sequence[str], rows: Iterable[tuple[int, Sequence[Any]]]
) -> None:
    """``UPDATE <table> SET <fields> WHERE id = pk`` for each (pk, values) row."""
    table = connection.ops.quote_name(model._meta.db_table)
    if connection.vendor == "postgresql":
        _rows_update_postgresql(model, fields, rows, table)
        return
    params = _params_by_id(_preparers(model, fields), rows)
    if not params:
        return
    columns_sql = ", ".join(f"{_column(model, name)} = %s" for name in fields)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {columns_sql} WHERE id = %s", params)  # noqa: S608


def _rows_update_postgresql(
    model: type[Model], fields: Sequence[str], rows: Iterable[tuple[int, Sequence[Any]]], table: str
) -> None:
    """One statement for all the rows: each column sent as one typed array and joined back by
    id (executemany is one round trip and one plan execution per row). JSON columns travel as
    text and are cast by the database: adapting a thousand values to a ``jsonb[]`` one by one
    cost more than the update."""
    # _preparers gives a JSON column's values as text on PostgreSQL, which the cast below needs.
    preparers = _preparers(model, fields)
    types: list[str] = []
    casts: list[str] = []
    for field in (model._meta.get_field(name) for name in fields):
        if isinstance(field, models.JSONField):
            types.append("text")
            casts.append("::jsonb")
        else:
            types.append(str(field.db_type(connection)))
            casts.append("")
    params = _params_by_id(preparers, rows)
    if not params:
        return
    names = [f"c{i}" for i in range(len(fields))]
    assignments = ", ".join(
        f"{_column(model, name)} = v.{alias}{cast}"
        for name, alias, cast in zip(fields, names, casts, strict=True)
    )
    arrays = ", ".join(f"%b::{db_type}[]" for db_type in types)
    columns = [list(column) for column in zip(*params, strict=True)]
    connection.ensure_connection()
    # A cursor that binds its parameters on the server, in binary (%b): Django's own cursors
    # merge them into the SQL text, quoting every element of every array (JSON is full of
    # quotes), which cost more than the update.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET {assignments} "  # noqa: S608
            f"FROM unnest({arrays}, %b::bigint[]) AS v({', '.join(names)}, id) "
            "WHERE t.id = v.id",
            columns,
        )


def _json_text_preparer(field: Any) -> Callable[[Any], str | None]:
    """A JSON field's values as text for PostgreSQL (``COPY`` hands it to the column's own
    input; an update casts it): an empty list, the most common value, made text once; an
    expression (a JSON-null ``Value``, say) refused with a clear error rather than dumped."""
    empty_text = _json_text(field.encoder, [])
    return lambda value: (
        empty_text
        if type(value) is list and not value
        else _json_text(field.encoder, _no_expression(value))
    )


def _json_text(encoder: type[json.JSONEncoder] | None, value: Any) -> str | None:
    # As Django's JSONField writes it on PostgreSQL (json.dumps with the field's encoder).
    return None if value is None else json.dumps(value, cls=encoder)


def rows_insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert the rows (no primary keys returned): ``COPY`` on PostgreSQL, else executemany."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [_column(model, name) for name in fields]
    preparers = _preparers(model, fields)
    if connection.vendor == "postgresql":
        # Streamed: each row is made (``rows`` may be a generator that computes them) and
        # prepared as it is written, so the server inserts the first rows on its own core
        # while Python makes the next ones, instead of waiting for all of them at the end.
        each = iter(rows)
        first = next(each, None)
        if first is None:
            return
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        # A row refused halfway (its length, its values) ends the COPY with the error: the
        # savepoint takes back what went before and leaves the caller's transaction usable,
        # as when every row was checked before the first was sent.
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.cursor.copy(sql) as copy,  # psycopg 3's COPY, on the raw cursor
        ):
            for row in _each_prepared(preparers, itertools.chain([first], each)):
                copy.write_row(row)
        return
    prepared = _rows_prepared(preparers, rows)
    if not prepared:
        return
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
            prepared,
        )


def int_rows_insert(
    model: type[Model], fields: Sequence[str], columns: Sequence[np.ndarray]
) -> None:
    """Insert rows of integers given as one numpy array per field (all of one length):
    PostgreSQL gets them as one binary ``COPY`` buffer built by numpy (``rows_insert``'s
    ``write_row`` costs a Python call per row: 32,000 a chunk of clustering), SQLite as
    ``executemany``. Every field must be an integer field or a foreign key to one."""
    widths = [_int_width(model, name) for name in fields]
    size = len(columns[0]) if len(columns) else 0
    for name, width, column in zip(fields, widths, columns, strict=True):
        if len(column) != size or not np.issubdtype(column.dtype, np.integer):
            raise ValueError(f"{name}: {len(column)} values of {column.dtype}, not {size} integers")
        low, high = -(1 << (8 * width - 1)), (1 << (8 * width - 1)) - 1
        # Compared as Python integers: exact for every dtype (a uint64 above 2**63 too).
        if size and (int(column.min()) < low or int(column.max()) > high):
            raise ValueError(f"{name}: a value out of its column's range ({low} to {high})")
    if not size:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = [_column(model, name) for name in fields]
    if connection.vendor != "postgresql":
        marks = ", ".join(["%s"] * len(names))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",  # noqa: S608
                list(zip(*(column.tolist() for column in columns), strict=True)),
            )
        return
    # PostgreSQL's binary COPY: a header, then per row the field count and each field as
    # (length, big-endian value), then -1. One packed numpy record per row.
    layout: list[tuple[str, str]] = [("count", ">i2")]
    for at, width in enumerate(widths):
        layout += [(f"n{at}", ">i4"), (f"v{at}", f">i{width}")]
    records = np.empty(size, dtype=np.dtype(layout))
    records["count"] = len(fields)
    for at, (width, column) in enumerate(zip(widths, columns, strict=True)):
        records[f"n{at}"] = width
        records[f"v{at}"] = column
    buffer = b"PGCOPY\n\xff\r\n\x00" + bytes(8) + records.tobytes() + b"\xff\xff"
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({', '.join(names)}) FROM STDIN WITH (FORMAT BINARY)"
        ) as copy,
    ):
        copy.write(buffer)


def _int_width(model: type[Model], name: str) -> int:
    """Bytes of the integer column ``name`` stores (a foreign key: its target's)."""
    field = model._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    kind = field.get_internal_type()
    widths = {"SmallIntegerField": 2, "PositiveSmallIntegerField": 2, "IntegerField": 4}
    widths |= {"PositiveIntegerField": 4, "BigIntegerField": 8, "PositiveBigIntegerField": 8}
    widths |= {"AutoField": 4, "BigAutoField": 8, "SmallAutoField": 2}
    if kind not in widths:
        raise TypeError(f"{model.__name__}.{name} is not an integer column ({kind})")
    return widths[kind]


def rows_insert_ids(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]], *, key: str
) -> dict[Any, int]:
    """Insert the rows and give back each one's new id, by its value of ``key`` (a field among
    ``fields`` whose values are unique in ``rows``).

    PostgreSQL: the ids are drawn from the table's sequence first, then the rows are sent with
    ``COPY`` (a multi-row ``INSERT ... RETURNING`` of 10,000 rows costs more in the driver's
    query conversion than in the database). SQLite: multi-row ``INSERT ... RETURNING``, paired
    through ``key`` because SQL does not promise the order of returned rows."""
    at = list(fields).index(key)
    if not rows:
        return {}
    if connection.vendor == "postgresql":
        ids = _next_ids(model, len(rows))
        rows_insert(model, ["id", *fields], ((i, *row) for i, row in zip(ids, rows, strict=True)))
        return {row[at]: i for i, row in zip(ids, rows, strict=True)}
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_column(model, name) for name in fields)
    prepared = _rows_prepared(_preparers(model, fields), rows)
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # Well under SQLite's 32,766 parameters per statement.
    per_statement = max(1, 16_000 // len(fields))
    out: dict[Any, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), per_statement):
            batch = prepared[start : start + per_statement]
            params = [v for row in batch for v in row]
            values = ", ".join([marks] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608
                f"RETURNING id, {_column(model, key)}",
                params,
            )
            out.update((k, pk) for pk, k in cursor.fetchall())
    return out


class Int8Array:
    """Integers sent to PostgreSQL as one ``bigint[]`` parameter in binary, laid out by numpy:
    psycopg dumps a list element by element, 25-45 ms for the 32,000 band hashes of a chunk
    of clustering, where this takes 5. Pass it to a cursor that binds on the server (%b)."""

    __slots__ = ("payload",)

    def __init__(self, values: np.ndarray | Sequence[int]) -> None:
        values = np.asarray(values)
        if values.ndim != 1 or (values.size and not np.issubdtype(values.dtype, np.integer)):
            raise ValueError(f"Int8Array: a flat array of integers, not {values.dtype}")
        if values.size and (int(values.min()) < -(1 << 63) or int(values.max()) >= 1 << 63):
            raise ValueError("Int8Array: a value out of bigint's range")
        if not values.size:  # PostgreSQL's empty array has no dimension
            self.payload = struct.pack(">iiI", 0, 0, _INT8_OID)
            return
        # Header (dimensions, no nulls, element type; the dimension's length and lower bound),
        # then each element as its length and big-endian value.
        body = np.empty(values.size, dtype=[("length", ">i4"), ("value", ">i8")])
        body["length"] = 8
        body["value"] = values
        self.payload = struct.pack(">iiIii", 1, 0, _INT8_OID, values.size, 1) + body.tobytes()


_INT8_OID = 20  # bigint; bigint[] is 1016


class _Int8ArrayDumper(Dumper):
    format = Format.BINARY
    oid = 1016

    def dump(self, obj: Int8Array) -> bytes:
        return obj.payload


psycopg.adapters.register_dumper(Int8Array, _Int8ArrayDumper)


def _next_ids(model: type[Model], count: int) -> list[int]:
    """``count`` new ids from the table's sequence (PostgreSQL), in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [r[0] for r in cursor.fetchall()]


# The Python type each plain field stores as it is.
_OWN_TYPE: tuple[tuple[type[models.Field[Any, Any]], type], ...] = (
    (models.BooleanField, bool),
    (models.IntegerField, int),
    (models.FloatField, float),
    (models.CharField, str),
    (models.TextField, str),
)


def _insert_preparer(field: Any) -> Callable[[Any], Any]:
    """The field's ``get_db_prep_save``, skipped for None and a value of the field's own type,
    which it would return unchanged."""
    conn = connections[DEFAULT_DB_ALIAS]
    own: type | None = None
    if isinstance(field, models.ForeignKey):
        if isinstance(field.target_field, models.IntegerField | models.AutoField):
            own = int
    else:
        own = next((t for cls, t in _OWN_TYPE if isinstance(field, cls)), None)
    prep = field.get_db_prep_save
    if isinstance(field, models.DateTimeField) and conn.vendor == "postgresql":
        # An aware datetime goes to PostgreSQL as it is (a naive one is made aware, warned of).
        return lambda value: (
            value
            if value is None or (type(value) is datetime and value.tzinfo is not None)
            else prep(_no_expression(value), conn)
        )
    if isinstance(field, models.DateTimeField):
        # SQLite stores text: a batch usually stamps every row with one moment, made text once.
        return _moments(field, conn)
    if isinstance(field, models.BinaryField):
        return _binary
    if isinstance(field, models.JSONField) and conn.vendor == "postgresql":
        # As text (a Jsonb wrapper is dumped again on every row it is in).
        return _json_text_preparer(field)

    def through_field(value: Any) -> Any:
        return prep(_no_expression(value), conn)

    if isinstance(field, models.JSONField):
        # Most posts have no media and no report reasons: an empty list, prepared once.
        empty = prep([], conn)
        return lambda value: (
            empty
            if type(value) is list and not value
            else None
            if value is None
            else through_field(value)
        )
    if own is None:
        return lambda value: None if value is None else through_field(value)
    return lambda value: value if value is None or type(value) is own else through_field(value)


def _no_expression(value: Any) -> Any:
    """The bulk writers send values, not SQL: an expression (``F``, ``Now()``, ``Value``) is
    refused rather than stored as whatever its driver makes of it."""
    if hasattr(value, "resolve_expression"):
        raise TypeError(f"the bulk writers take values, not expressions ({type(value).__name__})")
    return value


# Defaults that make the same value each time they are called: called once for a whole call of
# values_insert. Any other callable (a uuid4, say) would give every row the same "unique" value.
_SAME_EACH_CALL = (list, dict, set, tuple, str, int, float, bool, bytes)


def _default(model: type[Model], field: Any, now: datetime) -> Any:
    """The value a row not given ``field`` stores: its default, or the moment (a date's today)
    for one that stamps itself."""
    if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
        return now if isinstance(field, models.DateTimeField) else date.today()
    if field.has_default() and callable(field.default) and field.default not in _SAME_EACH_CALL:
        raise TypeError(
            f"values_insert: {model.__name__}.{field.name}'s default is made for each row; "
            "give its values"
        )
    return field.get_default()


def values_insert(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[int]:
    """Insert new rows of ``model``, each given as its values of ``fields`` (a foreign key by
    its field's name, as its target's id), and give back their new ids in the rows' order.

    What ``bulk_create`` stores, without a model instance per row: building a thousand posts'
    instances cost an import as much as writing them. Each given value is prepared by its field
    (skipped for None and a value of the field's own type, which it would return unchanged).
    Every other column takes its field's default, prepared once for the call; an ``auto_now``
    or ``auto_now_add`` date is stamped with one moment for the call, unless given (then it is
    stored as given); a column whose field has only a database default is left to the
    database, as are generated columns.

    On PostgreSQL the ids are drawn from the table's sequence first and the rows sent with
    ``COPY`` (Django's multi-row ``INSERT ... RETURNING`` spent most of an import's time building
    the statement and converting it in the driver); on SQLite, in a transaction (``BEGIN
    IMMEDIATE`` holds the database's write lock from its start, so no one else can take the ids
    meanwhile), the ids follow the table's highest and the rows go in one ``executemany``."""
    if not rows:
        return []
    if connection.vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"values_insert: no {connection.vendor} support")
    opts = model._meta
    pk = opts.pk
    assert pk is not None
    given: list[models.Field[Any, Any]] = []
    for name in fields:
        f = opts.get_field(name)
        if not isinstance(f, models.Field) or not f.concrete or f.primary_key or f.generated:
            raise ValueError(f"values_insert: {model.__name__}.{name} cannot be given")
        given.append(f)
        if not _stores_as_given(f):
            raise TypeError(f"values_insert: {model.__name__}.{f.name} prepares itself on save")
    preparers = [_insert_preparer(f) for f in given]
    names = {f.name for f in given}
    now = timezone.now()
    rest: list[Any] = []
    defaults: list[Any] = []
    for f in opts.concrete_fields:
        if f.primary_key or getattr(f, "generated", False) or f.name in names:
            continue
        if not _stores_as_given(f):
            raise TypeError(f"values_insert: {model.__name__}.{f.name} prepares itself on save")
        if not f.has_default() and f.has_db_default():
            continue  # the database's default
        rest.append(f)
        defaults.append(_insert_preparer(f)(_default(model, f, now)))
    columns = [pk, *given, *rest]
    with transaction.atomic():
        ids = (
            _sqlite_next_ids(model, len(rows))
            if connection.vendor == "sqlite"
            else _next_ids(model, len(rows))
        )
        prepared = [
            [new_id, *[prep(v) for prep, v in zip(preparers, row, strict=True)], *defaults]
            for new_id, row in zip(ids, rows, strict=True)
        ]
        _insert_prepared(opts.db_table, [str(f.column) for f in columns], prepared)
    return ids


def _stores_as_given(field: Any) -> bool:
    """Whether saving ``field`` stores the value it holds: a field whose class prepares its
    value on save (a file's, say) is not written by ``values_insert``. A date's own stamping
    (``auto_now``, ``auto_now_add``) is, by ``values_insert`` itself."""
    if isinstance(field, models.DateField):
        return type(field).pre_save in (models.DateField.pre_save, models.DateTimeField.pre_save)
    return type(field).pre_save is models.Field.pre_save


def _insert_prepared(table: str, columns: list[str], rows: list[list[Any]]) -> None:
    """INSERT prepared rows: ``COPY`` on PostgreSQL, one ``executemany`` on SQLite."""
    table_sql = connection.ops.quote_name(table)
    columns_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table_sql} ({columns_sql}) VALUES ({marks})",  # noqa: S608
                rows,
            )
        return
    # The raw cursor's COPY is outside Django's error translation: a unique violation must
    # still reach callers as django.db.IntegrityError (the import retries its chunk on it).
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table_sql} ({columns_sql}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _sqlite_next_ids(model: type[Model], count: int) -> list[int]:
    """``count`` ids after any the table has given (its highest, or the AUTOINCREMENT counter of
    a row since deleted); the caller's transaction holds the write lock until it inserts them."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        counter = cursor.fetchone()
    first = max(highest, counter[0] if counter else 0) + 1
    return list(range(first, first + count))
