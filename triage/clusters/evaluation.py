"""How well clustering finds copies: pair precision and recall on labeled sets.

A set is JSON Lines, one post a line: ``{"text": "...", "family": "F01"}``, where the posts of a
family are copies of one post (a moderator removing the cluster should remove exactly those) and
a ``null`` family is a post of its own. The posts are clustered by the path the intake takes
(``posts_cluster``, in chunks as imports hand them on) in a throwaway group, inside a transaction
that is then rolled back: no row is left behind and nothing is queued (PostgreSQL's id sequences
do move on). On SQLite that transaction holds the database's write lock while it runs (seconds
for the project's sets): every other writer waits for it.

Pairs are counted from the table of (family, cluster) sizes, not pair by pair: a pair is found
when its two posts are of one family and in one cluster.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from groups.models import Group
from triage.clusters.services import posts_cluster
from triage.importers.fields import clean_text
from triage.models import Post, UnclusteredPost

SETS = Path(__file__).resolve().parent.parent / "lib" / "evalsets"
# The sets of copies: the project's own, read by ``manage.py evaluate_clustering`` and the tests.
CLUSTERING_SETS = (
    "clustering_independent.jsonl",
    "clustering_second.jsonl",
    "clustering_real.jsonl",
)
# A set's posts at most: an evaluation holds them all in one transaction.
MAX_POSTS = 20_000
# A line's characters at most (a post and its labels).
MAX_LINE = 200_000


@dataclass(frozen=True)
class Record:
    text: str
    family: str | None
    line: int = 0  # in its file


@dataclass(frozen=True)
class Scores:
    posts: int
    families: int  # of two posts or more
    true_pairs: int  # pairs of posts of one family
    predicted_pairs: int  # pairs of posts in one cluster
    found_pairs: int  # both
    # Posts of a family clustered apart from the family's largest part (or not clustered), and
    # posts clustered with a family not theirs: as (index, family, cluster) for ``--missed``.
    apart: list[tuple[int, str, int | None]] = field(default_factory=list)
    joined: list[tuple[int, str | None, int]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.found_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.found_pairs / self.true_pairs if self.true_pairs else 1.0


def _pairs(count: int) -> int:
    return count * (count - 1) // 2


def pair_scores(labels: Sequence[str | None], clusters: Sequence[int | None]) -> Scores:
    """Pair precision and recall of ``clusters`` (None: alone) against ``labels`` (None: a post
    of its own), with the posts that part from their family or join another."""
    if len(labels) != len(clusters):
        raise ValueError("one cluster per label")
    families = Counter(label for label in labels if label is not None)
    predicted = Counter(cluster for cluster in clusters if cluster is not None)
    cells = Counter(
        (label, cluster)
        for label, cluster in zip(labels, clusters, strict=True)
        if label is not None and cluster is not None
    )
    # A family's home is the cluster holding most of it (none when no post of it is clustered);
    # a cluster's owner the family with most posts in it. A post away from its home, or not
    # clustered, parts from its family; a post in a cluster owned by another family (or a post of
    # its own in a cluster) joined what it should not.
    home: dict[str, tuple[int, int]] = {}
    owner: dict[int, tuple[int, str]] = {}
    for (label, cluster), count in cells.items():
        if count > home.get(label, (0, 0))[0]:
            home[label] = (count, cluster)
        if count > owner.get(cluster, (0, ""))[0]:
            owner[cluster] = (count, label)
    apart = [
        (index, label, cluster)
        for index, (label, cluster) in enumerate(zip(labels, clusters, strict=True))
        if label is not None
        and families[label] > 1
        and (cluster is None or home[label][1] != cluster)
    ]
    joined = [
        (index, label, cluster)
        for index, (label, cluster) in enumerate(zip(labels, clusters, strict=True))
        if cluster is not None
        and predicted[cluster] > 1
        and (label is None or owner[cluster][1] != label)
    ]
    return Scores(
        posts=len(labels),
        families=sum(1 for count in families.values() if count > 1),
        true_pairs=sum(_pairs(count) for count in families.values()),
        predicted_pairs=sum(_pairs(count) for count in predicted.values()),
        found_pairs=sum(_pairs(count) for count in cells.values()),
        apart=apart,
        joined=joined,
    )


def records_read(path: Path) -> list[Record]:
    """A labeled set's posts, in order; ValueError naming the line for anything else."""
    records: list[Record] = []
    # utf-8-sig: a byte-order mark, as some editors write one, is not the first line's.
    with open(path, encoding="utf-8-sig") as f:
        for line_number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            if len(line) > MAX_LINE:
                raise ValueError(f"line {line_number}: longer than {MAX_LINE:,} characters")
            try:
                row = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deep"
                raise ValueError(f"line {line_number}: not JSON ({why})") from exc
            if not isinstance(row, dict):
                raise ValueError(f"line {line_number}: not an object")
            family = row.get("family")
            # As an import takes a post's text: no NUL bytes, no lone surrogates.
            text = clean_text(row["text"]) if isinstance(row.get("text"), str) else ""
            if not text:
                raise ValueError(f"line {line_number}: no text")
            if family is not None and (not isinstance(family, str) or not family):
                raise ValueError(f"line {line_number}: family must be a name or null")
            records.append(Record(text=text, family=family, line=line_number))
            if len(records) > MAX_POSTS:
                raise ValueError(f"more than {MAX_POSTS:,} posts")
    if not records:
        raise ValueError("no posts")
    return records


def clusters_found(texts: Sequence[str], *, step: int = 1000) -> list[int | None]:
    """Each text's cluster (None: alone) when the texts arrive in imports of ``step`` posts,
    clustered as the intake clusters them, in a group that is rolled back afterwards."""
    if step < 1:
        raise ValueError("step must be at least 1")
    with transaction.atomic():
        group = Group.objects.create(name="Clustering evaluation", slug=_throwaway_slug())
        posts = Post.objects.bulk_create(
            [
                Post(
                    group=group,
                    source="paste",
                    text=text,
                    text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                    dedupe_key=hashlib.sha256(f"{text}\x00{at}".encode()).hexdigest(),
                )
                for at, text in enumerate(texts)
            ],
            batch_size=1000,
        )
        ids = [post.pk for post in posts]  # both databases return them
        UnclusteredPost.objects.bulk_create(
            [UnclusteredPost(post_id=pk, imported_at=group.created_at) for pk in ids],
            batch_size=1000,
        )
        for start in range(0, len(ids), step):
            posts_cluster(group_id=group.pk, post_ids=ids[start : start + step])
        cluster_of = dict(Post.objects.filter(group=group).values_list("id", "cluster_id"))
        transaction.set_rollback(True)
    return [cluster_of[pk] for pk in ids]


def _throwaway_slug() -> str:
    return f"clustering-evaluation-{secrets.token_hex(8)}"


def clustering_evaluate(records: Sequence[Record], *, step: int = 1000) -> Scores:
    clusters = clusters_found([r.text for r in records], step=step)
    return pair_scores([r.family for r in records], clusters)
