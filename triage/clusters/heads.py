"""Which copy stands for its cluster in the queue (the head)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Min

from triage.models import Cluster, Post, PostStatus


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
        stats = posts.aggregate(n=Count("id"), first=Min("imported_at"), last=Max("imported_at"))
        Cluster.objects.filter(pk=cluster_id).update(
            size=stats["n"], first_seen=stats["first"], last_seen=stats["last"]
        )
