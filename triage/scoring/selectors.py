"""What the Model page shows: the active version, its measures at the group's thresholds,
its weights, the history, and how often the model agreed with the moderators."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groups.models import Group
from triage.lib.charts import reliability_chart
from triage.models import Decision, ModelVersion
from triage.scoring.corpus import load_corpus
from triage.scoring.evaluate import metrics
from triage.scoring.explain import weights_summary
from triage.scoring.services import ModelUnavailable, active_version, evaluate_on, load_pipeline
from triage.scoring.thresholds import threshold_meaning

SUITE_LABELS = {
    "held_out": gettext_lazy("All held-out posts, written and real"),
    "written": gettext_lazy("Held-out posts written for Varta"),
    "real_tgnews": gettext_lazy("Real Telegram news-channel posts (Russian)"),
    "real_uagec": gettext_lazy("Real Ukrainian personal posts (UA-GEC)"),
    "real_tgham": gettext_lazy("Real Telegram chat messages (Russian)"),
    "real_spam": gettext_lazy("Real Telegram spam beside the same chat's messages"),
    "independent": gettext_lazy("Posts written apart from the training corpus"),
    "robust_counter_messaging": gettext_lazy("Removal posts with a “don't share” line added"),
    "robust_neutral_sentence": gettext_lazy("Removal posts with a friendly line added"),
    "robust_link": gettext_lazy("Kept posts with a link added"),
    "robust_handle": gettext_lazy("Kept posts with an @handle added"),
    "robust_emoji": gettext_lazy("Kept posts with emoji added"),
    "robust_upper_case": gettext_lazy("All posts in capitals"),
    "robust_lookalikes": gettext_lazy("Removal posts with Latin look-alike letters"),
    "robust_transliteration": gettext_lazy("Removal posts transliterated to Latin letters"),
}


def suite_rows(suite: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"name": name, "label": SUITE_LABELS.get(name, name), **m} for name, m in suite.items()]


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
    measured them at its own): from the held-out scores the version keeps, or, for a version
    trained before it kept them, by scoring the held-out posts again (cached)."""
    thresholds = (float(group.review_threshold), float(group.removal_threshold))
    measured_at = (
        held.get("review", {}).get("threshold"),
        held.get("removal", {}).get("threshold"),
    )
    if measured_at == thresholds:
        return held
    review, removal = (threshold_meaning(active, t) for t in thresholds)
    if review is not None and removal is not None:
        out = dict(held)
        for name, point in (("review", review), ("removal", removal)):
            share = point["kept_share"]
            out[name] = {
                "threshold": point["threshold"],
                "precision": None if share is None else round(1 - share, 4),
                "recall": point["recall"],
            }
        return out
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
    suite = (active.metrics.get("suite") if active else None) or {}
    return {
        "active": active,
        "held": held,
        "suite": suite_rows(suite),
        "suite_summary": (active.metrics.get("suite_summary") if active else None) or {},
        "points": (active.metrics.get("operating_points") if active else None) or {},
        "reliability": reliability_chart(held["calibration"], title=_("Reliability diagram"))
        if held.get("calibration")
        else None,
        "confusion": held.get("confusion"),
        "weights": weights,
        "error": error,
        "history": ModelVersion.objects.filter(Q(group=group) | Q(group__isnull=True)).order_by(
            "-created_at"
        )[:30],
        "agreement": model_agreement(group),
    }
