"""The model's features: character and word n-grams of the normalised text, plus rule signals."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from triage.lib.pii import Signal, find_signals
from triage.scoring.text import normalise

SIGNAL_KINDS = (
    "phone",
    "card",
    "unit",
    "callsign",
    "dob",
    "handle",
    "link",
    "address",
    "name_near_relative",
    "crypto",
    "share_call",
    "comment_call",
    "warning_cue",
)
# No length feature: in the corpus every post over 250 characters is a removal, and a length
# feature learned "long means remove" (a benign post pasted twelve times scored 0.99).
EXTRA = ("caps_ratio", "exclamations")
SIGNAL_FEATURES = tuple(f"signal:{k}" for k in SIGNAL_KINDS) + tuple(f"style:{k}" for k in EXTRA)


@functools.lru_cache(maxsize=2048)
def signals_of(text: str) -> tuple[Signal, ...]:
    """The text's signals, remembered for the last posts seen: scoring a batch needs them twice
    (as features, then as the spans of the reasons)."""
    return tuple(find_signals(text))


def signal_vector(text: str) -> list[float]:
    counts = dict.fromkeys(SIGNAL_KINDS, 0)
    for s in signals_of(text):
        if s.kind in counts:
            counts[s.kind] += 1
    letters = [c for c in text if c.isalpha()]
    caps = sum(1 for c in letters if c.isupper()) / len(letters) if letters else 0.0
    row = [min(3.0, float(counts[k])) for k in SIGNAL_KINDS]
    # Exclamation marks per 100 characters: a density, so a post pasted many times is no louder.
    row += [caps, min(2.0, 100 * text.count("!") / max(len(text), 100))]
    return row


class SignalFeatures(BaseEstimator, TransformerMixin):
    """Counts of each signal kind (capped), share of capitals, exclamations."""

    def fit(self, X: Any, y: Any = None) -> SignalFeatures:
        return self

    def transform(self, X: Any) -> sparse.csr_matrix:
        return sparse.csr_matrix(np.array([signal_vector(t) for t in X], dtype=np.float64))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array(SIGNAL_FEATURES, dtype=object)


def feature_union() -> FeatureUnion:
    return FeatureUnion(
        [
            (
                "chars",
                TfidfVectorizer(
                    preprocessor=normalise,
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    max_features=120_000,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            (
                "words",
                TfidfVectorizer(
                    preprocessor=normalise,
                    analyzer="word",
                    ngram_range=(1, 2),
                    token_pattern=r"(?u)\b\w[\w']+\b",  # noqa: S106 - a regex, not a secret
                    # A word or pair seen in one post only (a name, a street) is not learned.
                    min_df=2,
                    max_features=80_000,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            ("signals", SignalFeatures()),
        ]
    )
