"""What the Model page shows: the active version, its measures at the group's thresholds,
its weights, the history, and how often the model agreed with the moderators."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Q

from groups.models import Group
from triage.models import Decision, ModelVersion
from triage.scoring.corpus import load_corpus
from triage.scoring.evaluate import metrics
from triage.scoring.explain import weights_summary
from triage.scoring.services import ModelUnavailable, active_version, evaluate_on, load_pipeline


def model_agreement(group: Group) -> dict[str, Any]:
    """The model's scores at decision time against moderators' last 500 final decisions."""
    rows = list(
        Decision.objects.filter(group=group, action__in=["remove", "keep"], score__isnull=False)
        .order_by("-created_at")
        .values_list("action", "score")[:500]
    )
    if not rows:
        return {"posts": 0}
    return metrics(
        [1 if action == "remove" else 0 for action, _score in rows],
        np.array([score for _action, score in rows]),
        thresholds=(float(group.review_threshold), float(group.removal_threshold)),
    )


def held_out_at_group_thresholds(active: ModelVersion, group: Group, held: dict) -> dict:
    """The held-out metrics with precision and recall at this group's thresholds (training
    measured them at its own). Scoring the held-out posts takes a moment: cached."""
    thresholds = (float(group.review_threshold), float(group.removal_threshold))
    measured_at = (
        held.get("review", {}).get("threshold"),
        held.get("removal", {}).get("threshold"),
    )
    if measured_at == thresholds:
        return held
    key = f"varta:held-out:{active.version}:{thresholds[0]}:{thresholds[1]}"
    cached = cache.get(key)
    if cached is None:
        try:
            pipeline = load_pipeline(active)
        except ModelUnavailable:
            return held
        examples = [e for e in load_corpus() if e.held_out]
        cached = evaluate_on(
            pipeline, [e.text for e in examples], [e.category for e in examples], thresholds
        )
        cache.set(key, cached, 7 * 24 * 3600)
    return cached


def model_overview(group: Group) -> dict[str, Any]:
    """The Model page's figures; ``error`` says why the active version could not be read."""
    active = active_version(group.pk)
    weights, error = None, ""
    if active is not None:
        try:
            weights = weights_summary(load_pipeline(active), top=12)
        except ModelUnavailable as exc:
            error = str(exc)
    held = (active.metrics.get("held_out", {}) if active else {}) or {}
    if active is not None and held.get("roc_auc") is not None:
        held = held_out_at_group_thresholds(active, group, held)
    return {
        "active": active,
        "held": held,
        "confusion": held.get("confusion"),
        "weights": weights,
        "error": error,
        "history": ModelVersion.objects.filter(Q(group=group) | Q(group__isnull=True)).order_by(
            "-created_at"
        )[:30],
        "agreement": model_agreement(group),
    }
