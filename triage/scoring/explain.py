"""Why a post got its score: the word n-grams that pushed it up or down, with their spans."""

from __future__ import annotations

import re
import weakref
from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from triage.scoring.text import DIGIT, normalise_with_positions

TOP_UP = 5
TOP_DOWN = 2


def _is_word(char: str) -> bool:
    # What ``\w`` matches in a str pattern: str.isalnum() and the underscore.
    return char.isalnum() or char == "_"


def ngram_matches(folded: str, ngram: str, limit: int = 5) -> list[tuple[int, int]]:
    r"""Where the n-gram's words stand in the text, as whole words with anything but word
    characters between them: the regex ``(?<!\w)w1\W+w2(?!\w)``, searched with str.find
    (compiling a regex for each of a model's hundred thousand n-grams cost more than scoring).
    The first ``limit`` matches, left to right, not overlapping."""
    tokens = ngram.split()
    if not tokens:
        return []
    first, rest = tokens[0], tokens[1:]
    size = len(folded)
    out: list[tuple[int, int]] = []
    at = folded.find(first)
    while at != -1 and len(out) < limit:
        end = at + len(first)
        ok = at == 0 or not _is_word(folded[at - 1])
        for token in rest:
            if not ok:
                break
            gap = end
            while gap < size and not _is_word(folded[gap]):
                gap += 1
            ok = gap > end and folded.startswith(token, gap)
            end = gap + len(token)
        if ok and (end >= size or not _is_word(folded[end])):
            out.append((at, end))
            at = folded.find(first, end)
        else:
            at = folded.find(first, at + 1)
    return out


def _word_spans(
    folded: str, where: list[int] | None, ngram: str, length: int = 0
) -> list[list[int]]:
    """Where the n-gram is in the post (``length`` characters long): found in its normalised
    spelling, mapped back. A span
    ends where the next kept character begins, so it covers letters the normalisation dropped
    ("ПОШИРТЕЕЕЕ", spelled "поширтее")."""
    spans = [[start, end] for start, end in ngram_matches(folded, ngram)]
    if where is None:
        return spans
    return [[where[start], where[end] if end < len(where) else length] for start, end in spans]


_SKIP, _NGRAM = 0, 1

# Words that carry weight in a linear model but tell a moderator nothing: they are not shown as
# reasons (the model still uses them). Numbers are masked to 0s and are never reasons.
_FUNCTION_WORDS = frozenset(
    [
        "і",
        "й",
        "та",
        "а",
        "але",
        "або",
        "що",
        "як",
        "це",
        "той",
        "ті",
        "там",
        "тут",
        "де",
        "для",
        "про",
        "від",
        "до",
        "на",
        "за",
        "по",
        "при",
        "без",
        "під",
        "над",
        "його",
        "її",
        "їх",
        "їм",
        "йому",
        "них",
        "нам",
        "вам",
        "мене",
        "мені",
        "тебе",
        "тобі",
        "себе",
        "свій",
        "своє",
        "свого",
        "своїх",
        "и",
        "да",
        "но",
        "или",
        "что",
        "как",
        "это",
        "тот",
        "те",
        "где",
        "от",
        "под",
        "его",
        "ее",
        "их",
        "им",
        "ему",
        "меня",
        "мне",
        "тебя",
        "себя",
        "свой",
        "свое",
        "своего",
        "своих",
        "все",
        "всё",
        # Pronouns and fillers, Ukrainian and Russian: in a linear model they pick up weight from
        # the posts they happen to be in ("він" in solicitations), but they explain nothing.
        "я",
        "ти",
        "він",
        "вона",
        "воно",
        "ми",
        "ви",
        "вони",
        "цей",
        "ця",
        "ці",
        "цього",
        "цієї",
        "цих",
        "може",
        "можна",
        "сюди",
        "туди",
        "тому",
        "так",
        "ще",
        "вже",
        "теж",
        "також",
        "був",
        "була",
        "були",
        "є",
        "бути",
        "не",
        "ні",
        "чи",
        "хто",
        "коли",
        "якщо",
        "ты",
        "он",
        "она",
        "оно",
        "мы",
        "вы",
        "они",
        "этот",
        "эта",
        "эти",
        "этого",
        "может",
        "можно",
        "сюда",
        "туда",
        "поэтому",
        "еще",
        "уже",
        "тоже",
        "также",
        "был",
        "была",
        "были",
        "есть",
        "быть",
        "нет",
        "ли",
        "кто",
        "когда",
        "если",
        "i",
        "he",
        "she",
        "we",
        "they",
        "me",
        "us",
        "my",
        "can",
        "may",
        "not",
        "who",
        "when",
        "if",
        "so",
        "the",
        "and",
        "or",
        "but",
        "that",
        "this",
        "these",
        "those",
        "there",
        "here",
        "where",
        "for",
        "from",
        "to",
        "on",
        "at",
        "by",
        "with",
        "without",
        "his",
        "her",
        "their",
        "them",
        "him",
        "you",
        "your",
        "our",
        "its",
        "it",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
    ]
)
_NUMBER_ONLY = re.compile(r"[\W\d_]+")


