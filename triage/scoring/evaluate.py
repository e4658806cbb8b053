"""Metrics of a model on labeled posts, and a keyword-list baseline to compare with."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    confusion_matrix,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.pipeline import Pipeline

from triage.scoring.text import normalise

# The baseline a group admin would write by hand: alert on these words.
BASELINE_KEYWORDS = (
    "полон",
    "полонен",
    "впізна",
    "поширте",
    "коментар",
    "в/ч",
    "позивн",
    "обмін",
    "передоплат",
    "плен",
    "узна",
    "распростран",
    "recogni",
    "captured",
    "share",
    "заробіт",
    "заработ",
    "казино",
)


def keyword_baseline(texts: list[str]) -> np.ndarray:
    out = []
    for text in texts:
        norm = normalise(text)
        out.append(min(1.0, sum(1 for k in BASELINE_KEYWORDS if k in norm) / 2))
    return np.array(out)


def recall_at_precision(y: np.ndarray, scores: np.ndarray, precision_floor: float) -> float:
    precision, recall, _ = precision_recall_curve(y, scores)
    ok = recall[precision >= precision_floor]
    return float(ok.max()) if ok.size else 0.0


def _rounded(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 4)


def at_threshold(y: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float | None]:
    """Precision and recall of "remove" at a threshold; None where nothing was flagged (or
    nothing was to be removed)."""
    predicted = np.asarray(scores) >= threshold
    return {
        "threshold": threshold,
        "precision": _rounded(precision_score(y, predicted, zero_division=np.nan)),
        "recall": _rounded(recall_score(y, predicted, zero_division=np.nan)),
    }


def calibration_bins(y: np.ndarray, scores: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    """Per tenth of the score range: how many posts, their mean score, and the share of them
    removed (a calibrated model's two agree). Empty bins are left out."""
    removed_share, mean_score = calibration_curve(y, scores, n_bins=bins, strategy="uniform")
    edges = np.linspace(0.0, 1.0, bins + 1)
    # The binning calibration_curve itself uses, for the counts it does not return.
    counts = np.bincount(np.searchsorted(edges[1:-1], scores), minlength=bins)
    filled = np.flatnonzero(counts)
    return [
        {
            "from": round(float(edges[i]), 2),
            "to": round(float(edges[i + 1]), 2),
            "posts": int(counts[i]),
            "mean_score": round(float(mean), 3),
            "removed_share": round(float(share), 3),
        }
        for i, mean, share in zip(filled, mean_score, removed_share, strict=True)
    ]


def expected_calibration_error(y: np.ndarray, scores: np.ndarray, bins: int = 10) -> float:
    """The mean gap between score and share removed, over tenths of the score range, each
    weighted by its share of the posts (0 for a perfectly calibrated model)."""
    y, scores = np.asarray(y, dtype=float), np.asarray(scores, dtype=float)
    which = np.minimum((scores * bins).astype(int), bins - 1)
    total = 0.0
    for b in np.unique(which):
        inside = which == b
        total += inside.mean() * abs(scores[inside].mean() - y[inside].mean())
    return round(float(total), 4)


# What thresholds are chosen for: the review threshold flags 95 in 100 removals; at the removal
# threshold 95 in 100 flagged posts are removals.
TARGET_RECALL = 0.95
TARGET_PRECISION = 0.95


def score_lists(y: np.ndarray, scores: np.ndarray) -> dict[str, list[float]]:
    """The held-out scores of removed and of kept posts, sorted (no text, no ids): what the
    settings page reads a threshold's meaning from."""
    y, scores = np.asarray(y), np.round(np.asarray(scores, dtype=float), 4)
    return {
        "removed": sorted(scores[y == 1].tolist()),
        "kept": sorted(scores[y == 0].tolist()),
    }


def at_score(lists: dict[str, list[float]], threshold: float) -> dict[str, Any]:
    """What a threshold means on held-out posts: the share of removals at or above it, and how
    many of the posts it flags are kept."""
    removed, kept = lists.get("removed") or [], lists.get("kept") or []
    caught = len(removed) - int(np.searchsorted(removed, threshold, side="left"))
    wrongly = len(kept) - int(np.searchsorted(kept, threshold, side="left"))
    flagged = caught + wrongly
    return {
        "threshold": threshold,
        "recall": round(caught / len(removed), 4) if removed else None,
        "kept_share": round(wrongly / flagged, 4) if flagged else None,
        "kept_flagged_share": round(wrongly / len(kept), 4) if kept else None,
    }


def operating_points(lists: dict[str, list[float]]) -> dict[str, float | None]:
    """``recall_95``: the highest score (to 0.001) that still flags 95% of held-out removals;
    ``precision_95``: the lowest score from which on at least 95% of flagged posts are removals
    (None if no score is that precise)."""
    removed, kept = np.asarray(lists.get("removed") or []), np.asarray(lists.get("kept") or [])
    if not removed.size:
        return {"recall_95": None, "precision_95": None}
    # The k-th highest removal score flags k removals; k must reach 95% of them.
    k = int(np.ceil(TARGET_RECALL * removed.size))
    recall_point = float(np.floor(np.sort(removed)[::-1][k - 1] * 1000) / 1000)
    precision_point = None
    for candidate in np.round(np.arange(0.0, 1.0005, 0.001), 3):
        caught = int((removed >= candidate).sum())
        flagged = caught + int((kept >= candidate).sum())
        if flagged and caught / flagged >= TARGET_PRECISION:
            precision_point = float(candidate)
            break
    return {"recall_95": recall_point, "precision_95": precision_point}


def metrics(
    y: list[int] | np.ndarray,
    scores: np.ndarray,
    *,
    categories_true: list[str] | None = None,
    categories_pred: list[str] | None = None,
    thresholds: tuple[float, float] = (0.5, 0.9),
    texts: list[str] | None = None,
) -> dict[str, Any]:
    y = np.asarray(y)
    result: dict[str, Any] = {"posts": len(y), "removed": int(y.sum())}
    if len(set(y.tolist())) < 2:
        result["error"] = "both removed and kept posts are needed"
        return result
    result["roc_auc"] = round(float(roc_auc_score(y, scores)), 4)
    result["recall_at_precision_90"] = round(recall_at_precision(y, scores, 0.90), 4)
    result["review"] = at_threshold(y, scores, thresholds[0])
    result["removal"] = at_threshold(y, scores, thresholds[1])
    result["calibration"] = calibration_bins(y, scores)
    result["ece"] = expected_calibration_error(y, scores)
    if categories_true is not None and categories_pred is not None:
        labels = sorted(set(categories_true) | set(categories_pred))
        result["confusion"] = {
            "labels": labels,
            "matrix": confusion_matrix(categories_true, categories_pred, labels=labels).tolist(),
        }
        result["category_accuracy"] = round(
            float(np.mean([a == b for a, b in zip(categories_true, categories_pred, strict=True)])),
            4,
        )
    if texts is not None:
        base = keyword_baseline(texts)
        result["baseline"] = {
            "roc_auc": round(float(roc_auc_score(y, base)), 4),
            "recall_at_precision_90": round(recall_at_precision(y, base, 0.90), 4),
        }
    return result


def vanilla_pipeline(texts: list[str], labels: list[int]) -> Pipeline:
    """The yardstick the shipped model must beat: default character 2-5-gram TF-IDF and a
    logistic regression, fitted on the same posts (no normalisation, weights or augmentation)."""
    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2)),
            ("lr", LogisticRegression(max_iter=3000)),
        ]
    ).fit(texts, labels)


def paired_bootstrap(
    y: np.ndarray, ours: np.ndarray, theirs: np.ndarray, *, rounds: int = 1000, seed: int = 7
) -> dict[str, float]:
    """ROC-AUC of ours minus theirs on the same posts, with a 95% interval from resampling the
    posts (both models scored on each resample; resamples with one class only are skipped)."""
    y, ours, theirs = np.asarray(y), np.asarray(ours), np.asarray(theirs)
    rng = np.random.default_rng(seed)
    differences = []
    for _ in range(rounds):
        pick = rng.integers(0, len(y), len(y))
        if len(set(y[pick].tolist())) < 2:
            continue
        differences.append(
            roc_auc_score(y[pick], ours[pick]) - roc_auc_score(y[pick], theirs[pick])
        )
    low, high = np.percentile(differences, [2.5, 97.5])
    return {
        "difference": round(float(roc_auc_score(y, ours) - roc_auc_score(y, theirs)), 4),
        "low": round(float(low), 4),
        "high": round(float(high), 4),
    }
