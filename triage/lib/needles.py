"""Words a pattern needs: skip a regular expression's scan of a text that cannot hold a match.

Python's ``re`` tries a pattern that opens with a boundary or a case-insensitive list of words
(``\\b(?:кличка|прізвисько|…)``) at every position of the text: about 40 µs for a post of 170
characters, and the personal-data finder runs a hundred such patterns over each post. Most
posts hold none of a given pattern's words. ``required_words`` reads, from the pattern itself
(Python's own parser), words one of which every match holds; ``finditer`` and ``search`` look
for those words in the lower-cased text first (``str.__contains__``, a fast substring search)
and scan only when one is there. A match is never missed: the words are a necessary condition,
never a guess, and a text whose characters ``re`` folds differently from ``str.lower`` ("İ",
"ſ", "ᲀ") is always scanned.
"""

from __future__ import annotations

import _sre as _sre_engine  # (the engine's own case folding, to find where str.lower differs)
import functools
import re
import re._casefix as _sre_casefix
import re._constants as _sre
import re._parser as _sre_parse
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

# A needle shorter than this turns up in most posts: checking for it costs more than it saves.
SHORTEST = 2
# More alternatives than this cost more to look for than the scan they would save.
MOST = 64

Words = frozenset[str]
T = TypeVar("T")


def per_pattern(read: Callable[[re.Pattern[str]], T]) -> Callable[[re.Pattern[str]], T]:
    """``functools.cache`` for what is read off a compiled pattern, keyed by the pattern's
    identity: a ``re.Pattern`` hashes its whole compiled program on every look-up (32 µs for
    the finder's largest, more than many a scan costs). The patterns are module constants;
    each entry keeps its pattern alive, so no other can take its id."""
    seen: dict[int, tuple[re.Pattern[str], T]] = {}

    @functools.wraps(read)
    def cached(pattern: re.Pattern[str]) -> T:
        entry = seen.get(id(pattern))
        if entry is None or entry[0] is not pattern:
            entry = (pattern, read(pattern))
            seen[id(pattern)] = entry
        return entry[1]

    return cached


def _canonical() -> dict[int, int]:
    """The letter ``re`` stands for each of its extra equivalents under IGNORECASE ("ſ" is
    "s", "ᲀ" is "в"): the lowest of each class."""
    out = {}
    for lower, others in _sre_casefix._EXTRA_CASES.items():
        out[lower] = min(lower, *others)
    return out


_CANONICAL = _canonical()


def _tricky(limit: int = 0x110000) -> str:
    """Characters whose ``str.lower`` is not what ``re`` compares under IGNORECASE: a full
    lower-case mapping that differs from the simple one ("İ"), or a letter ``re`` folds into
    another ("ſ" into "s", "ᲀ" into "в")."""
    out = []
    for code in range(limit):
        lower = _sre_engine.unicode_tolower(code)
        if chr(code).lower() != chr(lower) or _CANONICAL.get(lower, lower) != lower:
            out.append(chr(code))
    return "".join(out)


@functools.cache
def _tricky_chars() -> re.Pattern[str]:
    """Any such character (every one lies below U+10000: checked over the whole of Unicode in
    the tests); found on first use, not on import (65,536 characters read: about 40 ms)."""
    return re.compile(f"[{re.escape(_tricky(0x10000))}]")


def _folded(run: str) -> str | None:
    """A run of a pattern's literal characters as the lower-cased text holds it, or None when
    ``str.lower`` cannot stand for what ``re`` compares."""
    out = []
    for char in run:
        lower = _sre_engine.unicode_tolower(ord(char))
        if char.lower() != chr(lower):
            return None
        out.append(chr(_CANONICAL.get(lower, lower)))
    return "".join(out)


# Among the words, "any decimal digit" (a character stands for itself otherwise).
DIGIT = "\\d"
# How many spellings a run of literal characters may branch into ("ім[ʼ'’]я": three).
SPELLINGS = 16


