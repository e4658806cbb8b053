"""The evaluation suite: every labeled set a model version is judged on, built the same way for
training, promotion, ``evaluate_model`` and the tests.

- ``held_out``: the corpus's whole held-out split (written posts and real texts);
- ``written``: its posts written for the project;
- ``real_<source>``: one real source's held-out texts (all kept) beside the written held-out
  removal posts, so its ROC-AUC says how well real writing ranks below removals, and
  ``flagged`` how much of it a moderator would be shown; ``real_spam`` is the real spam of
  one Telegram chat beside the real messages of the same chat;
- ``independent``: the posts a separate session wrote from the taxonomy alone
  (evalsets/independent.csv);
- ``robust_<transform>``: the held-out split transformed (``triage.scoring.robustness``).

Nothing here is trained on: the corpus part is the held-out split, and the independent set is
never read by training.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from triage.scoring.corpus import Example
from triage.scoring.robustness import TRANSFORMS, robustness_set

INDEPENDENT = Path(__file__).resolve().parent / "evalsets" / "independent.csv"
REAL_SPAM, REAL_CHAT = "tgs", "tgham"


@dataclass(frozen=True)
class EvalSet:
    name: str
    kind: str  # held_out, real, independent, robustness
    texts: list[str]
    labels: list[int]


def independent_set(path: Path = INDEPENDENT) -> tuple[list[str], list[int], list[str]]:
    texts, labels, categories = [], [], []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            texts.append(row["text"])
            labels.append(1 if row["label"] == "remove" else 0)
            categories.append(row.get("category") or "")
    return texts, labels, categories


def _both_kinds(labels: Sequence[int]) -> bool:
    return len(set(labels)) == 2


def evaluation_suite(examples: Sequence[Example], *, robustness: bool = True) -> list[EvalSet]:
    held = [e for e in examples if e.held_out]
    written = [e for e in held if not e.real]
    removals = [e for e in written if e.label == 1]

    def of(name: str, kind: str, chosen: Sequence[Example]) -> EvalSet:
        return EvalSet(name, kind, [e.text for e in chosen], [e.label for e in chosen])

    suite = [of("held_out", "held_out", held), of("written", "held_out", written)]
    for source in sorted({e.source for e in held if e.real}):
        suite.append(
            of(f"real_{source}", "real", removals + [e for e in held if e.source == source])
        )
    suite.append(of("real_spam", "real", [e for e in held if e.source in (REAL_SPAM, REAL_CHAT)]))
    if INDEPENDENT.is_file():
        texts, labels, _categories = independent_set()
        suite.append(EvalSet("independent", "independent", texts, labels))
    if robustness:
        texts, labels = [e.text for e in held], [e.label for e in held]
        for name in TRANSFORMS:
            suite.append(
                EvalSet(f"robust_{name}", "robustness", robustness_set(name, texts, labels), labels)
            )
    return [s for s in suite if _both_kinds(s.labels)]


def score_suite(
    predict: Callable[[list[str]], np.ndarray], suite: Sequence[EvalSet]
) -> dict[str, np.ndarray]:
    """Each set's scores, every distinct text scored once (the sets share most posts)."""
    unique = list(dict.fromkeys(t for s in suite for t in s.texts))
    scores = dict(zip(unique, predict(unique).tolist(), strict=True)) if unique else {}
    return {s.name: np.array([scores[t] for t in s.texts]) for s in suite}


def suite_metrics(
    suite: Sequence[EvalSet], scores: dict[str, np.ndarray], review_threshold: float
) -> dict[str, dict[str, Any]]:
    """Per set: posts, ROC-AUC, recall of removals and the share of kept posts flagged, both at
    the review threshold."""
    out = {}
    for s in suite:
        y, p = np.asarray(s.labels), scores[s.name]
        flagged = p >= review_threshold
        out[s.name] = {
            "kind": s.kind,
            "posts": len(y),
            "roc_auc": round(float(roc_auc_score(y, p)), 4),
            "recall": round(float(flagged[y == 1].mean()), 4),
            "flagged": round(float(flagged[y == 0].mean()), 4),
        }
    return out


def suite_summary(result: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    """The mean ROC-AUC over the suite and the lowest on each kind of set."""
    aucs = [m["roc_auc"] for m in result.values()]
    out: dict[str, float | None] = {
        "mean_roc_auc": round(float(np.mean(aucs)), 4) if aucs else None
    }
    for kind in ("held_out", "real", "independent", "robustness"):
        of_kind = [m["roc_auc"] for m in result.values() if m["kind"] == kind]
        out[f"min_{kind}"] = min(of_kind) if of_kind else None
    return out
