"""The model's features: character and word n-grams of the normalised text.

The rule signals (phones, links, handles, capitals, "!", warning cues) are not features any
more: on real Telegram posts they decided scores alone. With them, one appended
counter-messaging line or a link moved a post across the threshold (ROC-AUC 0.77 on the
robustness set against 0.97 without them, the same data otherwise). They still mark personal
data for masking (triage.lib.pii)."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from triage.scoring.text import normalise


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
                    # One-letter words count: "в полоні" is two words, not one.
                    token_pattern=r"(?u)\b\w[\w']*\b",  # noqa: S106 - a regex, not a secret
                    # A word or pair seen in one post only (a name, a street) is not learned.
                    min_df=2,
                    max_features=80_000,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
        ]
    )