def _weight(word: str) -> int:
    """How rare a needle is, by its length; a sign that is neither a letter, a digit nor a
    space ("@", "/", "№") is as rare as two letters, and so is any digit."""
    if word == DIGIT or (len(word) == 1 and not (word.isalnum() or word.isspace())):
        return SHORTEST
    return len(word)


def _selectivity(words: Words) -> tuple[int, int]:
    """The rarer the commonest needle, the fewer texts hold one; then the fewer, the faster."""
    return min(map(_weight, words)), -len(words)


def _better(a: Words | None, b: Words | None) -> Words | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=_selectivity)


def _spellings(members: Any) -> list[str] | None:
    """A small set of plain characters ("[ʼ'’]"), each as the lower-cased text holds it."""
    if len(members) > 4 or any(op is not _sre.LITERAL for op, _av in members):
        return None
    folded = [_folded(chr(av)) for _op, av in members]
    return None if None in folded else sorted(set(filter(None, folded)))


def _sequence(items: Any) -> Words | None:
    best: Words | None = None
    runs = [""]  # the spellings of the run of literal characters read so far
    for op, av in [*items, (None, None)]:
        chars = (
            _folded(chr(av)) if op is _sre.LITERAL else _spellings(av) if op is _sre.IN else None
        )
        if isinstance(chars, str):
            runs = [run + chars for run in runs]
            continue
        if chars and len(runs) * len(chars) <= SPELLINGS:
            runs = [run + char for run in runs for char in chars]
            continue
        if runs != [""]:
            best = _better(best, frozenset(runs))
        runs = [""]
        if op is not None:
            best = _better(best, _item(op, av))
    return best


def _digits(members: Any) -> bool:
    """Whether a set of characters holds only decimal digits."""
    return all(
        (op is _sre.CATEGORY and av in (_sre.CATEGORY_DIGIT, _sre.CATEGORY_UNI_DIGIT))
        or (op is _sre.RANGE and 0x30 <= av[0] <= av[1] <= 0x39)
        or (op is _sre.LITERAL and 0x30 <= av <= 0x39)
        for op, av in members
    )


def _item(op: Any, av: Any) -> Words | None:
    if op is _sre.IN:
        return frozenset({DIGIT}) if av and _digits(av) else None
    return needed_by_structure(op, av, _sequence)


def needed_by_structure(
    op: Any, av: Any, sequence: Callable[[Any], frozenset[str] | None]
) -> frozenset[str] | None:
    """What a parsed repeat, group, lookahead or lookbehind, or branch needs, by what
    ``sequence`` says each of its parts needs (None for any other item: it needs nothing that
    this can tell). Shared with ``pii.required_chars``, which reads characters, not words."""
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        least, _most, body = av
        return sequence(body) if least >= 1 else None
    if op is _sre.SUBPATTERN:
        return sequence(av[-1])
    if op is _sre.ATOMIC_GROUP:
        return sequence(av)
    if op is _sre.ASSERT:  # what a lookahead or lookbehind must find is in the text too
        return sequence(av[1])
    if op is _sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            need = sequence(branch)
            if need is None:
                return None
            union |= need
        return frozenset(union)
    return None


@per_pattern
def required_words(pattern: re.Pattern[str]) -> Words | None:
    """Lower-case words one of which a text's lower-cased copy holds wherever the pattern
    matches (``DIGIT``: any decimal digit), or None (read every text)."""
    try:
        words = _sequence(_sre_parse.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # (a parser that changed: read every text)
        return None
    if not words or len(words) > MOST or _selectivity(words)[0] < SHORTEST:
        return None
    return words


@per_pattern
def _plan(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], bool] | None:
    words = required_words(pattern)
    if words is None:
        return None
    return tuple(sorted(words - {DIGIT}, key=len, reverse=True)), DIGIT in words


# The last few texts asked about, each with its lower-cased copy (None: a text to scan always)
# and whether it holds a digit, as tuples replaced whole, so a thread never pairs one text with
# another's copy. The finder asks a hundred times in a row about the same three or four texts.
_recent: tuple[tuple[str, str | None, bool], ...] = ()
_DIGIT_CHAR = re.compile(r"\d")


