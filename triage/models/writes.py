"""Bulk writes for the intake path, without a model instance per row.

Django's ``bulk_update`` builds one ``CASE WHEN id = ... THEN ...`` expression per field and row,
and ``bulk_create`` one model instance per row; at tens of thousands of rows a minute that is
most of the time scoring and clustering take. These helpers send plain parameterised statements
(``executemany``, and PostgreSQL's ``COPY`` for inserts), with each value prepared by its model
field, so what is stored is exactly what the ORM would have stored.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Model

# Values these fields store as they are: no preparation needed per value.
_PLAIN = (models.IntegerField, models.FloatField, models.CharField, models.ForeignKey)


def _preparers(model: type[Model], fields: Sequence[str]) -> list[Callable[[Any], Any]]:
    conn = connections[DEFAULT_DB_ALIAS]
    out: list[Callable[[Any], Any]] = []
    for name in fields:
        field = model._meta.get_field(name)
        if isinstance(field, _PLAIN):
            out.append(_same)
        else:
            out.append(functools.partial(_prep, field, conn))
    return out


def _same(value: Any) -> Any:
    return value


def _prep(field: Any, conn: Any, value: Any) -> Any:
    return field.get_db_prep_save(value, conn)


def _prepared(preparers: list[Callable[[Any], Any]], row: Sequence[Any]) -> list[Any]:
    return [prep(value) for prep, value in zip(preparers, row, strict=True)]


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    return connection.ops.quote_name(str(field.column))  # type: ignore[union-attr]


def rows_update(
    model: type[Model], fields: Sequence[str], rows: Iterable[tuple[int, Sequence[Any]]]
) -> None:
    """``UPDATE <table> SET <fields> WHERE id = pk`` for each (pk, values) row."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(f"{_column(model, name)} = %s" for name in fields)
    preparers = _preparers(model, fields)
    params = [[*_prepared(preparers, values), pk] for pk, values in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {columns} WHERE id = %s", params)  # noqa: S608


def rows_insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert the rows (no primary keys returned): ``COPY`` on PostgreSQL, else executemany."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [_column(model, name) for name in fields]
    preparers = _preparers(model, fields)
    prepared = [_prepared(preparers, row) for row in rows]
    if not prepared:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:  # psycopg 3's COPY, on the raw cursor
                for row in prepared:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
            prepared,
        )
