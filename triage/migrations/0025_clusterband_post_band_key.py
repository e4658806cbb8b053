"""ClusterBand keyed by (post, band), without its surrogate id and its post_id index.

Django cannot change a table's primary key in place: the rows move to a new table, which then
takes the old one's name. A post has one row per band; should an old crash have left a band
twice, it is copied once.
"""

from django.db import migrations, models


_OLD, _NEW = "triage_clusterband", "triage_clusterband_keyed"


def _move(schema_editor, source: str, target: str, tail: str = "") -> None:
    quote = schema_editor.connection.ops.quote_name
    schema_editor.execute(
        f"INSERT INTO {quote(target)} (post_id, band, group_id, hash) "  # noqa: S608
        f"SELECT post_id, band, group_id, hash FROM {quote(source)}{tail}"
    )


def _copy(apps, schema_editor):
    # A band twice would hold the same hash (one post, one signature): either row will do, and
    # skipping the second costs less than grouping 32 million rows to find it. ("WHERE true":
    # SQLite would read ON as a join's.)
    _move(schema_editor, _OLD, _NEW, " WHERE true ON CONFLICT (post_id, band) DO NOTHING")


def _copy_back(apps, schema_editor):
    _move(schema_editor, _NEW, _OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0024_clusterband_no_db_constraint"),
    ]

    operations = [
        migrations.CreateModel(
            name="KeyedClusterBand",
            fields=[
                ("pk", models.CompositePrimaryKey("post_id", "band", blank=True, editable=False, primary_key=True, serialize=False)),
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
            options={"db_table": "triage_clusterband_keyed"},
        ),
        migrations.RunPython(_copy, _copy_back, elidable=False),
        migrations.DeleteModel(name="ClusterBand"),
        migrations.RenameModel(old_name="KeyedClusterBand", new_name="ClusterBand"),
        migrations.AlterModelTable(name="clusterband", table=None),
        migrations.AddIndex(
            model_name="clusterband",
            index=models.Index(fields=["group_id", "hash"], name="clusterband_group_hash"),
        ),
    ]
