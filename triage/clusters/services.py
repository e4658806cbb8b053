"""Near-duplicate clusters of posts: MinHash over normalised shingles, LSH bands in the database.

Viral solicitation posts are copied with small edits (another name, an emoji,
"UPD:"). Each post gets a MinHash signature (datasketch) of its character
shingles; the signature is cut into BANDS bands of ROWS values, and each band's
hash is stored in ClusterBand. Posts that share a band are candidates; a
candidate joins the cluster when the signatures agree on at least
JACCARD_THRESHOLD of their values (an estimate of the shingles' Jaccard
similarity). With 32 bands of 4 rows, a pair at similarity 0.6 becomes a
candidate with probability 0.99, a pair at 0.3 with 0.23, and candidates are
then checked against the threshold, so unrelated posts are not merged.

The bands live in the database, so clustering is incremental (a new post is
compared with every earlier post of its group through an index lookup) and
works the same from any worker. Clustering of one group is serialised by a
lock on the group's row, so two workers never miss each other's posts.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from datasketch import MinHash
from django.db import transaction
from django.utils import timezone

from groups.models import Group
from triage.clusters.heads import cluster_heads_refresh
from triage.models import Cluster, ClusterBand, Post

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
JACCARD_THRESHOLD = 0.6
SEED = 20261124
CHUNK = 200

_URL = re.compile(r"https?://\S+|t\.me/\S+|www\.\S+", re.IGNORECASE)
_MARKERS = re.compile(r"\b(?:upd|update|апд|оновлення|репост|repost)\b\s*:?", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")


def normalise(text: str) -> str:
    """Text as copies share it: case, links, punctuation, emoji and "UPD:" folded away."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _URL.sub(" ", text)
    text = _MARKERS.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.split())


def shingles(text: str) -> set[bytes]:
    norm = normalise(text)
    if len(norm) <= SHINGLE:
        return {norm.encode("utf-8")} if norm else set()
    return {norm[i : i + SHINGLE].encode("utf-8") for i in range(len(norm) - SHINGLE + 1)}


def signature(text: str) -> np.ndarray | None:
    """The post's MinHash values (uint32), or None for text too short to compare."""
    sh = shingles(text)
    if len(sh) < 3:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=SEED)
    m.update_batch(list(sh))
    return m.hashvalues.astype(np.uint32)


def band_hashes(sig: np.ndarray) -> list[int]:
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(sig[b * ROWS : (b + 1) * ROWS].tobytes(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "big", signed=True))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / NUM_PERM


@dataclass
class _Item:
    post_id: int
    sig: np.ndarray
    cluster_id: int | None


def posts_cluster(*, group_id: int, post_ids: Sequence[int]) -> int:
    """Cluster the given posts of one group against every earlier post; returns posts clustered."""
    touched: set[int] = set()
    clustered = 0
    for start in range(0, len(post_ids), CHUNK):
        chunk = list(post_ids[start : start + CHUNK])
        with transaction.atomic():
            # One clusterer per group at a time (see the module docstring).
            Group.objects.select_for_update().filter(pk=group_id).first()
            clustered += _cluster_chunk(group_id, chunk, touched)
            cluster_heads_refresh(cluster_ids=touched)
            touched.clear()
    return clustered


