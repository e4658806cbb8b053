"""Clustering's new signatures (numpy shingle hashes, a multiply-shift MinHash) and bands kept
only for representatives: every existing post's signature is computed again from its text, and
only posts that are alone or among the first REPRESENTATIVES of their cluster keep bands. A post
whose text was purged can no longer be compared (its old signature is of the old kind): it
keeps its cluster and gets an empty signature, like a text too short to compare."""

from __future__ import annotations

from django.db import migrations

from triage.clusters.minhash import band_hashes, signatures
from triage.clusters.services import REPRESENTATIVES

STEP = 2000


def rebuild(apps, schema_editor):
    Post = apps.get_model("triage", "Post")
    ClusterBand = apps.get_model("triage", "ClusterBand")
    ClusterBand.objects.all().delete()
    counts: dict[int, int] = {}
    last = 0
    while True:
        rows = list(
            Post.objects.filter(pk__gt=last, minhash__isnull=False)
            .order_by("pk")
            .values_list("pk", "group_id", "cluster_id", "text")[:STEP]
        )
        if not rows:
            break
        last = rows[-1][0]
        sigs = signatures([text for _pk, _group, _cluster, text in rows])
        updates, bands = [], []
        for (pk, group_id, cluster_id, _text), sig in zip(rows, sigs, strict=True):
            updates.append(Post(pk=pk, minhash=b"" if sig is None else sig.tobytes()))
            if sig is None:
                continue
            if cluster_id is not None:
                if counts.get(cluster_id, 0) >= REPRESENTATIVES:
                    continue
                counts[cluster_id] = counts.get(cluster_id, 0) + 1
            bands += [
                ClusterBand(group_id=group_id, band=b, hash=h, post_id=pk)
                for b, h in enumerate(band_hashes(sig))
            ]
        Post.objects.bulk_update(updates, ["minhash"], batch_size=500)
        ClusterBand.objects.bulk_create(bands, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("triage", "0010_bulk_heartbeat")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
