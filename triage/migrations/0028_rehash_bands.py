"""Band hashes of a new kind (issue 13): ``triage.clusters.minhash.bands_of`` mixes a band's
values with numpy instead of a blake2b digest per band. Every stored band is rewritten from the
signature it was cut from: a group's ClusterBand rows from their post's ``minhash``, the
campaign bank's CampaignBand rows from their entry's shared signatures. Signatures themselves
do not change, nor does which posts keep bands, nor any cluster.

Forward it uses the live ``bands_of``: a later change of the band hash ships its own migration
like this one, which rewrites the bands again. Backward it rewrites them with the blake2b digest
the code before this migration used, kept here."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
from django.db import migrations

from triage.clusters.minhash import BANDS, NUM_PERM
from triage.clusters.minhash import bands_of as live_bands_of

STEP = 2000


def _blake2b_bands(sigs: Sequence[np.ndarray]) -> list[list[int]]:
    """The band hashes before this migration: a signed 64-bit blake2b digest of each band's
    ROWS values' bytes."""
    width = NUM_PERM // BANDS * 4
    out = []
    for sig in sigs:
        data = np.ascontiguousarray(sig, dtype=np.uint32).tobytes()
        out.append(
            [
                int.from_bytes(
                    hashlib.blake2b(data[at : at + width], digest_size=8).digest(),
                    "big",
                    signed=True,
                )
                for at in range(0, len(data), width)
            ]
        )
    return out


def _rehash_bands(apps, schema_editor):
    _rewrite(apps, live_bands_of)


def _unrehash_bands(apps, schema_editor):
    _rewrite(apps, _blake2b_bands)


def _rewrite(apps, bands_of: Callable[[Sequence[np.ndarray]], list[list[int]]]) -> None:
    Post = apps.get_model("triage", "Post")
    ClusterBand = apps.get_model("triage", "ClusterBand")
    CampaignSignature = apps.get_model("triage", "CampaignSignature")
    CampaignBand = apps.get_model("triage", "CampaignBand")
    last = 0
    while True:
        post_ids = list(
            ClusterBand.objects.filter(post_id__gt=last)
            .order_by("post_id")
            .values_list("post_id", flat=True)
            .distinct()[:STEP]
        )
        if not post_ids:
            break
        last = post_ids[-1]
        rows = [
            (pk, group_id, np.frombuffer(bytes(blob), dtype=np.uint32))
            for pk, group_id, blob in Post.objects.filter(pk__in=post_ids)
            .order_by("pk")
            .values_list("pk", "group_id", "minhash")
        ]
        # A post keeps bands only while it has a whole signature; bands of anything else
        # (none are expected) are dropped rather than guessed.
        whole = [row for row in rows if len(row[2]) == NUM_PERM]
        ClusterBand.objects.filter(post_id__in=post_ids).delete()
        hashes = bands_of([sig for _pk, _group, sig in whole])
        ClusterBand.objects.bulk_create(
            [
                ClusterBand(group_id=group_id, band=band, hash=value, post_id=pk)
                for (pk, group_id, _sig), values in zip(whole, hashes, strict=True)
                for band, value in zip(range(BANDS), values, strict=True)
            ],
            batch_size=STEP,
        )
    for entry_id, blob in CampaignSignature.objects.values_list("pk", "signatures"):
        sigs = list(np.frombuffer(bytes(blob), dtype=np.uint32).reshape(-1, NUM_PERM))
        CampaignBand.objects.filter(entry_id=entry_id).delete()
        CampaignBand.objects.bulk_create(
            [
                CampaignBand(entry_id=entry_id, hash=value)
                for value in sorted({h for bands in bands_of(sigs) for h in bands})
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("triage", "0027_post_cluster_head")]

    operations = [migrations.RunPython(_rehash_bands, _unrehash_bands)]
