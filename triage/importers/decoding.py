"""Text files as Ukrainian admins save them: UTF-8 (with or without BOM), Windows-1251, KOI8
(old Unix and mail exports: KOI8-U, which reads KOI8-R's Russian the same) or UTF-16 (Excel's
"Unicode text", with or without its BOM). Never silent mojibake: a file that is none of them is
refused, saying which encodings are read."""

from __future__ import annotations

import codecs
import io
import math
import re
from pathlib import Path
from typing import IO

from triage.importers.rows import ImportRefused

CHUNK = 1 << 16
# Windows-1251 Cyrillic hardly ever forms valid UTF-8 by chance ("Рё" would): this many
# letters that decoded as UTF-8 mean the file is UTF-8.
UTF8_EVIDENCE = 8


def detect_encoding(path: Path) -> str:
    """utf-8-sig if the whole file decodes as UTF-8, else cp1251 if it decodes as that; else refuse.

    The whole file is checked, a chunk at a time (constant memory), so a UTF-8
    file with one bad byte at the end is refused rather than read as Windows-1251 and
    garbled.
    """
    with open(path, "rb") as f:
        head = f.read(SAMPLE)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        without_bom = _utf16_without_bom(head)
        if without_bom:
            return without_bom
        f.seek(0)
        decoder: codecs.IncrementalDecoder = codecs.getincrementaldecoder("utf-8")()
        letters = 0  # non-ASCII characters that decoded as UTF-8 before any error
        offset = 0
        chunk = b""
        try:
            while chunk := f.read(CHUNK):
                text = decoder.decode(chunk)
                if letters < UTF8_EVIDENCE:  # past that, only whether it decodes matters
                    letters += _non_ascii(text)
                offset += len(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError as exc:
            if letters + _valid_before(chunk, exc.start) >= UTF8_EVIDENCE:
                # Real UTF-8 with a broken byte (a cut download, a bad copy): read as
                # Windows-1251 every letter would be garbled. Say where instead.
                raise ImportRefused(
                    f"The file is UTF-8 text with a broken byte near byte {offset + exc.start:,}; "
                    "save it again as UTF-8 and try again."
                ) from None
        # One byte a letter: Windows-1251 or KOI8, told apart by which reading gives the
        # letters Ukrainian and Russian text is made of (each reads the other's bytes as
        # other letters, mostly rare ones).
        sample = head.removeprefix(codecs.BOM_UTF8)
        controls = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 13))
        if controls > len(sample) // 100:
            raise ImportRefused(REFUSED)  # binary, not text
        letters = _non_ascii(sample.decode("latin-1"))
        few = 0 < letters < FEW_LETTERS
        scores = {
            name: _letter_score(sample, name, least=1 if few else 8)
            for name in ("cp1251", "koi8-u")
        }
        koi8, cp1251 = scores["koi8-u"], scores["cp1251"]
        if few and (koi8 is not None or cp1251 is not None):
            # A handful of letters: either reading can look like a language by chance
            # ("Привіт" in KOI8 reads in Windows-1251 as "рТЙЧ¦Ф"). Only a clear lead decides.
            lead = (-99.0 if koi8 is None else koi8) - (-99.0 if cp1251 is None else cp1251)
            if abs(lead) < CLEAR_LEAD / math.sqrt(letters):
                raise ImportRefused(UNDECIDABLE)
            encoding = "koi8-u" if lead > 0 else "cp1251"
        else:
            encoding = (
                "koi8-u" if koi8 is not None and cp1251 is not None and koi8 > cp1251 else "cp1251"
            )
        chosen = scores[encoding]
        if chosen is not None and chosen < LANGUAGE_LIKE:
            raise ImportRefused(REFUSED)  # letters, but no language's
        f.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            return encoding
        except UnicodeDecodeError:
            raise ImportRefused(REFUSED) from None


REFUSED = (
    "The file's text is in an encoding Varta does not read. Save it as UTF-8 "
    "(Windows-1251, KOI8 and UTF-16 are read too) and try again."
)
UNDECIDABLE = (
    "The file has too few letters to tell whether its text is Windows-1251 or KOI8; save it "
    "as UTF-8 and try again."
)
# Under this many letters (non-ASCII bytes), a one-byte file's encoding is chosen only when one
# reading leads the other by CLEAR_LEAD / sqrt(letters). Measured on 34,880 snippets of 1-6
# words of the shipped corpus with 29 or fewer letters, each in Windows-1251 and in KOI8-U:
# the wrong reading led by that much in 0.2% of snippets under 5 letters, 0.04% of 5-9 and
# 0.01% of 10-19; a quarter of 10-19-letter snippets and a tenth of 20-29-letter ones are
# refused rather than guessed.
FEW_LETTERS = 30
CLEAR_LEAD = 2.0
# Real posts score 3.5-3.9 (the lowest of 3,323 real posts in Windows-1251: 3.49); letters drawn
# at random, about 2.6.
LANGUAGE_LIKE = 3.0


