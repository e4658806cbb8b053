"""Fewer indexes on the post table: on PostgreSQL an update that changes an indexed column writes
a new entry into every index of the row, and intake updates every post twice (its score, its
cluster). The group's own index goes (every composite index starts with the group); the parent's
and the claim's are kept only where set (most posts have neither). The foreign keys' indexes are
dropped with plain SQL: altering the fields would rebuild the table on SQLite."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DROPPED = {
    "group": "triage_post_group_id_0560b2d6",
    "parent": "triage_post_parent_id_ce6d867c",
    "claimed_by": "triage_post_claimed_by_id_87ae1df3",
}
COLUMNS = {"group": "group_id", "parent": "parent_id", "claimed_by": "claimed_by_id"}


def _fields():
    return {
        "group": models.ForeignKey(
            db_index=False,
            on_delete=django.db.models.deletion.CASCADE,
            related_name="posts",
            to="groups.group",
        ),
        "parent": models.ForeignKey(
            blank=True,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.SET_NULL,
            related_name="comments",
            to="triage.post",
        ),
        "claimed_by": models.ForeignKey(
            blank=True,
            db_index=False,
            null=True,
            on_delete=django.db.models.deletion.SET_NULL,
            related_name="+",
            to=settings.AUTH_USER_MODEL,
        ),
    }


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0002_telegram_link"),
        ("triage", "0014_post_cluster_partial_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="post", name=name, field=field)
                for name, field in _fields().items()
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {index}",
                    reverse_sql=f"CREATE INDEX {index} ON triage_post ({COLUMNS[name]})",
                )
                for name, index in DROPPED.items()
            ],
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("parent__isnull", False)),
                fields=["parent"],
                name="post_parent",
            ),
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                condition=models.Q(("claimed_by__isnull", False)),
                fields=["claimed_by"],
                name="post_claimed_by",
            ),
        ),
    ]
