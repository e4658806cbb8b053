"""A workbook's cells are measured before openpyxl reads them.

openpyxl holds a workbook's shared strings in memory, and a cell as one string: an XLSX of
2.2 MB, under both ZIP-bomb limits, can hold one cell of 298 MB and cost a gigabyte to open.
Here the XML of every part of the archive is streamed through expat, counting characters
without keeping them, and the file is refused before anything is built from it when:

- a cell is longer than MAX_CELL_CHARS. A cell is a shared string (``<si>``), an inline
  string (``<is>``) or a sheet's cell (``<c>``), counted whole: openpyxl joins the rich-text
  runs (``<r><t>``) of one into one string;
- the shared strings hold more than MAX_SHARED_CHARS characters, or more than
  MAX_SHARED_STRINGS strings, in all: openpyxl keeps the whole table (about 140 bytes a
  string besides its characters);
- one piece of markup (a tag with its attributes, a comment) is longer than MAX_TOKEN_BYTES:
  expat holds such a piece whole, and so would openpyxl;
- a part declares a DOCTYPE (entities expand text; Excel never writes one);
- a part holds more elements than openpyxl can hold: ElementTree keeps every element it
  parses (about 90 bytes each, empty) unless openpyxl clears it, and openpyxl clears only
  a row's or a shared string's contents once read. So a sheet may hold at most MAX_ROWS rows
  (Excel's own limit), one row or shared string at most MAX_ELEMENTS_IN_ROW elements, and a
  part at most MAX_LOOSE_ELEMENTS others (10 million empty elements, a 227 KB file, cost
  the column-mapping page 967 MB and 17 s).

Every part is measured, whatever its name: openpyxl finds the shared strings and the sheets
through ``[Content_Types].xml`` and the relationships, so a shared-strings part may be called
anything. A part that is not XML (an image), or stops being well-formed, is measured up to
where expat fails: openpyxl parses with the same expat (the standard library's ElementTree;
lxml is not installed, see tests/importers/test_xlsx_cells.py), so it builds nothing past that
point either, and refuses the file if it needs the part. Memory stays at expat's buffer
whatever the file holds.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import IO
from xml.parsers import expat

from triage.importers.rows import ImportRefused

# Far above any post (VARTA_MAX_POST_CHARS is 20,000 by default; longer rows are rejected one
# by one), far below what would hurt.
MAX_CELL_CHARS = 1_000_000
# About 100 MB of Cyrillic text held by openpyxl; a workbook of more posts is read as CSV.
MAX_SHARED_CHARS = 50_000_000
# Two different texts for each of a million rows; about 280 MB in openpyxl's table.
MAX_SHARED_STRINGS = 2_000_000
MAX_TOKEN_BYTES = 1 << 20
MAX_ROWS = 1_048_576  # rows in a sheet, as in Excel
MAX_ELEMENTS_IN_ROW = 100_000  # 16,384 columns of rich text would be more; no sheet of posts
MAX_LOOSE_ELEMENTS = 1_000_000  # not in a row or a shared string: a hyperlink for each row
_BLOCK = 1 << 16
_CELLS = frozenset({"si", "is", "c"})
_BOXES = frozenset({"row", "si"})


class _TooLong(Exception):
    pass


class _TooMany(Exception):
    pass


class _TooManyElements(Exception):
    pass


class _Damaged(Exception):
    pass


class _Totals:
    def __init__(self) -> None:
        self.shared_chars = 0
        self.shared_strings = 0


def refuse_huge_cells(path: Path) -> None:
    totals = _Totals()
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if member.is_dir():
                    continue
                with archive.open(member) as stream:
                    _measure(stream, totals)
    except _TooLong:
        raise ImportRefused(
            f"A cell of the XLSX file is longer than {MAX_CELL_CHARS:,} characters; "
            "no post is that long. Save the sheet as CSV, or remove that cell."
        ) from None
    except _TooMany:
        raise ImportRefused(
            f"The XLSX file holds more than {MAX_SHARED_STRINGS:,} different texts or more "
            f"than {MAX_SHARED_CHARS:,} characters of them; save it as CSV instead."
        ) from None
    except _TooManyElements:
        raise ImportRefused(
            f"The XLSX file has more than {MAX_ROWS:,} rows in a sheet, or more elements in a row "
            "or a sheet than a spreadsheet of posts has; save it as CSV instead."
        ) from None
    except _Damaged as exc:
        raise ImportRefused(f"The XLSX file is damaged: {exc}.") from None
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,  # a compression method zipfile does not read
        RuntimeError,  # an encrypted member
    ) as exc:
        raise ImportRefused(f"The XLSX file is damaged: {type(exc).__name__}.") from None


def _measure(stream: IO[bytes], totals: _Totals) -> None:
    parser = expat.ParserCreate()
    length = 0  # characters of the current cell (or, outside cells, of the current element)
    depth = 0  # how deep inside a cell (<si>, <is>, <c>) the parser is; 0: outside
    shared = False  # the cell is a shared string
    seen = 0  # where the last event was, in bytes: what lies after it, expat holds
    boxed = 0  # how deep inside a row or shared string (what openpyxl clears); 0: outside
    in_box = 0  # elements inside the current row or shared string
    rows = 0
    loose = 0  # elements in no row or shared string (and the rows and strings themselves)

    def start(name: str, _attrs: dict[str, str]) -> None:
        nonlocal length, depth, shared, seen, boxed, in_box, rows, loose
        seen = parser.CurrentByteIndex
        local = name.rpartition(":")[2]
        if boxed:
            boxed += 1
            in_box += 1
            if in_box > MAX_ELEMENTS_IN_ROW:
                raise _TooManyElements
        elif local in _BOXES:
            boxed, in_box = 1, 0
            if local == "row":
                rows += 1
                if rows > MAX_ROWS:
                    raise _TooManyElements
        else:
            loose += 1
            if loose > MAX_LOOSE_ELEMENTS:
                raise _TooManyElements
        if depth:
            depth += 1
            return
        length = 0
        if local in _CELLS:
            depth = 1
            shared = local == "si"
            if shared:
                totals.shared_strings += 1
                if totals.shared_strings > MAX_SHARED_STRINGS:
                    raise _TooMany

    def end(_name: str) -> None:
        nonlocal depth, seen, boxed
        seen = parser.CurrentByteIndex
        if depth:
            depth -= 1
        if boxed:
            boxed -= 1

    def text(data: str) -> None:
        nonlocal length, seen
        seen = parser.CurrentByteIndex
        length += len(data)
        if length > MAX_CELL_CHARS:
            raise _TooLong
        if depth and shared:
            totals.shared_chars += len(data)
            if totals.shared_chars > MAX_SHARED_CHARS:
                raise _TooMany

    def other(*_args: object) -> None:
        nonlocal seen
        seen = parser.CurrentByteIndex

    def doctype(*_args: object) -> None:
        raise _Damaged("a part declares a DOCTYPE")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.CommentHandler = other
    parser.ProcessingInstructionHandler = other
    parser.XmlDeclHandler = other
    parser.StartDoctypeDeclHandler = doctype
    parser.buffer_text = False
    fed = 0
    try:
        while block := stream.read(_BLOCK):
            parser.Parse(block, False)
            fed += len(block)
            if fed - seen > MAX_TOKEN_BYTES + _BLOCK:
                raise _Damaged(f"a tag or comment is longer than {MAX_TOKEN_BYTES:,} bytes")
        parser.Parse(b"", True)
    except expat.ExpatError:
        return  # not XML, or broken here: openpyxl's expat stops here too (see above)
