"""ClusterBand's key: (post, band) from migration 0025, (group, hash, post, band) from 0029, the
table without rowids on SQLite from 0031; the rows kept across each, and clusters still found
after them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction

from tests.triage.migrating import migrated_back_to
from tests.triage.test_clustering import COPIES, UNRELATED, cluster_all
from triage.clusters.minhash import BANDS
from triage.models import ClusterBand, Post

TABLE = "triage_clusterband"
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="WITHOUT ROWID is SQLite's (PostgreSQL has no rowid)"
)


def _bands() -> list[tuple[int, int, int, int]]:
    return sorted(ClusterBand.objects.values_list("post_id", "band", "group_id", "hash"))


@pytest.mark.django_db
def test_a_band_row_is_stored_once(group):
    post = cluster_all(group, UNRELATED[:1])[0]
    band = ClusterBand.objects.filter(post_id=post.pk).first()
    assert ClusterBand.objects.filter(post_id=post.pk).count() == BANDS
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterBand.objects.create(
            group_id=group.pk, band=band.band, hash=band.hash, post_id=post.pk
        )
    assert ClusterBand.objects.filter(post_id=post.pk).count() == BANDS


def _key_columns(cursor, constraints: dict) -> list[str]:
    """The key's columns in the key's order (SQLite's introspection gives the table's)."""
    if connection.vendor == "sqlite":
        cursor.execute("PRAGMA index_list('triage_clusterband')")
        (name,) = [row[1] for row in cursor.fetchall() if row[3] == "pk"]
        cursor.execute(f"PRAGMA index_info('{name}')")
        return [column for _seq, _cid, column in sorted(cursor.fetchall())]
    (key,) = [c["columns"] for c in constraints.values() if c["primary_key"]]
    return key


@pytest.mark.django_db
def test_the_band_table_has_one_btree_the_key_lookups_read():
    """Each band row is written into one B-tree: the key, which begins with what clustering
    looks up (group, hash). A second index would double the cost of writing 32 rows a post."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "triage_clusterband")
        key = _key_columns(cursor, constraints)
    assert key == ["group_id", "hash", "post_id", "band"]
    indexes = [c for c in constraints.values() if c["index"] or c["primary_key"]]
    assert len(indexes) == 1
    assert indexes[0]["primary_key"]


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
    with (
        migrated_back_to("triage", "0024_clusterband_no_db_constraint"),
        connection.cursor() as cursor,
    ):
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
    assert _bands() == before
    later = cluster_all(group, COPIES[2:])
    assert first[0].cluster_id
    assert {p.cluster_id for p in later} == {first[0].cluster_id}


def _rows() -> list[tuple[int, int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT group_id, hash, post_id, band FROM triage_clusterband")
        return sorted(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_migration_0029_rekeys_every_band_and_the_clusters_still_find_copies(group):
    """Back to the (post, band) key of 0028, whose table refuses a post's band twice, and
    forward again: the same rows each time, and later copies still join their cluster."""
    first = cluster_all(group, COPIES[:2] + UNRELATED)
    before = _rows()
    assert len(before) == BANDS * len(first)
    with migrated_back_to("triage", "0028_rehash_bands"):
        assert _rows() == before
        group_id, hash_, post_id, band = before[0]
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO triage_clusterband (group_id, hash, post_id, band) "
                "VALUES (%s, %s, %s, %s)",
                [group_id, hash_ + 1, post_id, band],
            )
    assert _rows() == before
    later = cluster_all(group, COPIES[2:])
    assert first[0].cluster_id
    assert {p.cluster_id for p in later} == {first[0].cluster_id}


def _table_sql() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        return cursor.fetchone()[0]


def _has_rowid() -> bool:
    """Whether the table has rowids: selecting one fails on a WITHOUT ROWID table."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {TABLE} LIMIT 1")  # noqa: S608
    except OperationalError:
        return False
    return True


@sqlite_only
@pytest.mark.django_db
def test_on_sqlite_the_band_rows_live_in_the_key_alone():
    """Migration 0031: the rows are stored in the key's B-tree, not again in rowid order. A
    later migration that makes Django rebuild the table would lose this: this test says so."""
    assert _table_sql().rstrip().upper().endswith("WITHOUT ROWID")
    assert not _has_rowid()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_migration_0031_keeps_every_band_both_ways_and_the_clusters_still_find_copies(group):
    first = cluster_all(group, COPIES[:2] + UNRELATED)
    before = _rows()
    assert len(before) == BANDS * len(first)
    with migrated_back_to("triage", "0030_signatures_apart"):
        assert _has_rowid()
        assert "WITHOUT ROWID" not in _table_sql().upper()
        assert _rows() == before
        # The key still refuses a row twice, and the CHECK on the band survived the rebuild.
        group_id, hash_, post_id, band = before[0]
        insert = (
            f"INSERT INTO {TABLE} (group_id, hash, post_id, band) "  # noqa: S608
            "VALUES (%s, %s, %s, %s)"
        )
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(insert, [group_id, hash_, post_id, band])
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(insert, [group_id, hash_ + 1, post_id, -1])
    assert not _has_rowid()
    assert _rows() == before
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterBand.objects.create(group_id=group_id, band=band, hash=hash_, post_id=post_id)
    later = cluster_all(group, COPIES[2:])
    assert first[0].cluster_id
    assert {p.cluster_id for p in later} == {first[0].cluster_id}