def _read(text: str) -> tuple[str, str | None, bool]:
    global _recent
    for entry in _recent:
        if entry[0] is text:
            return entry
    entry = (
        text,
        None if _tricky_chars().search(text) else text.lower(),
        _DIGIT_CHAR.search(text) is not None,
    )
    _recent = (entry, *_recent[:3])
    return entry


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when the text cannot hold a match of the pattern."""
    plan = _plan(pattern)
    if plan is None:
        return True
    return _holds(_read(text), plan)


def _holds(entry: tuple[str, str | None, bool], plan: tuple[tuple[str, ...], bool]) -> bool:
    _text, low, has_digit = entry
    words, digit = plan
    return low is None or (digit and has_digit) or any(map(low.__contains__, words))


def _top_level(source: str) -> list[str]:
    """A pattern's source cut at each "|" outside brackets and character sets."""
    pieces, start, depth, at, in_set = [], 0, 0, 0, False
    while at < len(source):
        char = source[at]
        if char == "\\":
            at += 2
            continue
        if in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
            # (a "]" first in a set, or after its "^", is one of its characters)
            at += (
                2 if source[at + 1 : at + 2] == "]" else 3 if source[at + 1 : at + 3] == "^]" else 1
            )
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            pieces.append(source[start:at])
            start = at + 1
        at += 1
    pieces.append(source[start:])
    return pieces


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


@per_pattern
def _alternatives(pattern: re.Pattern[str]) -> tuple[tuple[str, Any], ...] | None:
    """The pattern's top-level alternatives, each with what it needs (None: nothing), when it
    has several, some of which need words, and no groups (a group's number would change)."""
    if pattern.groups or pattern.flags & re.VERBOSE:
        return None
    pieces = _top_level(pattern.pattern)
    if len(pieces) < 2:
        return None
    out = []
    for at, piece in enumerate(pieces):
        if at == 0 and (flags := _GLOBAL_FLAGS.match(piece)):
            piece = piece[flags.end() :]  # (pattern.flags holds them)
        try:
            alone = re.compile(piece, pattern.flags)
        except re.error:
            return None
        out.append((piece, _plan(alone)))
    if all(plan is None for _piece, plan in out):
        return None
    return tuple(out)


# How many narrowed copies of one pattern are kept (one per set of alternatives a text needs).
NARROWED = 64


@per_pattern
def _narrowings(pattern: re.Pattern[str]) -> dict[tuple[int, ...], re.Pattern[str]]:
    return {}


def _narrowed(pattern: re.Pattern[str], kept: tuple[int, ...]) -> re.Pattern[str]:
    """The pattern with only the alternatives ``kept``, in their order."""
    made = _narrowings(pattern)
    found = made.get(kept)
    if found is None:
        alternatives = _alternatives(pattern)
        assert alternatives is not None
        if len(made) >= NARROWED:
            made.clear()
        found = made[kept] = re.compile("|".join(alternatives[at][0] for at in kept), pattern.flags)
    return found


def _scanner(pattern: re.Pattern[str], text: str) -> re.Pattern[str] | None:
    """What to scan the text with: the pattern; the pattern without the alternatives that
    need words the text lacks (a text that lacks an alternative's words holds no match of it,
    so the matches are the same, found in the same order); or None, nothing at all."""
    entry = _read(text)
    plan = _plan(pattern)
    if plan is not None and not _holds(entry, plan):
        return None
    alternatives = _alternatives(pattern)
    if alternatives is None:
        return pattern
    kept = tuple(
        at for at, (_piece, need) in enumerate(alternatives) if need is None or _holds(entry, need)
    )
    if len(kept) == len(alternatives):
        return pattern
    return _narrowed(pattern, kept) if kept else None


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, without the scan where the text lacks the words it needs."""
    scanner = _scanner(pattern, text)
    return scanner.finditer(text) if scanner is not None else iter(())


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, without the scan where the text lacks the words it needs."""
    scanner = _scanner(pattern, text)
    return scanner.search(text) if scanner is not None else None
