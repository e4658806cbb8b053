"""Near-duplicate clustering of viral copies."""

from __future__ import annotations

import pytest

from tests.factories import make_post
from triage.clusters.services import normalise, posts_cluster, signature, similarity
from triage.models import Cluster, ClusterBand, Post

pytestmark = pytest.mark.django_db

VIRAL = (
    "Шукаємо Іванова Петра, 93 бригада, з Полтавщини. Не виходить на зв'язок з 12 березня. "
    "Хто впізнає на відео, пишіть у коментарях, поширте максимально!"
)
COPIES = [
    VIRAL,
    VIRAL.replace("Петра", "Олега") + " 🙏🙏",
    "UPD: " + VIRAL,
    VIRAL.upper(),
    VIRAL.replace("поширте максимально", "поширте будь ласка") + " https://t.me/some_channel",
]
UNRELATED = [
    "Загубився кіт, рудий, район Оболонь, відгукується на Барсик. Поширте будь ласка!",
    "Здам квартиру в центрі Полтави, довгостроково, без тварин.",
    "Шукаємо волонтерів на склад гуманітарної допомоги у суботу, з 10 до 14.",
]


def cluster_all(group, texts):
    posts = [make_post(group, t) for t in texts]
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in posts])
    return [Post.objects.get(pk=p.pk) for p in posts]


def test_normalise_folds_case_links_markers_and_emoji():
    assert normalise("UPD: Хто ВПІЗНАЄ?! 🙏 https://t.me/x") == "хто впізнає"


def test_copies_with_small_edits_are_similar_and_unrelated_posts_are_not():
    base = signature(VIRAL)
    for copy in COPIES[1:]:
        assert similarity(base, signature(copy)) >= 0.6, copy
    for other in UNRELATED:
        assert similarity(base, signature(other)) < 0.3, other


def test_viral_copies_form_one_cluster_and_others_stay_alone(group):
    posts = cluster_all(group, COPIES + UNRELATED)
    clusters = {p.cluster_id for p in posts[: len(COPIES)]}
    assert len(clusters) == 1
    assert None not in clusters
    assert all(p.cluster_id is None for p in posts[len(COPIES) :])
    cluster = Cluster.objects.get(pk=clusters.pop())
    assert cluster.size == len(COPIES)
    # Exactly one head: the queue shows one row for the whole cluster.
    assert sum(p.is_cluster_head for p in posts[: len(COPIES)]) == 1


def test_clustering_is_incremental_across_batches(group):
    first = cluster_all(group, COPIES[:2])
    later = cluster_all(group, COPIES[2:])
    ids = {p.cluster_id for p in first + later}
    assert len(ids) == 1
    assert Cluster.objects.get(pk=ids.pop()).size == len(COPIES)


def test_running_twice_changes_nothing(group):
    posts = cluster_all(group, COPIES)
    bands = ClusterBand.objects.count()
    assert posts_cluster(group_id=group.pk, post_ids=[p.pk for p in posts]) == 0
    assert ClusterBand.objects.count() == bands


def test_a_post_matching_two_clusters_merges_them_into_the_larger(group):
    from django.utils import timezone

    from triage.clusters.services import _Item, _join

    a = [make_post(group, f"a{i}") for i in range(3)]
    b = [make_post(group, f"b{i}") for i in range(2)]
    now = timezone.now()
    big = Cluster.objects.create(group=group, size=3, first_seen=now, last_seen=now)
    small = Cluster.objects.create(group=group, size=2, first_seen=now, last_seen=now)
    Post.objects.filter(pk__in=[p.pk for p in a]).update(cluster=big)
    Post.objects.filter(pk__in=[p.pk for p in b]).update(cluster=small)
    sig = signature(VIRAL)
    merged: dict[int, int] = {}
    target = _join(
        group.pk, 0, [_Item(a[0].pk, sig, big.pk), _Item(b[0].pk, sig, small.pk)], now, merged
    )
    assert target == big.pk
    assert merged == {small.pk: big.pk}
    assert not Cluster.objects.filter(pk=small.pk).exists()
    assert Post.objects.filter(cluster=big).count() == 5


def test_clusters_never_cross_groups(group, other_group):
    mine = cluster_all(group, COPIES[:2])
    theirs = cluster_all(other_group, COPIES[2:4])
    assert mine[0].cluster_id != theirs[0].cluster_id
    assert Cluster.objects.get(pk=mine[0].cluster_id).size == 2


def test_short_or_empty_text_is_left_alone(group):
    posts = cluster_all(group, ["ок", "", "👍👍"])
    assert all(p.cluster_id is None for p in posts)
