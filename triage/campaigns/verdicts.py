"""A cluster's verdict: what moderators made of a campaign (see triage.campaigns.services).

``removed`` once every copy was removed, ``kept`` once every copy was kept; it stands while new
copies wait and is cleared when moderators disagree. Kept apart from the campaign's services so
that the clusters' heads, which refresh verdicts after decisions, need nothing of the queue's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone

from triage.models import Cluster, Decision, DecisionAction

REMOVED = "removed"
KEPT = "kept"


@dataclass(frozen=True)
class Counts:
    """A cluster's copies by status."""

    pending: int = 0
    escalated: int = 0
    removed: int = 0
    kept: int = 0


def verdict_next(current: str, counts: Counts) -> str:
    """The cluster's verdict after a change of its copies' statuses."""
    if counts.removed and counts.kept:
        return ""  # moderators disagree: every copy is judged again
    if counts.pending or counts.escalated:
        return current  # new copies waiting, or a removal undone: the verdict stands
    if counts.removed:
        return REMOVED
    if counts.kept:
        return KEPT
    return ""


def verdicts_set(changes: Mapping[int, str]) -> None:
    """Store new verdicts, each with the moderator's decision it stands for: the latest one
    by a person (not Varta) of that kind on one of the cluster's copies."""
    now = timezone.now()
    for cluster_id, verdict in changes.items():
        decision = None
        if verdict:
            action = DecisionAction.REMOVE if verdict == REMOVED else DecisionAction.KEEP
            decision = (
                Decision.objects.filter(post__cluster_id=cluster_id, action=action, automatic=False)
                .order_by("-id")
                .values("id", "rule_id")
                .first()
            )
        Cluster.objects.filter(pk=cluster_id).update(
            verdict=verdict,
            verdict_decision_id=decision["id"] if decision else None,
            verdict_rule_id=decision["rule_id"] if decision else None,
            verdict_at=now if verdict else None,
        )


def verdicts_refresh(current: Mapping[int, str], counts: Mapping[int, Counts]) -> None:
    """After decisions on (or merges of) these clusters: store the verdicts that changed."""
    changes = {
        cluster_id: verdict
        for cluster_id, was in current.items()
        if (verdict := verdict_next(was, counts.get(cluster_id, Counts()))) != was
    }
    verdicts_set(changes)
