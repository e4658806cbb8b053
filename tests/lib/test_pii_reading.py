"""How the detectors read a text cheaply without reading it differently: the normalised copy
built run by run, and the detectors of numbers skipped in a text with no digit."""

from __future__ import annotations

import json
import re

import pytest

from triage.lib import pii
from triage.lib.masking_eval import MASKING_SET


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        (r"\d{3}", True),
        (r"[0-9]+x", True),
        (r"(?:ab)?[0-3]?\d", True),
        (r"x(?=\s\d)", True),  # a lookahead that must find a digit finds it in the text
        (r"(?:\d{2}|[٠-٩])", True),  # Arabic-Indic digits are digits too
        (r"(?i)(?:тел\.?\s)?\d{9}", True),
        (r"(?:a|\d)", False),
        (r"\d?x", False),
        (r"\d*x", False),
        (r"[^\d]+", False),
        (r"[\dx]", False),
        (r"x(?!\d)", False),
        (r"(?<![\d])abc", False),
        (r"²", False),  # a superscript is no decimal digit (\d does not match it)
        (r"(?i)email", False),
    ],
)
def test_needs_digit_reads_the_pattern(pattern, needs):
    assert pii.needs_digit(re.compile(pattern)) is needs


def test_the_detectors_of_numbers_are_skipped_without_a_digit_and_no_other():
    for name in ("PHONE_CANDIDATE", "CARD_CANDIDATE", "TAX_ID", "PLATE", "DOB", "UNIT"):
        assert pii.needs_digit(getattr(pii, name)), name
    for name in ("EMAIL", "EMAIL_SPOKEN", "HANDLE", "LINK", "CALLSIGN", "CRYPTO", "DOB_SPELLED"):
        assert not pii.needs_digit(getattr(pii, name)), name


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        (r"[\w.]+@[\w.]+", {"@"}),
        (r"@\w+|t\.me/\w+", {"@", "/"}),
        (r"\(at\)|\[at\]", {"(", "["}),
        (r"\d+/\d+", {"/"}),  # the rarer of two requirements
        (r"(?i)tel\.?\s?\d+", {pii.DIGIT}),
        (r"@\w+|\w+", None),  # a branch that needs nothing
        (r"(?i)kontakt", None),  # letters never count: a letter's other case could match
        (r"\s+", None),
    ],
)
def test_required_chars_reads_the_pattern(pattern, required):
    need = pii.required_chars(re.compile(pattern))
    assert need == (frozenset(required) if required is not None else None)


def _texts_without(chars: frozenset[str]) -> list[str]:
    texts = []
    for path in sorted(MASKING_SET.parent.glob("masking*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            for char in chars:
                text = re.sub(r"\d", "", text) if char == pii.DIGIT else text.replace(char, "")
            texts.append(text)
    return texts


def test_a_pattern_never_matches_a_text_without_what_it_is_said_to_need():
    """The parser's reading checked against the regex engine itself, on every labelled post
    with the required characters taken out: a pattern read wrongly would skip a detector that
    could have found something."""
    needing = {
        name: p
        for name, p in vars(pii).items()
        if isinstance(p, re.Pattern) and pii.required_chars(p) is not None
    }
    assert len(needing) >= 35
    for name in ("EMAIL", "HANDLE", "PHONE_CANDIDATE", "DOB", "LINK"):
        assert name in needing, name
    for name, pattern in needing.items():
        for text in _texts_without(pii.required_chars(pattern)):
            assert pattern.search(text) is None, (name, text[:80])


def test_matches_skips_only_when_the_text_lacks_what_the_pattern_needs():
    phone = pii.PHONE_CANDIDATE
    assert [m.group(0) for m in pii._matches(phone, "дзвоніть 067 123 45 67")]
    assert list(pii._matches(phone, "дзвоніть мамі")) == []
    email = pii.EMAIL
    assert [m.group(0) for m in pii._matches(email, "пишіть ivan.k@ukr.net")] == ["ivan.k@ukr.net"]
    assert list(pii._matches(email, "пишіть Івану")) == []
    # (the digit asked about for one text is never the answer for the next)
    assert list(pii._matches(phone, "без цифр")) == []
    assert [m.group(0) for m in pii._matches(phone, "тел 067 123 45 67")]


@pytest.mark.parametrize(
    ("text", "folded", "where"),
    [
        ("", "", []),
        ("Іван", "Іван", [0, 1, 2, 3]),
        # a zero-width space and a soft hyphen dropped, their neighbours kept in place
        ("06\u200b7\u00ad1", "0671", [0, 1, 3, 5]),
        # a combining breve composed into the letter before it
        ("Андрии\u0306", "Андрий", [0, 1, 2, 3, 4, 5]),
        # a non-breaking space is a space; an emoji and its variation selector: the emoji stays
        ("a\u00a0b ❤\ufe0f c", "a b ❤ c", [0, 1, 2, 3, 4, 6, 7]),
        # a character beyond the Basic Multilingual Plane that is a format one (a tag) dropped
        ("x\U000e0041y", "xy", [0, 2]),
        # a combining mark first, with nothing to compose with
        ("\u0301ab", "ab", [1, 2]),
    ],
)
def test_normalised_view_maps_each_character_back(text, folded, where):
    assert pii.normalised_view(text) == (folded, where)
