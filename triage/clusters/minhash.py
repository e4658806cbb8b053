"""MinHash signatures of posts' text and their LSH bands (used by triage.clusters.services to
cluster posts, and by triage.campaigns to match posts against a shared bank of campaigns).

Each post gets a MinHash signature of its normalised character shingles; the signature is cut
into BANDS bands of ROWS values. Posts that share a band are candidates; a candidate is a copy
when the signatures agree on at least JACCARD_THRESHOLD of their values (an estimate of the
shingles' Jaccard similarity).
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from triage.scoring.text import LOOKALIKE, fold_word

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE = 5
JACCARD_THRESHOLD = 0.5
SEED = 20261204
# Windows turned into signature values per numpy block (each a NUM_PERM x _BLOCK array of
# uint64, 8 MB): measured fastest among 512 to 32,768 on this machine.
_BLOCK = 8192
# Threads that turn blocks into signature values (see ``signatures``).
_THREADS = min(2, os.cpu_count() or 1)

# Applied to casefolded text, so without IGNORECASE (which costs the regex engine more), and
# only to text that holds one of their words at all: most posts hold neither a link nor a marker.
_URL = re.compile(r"https?://\S+|t\.me/\S+|www\.\S+")
_URL_HINTS = ("http", "t.me/", "www.")
_MARKERS = re.compile(r"\b(?:upd|update|апд|оновлення|репост|repost)\b\s*:?")
_MARKER_HINTS = ("upd", "апд", "оновлення", "репост", "repost")
_WORD = re.compile(r"\w+")
# A Latin letter (or a 3) that looks like a Cyrillic one, next to a Cyrillic letter: spam spells
# "Здpaвcтвyйтe" to slip past filters, and a bot that varies which letters it swaps copy by copy
# would otherwise make every copy look new. The words that have one are folded, and only those
# (triage.scoring.text.fold_word, which maps one letter to one letter): whether a word is folded
# never depends on the rest of its text.
# Both kinds of letter as case folding leaves them: the Cyrillic ones fold_word looks for, and
# the Latin ones (and the digit) it folds, read from its own table so the two cannot drift apart.
_CYRILLIC = "".join(map(chr, range(ord("а"), ord("я") + 1))) + "ёіїєґ"
_LATIN = "".join(sorted(c for c in map(chr, LOOKALIKE) if not c.isupper()))
_LOOKALIKE = re.compile(f"[{_LATIN}]")
_LOOKALIKE_NEXT_TO_CYRILLIC = re.compile(f"[{_CYRILLIC}][{_LATIN}]|[{_LATIN}][{_CYRILLIC}]")
# The same test for a whole chunk in numpy (see ``_with_lookalikes``): 1 for a Cyrillic letter,
# 2 for a Latin look-alike, 0 for any other code point (the last entry).
_CLASS = np.zeros(max(map(ord, _CYRILLIC + _LATIN)) + 2, dtype=np.uint8)
_CLASS[[ord(c) for c in _CYRILLIC]] = 1
_CLASS[[ord(c) for c in _LATIN]] = 2


def normalise(text: str) -> str:
    """Text as copies share it: case, links, punctuation, emoji and "UPD:" folded away, and
    Latin look-alike letters inside Cyrillic words read as the Cyrillic letters they imitate.

    Migration 0033 computed again the signatures of the posts that folding changed; a change
    here that changes what copies share needs a migration like it."""
    norm = _unfolded(text)
    return _folded(norm) if _has_lookalikes(norm) else norm


def folds_lookalikes(text: str) -> bool:
    """Whether ``normalise`` reads a look-alike letter of this text as Cyrillic."""
    return _has_lookalikes(_unfolded(text))


def _has_lookalikes(norm: str) -> bool:
    return bool(_LOOKALIKE.search(norm) and _LOOKALIKE_NEXT_TO_CYRILLIC.search(norm))


def _unfolded(text: str) -> str:
    """``normalise`` but for the look-alike letters: words joined by single spaces."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if any(hint in text for hint in _URL_HINTS):
        text = _URL.sub(" ", text)
    if any(hint in text for hint in _MARKER_HINTS):
        text = _MARKERS.sub(" ", text)
    return " ".join(_WORD.findall(text))


def _folded(norm: str) -> str:
    """An unfolded text with the words that have a look-alike letter beside a Cyrillic one
    folded (one letter for one, so the text keeps its length; fold_word remembers the words it
    folded last)."""
    return " ".join(
        fold_word(word) if _LOOKALIKE_NEXT_TO_CYRILLIC.search(word) else word
        for word in norm.split(" ")
    )


