"""Explanations find their n-grams with str.find: exactly where the word-boundary regex would."""

from __future__ import annotations

import itertools
import random
import re

from triage.scoring.corpus import load_corpus
from triage.scoring.explain import ngram_matches
from triage.scoring.text import normalise_with_positions


def by_regex(folded: str, ngram: str, limit: int = 5) -> list[tuple[int, int]]:
    tokens = ngram.split()
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(t) for t in tokens) + r"(?!\w)")
    return [m.span() for m in itertools.islice(pattern.finditer(folded), limit)]


TRICKY = [
    "поширте поширте, поширте!",
    "ПОШИРТЕЕЕЕ будь-ласка __поширте__ поширте_",
    "зв'язок зв'язку зв'язок'",
    "в полоні.в полоні — в  полоні;в\tполоні",
    "а а а а а а а",
    "123 0000 00 0",
    "",
    "полон полонені полоні полон",
    "x² x²y ½ ①②",
]


def test_matches_equal_the_regex_on_corpus_and_tricky_text():
    rng = random.Random(4)
    texts = [e.text for e in load_corpus()][:400] + TRICKY
    checked = 0
    for text in texts:
        folded, _where = normalise_with_positions(text)
        words = re.findall(r"\b\w[\w']*\b", folded)
        ngrams = set(rng.sample(words, min(6, len(words))))
        ngrams |= {" ".join(pair) for pair in itertools.pairwise(words[:12])}
        ngrams |= {"а", "в полоні", "поширте", "зв'язок", "0", "полон"}
        for ngram in ngrams:
            for limit in (1, 5):
                assert ngram_matches(folded, ngram, limit) == by_regex(folded, ngram, limit), (
                    folded,
                    ngram,
                )
                checked += 1
    assert checked > 5000
    assert ngram_matches("anything", "   ") == []
