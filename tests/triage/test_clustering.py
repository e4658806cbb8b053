"""Near-duplicate clustering of viral copies."""

from __future__ import annotations

import numpy as np
import pytest
from django.utils import timezone

from tests.factories import make_post
from triage.clusters import minhash, services
from triage.clusters.minhash import (
    band_hashes,
    normalise,
    shingle_hashes,
    signature,
    signatures,
    similarity,
)
from triage.clusters.services import (
    REPRESENTATIVES,
    posts_cluster,
)
from triage.models import Cluster, ClusterBand, Post, PostSignature, UnclusteredPost

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


def _clustered_by_hand(group, texts, cluster):
    """Posts already clustered (signature and bands written) into the given cluster."""
    posts = [make_post(group, t) for t in texts]
    for post in posts:
        sig = signature(post.text)
        Post.objects.filter(pk=post.pk).update(cluster=cluster)
        PostSignature.objects.create(post=post, minhash=sig.tobytes())
        UnclusteredPost.objects.filter(post=post).delete()
        ClusterBand.objects.bulk_create(
            ClusterBand(group_id=group.pk, band=i, hash=h, post=post)
            for i, h in enumerate(band_hashes(sig))
        )
    Cluster.objects.filter(pk=cluster.pk).update(representatives=len(posts))
    return posts


def test_a_post_matching_two_clusters_merges_them_into_the_larger(group):
    now = timezone.now()
    big = Cluster.objects.create(group=group, size=3, first_seen=now, last_seen=now)
    small = Cluster.objects.create(group=group, size=2, first_seen=now, last_seen=now)
    _clustered_by_hand(group, COPIES[:3], big)
    _clustered_by_hand(group, COPIES[3:5], small)
    bridge = cluster_all(group, [VIRAL + " 🙏"])[0]
    assert bridge.cluster_id == big.pk
    assert not Cluster.objects.filter(pk=small.pk).exists()
    assert Post.objects.filter(cluster=big).count() == 6
    big.refresh_from_db()
    assert big.size == 6
    # The merged cluster's posts with bands, and the bridge's own: counted, not looked up.
    assert big.representatives == 6
    assert ClusterBand.objects.filter(band=0, post__cluster=big).count() == 6
    assert Post.objects.filter(cluster=big, is_cluster_head=True).count() == 1


