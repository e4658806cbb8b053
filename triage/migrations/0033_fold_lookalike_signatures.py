"""Clustering reads Latin look-alike letters inside Cyrillic words as the Cyrillic letters they
imitate (``triage.clusters.minhash.normalise``): spam spells "Здpaвcтвyйтe" to slip past
filters, and a bot that swaps other letters in each copy made every copy look new.

The posts whose text has such a letter get their signature computed again from the text, and
their bands, if they keep bands, cut again from it. Otherwise a copy arriving after the upgrade
would be compared, folded, with its earlier copies, unfolded, and a campaign spelt that way would
split in two. Every other post's signature stays as it is, and no post changes cluster. A post
whose text was purged keeps its signature (there is no text to fold), as do the campaigns shared
in the bank (README, "How well copies are found").

The band table has no index on the post, so the migration makes one for its own look-ups and
drops it at the end: 49 s for 100,000 clustered posts on PostgreSQL here, 23,174 of them folded
(the benchmark's texts; real posts have such letters ten times less often), against 314 s
without it, when each step of 2,000 posts read the whole table twice. Forward it uses the live
code, as 0011 did. Backward it does nothing: the few signatures it changed stay folded.
"""

from __future__ import annotations

from django.db import migrations
from django.db.models import F

from triage.clusters.minhash import bands_of, folds_lookalikes, signatures

STEP = 2000
# The band table has no index on the post (clustering never looks a post's bands up): one for
# this migration's look-ups only, dropped at its end.
INDEX = "triage_clusterband_refold_post"


def refold(apps, schema_editor):
    table = schema_editor.quote_name(apps.get_model("triage", "ClusterBand")._meta.db_table)
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {table} (post_id)")
    try:
        _refold(apps)
    finally:
        schema_editor.execute(f"DROP INDEX {INDEX}")


def _refold(apps):
    PostSignature = apps.get_model("triage", "PostSignature")
    ClusterBand = apps.get_model("triage", "ClusterBand")
    Cluster = apps.get_model("triage", "Cluster")
    last = 0
    while True:
        rows = list(
            PostSignature.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "post__text")[:STEP]
        )
        if not rows:
            break
        last = rows[-1][0]
        mixed = [pk for pk, text in rows if text and folds_lookalikes(text)]
        if not mixed:
            continue
        found = list(
            PostSignature.objects.filter(pk__in=mixed)
            .exclude(minhash=b"")
            .order_by("pk")
            .values_list("pk", "minhash", "post__text", "post__group_id", "post__cluster_id")
        )
        changed = []
        for (pk, blob, _text, group_id, cluster_id), sig in zip(
            found, signatures([text for _pk, _blob, text, _group, _cluster in found]), strict=True
        ):
            old, new = bytes(blob), b"" if sig is None else sig.tobytes()
            if new != old:
                changed.append((pk, group_id, cluster_id, old, new, sig))
        if not changed:
            continue
        PostSignature.objects.bulk_update(
            [PostSignature(pk=pk, minhash=new) for pk, _g, _c, _old, new, _sig in changed],
            ["minhash"],
            batch_size=500,
        )
        holding = set(
            ClusterBand.objects.filter(post_id__in=[pk for pk, *_rest in changed])
            .values_list("post_id", flat=True)
            .distinct()
        )
        ClusterBand.objects.filter(post_id__in=list(holding)).delete()
        rebanded = [row for row in changed if row[0] in holding]
        whole = [row for row in rebanded if row[5] is not None]
        ClusterBand.objects.bulk_create(
            [
                ClusterBand(group_id=group_id, band=band, hash=value, post_id=pk)
                for (pk, group_id, *_rest), values in zip(
                    whole, bands_of([row[5] for row in whole]), strict=True
                )
                for band, value in enumerate(values)
            ],
            batch_size=2000,
        )
        # A post in a cluster too short to compare once folded no longer holds bands for it.
        for _pk, _group_id, cluster_id, *_rest in (row for row in rebanded if row[5] is None):
            if cluster_id is not None:
                Cluster.objects.filter(pk=cluster_id).update(
                    representatives=F("representatives") - 1
                )


class Migration(migrations.Migration):
    dependencies = [("triage", "0032_clustering_mark")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
