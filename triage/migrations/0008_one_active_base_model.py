"""One active base model, enforced by the database (NULL groups escape the per-group one)."""

from django.conf import settings
from django.db import migrations, models


def retire_extra_active_base_versions(apps, schema_editor):
    """Two racing promotions could leave two active base versions before this constraint:
    keep the newest, retire the others, so the constraint can be added."""
    ModelVersion = apps.get_model("triage", "ModelVersion")
    active = list(
        ModelVersion.objects.filter(group__isnull=True, status="active")
        .order_by("-promoted_at", "-created_at", "-id")
        .values_list("id", flat=True)
    )
    if len(active) > 1:
        ModelVersion.objects.filter(id__in=active[1:]).update(status="retired")


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0002_telegram_link"),
        ("triage", "0007_clusterband_hash_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(retire_extra_active_base_versions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="modelversion",
            constraint=models.UniqueConstraint(
                condition=models.Q(("group__isnull", True), ("status", "active")),
                fields=("status",),
                name="modelversion_one_active_base",
            ),
        ),
    ]