def _with_lookalikes(points: np.ndarray, begins: np.ndarray) -> np.ndarray:
    """Of texts laid end to end as code points (each from ``begins``), those where a Latin
    look-alike touches a Cyrillic letter, as ``_LOOKALIKE_NEXT_TO_CYRILLIC`` finds them: words
    are apart by spaces, so touching letters are of one word. With it a chunk of 1,000 of the
    benchmark's posts took about 3 ms more than without folding, with the two patterns per post
    10-12 ms more (``signatures``, alternating runs)."""
    kinds = _CLASS[np.minimum(points, len(_CLASS) - 1)]
    pairs = kinds[:-1] | (kinds[1:] << 2)  # 1 | 8: Cyrillic then Latin; 2 | 4: the other way
    touching = (pairs == 9) | (pairs == 6)
    touching[begins[1:] - 1] = False  # the last letter of a text and the next text's first
    return np.flatnonzero(np.logical_or.reduceat(touching, begins))


@functools.cache
def _constants() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fixed random constants: one odd multiplier per shingle position, and NUM_PERM
    (multiplier, offset) pairs of the multiply-shift hash family (one per signature value)."""
    rng = np.random.Generator(np.random.PCG64(SEED))
    position = rng.integers(0, 1 << 63, size=SHINGLE, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    a = rng.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)
    return position, a, b


def _points(norm: str) -> np.ndarray:
    """The normalised text's code points, padded so that text shorter than a shingle still
    makes two (it is then too short to compare, see ``signatures``)."""
    points = np.frombuffer(norm.encode("utf-32-le"), dtype=np.uint32)
    if len(points) <= SHINGLE:
        points = np.pad(points, (0, SHINGLE - len(points) + 1))
    return points


def _window_hashes(points: np.ndarray) -> np.ndarray:
    """The 64-bit hash of every window of SHINGLE code points (with repeats), in order."""
    position, _a, _b = _constants()
    points = points.astype(np.uint64)
    windows = len(points) - SHINGLE + 1
    h = np.zeros(windows, dtype=np.uint64)
    for j in range(SHINGLE):
        h ^= points[j : j + windows] * position[j]
    # A finaliser (splitmix64's) so that nearby code points spread over all 64 bits.
    h ^= h >> np.uint64(31)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(29)
    return h


def shingle_hashes(text: str) -> np.ndarray:
    """The distinct 64-bit hashes of the normalised text's character 5-grams."""
    norm = normalise(text)
    if not norm:
        return np.empty(0, dtype=np.uint64)
    return np.unique(_window_hashes(_points(norm)))


def signatures(texts: Sequence[str]) -> list[np.ndarray | None]:
    """Each text's MinHash signature (NUM_PERM uint32 values), or None for text too short to
    compare (fewer than 3 distinct shingles); computed for all the texts together.

    The texts' code points are laid end to end and every window hashed in one pass; the
    windows that straddle two texts are dropped. Repeated shingles are kept: a minimum over
    a multiset is the minimum over its set, so the signature is the same as over the distinct
    shingles, without sorting each text's."""
    out: list[np.ndarray | None] = [None] * len(texts)
    norms = [_unfolded(text) for text in texts]
    kept = [index for index, norm in enumerate(norms) if norm]
    if not kept:
        return out
    pieces = [_points(norms[index]) for index in kept]
    lengths = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
    begins = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    counts = lengths - SHINGLE + 1
    points = np.concatenate(pieces)
    # The few texts with look-alike letters, found for the whole chunk at once and folded as
    # ``normalise`` folds them, in place: a letter is folded to one letter.
    for row in _with_lookalikes(points, begins).tolist():
        at = begins[row]
        points[at : at + lengths[row]] = _points(_folded(norms[kept[row]]))
    windows = _window_hashes(points)
    # The SHINGLE - 1 windows after each text's own straddle it and the next text: dropped.
    straddling = (begins[1:, None] - np.arange(SHINGLE - 1, 0, -1)[None, :]).ravel()
    hashed = np.delete(windows, straddling)
    # Every text's windows, in order, as (start, count) into ``hashed``.
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    enough = _distinct_at_least_three(hashed, starts, counts)
    _position, a, b = _constants()
    blocks: list[list[int]] = [[]]
    size = 0
    for row in np.nonzero(enough)[0].tolist():
        blocks[-1].append(row)
        size += int(counts[row])
        if size >= _BLOCK:
            blocks.append([])
            size = 0
    blocks = [block for block in blocks if block]

    def run(block: list[int]) -> None:
        _minhash_block(hashed, starts, counts, block, a, b, kept, out)

    # numpy lets go of the GIL in the block's arithmetic, and clustering computes signatures
    # while the database has nothing to do for it: two threads use the second core (84 ms
    # against 71 ms for a chunk of 1,000 posts here). Each block fills rows of its own.
    if len(blocks) > 1 and _THREADS > 1:
        with ThreadPoolExecutor(_THREADS) as pool:
            for _done in pool.map(run, blocks):
                pass
    else:
        for block in blocks:
            run(block)
    return out


