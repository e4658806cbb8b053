"""The model's features: character and word n-grams of the normalised text.

The rule signals (phones, links, handles, capitals, "!", warning cues) are not features any
more: on real Telegram posts they decided scores alone. With them, one appended
counter-messaging line or a link moved a post across the threshold (ROC-AUC 0.77 on the
robustness set against 0.97 without them, the same data otherwise). They still mark personal
data for masking (triage.lib.pii)."""

from __future__ import annotations

import copy
import weakref
from collections.abc import Callable

import numpy as np
from scipy import sparse
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


def _already_normalised(text: str) -> str:
    return text


def transform(features: FeatureUnion, texts: list[str]) -> sparse.csr_matrix:
    """``features.transform(texts)``, with the normalisation its vectorisers share done once
    instead of once per vectoriser (a tenth of scoring's time). Any other union is transformed
    as it is."""
    steps = [vectoriser for _name, vectoriser in features.transformer_list]
    preprocessors = {getattr(v, "preprocessor", None) for v in steps}
    if (
        features.transformer_weights
        or len(preprocessors) != 1
        or not all(isinstance(v, TfidfVectorizer) for v in steps)
        or None in preprocessors
    ):
        return features.transform(texts).tocsr()
    prepare: Callable[[str], str] = preprocessors.pop()  # type: ignore[assignment]
    prepared = [prepare(text) for text in texts]
    parts = []
    for vectoriser in steps:
        if _plain_char_wb(vectoriser):
            counts = _char_wb_counts(vectoriser, prepared)
            parts.append(vectoriser._tfidf.transform(counts, copy=False))
            continue
        twin = copy.copy(vectoriser)  # shares the fitted vocabulary and weights
        twin.preprocessor = _already_normalised
        parts.append(twin.transform(prepared))
    return sparse.hstack(parts).tocsr()


def _plain_char_wb(vectoriser: TfidfVectorizer) -> bool:
    return (
        vectoriser.analyzer == "char_wb"
        and vectoriser.input == "content"
        and not vectoriser.binary
        and hasattr(vectoriser, "vocabulary_")
    )


# Words whose character n-grams are remembered per vectoriser (a few MB; cleared when full).
_WORDS_REMEMBERED = 200_000
_remembered: weakref.WeakKeyDictionary[TfidfVectorizer, dict[str, list[int]]] = (
    weakref.WeakKeyDictionary()
)


def _char_wb_counts(vectoriser: TfidfVectorizer, texts: list[str]) -> sparse.csr_matrix:
    """The count matrix ``CountVectorizer.transform`` makes for ``analyzer="char_wb"``, built
    from each distinct word's n-grams once: posts share most of their words, and scikit-learn
    slices and looks up every n-gram of every word of every post."""
    # Kept beside the vectoriser, not on it: a pipeline saved after scoring stays as fitted.
    known = _remembered.get(vectoriser)
    if known is None or len(known) > _WORDS_REMEMBERED:
        known = _remembered[vectoriser] = {}
    vocabulary = vectoriser.vocabulary_
    low, high = vectoriser.ngram_range
    features: list[int] = []
    rows: list[int] = []
    for text in texts:
        start = len(features)
        for word in text.split():
            found = known.get(word)
            if found is None:
                found = known[word] = _word_ngrams(word, low, high, vocabulary)
            features.extend(found)
        rows.append(len(features) - start)
    row_of = np.repeat(np.arange(len(texts), dtype=np.int32), rows)
    counts = sparse.csr_matrix(
        (np.ones(len(features), dtype=vectoriser.dtype), (row_of, np.asarray(features))),
        shape=(len(texts), len(vocabulary)),
        dtype=vectoriser.dtype,
    )
    counts.sum_duplicates()
    return counts


def _word_ngrams(word: str, low: int, high: int, vocabulary: dict[str, int]) -> list[int]:
    """The vocabulary's ids of one word's ``char_wb`` n-grams, as scikit-learn cuts them (the
    word padded with a space each side; a word shorter than n counted once, whole)."""
    padded = f" {word} "
    length = len(padded)
    out = []
    for n in range(low, high + 1):
        offset = 0
        grams = [padded[0:n]]
        while offset + n < length:
            offset += 1
            grams.append(padded[offset : offset + n])
        out += [vocabulary[g] for g in grams if g in vocabulary]
        if offset == 0:
            break
    return out
