"""Text files as Ukrainian admins save them: UTF-8 (with or without BOM) or Windows-1251."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import IO

from triage.importers.rows import ImportRefused

CHUNK = 1 << 16


def detect_encoding(path: Path) -> str:
    """utf-8-sig if the whole file decodes as UTF-8, else cp1251 if it decodes as that; else refuse.

    The whole file is checked, a chunk at a time (constant memory), so a UTF-8
    file with one bad byte at the end is refused rather than half-garbled.
    """
    with open(path, "rb") as f:
        head = f.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        f.seek(0)
        decoder: codecs.IncrementalDecoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8-sig"
        except UnicodeDecodeError:
            pass
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


def open_text(path: Path, encoding: str | None = None) -> IO[str]:
    enc = encoding or detect_encoding(path)
    return open(path, encoding=enc, newline="")
