"""The words a pattern needs, read from the pattern: the finder skips a pattern's scan of a
text that holds none of them, and must never skip one that could match."""

from __future__ import annotations

import json
import re
import re._casefix

import pytest

from triage.lib import names, needles, pii
from triage.lib.masking_eval import MASKING_SET

D = needles.DIGIT


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\b(?:кличка|прізвисько)\s+\w+", {"кличка", "прізвисько"}),
        (r"(?i)\bБРАТ\b", {"брат"}),  # lower-cased, as the text is looked in
        (r"ім[ʼ'’]я:", {"ім'я:", "імʼя:", "ім’я:"}),  # a small set of characters: each spelling
        (r"(?:у|в)\s+полоні", {"полоні"}),  # the longer of two requirements
        (r"позивн\w{0,4}|call\s?sign", {"позивн", "call"}),
        (r"\d{1,3}-я\b|бригад", {D, "бригад"}),  # a digit, or the word
        (r"x(?=.*полон)", {"полон"}),  # a lookahead's words are in the text too
        (r"(?:abc)+z", {"abc"}),
        (r"(?:abc)?z", None),  # what may be absent is never needed
        (r"(?<!abc)z", None),  # nor what must be absent
        (r"(?:брат|\w+)", None),  # a branch that needs nothing
        (r"[^а]bc", {"bc"}),
        (r"a", None),  # one letter is in nearly every post: not worth looking for
        (r"\w+", None),
        (r"(?i)ſon", {"son"}),  # read as re reads it: "ſ" is "s"
    ],
)
def test_required_words_reads_the_pattern(pattern, words):
    found = needles.required_words(re.compile(pattern))
    assert found == (frozenset(words) if words is not None else None)


def _patterns() -> dict[str, re.Pattern[str]]:
    """The finder's patterns that need words, and each top-level alternative of theirs that
    is read on its own."""
    out = {}
    for module in (names, pii):
        for name, p in vars(module).items():
            if not isinstance(p, re.Pattern):
                continue
            label = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
            if needles.required_words(p) is not None:
                out[label] = p
            for at, (piece, _plan) in enumerate(needles._alternatives(p) or ()):
                alone = re.compile(piece, p.flags)
                if needles.required_words(alone) is not None:
                    out[f"{label}[{at}]"] = alone
    return out


def _labelled_texts() -> list[str]:
    texts = []
    for path in sorted(MASKING_SET.parent.glob("masking*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    return texts


def _remover(words: frozenset[str]) -> re.Pattern[str]:
    plain = sorted(words - {D}, key=len, reverse=True)
    digits = [r"\d"] if D in words else []
    return re.compile("|".join([*map(re.escape, plain), *digits]), re.IGNORECASE)


def _without(text: str, remover: re.Pattern[str]) -> str:
    """The text with every needle taken out, in any case, until none is left."""
    while (shorter := remover.sub("", text)) != text:
        text = shorter
    return text


def test_a_pattern_never_matches_a_text_without_its_words():
    """The parser's reading checked against the regex engine itself, on every labelled post
    with the pattern's words taken out: a pattern read wrongly would skip a scan that could
    have found something."""
    patterns = _patterns()
    assert len(patterns) >= 80
    for name in ("names.KIN_APPOSITION", "names.CUE", "names.CONTACT", "pii.SHARE"):
        assert name in patterns, name
    texts = _labelled_texts()[::5]  # (a fifth of the 7,755: all of them take a minute and a half)
    assert len(texts) >= 1500
    for name, pattern in patterns.items():
        words = needles.required_words(pattern)
        assert words is not None
        remover = _remover(words)
        for text in texts:
            rest = _without(text, remover) if needles.may_match(pattern, text) else text
            assert not needles.may_match(pattern, rest), (name, rest[:80])
            assert pattern.search(rest) is None, (name, rest[:80])


def test_the_same_matches_in_any_case_and_spelling():
    """Every pattern finds the same matches, in the same order, with its scan skipped or
    narrowed as without: in the text as written, in capitals, in title case, and with letters
    ``re`` folds differently from ``str.lower`` ("ſ", "ᲀ", "İ")."""
    texts = _labelled_texts()[2::16]  # (a sixteenth, others than above, in four spellings each)
    variants = [
        variant
        for text in texts
        for variant in (
            text,
            text.upper(),
            text.title(),
            text.replace("s", "ſ").replace("в", "ᲀ").replace("I", "İ"),
        )
    ]
    patterns = {
        f"{module.__name__}.{name}": p
        for module in (names, pii)
        for name, p in vars(module).items()
        if isinstance(p, re.Pattern)
        and (needles.required_words(p) is not None or needles._alternatives(p) is not None)
    }
    assert sum(needles._alternatives(p) is not None for p in patterns.values()) >= 10
    found = narrowed = 0
    for name, pattern in patterns.items():
        for text in variants:
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in needles.finditer(pattern, text)] == expected, name
            first = needles.search(pattern, text)
            assert (first.span() if first else None) == (expected[0] if expected else None)
            found += bool(expected)
            scanner = needles._scanner(pattern, text)
            narrowed += scanner is not None and scanner is not pattern
    # (the check saw matches enough, and narrowed scans enough, to mean something)
    assert found >= 200
    assert narrowed >= 200


@pytest.mark.parametrize(
    ("source", "pieces"),
    [
        ("a|b", ["a", "b"]),
        (r"a(?:b|c)|d", ["a(?:b|c)", "d"]),
        (r"[|]|x", ["[|]", "x"]),  # a "|" in a set is a character
        (r"[]|]|x", ["[]|]", "x"]),  # so is a "]" first in a set
        (r"[^]|]|x", ["[^]|]", "x"]),
        (r"a\|b|c", [r"a\|b", "c"]),  # an escaped "|"
        (r"\(|x", [r"\(", "x"]),  # an escaped bracket opens nothing
        ("abc", ["abc"]),
    ],
)
def test_a_pattern_is_cut_at_its_top_level_alternatives(source, pieces):
    assert needles._top_level(source) == pieces


def test_a_pattern_with_groups_is_never_cut():
    """(A group's number would change with the alternatives before it left out.)"""
    assert needles._alternatives(re.compile(r"(брат)|сестра")) is None
    assert needles._alternatives(re.compile(r"брат|сестра")) is not None


def test_only_the_alternatives_whose_words_are_there_are_scanned():
    pattern = re.compile(r"(?i)(?<!\w)брат\w*|сестр\w*|@\w+")
    assert needles._scanner(pattern, "у мене є сестра") is not pattern
    assert needles._scanner(pattern, "у мене є сестра").pattern == r"сестр\w*"
    assert needles._scanner(pattern, "мій брат, @taras").pattern == r"(?<!\w)брат\w*|@\w+"
    assert needles._scanner(pattern, "Брат, Сестра і @olia") is pattern
    assert needles._scanner(pattern, "нікого") is None
    assert [m.group(0) for m in needles.finditer(pattern, "Сестрі й @olia")] == ["Сестрі", "@olia"]


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?i)\bson\b", "my ſon Taras"),  # "ſ" is "s" to re
        (r"(?i)istanbul", "İstanbul"),  # "İ".lower() is two characters; to re it is "i"
        (r"(?i)\bвас\b", "ᲀас"),  # the rounded "в" is "в" to re
    ],
)
def test_letters_that_re_folds_its_own_way_are_always_scanned(pattern, text):
    compiled = re.compile(pattern)
    words = needles.required_words(compiled)
    assert words is not None
    low = text.lower()
    assert not any(word in low for word in words)  # (str.lower alone would have skipped it)
    assert compiled.search(text) is not None
    assert needles.may_match(compiled, text)
    assert [m.group(0) for m in needles.finditer(compiled, text)]
    assert needles.search(compiled, text) is not None