# How often each letter comes in Ukrainian and Russian text (per thousand letters, the two
# languages together, rounded): a reading in the wrong one-byte encoding swaps common letters
# for rare ones ("ТЕРМІНОВО" in Windows-1251 read as KOI8 is "репл╡мнбн").
LETTER_FREQUENCY = {
    "о": 100,
    "а": 80,
    "е": 75,
    "и": 65,
    "н": 65,
    "т": 60,
    "і": 45,
    "р": 45,
    "с": 45,
    "в": 45,
    "л": 40,
    "к": 35,
    "у": 30,
    "д": 30,
    "м": 30,
    "п": 28,
    "я": 20,
    "з": 17,
    "б": 16,
    "ь": 15,
    "г": 15,
    "ч": 13,
    "й": 11,
    "ы": 10,
    "х": 9,
    "ж": 8,
    "ш": 7,
    "ю": 6,
    "є": 5,
    "ї": 5,
    "ц": 5,
    "щ": 3,
    "ф": 2,
    "э": 2,
    "ё": 1,
    "ґ": 0.5,
    "ъ": 0.3,
}
_LOG_FREQUENCY = {letter: math.log(n) for letter, n in LETTER_FREQUENCY.items()}
SAMPLE = 1 << 18
_INNER_CAPITAL = re.compile("[\u0430-\u045f][\u0400-\u042f]")  # "рТ": a small letter, a capital


def _letter_score(sample: bytes, encoding: str, *, least: int) -> float | None:
    """How much the sample, read in ``encoding``, looks like Ukrainian or Russian: the mean
    log frequency of its Cyrillic letters, less a penalty for box-drawing characters (what
    Ukrainian letters become in the wrong one) and for a capital right after a small letter
    (the two encodings swap the cases: "Привіт" in the wrong one reads "рТЙЧ¦Ф")."""
    text = sample.decode(encoding, errors="ignore")
    cyrillic = [c for c in text if "\u0400" <= c <= "\u04ff"]
    if len(cyrillic) < least:
        return None  # too few letters to judge: Windows-1251, as before
    boxes = sum("\u2500" <= c <= "\u25ff" for c in text)
    inner_capitals = len(_INNER_CAPITAL.findall(text))
    mean = sum(_LOG_FREQUENCY.get(c.lower(), 0.0) for c in cyrillic) / len(cyrillic)
    return mean - (5.0 * boxes + 5.0 * inner_capitals) / len(cyrillic)


def _utf16_without_bom(head: bytes) -> str:
    """ "utf-16-le" or "utf-16-be" for UTF-16 saved without its BOM: every other byte is the
    high byte of a Latin or Cyrillic character (0x00 or 0x04), and it decodes."""
    sample = head[: 4096 - (len(head[:4096]) % 2)]
    if len(sample) < 16:
        return ""
    for name, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        low = sample[0::2] if name == "utf-16-le" else sample[1::2]
        if sum(b in (0, 4) for b in high) >= 0.95 * len(high) and low.count(0) < 0.05 * len(low):
            try:
                sample.decode(name)
            except UnicodeDecodeError:
                continue
            return name
    return ""


def _valid_before(chunk: bytes, end: int) -> int:
    return _non_ascii(chunk[:end].decode("utf-8", errors="ignore"))


def _non_ascii(text: str) -> int:
    """How many characters of the text are not ASCII (counted in C, not one by one)."""
    return len(text) - len(text.encode("ascii", errors="ignore"))


def open_text(path: Path, encoding: str | None = None) -> IO[str]:
    enc = encoding or detect_encoding(path)
    if enc in ("cp1251", "koi8-u"):
        raw = open(path, "rb")  # noqa: SIM115 - closed with the wrapper
        # A UTF-8 BOM an editor put before text it saved in another encoding: not text.
        if raw.read(3) != codecs.BOM_UTF8:
            raw.seek(0)
        return io.TextIOWrapper(raw, encoding=enc, newline="")
    return open(path, encoding=enc, newline="")
