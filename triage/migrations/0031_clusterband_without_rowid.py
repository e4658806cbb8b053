"""On SQLite, ClusterBand becomes a WITHOUT ROWID table (issue 13); PostgreSQL is left as it is.

A SQLite table with a composite primary key is two B-trees: the rows, in rowid order, and the key
as an index that holds every column again. Each of the 32 band rows a post gets went into both.
WITHOUT ROWID keeps the rows in the key's B-tree alone, which suits a table of four integers
(SQLite's advice: rows well under a twentieth of a page). Measured here, inserting a chunk's
32,000 rows and committing took 77-92 ms in a table of 640,000 rows and 222-247 ms in one of
1.9 million as a rowid table, against 63-73 ms and 106-155 ms without; the file was 26% smaller.

Django cannot say WITHOUT ROWID: the table is rebuilt from its own CREATE statement with the
clause added, its rows copied in the key's order. A later migration that makes Django rebuild
this table on SQLite would drop the clause; tests/triage/test_clusterband_key.py says so.
"""

from django.db import migrations

_TABLE, _TEMP = "triage_clusterband", "triage_clusterband_rebuilt"
_COLUMNS = "group_id, hash, post_id, band"
_CLAUSE = " WITHOUT ROWID"


def _rebuild(schema_editor, *, without_rowid: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [_TABLE])
        (create,) = cursor.fetchone()
    create = create.rstrip()
    if create.upper().endswith(_CLAUSE.strip()) == without_rowid:
        return  # already so
    if without_rowid:
        create += _CLAUSE
    else:
        create = create[: -len(_CLAUSE)].rstrip()
    head = f'CREATE TABLE "{_TABLE}"'
    if not create.startswith(head):
        raise RuntimeError(f"unexpected definition of {_TABLE}: {create[:80]}")
    schema_editor.execute(f'CREATE TABLE "{_TEMP}"' + create[len(head) :])
    schema_editor.execute(
        f'INSERT INTO "{_TEMP}" ({_COLUMNS}) '  # noqa: S608
        f'SELECT {_COLUMNS} FROM "{_TABLE}" ORDER BY {_COLUMNS}'
    )
    schema_editor.execute(f'DROP TABLE "{_TABLE}"')
    schema_editor.execute(f'ALTER TABLE "{_TEMP}" RENAME TO "{_TABLE}"')


def _without_rowid(apps, schema_editor):
    _rebuild(schema_editor, without_rowid=True)


def _with_rowid(apps, schema_editor):
    _rebuild(schema_editor, without_rowid=False)


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0030_signatures_apart"),
    ]

    operations = [
        migrations.RunPython(_without_rowid, _with_rowid, elidable=False),
    ]
