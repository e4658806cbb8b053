"""What a group's thresholds mean, and where new groups' thresholds come from: the operating
points each model version measured on its held-out posts (``evaluate.operating_points``)."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from triage.models import ModelVersion
from triage.scoring.evaluate import at_score
from triage.scoring.services import active_version

# When no model has measured its operating points yet (a fresh install before ensure_model).
FALLBACK = (Decimal("0.5"), Decimal("0.9"))


def suggested_thresholds(group_id: int | None = None) -> tuple[Decimal, Decimal]:
    """(review, removal): the score that flags 95% of held-out removals, and the score from
    which 95% of flagged posts are removals, of the active model (the group's, else the base
    model); the fallback where it measured neither."""
    version = active_version(group_id)
    points = ((version.metrics or {}).get("operating_points") or {}) if version else {}
    review, removal = points.get("recall_95"), points.get("precision_95")
    if review is None:
        return FALLBACK
    low = Decimal(str(review)).quantize(Decimal("0.001"), rounding=ROUND_FLOOR)
    high = (
        Decimal(str(removal)).quantize(Decimal("0.001"), rounding=ROUND_CEILING)
        if removal is not None
        else FALLBACK[1]
    )
    return low, max(low, min(high, Decimal("1")))


def threshold_meaning(version: ModelVersion | None, threshold: float) -> dict[str, Any] | None:
    """What a threshold means for this version on its held-out posts (``evaluate.at_score``),
    with ``kept_one_in`` ("1 in 8 flagged posts is kept"); None for a version trained before
    held-out scores were kept."""
    lists = (version.metrics or {}).get("held_out_scores") if version is not None else None
    if not lists or not lists.get("removed"):
        return None
    meaning = at_score(lists, threshold)
    share = meaning["kept_share"]
    meaning["recall_percent"] = (
        None if meaning["recall"] is None else round(100 * meaning["recall"])
    )
    meaning["kept_one_in"] = round(1 / share) if share else None
    return meaning


def thresholds_explained(group: Any) -> dict[str, Any]:
    """The settings page's lines: what the group's two thresholds mean for its active model,
    and the thresholds that model suggests."""
    version = active_version(group.pk)
    review, removal = suggested_thresholds(group.pk)
    return {
        "version": version,
        "review": threshold_meaning(version, float(group.review_threshold)),
        "removal": threshold_meaning(version, float(group.removal_threshold)),
        "suggested": {"review": review, "removal": removal},
    }
