"""Why a post got its score: the n-grams and signals that pushed it up or down, with spans."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from triage.scoring.text import LOOKALIKE
from triage.signals import find_signals

_CYRILLIC_WORD = re.compile(r"\w+")
TOP_UP = 5
TOP_DOWN = 2


def _fold(text: str) -> str:
    """Lower case and look-alike folding that keeps every character's position."""
    lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _CYRILLIC_WORD.sub(
        lambda m: (
            m.group(0).translate(LOOKALIKE) if re.search(r"[а-яіїєґё]", m.group(0)) else m.group(0)
        ),
        lowered,
    )


def _word_spans(folded: str, ngram: str) -> list[list[int]]:
    tokens = ngram.split()
    if not tokens:
        return []
    pattern = r"(?<!\w)" + r"\W+".join(re.escape(t) for t in tokens) + r"(?!\w)"
    return [[m.start(), m.end()] for m in re.finditer(pattern, folded)][:5]


def explain(pipeline: Pipeline, text: str) -> list[dict[str, Any]]:
    features = pipeline.named_steps["features"]
    model = pipeline.named_steps["model"]
    x = features.transform([text]).tocsr()
    names = features.get_feature_names_out()
    weights = model.weights_
    contributions = [
        (names[i], float(v * weights[i])) for i, v in zip(x.indices, x.data, strict=True)
    ]
    folded = _fold(text)
    signals = find_signals(text)
    reasons: list[dict[str, Any]] = []
    for name, value in sorted(contributions, key=lambda item: -abs(item[1])):
        source, _, label = name.partition("__")
        if source == "chars" or abs(value) < 1e-4:
            continue  # character n-grams are real features but poor explanations
        if source == "signals":
            if not label.startswith("signal:"):
                continue
            kind = label.split(":", 1)[1]
            spans = [[s.start, s.end] for s in signals if s.kind == kind][:5]
            reasons.append(
                {
                    "label": kind.replace("_", " "),
                    "kind": "signal",
                    "weight": round(value, 3),
                    "spans": spans,
                }
            )
        else:
            if label in ("urltoken", "emojitoken"):
                continue
            reasons.append(
                {
                    "label": label,
                    "kind": "ngram",
                    "weight": round(value, 3),
                    "spans": _word_spans(folded, label),
                }
            )
    up = [r for r in reasons if r["weight"] > 0][:TOP_UP]
    down = [r for r in reasons if r["weight"] < 0][:TOP_DOWN]
    return up + down


def weights_summary(pipeline: Pipeline, top: int = 20) -> dict[str, list[tuple[str, float]]]:
    """The strongest word and signal weights overall, for the model page."""
    names = pipeline.named_steps["features"].get_feature_names_out()
    weights = pipeline.named_steps["model"].weights_
    keep = [i for i, n in enumerate(names) if not n.startswith("chars__")]
    order = np.argsort(weights[keep])
    pick = [(names[keep[i]].split("__", 1)[1], round(float(weights[keep[i]]), 3)) for i in order]
    return {"up": pick[::-1][:top], "down": pick[:top]}
