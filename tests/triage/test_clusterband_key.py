"""ClusterBand keyed by (post, band): one row per band of a post, kept across the migration."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tests.triage.test_clustering import COPIES, UNRELATED, cluster_all
from triage.clusters.services import BANDS
from triage.models import ClusterBand, Post


def _bands() -> list[tuple[int, int, int, int]]:
    return sorted(ClusterBand.objects.values_list("post_id", "band", "group_id", "hash"))


@pytest.mark.django_db
def test_a_band_of_a_post_is_stored_once(group):
    post = cluster_all(group, UNRELATED[:1])[0]
    band = ClusterBand.objects.filter(post_id=post.pk).first()
    assert ClusterBand.objects.filter(post_id=post.pk).count() == BANDS
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterBand.objects.create(group_id=group.pk, band=band.band, hash=1, post_id=post.pk)
    assert ClusterBand.objects.filter(post_id=post.pk).count() == BANDS


@pytest.mark.django_db
def test_a_posts_bands_go_with_it(group):
    posts = cluster_all(group, UNRELATED)
    Post.objects.filter(pk=posts[0].pk).delete()
    assert not ClusterBand.objects.filter(post_id=posts[0].pk).exists()
    assert ClusterBand.objects.count() == BANDS * (len(UNRELATED) - 1)


@pytest.mark.django_db(transaction=True)
def test_migration_0025_keeps_every_band_once_and_the_clusters_still_find_copies(group):
    """Back to the surrogate id (0024), with a band written twice as an old crash could have
    left it, then forward: every band kept once, and later copies still join their cluster."""
    first = cluster_all(group, COPIES[:2] + UNRELATED)
    before = _bands()
    assert len(before) == BANDS * len(first)  # fewer copies than REPRESENTATIVES: all kept
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("triage", "0024_clusterband_no_db_constraint")])
        with connection.cursor() as cursor:
            # The same rows, their hashes of the kind before 0028 (blake2b).
            cursor.execute("SELECT post_id, band, group_id FROM triage_clusterband")
            assert sorted(cursor.fetchall()) == [row[:3] for row in before]
            cursor.execute("SELECT post_id, band, group_id, hash FROM triage_clusterband")
            post_id, band, group_id, hash_ = sorted(cursor.fetchall())[0]
            cursor.execute(
                "INSERT INTO triage_clusterband (post_id, band, group_id, hash) "
                "VALUES (%s, %s, %s, %s)",
                [post_id, band, group_id, hash_],
            )
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert _bands() == before
    later = cluster_all(group, COPIES[2:])
    assert first[0].cluster_id
    assert {p.cluster_id for p in later} == {first[0].cluster_id}
