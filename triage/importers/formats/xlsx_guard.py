"""A workbook's cells are measured before openpyxl reads them.

openpyxl holds a workbook's shared strings in memory, and a cell as one string: an XLSX of
2.2 MB, under both ZIP-bomb limits, can hold one cell of 298 MB and cost a gigabyte to open.
Here the XML of the shared strings and of every sheet is streamed through expat, counting the
characters of each element without keeping them; a cell longer than MAX_CELL_CHARS refuses the
file before anything is built from it. Memory stays at expat's buffer whatever the file holds.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO
from xml.parsers import expat

from triage.importers.rows import ImportRefused

# Far above any post (VARTA_MAX_POST_CHARS is 20,000 by default; longer rows are rejected one
# by one), far below what would hurt.
MAX_CELL_CHARS = 1_000_000
_BLOCK = 1 << 16


class _TooLong(Exception):
    pass


def refuse_huge_cells(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                name = member.filename
                if name.endswith(".xml") and (
                    name == "xl/sharedStrings.xml" or name.startswith("xl/worksheets/")
                ):
                    with archive.open(member) as stream:
                        _measure(stream)
    except _TooLong:
        raise ImportRefused(
            f"A cell of the XLSX file is longer than {MAX_CELL_CHARS:,} characters; "
            "no post is that long. Save the sheet as CSV, or remove that cell."
        ) from None
    except (zipfile.BadZipFile, OSError, ValueError, expat.ExpatError) as exc:
        raise ImportRefused(f"The XLSX file is damaged: {type(exc).__name__}.") from None


def _measure(stream: IO[bytes]) -> None:
    parser = expat.ParserCreate()
    length = 0

    def start(_name: str, _attrs: dict[str, str]) -> None:
        nonlocal length
        length = 0

    def text(data: str) -> None:
        nonlocal length
        length += len(data)
        if length > MAX_CELL_CHARS:
            raise _TooLong

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _name: None
    parser.CharacterDataHandler = text
    parser.buffer_text = False
    while block := stream.read(_BLOCK):
        parser.Parse(block, False)
    parser.Parse(b"", True)
