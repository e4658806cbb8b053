"""A workbook with a giant cell is refused before openpyxl builds it."""

from __future__ import annotations

import random
import string
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from triage.importers.formats.tabular import xlsx_table
from triage.importers.formats.xlsx_guard import MAX_CELL_CHARS
from triage.importers.rows import ImportRefused

SHEET = "xl/worksheets/sheet1.xml"


def workbook(tmp_path, cells):
    """An XLSX whose first sheet holds these cells as inline strings, written by hand:
    openpyxl itself cuts a cell at Excel's 32,767 characters when it saves."""
    from xml.sax.saxutils import escape

    template = tmp_path / "template.xlsx"
    Workbook().save(template)
    rows = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for c, v in enumerate(row)
        )
        + "</row>"
        for r, row in enumerate(cells, start=1)
    )
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    path = tmp_path / "book.upload"
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for member in source.infolist():
            data = xml.encode() if member.filename == SHEET else source.read(member)
            out.writestr(member.filename, data)
    return path


def noise(n: int) -> str:
    # Random letters: they do not compress much, so the ZIP-bomb limits let the file through.
    rng = random.Random(7)
    return "".join(rng.choices(string.ascii_letters + " ", k=n))


def test_a_cell_longer_than_the_bound_refuses_the_file_in_bounded_memory(tmp_path):
    path = workbook(tmp_path, [["text"], [noise(MAX_CELL_CHARS + 200_000)], ["Продам дрова"]])
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused, match="longer than 1,000,000 characters"):
            list(xlsx_table(path))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # openpyxl would hold the 1.2 million characters (and more) in memory; the guard streams.
    assert peak < 1_000_000


def test_a_workbook_of_ordinary_cells_reads_as_before(tmp_path):
    path = workbook(tmp_path, [["text", "author"], ["Продам дрова", "Олег"], [noise(15_000), "x"]])
    rows = list(xlsx_table(path))
    assert rows[0][:2] == ["text", "author"]
    assert rows[1][:2] == ["Продам дрова", "Олег"]
    assert len(rows[2][0]) == 15_000


def test_a_damaged_sheet_is_refused_clearly(tmp_path):
    path = tmp_path / "bad.upload"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>")
    with pytest.raises(ImportRefused):
        list(xlsx_table(path))
