"""Each cluster counts the posts that keep its LSH bands, so that clustering a new copy reads one
number instead of joining every copy of a campaign to its bands."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count(apps, schema_editor):
    Cluster = apps.get_model("triage", "Cluster")
    ClusterBand = apps.get_model("triage", "ClusterBand")
    held = (
        ClusterBand.objects.filter(band=0, post__cluster_id=OuterRef("pk"))
        .values("post__cluster_id")
        .annotate(n=Count("band"))  # the rows (not "id": ClusterBand has none since 0025)
        .values("n")
    )
    Cluster.objects.update(representatives=Coalesce(Subquery(held), Value(0)))


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0012_intake_sweep_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="cluster",
            name="representatives",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count, migrations.RunPython.noop),
    ]