def test_a_viral_family_keeps_bands_only_for_its_first_representatives(group):
    texts = [f"{VIRAL} {'🙏' * (i % 3)} копія {i}" for i in range(3 * REPRESENTATIVES)]
    # In several imports, so later copies find the family through the stored bands.
    for start in range(0, len(texts), REPRESENTATIVES // 2):
        cluster_all(group, texts[start : start + REPRESENTATIVES // 2])
    posts = Post.objects.filter(group=group)
    assert posts.values("cluster_id").distinct().count() == 1
    cluster = Cluster.objects.get()
    assert cluster.size == len(texts)
    with_bands = set(ClusterBand.objects.values_list("post_id", flat=True))
    assert len(with_bands) == REPRESENTATIVES
    assert cluster.representatives == REPRESENTATIVES
    first = sorted(posts.values_list("id", flat=True))[:REPRESENTATIVES]
    assert with_bands == set(first)
    assert posts.filter(is_cluster_head=True).count() == 1


EDGES = [
    "ок",
    "",
    "abcd",
    "abcdef",  # two shingles: too short
    "abcdefg",  # three
    "аааааааааааааааааааааааа",  # one distinct shingle however long
    "абабабабабабабабабабабаб",  # two distinct
    "абвабвабвабвабвабвабвабв",  # three distinct
    "🙏🙏🙏 https://t.me/x UPD:",  # nothing left once emoji, links and markers go
    "🙏 Привіт усім 🙏",
]


def minhash_by_definition(text: str) -> np.ndarray | None:
    """MinHash straight from its definition, one text, over its distinct shingles."""
    hashed = shingle_hashes(text)
    if len(hashed) < 3:
        return None
    _position, a, b = minhash._constants()
    return (
        ((hashed[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)).min(axis=0).astype(np.uint32)
    )


def test_the_chunk_signatures_equal_the_definition_one_post_at_a_time():
    """Texts laid end to end and hashed at once (windows across two texts dropped, repeats
    kept) give each text the signature of its own distinct shingles."""
    texts = EDGES + COPIES + EDGES + UNRELATED + EDGES[::-1]
    together = signatures(texts)
    for text, sig in zip(texts, together, strict=True):
        alone = minhash_by_definition(text)
        assert (sig is None) == (alone is None), text
        if sig is not None:
            assert (sig == alone).all()
            assert sig.dtype == np.uint32
            assert sig.shape == (128,)
            assert (signature(text) == sig).all()
    assert [sig is None for sig in signatures(EDGES)] == [
        *(True, True, True, True, False, True, True, False, True, False)
    ]


def _splitmix64_finaliser(x: int) -> int:
    """Steele, Lea and Flood's splitmix64 finaliser on Python integers (mod 2**64)."""
    mask = (1 << 64) - 1
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & mask
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & mask
    return x ^ (x >> 31)


def test_band_hashes_of_many_equal_one_at_a_time():
    """Each band, in plain Python: its four values as two 64-bit words (first value low), the
    hash mix(mix(first) ^ second), read as a signed 64-bit integer."""
    sigs = [sig for sig in signatures(COPIES + UNRELATED) if sig is not None]
    one_by_one = []
    for sig in sigs:
        values = []
        for band in range(32):
            v = [int(x) for x in sig[band * 4 : band * 4 + 4]]
            first, second = v[0] | v[1] << 32, v[2] | v[3] << 32
            unsigned = _splitmix64_finaliser(_splitmix64_finaliser(first) ^ second)
            values.append(unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned)
        one_by_one.append(values)
    assert minhash.bands_of(sigs) == one_by_one
    assert [band_hashes(sig) for sig in sigs] == one_by_one
    assert minhash.bands_of([]) == []


def test_band_hashes_are_spread_over_64_bits():
    """No two distinct bands of many unrelated posts share a hash, and every bit of the hash
    is set in about half of them (a weak mix would leave bits stuck or bands colliding)."""
    sigs = [sig for sig in signatures(UNRELATED) if sig is not None]
    rng = np.random.default_rng(5)
    sigs += list(rng.integers(0, 2**32, size=(2000, 128), dtype=np.uint32))
    bands = {
        tuple(int(x) for x in sig[b * 4 : b * 4 + 4]): h
        for sig, hashes in zip(sigs, minhash.bands_of(sigs), strict=True)
        for b, h in enumerate(hashes)
    }
    assert len(set(bands.values())) == len(bands)
    unsigned = np.array(list(bands.values()), dtype=np.int64).view(np.uint64)
    ones = [(unsigned >> np.uint64(bit) & np.uint64(1)).mean() for bit in range(64)]
    assert min(ones) > 0.45
    assert max(ones) < 0.55


def test_clusters_never_cross_groups(group, other_group):
    mine = cluster_all(group, COPIES[:2])
    theirs = cluster_all(other_group, COPIES[2:4])
    assert mine[0].cluster_id != theirs[0].cluster_id
    assert Cluster.objects.get(pk=mine[0].cluster_id).size == 2


def test_short_or_empty_text_is_left_alone(group):
    posts = cluster_all(group, ["ок", "", "👍👍"])
    assert all(p.cluster_id is None for p in posts)


def test_the_representatives_migration_counts_each_clusters_banded_posts(group):
    """Migration 0013 fills the count from the bands already stored."""
    import importlib

    from django.apps import apps

    now = timezone.now()
    cluster = Cluster.objects.create(group=group, size=3, first_seen=now, last_seen=now)
    empty = Cluster.objects.create(group=group, size=1, first_seen=now, last_seen=now)
    _clustered_by_hand(group, COPIES[:3], cluster)
    Cluster.objects.update(representatives=0)
    migration = importlib.import_module("triage.migrations.0013_cluster_representative_count")
    migration.count(apps, None)
    assert Cluster.objects.get(pk=cluster.pk).representatives == 3
    assert Cluster.objects.get(pk=empty.pk).representatives == 0


def _normalise_by_definition(text: str) -> str:
    """normalise as first written: every pattern applied to every text, case-insensitively."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"https?://\S+|t\.me/\S+|www\.\S+", " ", text, flags=re.IGNORECASE)
    markers = r"\b(?:upd|update|апд|оновлення|репост|repost)\b\s*:?"
    text = re.sub(markers, " ", text, flags=re.IGNORECASE)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


@pytest.mark.parametrize(
    "text",
    [
        "UPDATE: HTTP://EXAMPLE.COM/X Репост!!! WWW.A.B T.ME/chan",
        "ＵＰＤ：текст 𝐔𝐏𝐃 ОНОВЛЕННЯ: апдейт updates repost1 upd_2",
        "ſpecial ﬁne İstanbul ǅ — «лапки» 🇺🇦\u200b\u00ad tab\tnew\nline",
        "http без посилання, t.me без слеша, www без крапки",
        "",
        "   ",
        "!!!",
    ],
)
def test_normalise_equals_its_definition(text):
    assert normalise(text) == _normalise_by_definition(text)


@pytest.mark.parametrize("threads", [1, 2])
def test_signatures_of_many_texts_across_blocks_equal_the_definition(monkeypatch, threads):
    # Enough text for several of the numpy blocks signatures() hashes at once, in one thread
    # and in two (each block's rows filled by whichever thread takes it).
    monkeypatch.setattr(minhash, "_THREADS", threads)
    texts = [(VIRAL + " ") * (1 + i % 7) + str(i) for i in range(60)] + EDGES + UNRELATED * 3
    assert sum(len(normalise(t)) for t in texts) > 3 * minhash._BLOCK
    for text, sig in zip(texts, signatures(texts), strict=True):
        alone = minhash_by_definition(text)
        assert (sig is None) == (alone is None), text
        if sig is not None:
            assert (sig == alone).all(), text


def test_a_deleted_post_takes_its_bands_with_it(group):
    # The bands' post has no foreign key in the database: Django's cascade deletes them.
    posts = cluster_all(group, UNRELATED)
    assert ClusterBand.objects.filter(post_id=posts[0].pk).count() == minhash.BANDS
    posts[0].delete()
    assert not ClusterBand.objects.filter(post_id=posts[0].pk).exists()
    assert ClusterBand.objects.count() == minhash.BANDS * (len(UNRELATED) - 1)


def _components(size, edges):
    parent = list(range(size))

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for i, j in edges:
        parent[find(j)] = find(i)
    groups: dict[int, set[int]] = {}
    for row in range(size):
        groups.setdefault(find(row), set()).add(row)
    return sorted(sorted(g) for g in groups.values())


@pytest.mark.parametrize("one_bucket", [True, False])
def test_a_chunk_of_one_campaign_is_joined_with_one_union_per_copy(one_bucket):
    # 200 copies of each of two posts and a few unrelated ones: every similar pair (about
    # 20,000) was once a union; the forest joins exactly the same rows with at most n - 1.
    texts = [v for v in (VIRAL, UNRELATED[0] * 3) for v in [v] * 200] + UNRELATED[1:]
    texts = [t + f" 🙏 {i}" for i, t in enumerate(texts)]
    matrix = np.stack(signatures(texts))
    threshold = int(np.ceil(minhash.JACCARD_THRESHOLD * minhash.NUM_PERM))
    agree = services._agreements(matrix, matrix) >= threshold
    everything = list(zip(*np.nonzero(np.triu(agree, k=1)), strict=True))
    if one_bucket:
        buckets = [list(range(len(texts)))]
    else:  # small buckets: the pairs are listed, not compared as one matrix
        buckets = [[i, i + 1] for i in range(0, len(texts) - 1)]
        everything = [(i, j) for i, j in everything if j == i + 1]
    edges = services._similar_within(matrix, buckets, threshold)
    assert len(edges) <= len(texts) - 1
    assert _components(len(texts), edges) == _components(len(texts), everything)
    assert len(_components(len(texts), edges)) < len(texts)


def test_a_chunk_mostly_of_one_campaign_compares_the_rest_with_every_row():
    # 300 copies of one post, 20 of another, and posts half-way between: most rows agree with
    # the first, so only the others are compared with every row; the components are those of
    # every pair compared.
    words = VIRAL.split()
    half = " ".join(words[: len(words) // 2] + UNRELATED[2].split())
    texts = [VIRAL] * 300 + [UNRELATED[0] * 3] * 20 + [half] * 3 + UNRELATED[1:]
    texts = [t + f" 🙏 {i}" for i, t in enumerate(texts)]
    matrix = np.stack(signatures(texts))
    threshold = int(np.ceil(minhash.JACCARD_THRESHOLD * minhash.NUM_PERM))
    with_first = np.count_nonzero(matrix == matrix[0], axis=1) >= threshold
    assert 0 < np.count_nonzero(~with_first) * 4 <= len(texts)  # the path under test
    agree = services._agreements(matrix, matrix) >= threshold
    everything = list(zip(*np.nonzero(np.triu(agree, k=1)), strict=True))
    edges = services._similar_within(matrix, [list(range(len(texts)))], threshold)
    assert len(edges) <= len(texts) - 1
    assert _components(len(texts), edges) == _components(len(texts), everything)
    assert len(_components(len(texts), edges)) >= 3  # the two campaigns and the rest apart


def test_candidate_pairs_are_every_chunk_row_and_stored_post_sharing_a_band():
    rng = np.random.default_rng(5)
    chunk_bands = rng.integers(0, 6, size=(40, minhash.BANDS)).astype(np.int64)
    flat = chunk_bands.ravel()
    band_of = np.tile(np.arange(minhash.BANDS), len(chunk_bands))
    row_of = np.repeat(np.arange(len(chunk_bands)), minhash.BANDS)
    order = np.lexsort((flat, band_of))
    found = [
        (int(band), int(h), int(post))
        for post in (10**12 + 7, 3, 99)
        for band, h in zip(rng.integers(0, minhash.BANDS, 25), rng.integers(0, 8, 25), strict=True)
    ]
    rows, posts = services._candidate_pairs(found, flat[order], band_of[order], row_of[order])
    expected = {
        (row, post)
        for band, h, post in found
        for row in range(len(chunk_bands))
        if chunk_bands[row, band] == h
    }
    assert set(zip(rows.tolist(), posts.tolist(), strict=True)) == expected
    assert len(rows) == len(expected)  # each pair once
    assert services._candidate_pairs([], flat[order], band_of[order], row_of[order])[0].size == 0


def test_distinct_pairs_keep_negative_others_apart():
    rows, others = services._distinct_pairs(
        np.array([0, 5, 5, 0, 1023, 1023], dtype=np.int64),
        np.array([-4, -4, -4, 7, -(10**12), 10**12], dtype=np.int64),
    )
    assert list(zip(rows.tolist(), others.tolist(), strict=True)) == [
        (1023, -(10**12)),
        (0, -4),
        (5, -4),
        (0, 7),
        (1023, 10**12),
    ]


def test_copies_joining_several_clusters_in_one_chunk_widen_each_clusters_size_and_dates(group):
    """Newcomers of two campaigns in one chunk: each cluster counts its own, and its first and
    last seen take in the earliest and latest of them (an import can carry older posts)."""
    from datetime import timedelta

    other = [
        "Увага! Шахраї телефонують родинам полонених і просять гроші за інформацію. "
        "Не переказуйте нічого, звертайтеся лише до Координаційного штабу.",
    ]
    start = timezone.now() - timedelta(days=3)
    first = [
        _post_at(group, text, start + timedelta(hours=i))
        for i, text in enumerate([COPIES[0], COPIES[1], other[0], other[0] + " Поширте!"])
    ]
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in first])
    viral, scam = (
        Post.objects.get(pk=first[0].pk).cluster,
        Post.objects.get(pk=first[2].pk).cluster,
    )
    assert viral is not None
    assert scam is not None
    assert viral != scam
    later = [
        _post_at(group, COPIES[2], start - timedelta(days=1)),
        _post_at(group, COPIES[3], start + timedelta(days=1)),
        _post_at(group, "UPD: " + other[0], start + timedelta(days=2)),
    ]
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in later])
    viral.refresh_from_db()
    scam.refresh_from_db()
    assert (viral.size, scam.size) == (4, 3)
    assert viral.first_seen == start - timedelta(days=1)
    assert viral.last_seen == start + timedelta(days=1)
    assert scam.first_seen == start + timedelta(hours=2)
    assert scam.last_seen == start + timedelta(days=2)
    assert Post.objects.filter(cluster=viral).count() == 4
    assert Post.objects.filter(cluster=scam).count() == 3


def _post_at(group, text, imported_at):
    """A post imported at that moment (``imported_at`` is set on creation: moved after)."""
    post = make_post(group, text)
    Post.objects.filter(pk=post.pk).update(imported_at=imported_at)
    return post
