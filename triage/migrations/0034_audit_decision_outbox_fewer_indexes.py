"""The tables a decision writes lose what their other indexes and keys already give.

A 10,000-post bulk removal writes a decision, a platform action and an audit event per post.
Each row went into indexes that repeat the first columns of another (the group's: the group
indexes begin with it; the event's chain: its unique (chain, seq); the action's post: its
unique (post, kind)), and into the audit action's two indexes (plain and pattern), which
nothing reads: the audit page filters actions within a group, through audit_group_action. The
group column of these rows copies the post's or chain's group and loses its database
constraint (each is a lookup per row at commit); Django's cascade and PROTECT do not need it.
So do a platform action's decision and a decision's ``follows``, which name decisions written
in the same transaction: PostgreSQL checked them at commit with a plan kept for the
connection's life, and one made while the decisions table was small read the whole table for
each row (a 10,000-post removal 4.5-8 s instead of 1.9 s, longer each time).

On SQLite each AlterField of a foreign key rebuilds its table, which drops the table's
triggers: the audit log's append-only triggers are put back after (and before, when the
migration is reversed).
"""

from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models

from triage.migrations import _audit_triggers


def keep_sqlite_triggers(apps, schema_editor):
    _audit_triggers.create_sqlite(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0005_telegram_watch"),
        ("triage", "0033_fold_lookalike_signatures"),
    ]

    operations = [
        # Reversed, this runs last: after the tables are rebuilt as they were.
        migrations.RunPython(migrations.RunPython.noop, keep_sqlite_triggers),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(max_length=60),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="chain",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="triage.auditchain",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="group",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="groups.group",
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="group",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="groups.group",
            ),
        ),
        migrations.AlterField(
            model_name="platformaction",
            name="group",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="groups.group",
            ),
        ),
        migrations.AlterField(
            model_name="platformaction",
            name="post",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="platform_actions",
                to="triage.post",
            ),
        ),
        migrations.AlterField(
            model_name="platformaction",
            name="decision",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="triage.decision",
            ),
        ),
        migrations.AlterField(
            model_name="decision",
            name="follows",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="triage.decision",
            ),
        ),
        migrations.RunPython(keep_sqlite_triggers, migrations.RunPython.noop),
    ]
