"""Which copy stands for its cluster in the queue (the head)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Min, Q

from triage.campaigns.verdicts import Counts, verdicts_refresh
from triage.models import Cluster, Post, PostStatus
from triage.models.writes import rows_update


def queue_rank_order() -> list[str]:
    """The queue's order: rank (score, unscored last), then reports, then age, then id."""
    return ["-rank", "-report_count", "imported_at", "id"]


def cluster_heads_refresh(*, cluster_ids: Iterable[int]) -> None:
    """Make the best-ranked pending copy of each cluster its head, and refresh its counts.

    A cluster with no pending copy keeps its best-ranked copy as head, so that a
    filtered view of decided posts still shows one row for it.
    """
    for cluster_id in set(cluster_ids):
        posts = Post.objects.filter(cluster_id=cluster_id)
        head = (
            posts.filter(status=PostStatus.PENDING).order_by(*queue_rank_order()).first()
            or posts.filter(status=PostStatus.ESCALATED).order_by(*queue_rank_order()).first()
            or posts.order_by(*queue_rank_order()).first()
        )
        if head is None:
            Cluster.objects.filter(pk=cluster_id).delete()
            continue
        posts.filter(is_cluster_head=True).exclude(pk=head.pk).update(is_cluster_head=False)
        if not head.is_cluster_head:
            Post.objects.filter(pk=head.pk).update(is_cluster_head=True)
        stats = posts.aggregate(
            n=Count("id"),
            first=Min("imported_at"),
            last=Max("imported_at"),
            **{
                status: Count("id", filter=Q(status=status))
                for status in ("pending", "escalated", "removed", "kept")
            },
        )
        Cluster.objects.filter(pk=cluster_id).update(
            size=stats["n"], first_seen=stats["first"], last_seen=stats["last"]
        )
        # What the moderators made of the campaign, for its later copies (triage.campaigns).
        verdicts_refresh(
            dict(Cluster.objects.filter(pk=cluster_id).values_list("pk", "verdict")),
            {
                cluster_id: Counts(
                    pending=stats["pending"],
                    escalated=stats["escalated"],
                    removed=stats["removed"],
                    kept=stats["kept"],
                )
            },
        )


def _head_key(row: dict) -> tuple:
    """Sort key of a copy for headship: pending first, then escalated, then the queue's order."""
    state = {PostStatus.PENDING: 0, PostStatus.ESCALATED: 1}.get(row["status"], 2)
    return (state, -row["rank"], -row["report_count"], row["imported_at"], row["id"])


def cluster_heads_offer(*, offers: dict[int, list[int]], joined: bool) -> None:
    """Copies that just joined their cluster (``joined``) or were just scored: each cluster's
    head becomes the best of its current head and these copies, without reading the whole
    cluster (a viral campaign's cluster has tens of thousands of copies). A cluster whose head
    is itself among the offered copies may have lost rank: that one is refreshed whole."""
    if not offers:
        return
    offered = {pid for ids in offers.values() for pid in ids}
    fields = ("id", "cluster_id", "status", "rank", "report_count", "imported_at")
    current = Post.objects.filter(cluster_id__in=offers, is_cluster_head=True)
    if joined:
        # Newcomers still carry the flag every post starts with (a post alone is its own
        # head): they are candidates here, not the cluster's head.
        current = current.exclude(pk__in=offered)
    heads = {row["cluster_id"]: row for row in current.values(*fields)}
    rows: dict[int, list[dict]] = {}
    for row in Post.objects.filter(pk__in=offered).values(*fields):
        rows.setdefault(row["cluster_id"], []).append(row)
    whole: list[int] = []
    winners: list[int] = []
    losers: list[int] = []
    grown: dict[int, list[dict]] = {}
    for cluster_id in offers:
        head = heads.get(cluster_id)
        if head is not None and head["id"] in offered:
            whole.append(cluster_id)
            continue
        candidates = rows.get(cluster_id, []) + ([head] if head else [])
        if not candidates:
            continue
        best = min(candidates, key=_head_key)
        winners.append(best["id"])
        losers.extend(r["id"] for r in candidates if r["id"] != best["id"])
        if joined and rows.get(cluster_id):
            grown[cluster_id] = rows[cluster_id]
    _clusters_grow(grown)
    if losers:
        Post.objects.filter(pk__in=losers, is_cluster_head=True).update(is_cluster_head=False)
    if winners:
        Post.objects.filter(pk__in=winners, is_cluster_head=False).update(is_cluster_head=True)
    cluster_heads_refresh(cluster_ids=whole)


def _clusters_grow(grown: dict[int, list[dict]]) -> None:
    """Each cluster's size, first and last seen, with its newcomers counted: read (locked) and
    written back in one statement each, not one UPDATE per cluster (a chunk of a busy group's
    posts joins dozens of campaigns)."""
    if not grown:
        return
    now = Cluster.objects.select_for_update().filter(pk__in=grown)
    rows = []
    for pk, size, first_seen, last_seen in now.order_by("pk").values_list(
        "pk", "size", "first_seen", "last_seen"
    ):
        new = grown[pk]
        rows.append(
            (
                pk,
                (
                    size + len(new),
                    min(first_seen, *(r["imported_at"] for r in new)),
                    max(last_seen, *(r["imported_at"] for r in new)),
                ),
            )
        )
    rows_update(Cluster, ["size", "first_seen", "last_seen"], rows)


def cluster_heads_set(*, members: dict[int, list[int]]) -> None:
    """Clusters made just now, whose every copy is listed: the head, size and first and last
    seen are computed from these rows in one read and a few writes, not per cluster."""
    if not members:
        return
    fields = ("id", "cluster_id", "status", "rank", "report_count", "imported_at")
    rows: dict[int, list[dict]] = {}
    for row in Post.objects.filter(pk__in=[p for ids in members.values() for p in ids]).values(
        *fields
    ):
        rows.setdefault(row["cluster_id"], []).append(row)
    winners: list[int] = []
    losers: list[int] = []
    stats = []
    for cluster_id, copies in rows.items():
        best = min(copies, key=_head_key)
        winners.append(best["id"])
        losers.extend(r["id"] for r in copies if r["id"] != best["id"])
        stats.append(
            (
                cluster_id,
                (
                    len(copies),
                    min(r["imported_at"] for r in copies),
                    max(r["imported_at"] for r in copies),
                ),
            )
        )
    Post.objects.filter(pk__in=losers, is_cluster_head=True).update(is_cluster_head=False)
    Post.objects.filter(pk__in=winners, is_cluster_head=False).update(is_cluster_head=True)
    rows_update(Cluster, ["size", "first_seen", "last_seen"], stats)
