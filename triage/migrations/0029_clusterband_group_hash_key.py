"""ClusterBand keyed by (group, hash, post, band): one B-tree a row instead of two (issue 13).

The key before this, (post, band), and the index on (group, hash) that lookups read were each
written for every one of the 32 rows a post gets: measured on PostgreSQL here, 0.13 s for a
chunk's 32,000 rows with both, 0.06 s with this key alone. Lookups read this key; the cascade
from a post, which Varta never runs (retention empties a post and keeps its row), reads the table.

Django cannot change a table's primary key in place: as in 0025, the rows move to a new table,
which then takes the old one's name. They are copied in the new key's order, so that each goes
into the key's B-tree next to the previous one.
"""

from django.db import migrations, models

_OLD, _NEW = "triage_clusterband", "triage_clusterband_rekeyed"
_COLUMNS = "group_id, hash, post_id, band"


def _move(schema_editor, source: str, target: str, order: str) -> None:
    quote = schema_editor.connection.ops.quote_name
    schema_editor.execute(
        f"INSERT INTO {quote(target)} ({_COLUMNS}) "  # noqa: S608
        f"SELECT {_COLUMNS} FROM {quote(source)} ORDER BY {order}"
    )


def _copy(apps, schema_editor):
    _move(schema_editor, _OLD, _NEW, _COLUMNS)


def _copy_back(apps, schema_editor):
    _move(schema_editor, _NEW, _OLD, "post_id, band")


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0028_rehash_bands"),
    ]

    operations = [
        migrations.CreateModel(
            name="RekeyedClusterBand",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "group_id",
                        "hash",
                        "post_id",
                        "band",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("group_id", models.BigIntegerField()),
                ("band", models.PositiveSmallIntegerField()),
                ("hash", models.BigIntegerField()),
                (
                    "post",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=models.deletion.CASCADE,
                        related_name="+",
                        to="triage.post",
                    ),
                ),
            ],
            options={"db_table": _NEW},
        ),
        migrations.RunPython(_copy, _copy_back, elidable=False),
        migrations.DeleteModel(name="ClusterBand"),
        migrations.RenameModel(old_name="RekeyedClusterBand", new_name="ClusterBand"),
        migrations.AlterModelTable(name="clusterband", table=None),
    ]
