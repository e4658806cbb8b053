"""Text files as Ukrainian admins save them: UTF-8 (with or without BOM) or Windows-1251."""

from __future__ import annotations

import codecs
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
        head = f.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
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
        f.seek(0)
        decoder = codecs.getincrementaldecoder("cp1251")()
        try:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            return "cp1251"
        except UnicodeDecodeError:
            raise ImportRefused(
                "The file is neither UTF-8 nor Windows-1251 text; save it as UTF-8 and try again."
            ) from None


def _valid_before(chunk: bytes, end: int) -> int:
    return _non_ascii(chunk[:end].decode("utf-8", errors="ignore"))


def _non_ascii(text: str) -> int:
    """How many characters of the text are not ASCII (counted in C, not one by one)."""
    return len(text) - len(text.encode("ascii", errors="ignore"))


def open_text(path: Path, encoding: str | None = None) -> IO[str]:
    enc = encoding or detect_encoding(path)
    return open(path, encoding=enc, newline="")
