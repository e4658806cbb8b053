"""Reads that pages share. The queue query lives in triage.queue once it lands."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from groups.models import Group
from triage.models import ImportBatch, Post, PostStatus


def group_overview(*, group: Group) -> dict[str, Any]:
    """Counts per status and the latest imports, for the group's home page."""
    counts = dict(
        Post.objects.filter(group=group)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {
        "status_counts": [
            (value, label, counts.get(value, 0)) for value, label in PostStatus.choices
        ],
        "total": sum(counts.values()),
        "recent_imports": list(ImportBatch.objects.filter(group=group)[:5]),
    }
