"""The audit chain head may only move forward; deleting a user leaves audit events as they are."""

from __future__ import annotations

from django.conf import settings
from django.db import migrations, models

from triage.migrations import _audit_triggers


def forwards(apps, schema_editor):
    _audit_triggers.create(schema_editor.connection)  # adds the chain-head triggers


def backwards(apps, schema_editor):
    pass  # the event triggers of 0002 stay; the chain-head ones are harmless to keep


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0008_one_active_base_model"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=models.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
