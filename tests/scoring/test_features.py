"""Scoring's own feature transform gives exactly the matrix scikit-learn's gives."""

from __future__ import annotations

import numpy as np
import pytest

from triage.scoring.corpus import load_corpus
from triage.scoring.features import feature_union, transform
from triage.scoring.text import normalise

HOSTILE = [
    "",
    " ",
    "\t\n\u00a0\u2003",
    "а",
    "ab",
    "Здpaвcтвyйтe ПОШИРТЕЕЕЕ!!! 🙏🙏🙏 https://t.me/x +380 67 123 45 67",
    "слово" * 400,  # one very long word
    "a\u200bb\u200dc\ufeffd \u202eзворотний",
    "мішаний mixed текст 3апит А1234 зв’язок",
    "\x00\x01 контрольні",
]


@pytest.fixture(scope="module")
def fitted():
    texts = [e.text for e in load_corpus()][:600]
    union = feature_union().fit(texts)
    return union, texts


def test_transform_equals_the_unions_own_on_corpus_and_hostile_text(fitted):
    union, texts = fitted
    batch = texts[300:] + HOSTILE + [t.upper() for t in texts[:50]]
    ours = transform(union, batch)
    theirs = union.transform(batch).tocsr()
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype
    assert (ours != theirs).nnz == 0
    # Twice: the second call is served from the remembered words, and must not drift.
    assert (transform(union, batch) != theirs).nnz == 0


def test_a_union_it_does_not_know_is_transformed_as_it_is(fitted):
    _union, texts = fitted
    weighted = feature_union().set_params(transformer_weights={"chars": 2.0, "words": 1.0})
    weighted.fit(texts)
    ours = transform(weighted, texts[:20])
    assert np.allclose(ours.toarray(), weighted.transform(texts[:20]).toarray())


def test_the_normalisation_runs_once_per_text(fitted, monkeypatch):
    union, texts = fitted
    calls = []
    for _name, vectoriser in union.transformer_list:
        assert vectoriser.preprocessor is normalise

    def counting(text):
        calls.append(text)
        return normalise(text)

    for _name, vectoriser in union.transformer_list:
        monkeypatch.setattr(vectoriser, "preprocessor", counting)
    transform(union, texts[:30])
    assert len(calls) == 30


def test_folding_distinct_words_once_equals_folding_every_word():
    import re

    from triage.scoring.text import fold_word, fold_words

    texts = [
        *[e.text.casefold() for e in load_corpus()][:1500],
        "здpaвcтвyйтe здpaвcтвyйтe hello 3апит а1234 3000 kiev київ",
        "x" * 50 + "ж",
        "",
    ]
    for text in texts:
        assert fold_words(text) == re.sub(r"\w+", lambda m: fold_word(m.group(0)), text)
