"""Migration 0028: stored band hashes rewritten from their signatures, both ways."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from django.db import connection

from groups.models import Membership
from tests.triage.migrating import migrated_back_to
from tests.triage.test_clustering import COPIES, UNRELATED, cluster_all
from triage.campaigns.bank import bank_publish
from triage.clusters.minhash import BANDS, bands_of
from triage.models import CampaignBand, Cluster, ClusterBand, PostSignature


def _blake2b(sig: np.ndarray) -> list[int]:
    data = sig.astype(np.uint32).tobytes()
    digests = [hashlib.blake2b(data[at : at + 16], digest_size=8) for at in range(0, 512, 16)]
    return [int.from_bytes(d.digest(), "big", signed=True) for d in digests]


def _signatures() -> dict[int, tuple[int, np.ndarray]]:
    """Each post with bands: its group and signature (read at the latest migration)."""
    with_bands = set(ClusterBand.objects.values_list("post_id", flat=True))
    return {
        post_id: (group_id, np.frombuffer(bytes(blob), dtype=np.uint32))
        for post_id, group_id, blob in PostSignature.objects.filter(
            post_id__in=with_bands
        ).values_list("post_id", "post__group_id", "minhash")
    }


def _expected(kind, sigs) -> list[tuple[int, int, int, int]]:
    """(post, band, group, hash) of every post that keeps bands, hashed by ``kind``."""
    rows = []
    for post_id, (group_id, sig) in sigs.items():
        rows += [(post_id, band, group_id, h) for band, h in enumerate(kind(sig))]
    return sorted(rows)


def _stored() -> list[tuple[int, int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT post_id, band, group_id, hash FROM triage_clusterband")
        return sorted(cursor.fetchall())


def _campaign_hashes() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT hash FROM triage_campaignband ORDER BY hash")
        return [h for (h,) in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_migration_0028_rewrites_every_band_and_copies_still_find_their_cluster(group, admin_user):
    first = cluster_all(group, COPIES[:2] + UNRELATED)
    cluster = Cluster.objects.get(pk=first[0].cluster_id)
    Cluster.objects.filter(pk=cluster.pk).update(verdict="removed")
    admin = Membership.objects.get(group=group, user=admin_user)
    entry = bank_publish(membership=admin, cluster_id=cluster.pk)
    sigs = list(np.frombuffer(bytes(entry.signatures), dtype=np.uint32).reshape(-1, 128))
    new_kind = sorted({h for bands in bands_of(sigs) for h in bands})
    old_kind = sorted({h for sig in sigs for h in _blake2b(sig)})
    assert new_kind != old_kind
    before = _stored()
    signatures = _signatures()
    assert before == _expected(lambda sig: bands_of([sig])[0], signatures)
    assert len(before) == BANDS * len(first)
    assert _campaign_hashes() == new_kind
    with migrated_back_to("triage", "0027_post_cluster_head"):
        assert _stored() == _expected(_blake2b, signatures)
        assert _campaign_hashes() == old_kind
    assert _stored() == before
    assert _campaign_hashes() == new_kind
    assert CampaignBand.objects.filter(entry=entry).count() == len(new_kind)
    later = cluster_all(group, COPIES[2:])
    assert {p.cluster_id for p in later} == {cluster.pk}
