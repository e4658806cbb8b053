"""The post's cluster indexed only where it is set (see Post.cluster).

The foreign key's own full index is dropped with plain SQL: letting Django alter the field
would rebuild the whole post table on SQLite to change nothing but an index."""

import django.db.models.deletion
from django.db import migrations, models

FK_INDEX = "triage_post_cluster_id_b66c790c"


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0013_cluster_representative_count"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="post",
            name="post_group_cluster",
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="post",
                    name="cluster",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="posts",
                        to="triage.cluster",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {FK_INDEX}",
                    reverse_sql=f"CREATE INDEX {FK_INDEX} ON triage_post (cluster_id)",
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("cluster__isnull", False)),
                fields=["cluster"],
                name="post_cluster",
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("cluster__isnull", False)),
                fields=["group", "cluster"],
                name="post_group_cluster",
            ),
        ),
    ]
