"""Signatures in PostSignature (migration 0030): clustering inserts them and leaves the post's
own row alone unless it joined a cluster; the migration moves them out of the posts and back."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection

from tests.factories import make_post
from tests.triage.migrating import migrated_back_to
from tests.triage.test_clustering import COPIES, UNRELATED, cluster_all
from triage.clusters.minhash import signature
from triage.clusters.services import posts_cluster
from triage.models import Post, PostSignature, UnclusteredPost


def _versions(ids) -> dict[int, int]:
    """Each post row's version in PostgreSQL's sense (xmin: the transaction that wrote it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, xmin::text FROM triage_post WHERE id = ANY(%s)", [list(ids)])
        return dict(cursor.fetchall())


@pytest.mark.django_db
def test_clustering_writes_signatures_apart_and_lists_nothing_left(group):
    posts = cluster_all(group, COPIES + UNRELATED + ["коротко"])
    stored = dict(PostSignature.objects.values_list("post_id", "minhash"))
    assert set(stored) == {p.pk for p in posts}
    for post in posts:
        sig = signature(post.text)
        expected = b"" if sig is None else sig.tobytes()
        assert bytes(stored[post.pk]) == expected
    assert not UnclusteredPost.objects.exists()
    assert Post.objects.filter(signature__isnull=True).count() == 0
    # Nothing left to do: a second run finds every post clustered.
    assert posts_cluster(group_id=group.pk, post_ids=[p.pk for p in posts]) == 0


@pytest.mark.django_db
def test_clustering_rewrites_only_the_rows_of_posts_that_joined_a_cluster(group):
    if connection.vendor != "postgresql":
        pytest.skip("a row's version (xmin) is PostgreSQL's")
    posts = [make_post(group, text) for text in COPIES + UNRELATED]
    before = _versions(p.pk for p in posts)
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in posts])
    after = _versions(p.pk for p in posts)
    copies, loners = posts[: len(COPIES)], posts[len(COPIES) :]
    assert all(after[p.pk] != before[p.pk] for p in copies)  # their cluster was written
    assert all(after[p.pk] == before[p.pk] for p in loners)  # untouched
    assert all(Post.objects.get(pk=p.pk).cluster_id is None for p in loners)


@pytest.mark.django_db(transaction=True)
def test_migration_0030_moves_signatures_out_of_the_posts_and_back(group):
    clustered = cluster_all(group, COPIES[:2] + UNRELATED + ["коротко"])
    waiting = [make_post(group, text) for text in COPIES[2:4]]
    signatures = {k: bytes(v) for k, v in PostSignature.objects.values_list("post_id", "minhash")}
    listed = dict(UnclusteredPost.objects.values_list("post_id", "imported_at"))
    assert set(listed) == {p.pk for p in waiting}
    with migrated_back_to("triage", "0029_clusterband_group_hash_key"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, minhash FROM triage_post")
            back = {pk: None if blob is None else bytes(blob) for pk, blob in cursor.fetchall()}
        assert back == {**signatures, **{p.pk: None for p in waiting}}
    again = {k: bytes(v) for k, v in PostSignature.objects.values_list("post_id", "minhash")}
    assert again == signatures
    # Listed again with each post's own import time, and clustered from the list.
    assert dict(UnclusteredPost.objects.values_list("post_id", "imported_at")) == {
        p.pk: Post.objects.get(pk=p.pk).imported_at for p in waiting
    }
    posts_cluster(group_id=group.pk, post_ids=list(listed))
    assert {Post.objects.get(pk=p.pk).cluster_id for p in waiting} == {clustered[0].cluster_id}
    assert not UnclusteredPost.objects.exists()
    assert np.frombuffer(again[clustered[0].pk], dtype=np.uint32).shape == (128,)
