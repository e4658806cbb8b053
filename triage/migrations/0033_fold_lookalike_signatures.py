"""Clustering reads Latin look-alike letters inside Cyrillic words as the Cyrillic letters they
imitate (``triage.clusters.services.normalise``): spam spells "Здpaвcтвyйтe" to slip past
filters, and a bot that swaps other letters in each copy made every copy look new.

The posts whose text has such a letter get their signature computed again from the text, and
their bands, if they keep bands, cut again from it. Otherwise a copy arriving after the upgrade
would be compared, folded, with its earlier copies, unfolded, and a campaign spelt that way would
split in two. Every other post's signature stays as it is (it is recomputed only to be compared),
and no cluster changes. A post whose text was purged keeps its signature.

Forward it uses the live code, as 0011 did. Backward it does nothing: the few signatures it
changed stay folded.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from django.db import migrations

from triage.clusters.services import bands_of, signatures

STEP = 2000
# Looked for after NFKC (as the live code looks, after case folding too): a superset of what it
# folds. Every post this finds is computed again, and written only if its signature changed.
_MIXED = re.compile(r"[а-яіїєґё][aceiopxykmthb3]|[aceiopxykmthb3][а-яіїєґё]", re.IGNORECASE)


def refold(apps, schema_editor):
    PostSignature = apps.get_model("triage", "PostSignature")
    ClusterBand = apps.get_model("triage", "ClusterBand")
    last = 0
    while True:
        rows = list(
            PostSignature.objects.filter(pk__gt=last)
            .exclude(minhash=b"")
            .order_by("pk")
            .values_list("pk", "minhash", "post__text", "post__group_id")[:STEP]
        )
        if not rows:
            break
        last = rows[-1][0]
        mixed = [
            row for row in rows if row[2] and _MIXED.search(unicodedata.normalize("NFKC", row[2]))
        ]
        if not mixed:
            continue
        changed = []
        for (pk, blob, _text, group_id), sig in zip(
            mixed, signatures([text for _pk, _blob, text, _group in mixed]), strict=True
        ):
            new = b"" if sig is None else sig.tobytes()
            if new != bytes(blob):
                changed.append((pk, group_id, new, sig))
        for pk, _group_id, new, _sig in changed:
            PostSignature.objects.filter(pk=pk).update(minhash=new)
        # Bands only for the posts that keep them (alone, or among their cluster's first few).
        holding = set(
            ClusterBand.objects.filter(post_id__in=[pk for pk, *_rest in changed])
            .values_list("post_id", flat=True)
            .distinct()
        )
        rebanded = [row for row in changed if row[0] in holding]
        ClusterBand.objects.filter(post_id__in=[pk for pk, *_rest in rebanded]).delete()
        whole = [row for row in rebanded if row[3] is not None]
        hashes = bands_of([np.asarray(sig) for _pk, _group, _new, sig in whole])
        ClusterBand.objects.bulk_create(
            [
                ClusterBand(group_id=group_id, band=band, hash=value, post_id=pk)
                for (pk, group_id, _new, _sig), values in zip(whole, hashes, strict=True)
                for band, value in enumerate(values)
            ],
            batch_size=2000,
        )


class Migration(migrations.Migration):
    dependencies = [("triage", "0032_clustering_mark")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
