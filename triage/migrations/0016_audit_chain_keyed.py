"""The audit chain becomes keyed (HMAC, triage.audit.chain), and TRUNCATE is refused.

Events already written keep their plain SHA-256 hashes: each chain's ``legacy_until`` is set to
its last event, and its head gets its first MAC, which covers ``legacy_until``; every event
from now on is an HMAC whose first one links to the last unkeyed event.
"""

from __future__ import annotations

from django.db import migrations, models

from triage.migrations import _audit_triggers


def seal_existing_chains(apps, schema_editor):
    from triage.audit.chain import audit_keys, head_mac

    AuditChain = apps.get_model("triage", "AuditChain")
    key = audit_keys()[0]
    for chain in AuditChain.objects.using(schema_editor.connection.alias).iterator():
        # The head's seq and hash stay as they are (the forward-only trigger allows this).
        AuditChain.objects.using(schema_editor.connection.alias).filter(pk=chain.pk).update(
            legacy_until=chain.last_seq,
            head_mac=head_mac(
                key,
                chain=chain.key,
                last_seq=chain.last_seq,
                last_hash=chain.last_hash,
                legacy_until=chain.last_seq,
            ),
        )


def truncate_guard(apps, schema_editor):
    _audit_triggers.create(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("triage", "0015_post_fewer_indexes")]

    operations = [
        migrations.AddField(
            model_name="auditchain",
            name="legacy_until",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditchain",
            name="head_mac",
            field=models.CharField(default="", max_length=64),
        ),
        migrations.RunPython(seal_existing_chains, migrations.RunPython.noop),
        migrations.RunPython(truncate_guard, migrations.RunPython.noop),
    ]