def _cluster_chunk(group_id: int, post_ids: list[int], touched: set[int]) -> int:
    rows = list(
        Post.objects.filter(group_id=group_id, pk__in=post_ids, minhash__isnull=True)
        .order_by("id")
        .values_list("id", "text")
    )
    new: list[tuple[int, np.ndarray, list[int]]] = []
    too_short = []
    for post_id, text in rows:
        sig = signature(text)
        if sig is None:
            too_short.append(post_id)
            continue
        new.append((post_id, sig, band_hashes(sig)))
    if too_short:
        # Nothing to compare; mark as done so it is not tried again.
        Post.objects.filter(pk__in=too_short).update(minhash=b"")
    if not new:
        return 0

    # Earlier posts sharing any band with the new ones.
    wanted = {(b, h) for _, _, hashes in new for b, h in enumerate(hashes)}
    candidates_by_band: dict[tuple[int, int], list[int]] = {}
    hash_values = list({h for _, h in wanted})
    for i in range(0, len(hash_values), 5000):
        for band, h, pid in ClusterBand.objects.filter(
            group_id=group_id, hash__in=hash_values[i : i + 5000]
        ).values_list("band", "hash", "post_id"):
            if (band, h) in wanted:
                candidates_by_band.setdefault((band, h), []).append(pid)
    candidate_ids = {pid for pids in candidates_by_band.values() for pid in pids}
    known: dict[int, _Item] = {}
    for pid, blob, cid in Post.objects.filter(pk__in=candidate_ids).values_list(
        "id", "minhash", "cluster_id"
    ):
        if blob:
            known[pid] = _Item(pid, np.frombuffer(bytes(blob), dtype=np.uint32), cid)

    now = timezone.now()
    merged: dict[int, int] = {}  # cluster merged away -> the cluster it went into
    bands_to_add: list[ClusterBand] = []
    for post_id, sig, hashes in new:
        matches: set[int] = set()
        for b, h in enumerate(hashes):
            for pid in candidates_by_band.get((b, h), ()):
                item = known.get(pid)
                if item is not None and similarity(sig, item.sig) >= JACCARD_THRESHOLD:
                    matches.add(pid)
        cluster_id = _join(group_id, post_id, [known[m] for m in matches], now, merged)
        if cluster_id is not None:
            touched.add(cluster_id)
        known[post_id] = _Item(post_id, sig, cluster_id)
        # Later posts of this chunk see this one as a candidate too.
        for b, h in enumerate(hashes):
            candidates_by_band.setdefault((b, h), []).append(post_id)
            bands_to_add.append(ClusterBand(group_id=group_id, band=b, hash=h, post_id=post_id))
    # Written once per chunk; a post's cluster is read from `known`, which later
    # posts of the chunk may have changed (a loner joined, clusters merged).
    updates = [
        Post(
            pk=post_id,
            minhash=sig.tobytes(),
            cluster_id=_resolve(known[post_id].cluster_id, merged),
        )
        for post_id, sig, _hashes in new
    ]
    Post.objects.bulk_update(updates, ["minhash", "cluster_id"], batch_size=500)
    ClusterBand.objects.bulk_create(bands_to_add, batch_size=2000)
    return len(new)


def _resolve(cluster_id: int | None, merged: dict[int, int]) -> int | None:
    while cluster_id is not None and cluster_id in merged:
        cluster_id = merged[cluster_id]
    return cluster_id


def _join(
    group_id: int, post_id: int, matches: list[_Item], now: datetime, merged: dict[int, int]
) -> int | None:
    """Put the post in its matches' cluster (merging clusters it bridges); None if alone."""
    if not matches:
        return None
    for m in matches:
        m.cluster_id = _resolve(m.cluster_id, merged)
    cluster_ids = {m.cluster_id for m in matches if m.cluster_id is not None}
    if cluster_ids:
        sizes = dict(Cluster.objects.filter(pk__in=cluster_ids).values_list("pk", "size"))
        target = max(cluster_ids, key=lambda c: (sizes.get(c, 0), -c))
        others = cluster_ids - {target}
        if others:
            Post.objects.filter(cluster_id__in=others).update(cluster_id=target)
            Cluster.objects.filter(pk__in=others).delete()
            merged.update(dict.fromkeys(others, target))
    else:
        target = Cluster.objects.create(group_id=group_id, first_seen=now, last_seen=now).pk
    loners = [m.post_id for m in matches if m.cluster_id != target]
    if loners:
        Post.objects.filter(pk__in=loners).update(cluster_id=target)
    for m in matches:
        m.cluster_id = target
    return target