def test_the_letters_folded_their_own_way_all_lie_in_the_first_plane():
    everywhere = needles._tricky(0x110000)
    assert everywhere == needles._tricky(0x10000)
    assert {"İ", "ſ", "ᲀ", "ı"} <= set(everywhere)
    assert not {"s", "в", "i", "І", "Ї", "ґ"} & set(everywhere)
    assert needles._tricky_chars().fullmatch("ſ")


def test_each_class_of_letters_re_folds_together_has_one_stand_in():
    for lower, others in re._casefix._EXTRA_CASES.items():
        assert {needles._CANONICAL[other] for other in others} == {needles._CANONICAL[lower]}


def test_skipped_only_when_the_words_are_missing():
    kin = names.KIN_APPOSITION
    assert [m.group(2) for m in needles.finditer(kin, "його брат Остап")] == ["Остап"]
    assert list(needles.finditer(kin, "його друг Остап")) == []
    assert needles.search(kin, "друг Остап") is None
    assert needles.search(kin, "сестра Олена") is not None
    # (the answer for one text is never given for another: the recent texts are told apart)
    for _ in range(3):
        for text in ("брат Остап", "друг Остап", "сестра Олена", "сусід Петро", "мама Ліда"):
            assert needles.may_match(kin, text) is (kin.search(text) is not None), text


def test_what_is_read_off_a_pattern_is_kept_by_the_pattern_itself():
    """(A pattern's own hash reads its whole compiled program: ``functools.cache`` paid that on
    every look-up, 32 µs for the largest.) Each pattern is read once; two of the same source
    with different flags are read apart."""
    reads = []

    @needles.per_pattern
    def source(pattern: re.Pattern[str]) -> str:
        reads.append(pattern)
        return pattern.pattern

    first = re.compile("брат|сестра")
    twin = re.compile("брат|сестра", re.ASCII)  # (another pattern, of the same source)
    assert source(first) == source(first) == source(twin) == "брат|сестра"
    assert reads == [first, twin]


def test_a_pattern_narrowed_many_ways_keeps_a_bounded_number_of_copies():
    words = [f"слово{n}" for n in range(12)]
    pattern = re.compile("|".join(words))
    for n in range(2**7):
        text = " ".join(w for at, w in enumerate(words[:7]) if n >> at & 1)
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in needles.finditer(pattern, text)] == expected
    assert 0 < len(needles._narrowings(pattern)) <= needles.NARROWED