def _explains(label: str) -> bool:
    """A word n-gram can be a reason unless it is only function words, pronouns and short
    words, or holds a (masked) number."""
    words = label.split()
    if not words or _NUMBER_ONLY.fullmatch(label.replace(" ", "")) or DIGIT.search(label):
        return False
    return not all(w in _FUNCTION_WORDS or len(w) < 3 for w in words)


# Kept beside each pipeline, not on it: a pipeline that had explained a score carried its
# 200,000 labels into any file written from it, 28.5 MB instead of 25.3 and twice as long to
# load (the benchmark of the model's load wrote one so; a training evaluates with
# ``predict_proba`` alone, and its files never held them).
_INDEXES: weakref.WeakKeyDictionary[Pipeline, tuple[list[str], np.ndarray]] = (
    weakref.WeakKeyDictionary()
)


def explanation_index(pipeline: Pipeline) -> tuple[list[str], np.ndarray]:
    """Each feature's label and whether it can explain a score (word n-grams can; character
    n-grams are real features but poor explanations). Computed once per loaded
    pipeline: the names never change."""
    cached = _INDEXES.get(pipeline)
    if cached is None:
        labels: list[str] = []
        kinds = []
        for name in pipeline.named_steps["features"].get_feature_names_out():
            source, _, label = str(name).partition("__")
            if (
                source == "chars"
                or "urltoken" in label
                or "emojitoken" in label
                or not _explains(label)
            ):
                kind = _SKIP
            else:
                kind = _NGRAM
            labels.append(label)
            kinds.append(kind)
        cached = (labels, np.array(kinds, dtype=np.int8))
        _INDEXES[pipeline] = cached
    return cached


def explain_batch(
    index: tuple[list[str], np.ndarray],
    weights: np.ndarray,
    X: Any,
    texts: list[str],
) -> list[list[dict[str, Any]]]:
    """The reasons for each post from the batch's CSR feature matrix: the strongest few
    features pushing its score up, then down. The ranking is done for the whole batch at once;
    spans are looked up only for the reasons that are shown."""
    labels, kinds = index
    explaining = np.where(kinds != _SKIP, weights, 0.0)
    contributions = X.data * explaining[X.indices]
    # Only features that explain anything are ranked (character n-grams, most of a row, never
    # do): the sort is over a tenth of the matrix.
    kept = np.flatnonzero(contributions)
    contributions = contributions[kept]
    features = X.indices[kept]
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))[kept]
    order = np.lexsort((-np.abs(contributions), rows))  # by row, then strongest first
    bounds = np.searchsorted(rows, np.arange(X.shape[0] + 1))
    out = []
    for row, text in enumerate(texts):
        picked = order[bounds[row] : bounds[row + 1]]
        up: list[dict[str, Any]] = []
        down: list[dict[str, Any]] = []
        for feature, value in zip(
            features[picked].tolist(), contributions[picked].tolist(), strict=True
        ):
            weight = round(value, 3)
            if weight == 0:
                break  # sorted by size: everything after is smaller still
            bucket, limit = (up, TOP_UP) if weight > 0 else (down, TOP_DOWN)
            if len(bucket) == limit:
                continue
            bucket.append({"label": labels[feature], "kind": "ngram", "weight": weight})
            if len(up) == TOP_UP and len(down) == TOP_DOWN:
                break
        out.append(_with_spans(up + down, text))
    return out


def _with_spans(reasons: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    if not reasons:
        return reasons
    folded, where = normalise_with_positions(text)
    for reason in reasons:
        reason["spans"] = _word_spans(folded, where, reason["label"], len(text))
    return reasons


def weights_summary(pipeline: Pipeline, top: int = 20) -> dict[str, list[tuple[str, float]]]:
    """The strongest word weights overall, for the model page."""
    labels, kinds = explanation_index(pipeline)
    weights = pipeline.named_steps["model"].weights_
    keep = np.flatnonzero(kinds != _SKIP)
    order = keep[np.argsort(weights[keep])]
    pick = [(labels[i].replace("_", " "), round(float(weights[i]), 3)) for i in order]
    return {"up": pick[::-1][:top], "down": pick[:top]}
