"""A chunk's bands are looked up before the group's lock, and what was found is used only if no
other chunk of the group was clustered meanwhile (ClusteringMark); otherwise it looks again
under the lock."""

from __future__ import annotations

import pytest
from django.db import connection

import triage.clusters.services as clustering
from tests.factories import make_post
from tests.triage.test_clustering import COPIES, UNRELATED
from triage.clusters.services import posts_cluster
from triage.models import ClusteringMark, Post


def _mark(group) -> int:
    return ClusteringMark.objects.filter(pk=group.pk).values_list("chunks", flat=True).first() or 0


def _cluster_with_another_chunk_in_between(group, monkeypatch, *, ignore_mark: bool):
    """Two copies are clustered while the look-up of two later copies is done and their chunk
    waits for the lock, as another worker's chunk can be."""
    earlier = [make_post(group, text) for text in COPIES[:2]]
    later = [make_post(group, text) for text in COPIES[2:4]]
    look_up = clustering._look_up
    state = {"interleaved": False}

    def look_up_then_another_worker(*args, **kwargs):
        found = look_up(*args, **kwargs)
        if not state["interleaved"]:
            state["interleaved"] = True
            posts_cluster(group_id=group.pk, post_ids=[p.pk for p in earlier])
        return found

    monkeypatch.setattr(clustering, "_look_up", look_up_then_another_worker)
    if ignore_mark:
        monkeypatch.setattr(clustering, "_mark", lambda group_id: 0)
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in later])
    assert state["interleaved"]
    return [Post.objects.get(pk=p.pk).cluster_id for p in earlier + later]


@pytest.mark.django_db
def test_copies_clustered_between_the_look_up_and_the_lock_are_joined(group, monkeypatch):
    clusters = _cluster_with_another_chunk_in_between(group, monkeypatch, ignore_mark=False)
    assert clusters[0] is not None
    assert set(clusters) == {clusters[0]}
    assert _mark(group) == 2


@pytest.mark.django_db
def test_without_the_mark_the_look_up_before_the_lock_would_miss_them(group, monkeypatch):
    """The scenario above is one the mark decides: a look-up used as it was found makes a
    second cluster of the same campaign."""
    clusters = _cluster_with_another_chunk_in_between(group, monkeypatch, ignore_mark=True)
    assert None not in clusters
    assert clusters[0] == clusters[1]
    assert clusters[2] == clusters[3]
    assert clusters[0] != clusters[2]


@pytest.mark.django_db(transaction=True)
def test_the_bands_are_looked_up_outside_the_lock_unless_another_chunk_came(group, monkeypatch):
    calls: list[bool] = []
    bands_with = clustering._bands_with

    def recorded(*args, **kwargs):
        calls.append(connection.in_atomic_block)
        return bands_with(*args, **kwargs)

    monkeypatch.setattr(clustering, "_bands_with", recorded)
    monkeypatch.setattr(clustering, "CHUNK", 2)
    posts = [make_post(group, text) for text in COPIES[:2] + UNRELATED]
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in posts])
    assert calls == [False, False, False]  # three chunks, each looked up before the lock
    assert _mark(group) == 3

    calls.clear()
    _cluster_with_another_chunk_in_between(group, monkeypatch, ignore_mark=False)
    # The later chunk before the lock, the earlier one (before its own lock), then the later
    # chunk again under its lock, since the earlier one moved the mark.
    assert calls == [False, False, True]


@pytest.mark.django_db
def test_a_chunk_rolled_back_leaves_the_mark_where_it_was(group, monkeypatch):
    posts_cluster(group_id=group.pk, post_ids=[make_post(group, UNRELATED[0]).pk])
    assert _mark(group) == 1

    def fail(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(clustering, "_write", fail)
    post = make_post(group, UNRELATED[1])
    with pytest.raises(RuntimeError):
        posts_cluster(group_id=group.pk, post_ids=[post.pk])
    assert _mark(group) == 1
    assert not Post.objects.filter(pk=post.pk, signature__isnull=False).exists()
