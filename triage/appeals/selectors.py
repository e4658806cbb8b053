"""The appeals queue (open first, oldest first) and the appeals' figures for reports."""

from __future__ import annotations

import statistics
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from triage.models import Appeal


def appeals_list(*, group_id: int, status: str = "open") -> QuerySet[Appeal]:
    appeals = Appeal.objects.filter(group_id=group_id).select_related(
        "post", "removal", "recorded_by", "decided_by"
    )
    if status in Appeal.Status.values:
        appeals = appeals.filter(status=status)
    return appeals.order_by("recorded_at", "id")[:200]


def appeals_figures(*, group_id: int, start: datetime, end: datetime) -> dict[str, Any]:
    """Appeals recorded in the period, those decided, the share overturned, and the median
    hours from recording to decision."""
    recorded = Appeal.objects.filter(group_id=group_id, recorded_at__range=(start, end))
    decided = list(
        recorded.exclude(status=Appeal.Status.OPEN).values_list(
            "status", "recorded_at", "decided_at"
        )
    )
    overturned = sum(1 for status, _r, _d in decided if status == Appeal.Status.OVERTURNED)
    hours = [(d - r).total_seconds() / 3600 for _s, r, d in decided if d]
    return {
        "recorded": recorded.count(),
        "decided": len(decided),
        "overturned": overturned,
        "overturn_rate": round(overturned / len(decided), 2) if decided else None,
        "median_hours": round(statistics.median(hours), 2) if hours else None,
    }
