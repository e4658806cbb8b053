"""Metrics of a model on labeled posts, and a keyword-list baseline to compare with."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_curve, roc_auc_score

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


def at_threshold(y: np.ndarray, scores: np.ndarray, threshold: float) -> dict[str, float | None]:
    predicted = scores >= threshold
    tp = int(np.sum(predicted & (y == 1)))
    fp = int(np.sum(predicted & (y == 0)))
    fn = int(np.sum(~predicted & (y == 1)))
    return {
        "threshold": threshold,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
    }


def calibration_bins(y: np.ndarray, scores: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    out = []
    for i in range(bins):
        low, high = i / bins, (i + 1) / bins
        mask = (scores >= low) & ((scores < high) if i < bins - 1 else (scores <= high))
        if mask.any():
            out.append(
                {
                    "from": low,
                    "to": high,
                    "posts": int(mask.sum()),
                    "mean_score": round(float(scores[mask].mean()), 3),
                    "removed_share": round(float(y[mask].mean()), 3),
                }
            )
    return out


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