def _distinct_at_least_three(
    hashed: np.ndarray, starts: np.ndarray, counts: np.ndarray
) -> np.ndarray:
    """For each text (its windows at ``starts``, ``counts`` of them), whether it has at least
    three distinct shingles: some window differs from both the text's least and greatest."""
    low = np.minimum.reduceat(hashed, starts)
    high = np.maximum.reduceat(hashed, starts)
    text_of = np.repeat(np.arange(len(starts)), counts)
    between = (hashed != low[text_of]) & (hashed != high[text_of])
    return (np.add.reduceat(between.astype(np.int64), starts) > 0) & (counts >= 3)


def _minhash_block(
    hashed: np.ndarray,
    starts: np.ndarray,
    counts: np.ndarray,
    rows: list[int],
    a: np.ndarray,
    b: np.ndarray,
    kept: list[int],
    out: list[np.ndarray | None],
) -> None:
    values = np.concatenate([hashed[starts[r] : starts[r] + counts[r]] for r in rows])
    offsets = np.cumsum([0] + [int(counts[r]) for r in rows[:-1]])
    # Multiply-shift: the top 32 bits of a*h + b (mod 2^64) for each of the NUM_PERM pairs,
    # computed in place (one block of memory, no temporaries), one row per pair so that each
    # text's minimum is taken along a row (measured 40% faster than along columns). The shift
    # keeps order, so it is taken of the minima rather than of every value.
    permuted = np.multiply(a[:, None], values[None, :])
    permuted += b[:, None]
    mins = np.minimum.reduceat(permuted, offsets, axis=1)
    mins >>= np.uint64(32)
    mins = np.ascontiguousarray(mins.T, dtype=np.uint32)
    for at, row in enumerate(rows):
        out[kept[row]] = mins[at]


def signature(text: str) -> np.ndarray | None:
    """One post's MinHash values (uint32), or None for text too short to compare."""
    return signatures([text])[0]


def band_hashes(sig: np.ndarray) -> list[int]:
    """The signature's BANDS band hashes, signed 64-bit integers (see ``bands_of``)."""
    return bands_of([sig])[0]


# splitmix64's finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom number
# generators", 2014): a bijection of 64-bit integers whose every output bit depends on every
# input bit.
_MIX_SHIFTS = (np.uint64(30), np.uint64(27), np.uint64(31))
_MIX_MULTIPLIERS = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser of every value of a uint64 array (in place: x is consumed)."""
    x ^= x >> _MIX_SHIFTS[0]
    x *= _MIX_MULTIPLIERS[0]
    x ^= x >> _MIX_SHIFTS[1]
    x *= _MIX_MULTIPLIERS[1]
    x ^= x >> _MIX_SHIFTS[2]
    return x


def bands_of(sigs: Sequence[np.ndarray]) -> list[list[int]]:
    """The BANDS band hashes of each signature: a band's ROWS (4) values read as two 64-bit
    words (first value in the low half), hashed as mix(mix(first word) ^ second word), as a
    signed 64-bit integer (the column's type). Two different bands collide with probability
    about 2**-64, as with the blake2b digest this replaced; numpy over the whole chunk at once
    takes about 1 ms a chunk of 1,000 posts, where a blake2b call per band took 30 ms.
    ``_rehash_bands`` in migration 0028 rewrote the stored bands when this changed."""
    if not len(sigs):
        return []
    values = np.ascontiguousarray(np.stack(sigs), dtype=np.uint32)
    # (posts, NUM_PERM) uint32 -> (posts, BANDS, 2) uint64 words, little-endian pairs.
    words = values.astype("<u4", copy=False).view("<u8").reshape(len(sigs), BANDS, ROWS // 2)
    words = words.astype(np.uint64)
    hashed = _mix(words[:, :, 0].copy())
    hashed ^= words[:, :, 1]
    return _mix(hashed).view(np.int64).tolist()


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / NUM_PERM
