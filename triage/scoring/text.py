"""Text normalisation for the model: NFKC, lower case, look-alike letters folded, runs collapsed,
digits masked.

Spam and solicitations dodge keyword filters with Latin letters inside Cyrillic
words ("Здpaвcтвyйтe"), repeated letters ("поширтееее"), and emoji runs. The
model sees one spelling of each.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Latin letters that look like Cyrillic ones, folded to Cyrillic inside words
# that already hold Cyrillic letters (so English text stays English). One letter for one: the
# clustering folds with them too (triage.clusters.services), in place in a chunk's code points,
# and a change here changes stored signatures (see its migration 0033).
LOOKALIKE = str.maketrans(
    {
        "a": "а",
        "c": "с",
        "e": "е",
        "i": "і",
        "o": "о",
        "p": "р",
        "x": "х",
        "y": "у",
        "k": "к",
        "m": "м",
        "t": "т",
        "h": "н",
        "b": "в",
        "3": "з",
        # Capitals, for what reads text as written (the personal-data finder: "Oлексій" with a
        # Latin O); the model's text is case-folded before it is folded, so never meets them.
        "A": "А",
        "B": "В",
        "C": "С",
        "E": "Е",
        "H": "Н",
        "I": "І",
        "K": "К",
        "M": "М",
        "O": "О",
        "P": "Р",
        "T": "Т",
        "X": "Х",
        "Y": "У",
    }
)
_LOOKALIKE_LETTERS = {k: v for k, v in LOOKALIKE.items() if not chr(k).isdigit()}
_CYRILLIC = re.compile(r"[а-яіїєґё]", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)
_REPEAT = re.compile(r"(.)\1{2,}")
_EMOJI = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]+")
_URL = re.compile(r"https?://\S+|t\.me/\S+|www\.\S+", re.IGNORECASE)
_APOSTROPHES = re.compile(r"[’ʼ`´]")
DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=65_536)
def fold_word(word: str) -> str:
    """Latin look-alikes to Cyrillic in a word that holds Cyrillic letters (one character for
    one). A "3" is a "з" only in a word of letters ("3апит"), not in a number ("А1234")."""
    if not _CYRILLIC.search(word):
        return word
    if DIGIT.search(word) and len(DIGIT.findall(word)) * 2 >= len(word):
        return word.translate(_LOOKALIKE_LETTERS)
    return word.translate(LOOKALIKE)


def fold_words(text: str) -> str:
    """Every word of the text through ``fold_word``, as ``_WORD.sub`` with it would do, with
    one call per distinct word instead of one per word; most texts have nothing to fold and
    come back as they are."""
    changed: dict[str, str] = {}
    for word in set(_WORD.findall(text)):
        folded = fold_word(word)
        if folded != word:
            changed[word] = folded
    if not changed:
        return text
    return _WORD.sub(lambda m: changed.get(m.group(0), m.group(0)), text)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("'", text)
    text = _URL.sub(" urltoken ", text)
    text = _EMOJI.sub(" emojitoken ", text)
    text = fold_words(text)
    text = _REPEAT.sub(r"\1\1", text)
    # Every digit is a 0: the model learns the shape of a phone, card or unit number, never the
    # number itself, so no model file holds a post's personal numbers.
    text = DIGIT.sub("0", text)
    return " ".join(text.split())


def normalise_with_positions(text: str) -> tuple[str, list[int] | None]:
    """The text the way ``normalise`` spells its words (NFKC, case folding, apostrophes,
    look-alikes, repeated letters, digits), for finding a model's word n-grams in a post, with
    where each character came from in the original (None when nothing moved). URLs become
    spaces (``normalise`` makes them a token of their own, so they never join a word); emoji
    and spacing are left as they are: they are not words."""
    where: list[int] | None = None
    folded = text.casefold()
    if not unicodedata.is_normalized("NFKC", text) or len(folded) != len(text):
        # NFKC one letter at a time, with the combining marks that follow it ("и" + breve is
        # "й"), so each output character still knows where it came from.
        chars: list[str] = []
        where = []
        start = 0
        for end in range(1, len(text) + 1):
            if end < len(text) and unicodedata.combining(text[end]):
                continue
            for out in unicodedata.normalize("NFKC", text[start:end]).casefold():
                chars.append(out)
                where.append(start)
            start = end
        folded = "".join(chars)
    folded = _URL.sub(lambda m: " " * len(m.group(0)), folded)
    folded = _APOSTROPHES.sub("'", folded)
    folded = fold_words(folded)
    if _REPEAT.search(folded):
        keep = [
            j
            for j in range(len(folded))
            if not (j >= 2 and folded[j] == folded[j - 1] == folded[j - 2])
        ]
        folded = "".join(folded[j] for j in keep)
        where = [where[j] for j in keep] if where is not None else keep
    return DIGIT.sub("0", folded), where
