"""Database triggers that refuse UPDATE and DELETE of audit events.

The application never changes an event (see triage.models.audit); these make the
database refuse it too, whoever asks. Someone with direct database access can
still drop a trigger: the hash chain is what detects that (verify_audit).
"""

from django.db import migrations

from triage.migrations import _audit_triggers


def create(apps, schema_editor):
    _audit_triggers.create(schema_editor.connection)


def drop(apps, schema_editor):
    _audit_triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("triage", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
