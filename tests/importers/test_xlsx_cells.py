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


# Hostile workbooks written part by part, as the red team built theirs (/tmp/rt17-scratch/
# mkxlsx.py), at a small scale: the bounds are lowered for the test instead.
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def hand_made(
    tmp_path, *, strings_xml="", strings_part="xl/sharedStrings.xml", sheet_xml="", extra=()
):
    """A minimal XLSX: a workbook of one sheet and, if given, a shared-strings part under any
    name, found (as openpyxl finds it) through [Content_Types].xml and the relationships."""
    override = (
        f'<Override PartName="/{strings_part}" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        if strings_xml
        else ""
    )
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        f"{override}</Types>"
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    book = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    strings_rel = (
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="{strings_part[3:]}"/>'
        if strings_xml
        else ""
    )
    book_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f"{strings_rel}</Relationships>"
    )
    path = tmp_path / "hand-made.upload"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", types)
        out.writestr("_rels/.rels", rels)
        out.writestr("xl/workbook.xml", book)
        out.writestr("xl/_rels/workbook.xml.rels", book_rels)
        out.writestr(
            "xl/worksheets/sheet1.xml", f'<worksheet xmlns="{MAIN}">{sheet_xml}</worksheet>'
        )
        if strings_xml:
            out.writestr(strings_part, strings_xml)
        for name, data in extra:
            out.writestr(name, data)
    return path


def shared(*items: str) -> str:
    return f'<sst xmlns="{MAIN}">' + "".join(f"<si>{i}</si>" for i in items) + "</sst>"


def shared_cells(count: int) -> str:
    """A sheet whose column A holds shared strings 0..count-1, one a row."""
    rows = "".join(
        f'<row r="{n + 1}"><c r="A{n + 1}" t="s"><v>{n}</v></c></row>' for n in range(count)
    )
    return f"<sheetData>{rows}</sheetData>"


def unguarded(monkeypatch, path):
    """What openpyxl itself makes of the file, with the guard switched off: shows that the
    hostile file really reaches openpyxl as one long cell (the guard's model of openpyxl)."""
    import triage.importers.formats.tabular as tabular

    with monkeypatch.context() as m:
        m.setattr(tabular, "refuse_huge_cells", lambda _path: None)
        return list(xlsx_table(path))


@pytest.fixture
def small_bounds(monkeypatch):
    from triage.importers.formats import xlsx_guard

    monkeypatch.setattr(xlsx_guard, "MAX_CELL_CHARS", 10_000)
    monkeypatch.setattr(xlsx_guard, "MAX_SHARED_CHARS", 50_000, raising=False)
    monkeypatch.setattr(xlsx_guard, "MAX_SHARED_STRINGS", 100, raising=False)
    monkeypatch.setattr(xlsx_guard, "MAX_TOKEN_BYTES", 100_000, raising=False)
    monkeypatch.setattr(xlsx_guard, "MAX_ROWS", 100, raising=False)
    monkeypatch.setattr(xlsx_guard, "MAX_ELEMENTS_IN_ROW", 1_000, raising=False)
    monkeypatch.setattr(xlsx_guard, "MAX_LOOSE_ELEMENTS", 1_000, raising=False)


def test_a_shared_string_of_many_short_runs_is_measured_whole(tmp_path, monkeypatch, small_bounds):
    # 30 rich-text runs of 1,000 characters: each run is under the bound, the cell is not.
    runs = "".join(f"<r><t>{noise(1_000)}</t></r>" for _ in range(30))
    path = hand_made(tmp_path, strings_xml=shared("<t>text</t>", runs), sheet_xml=shared_cells(2))
    assert len(unguarded(monkeypatch, path)[1][0]) == 30_000  # openpyxl joins the runs
    with pytest.raises(ImportRefused, match="longer than 10,000 characters"):
        list(xlsx_table(path))


def test_an_inline_string_of_many_short_runs_is_measured_whole(tmp_path, small_bounds):
    runs = "".join(f"<r><t>{noise(1_000)}</t></r>" for _ in range(30))
    sheet = f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is>{runs}</is></c></row></sheetData>'
    path = hand_made(tmp_path, sheet_xml=sheet)
    with pytest.raises(ImportRefused, match="longer than 10,000 characters"):
        list(xlsx_table(path))


def test_a_shared_strings_part_under_another_name_is_measured(tmp_path, monkeypatch, small_bounds):
    path = hand_made(
        tmp_path,
        strings_xml=shared("<t>text</t>", f"<t>{noise(30_000)}</t>"),
        strings_part="xl/strs.bin",
        sheet_xml=shared_cells(2),
    )
    assert len(unguarded(monkeypatch, path)[1][0]) == 30_000  # openpyxl found the part
    with pytest.raises(ImportRefused, match="longer than 10,000 characters"):
        list(xlsx_table(path))


def test_shared_strings_are_bounded_in_all_not_only_each(tmp_path, monkeypatch, small_bounds):
    # 9 strings of 9,000 characters: each under the cell bound, 81,000 in all.
    items = ["<t>text</t>"] + [f"<t>{noise(9_000)}</t>" for _ in range(9)]
    path = hand_made(tmp_path, strings_xml=shared(*items), sheet_xml=shared_cells(10))
    assert len(unguarded(monkeypatch, path)) == 10
    with pytest.raises(ImportRefused, match="more than 50,000 characters of them"):
        list(xlsx_table(path))


def test_a_great_many_small_shared_strings_are_refused(tmp_path, small_bounds):
    # openpyxl keeps about 140 bytes for each, however short: the count is bounded too.
    items = ["<t>text</t>"] + [f"<t>{n}</t>" for n in range(150)]
    path = hand_made(tmp_path, strings_xml=shared(*items), sheet_xml=shared_cells(2))
    with pytest.raises(ImportRefused, match="more than 100 different texts"):
        list(xlsx_table(path))


def test_a_huge_attribute_is_refused_before_it_is_held(tmp_path, small_bounds):
    sheet = f'<sheetData><row r="1" x="{noise(300_000)}"><c r="A1"/></row></sheetData>'
    path = hand_made(tmp_path, sheet_xml=sheet)
    with pytest.raises(ImportRefused, match="a tag or comment is longer than 100,000 bytes"):
        list(xlsx_table(path))


@pytest.mark.parametrize("where", ["sheet", "shared strings"])
def test_a_flood_of_empty_elements_is_refused(tmp_path, small_bounds, where):
    # ElementTree keeps every element openpyxl does not clear (~90 bytes each): 10 million
    # empty ones, a 227 KB file, cost the mapping page 967 MB. Here 2,000 against a bound of
    # 1,000, beside the sheet's data or the shared strings.
    flood = "<a/>" * 2_000
    sheet = shared_cells(2) + (flood if where == "sheet" else "")
    strings = shared("<t>text</t>", "<t>hello</t>")
    if where == "shared strings":
        strings = strings.replace("</sst>", flood + "</sst>")
    path = hand_made(tmp_path, strings_xml=strings, sheet_xml=sheet)
    with pytest.raises(ImportRefused, match="save it as CSV instead"):
        list(xlsx_table(path))


def test_a_row_or_shared_string_of_too_many_elements_is_refused(tmp_path, small_bounds):
    sheet = f'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>{"<a/>" * 2_000}</row></sheetData>'
    path = hand_made(tmp_path, strings_xml=shared("<t>text</t>"), sheet_xml=sheet)
    with pytest.raises(ImportRefused, match="more elements in a row"):
        list(xlsx_table(path))
    runs = "<r><t>x</t></r>" * 700  # 1,400 elements in one shared string
    path = hand_made(tmp_path, strings_xml=shared("<t>text</t>", runs), sheet_xml=shared_cells(2))
    with pytest.raises(ImportRefused, match="more elements in a row"):
        list(xlsx_table(path))


def test_more_rows_than_a_sheet_has_are_refused(tmp_path, small_bounds):
    # Empty rows: the import skips them, so its row limit never counts them, but openpyxl
    # keeps each one's element.
    rows = "".join(f'<row r="{n}"/>' for n in range(1, 151))
    path = hand_made(tmp_path, sheet_xml=f"<sheetData>{rows}</sheetData>")
    with pytest.raises(ImportRefused, match="more than 100 rows in a sheet"):
        list(xlsx_table(path))
    fewer = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>п{n}</t></is></c></row>'
        for n in range(1, 91)
    )
    path = hand_made(tmp_path, sheet_xml=f"<sheetData>{fewer}</sheetData>")
    assert len(list(xlsx_table(path))) == 90


def test_a_doctype_is_refused(tmp_path):
    entities = '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    path = hand_made(
        tmp_path,
        strings_xml=entities + shared("<t>text</t>", "<t>&b;&b;</t>"),
        sheet_xml=shared_cells(2),
    )
    with pytest.raises(ImportRefused, match="declares a DOCTYPE"):
        list(xlsx_table(path))


def test_a_workbook_with_rich_text_shared_strings_and_an_image_reads_as_before(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # not XML: skipped, not refused
    items = ["<t>text</t>", "<r><t>Продам </t></r><r><rPr><b/></rPr><t>дрова</t></r>"]
    path = hand_made(
        tmp_path,
        strings_xml=shared(*items),
        sheet_xml=shared_cells(2),
        extra=[("xl/media/image1.png", png), ("xl/drawings/vmlDrawing1.vml", "<xml><br></xml>")],
    )
    assert [row[0] for row in xlsx_table(path)] == ["text", "Продам дрова"]


def test_openpyxl_parses_with_the_standard_librarys_expat():
    # The guard stops measuring a part where expat finds it broken, because openpyxl's parser
    # (ElementTree, i.e. expat) stops at the same place. With lxml, openpyxl would parse
    # with libxml2, which reads what expat does not: measure such parts whole first.
    import openpyxl

    assert openpyxl.LXML is False


def test_a_member_with_a_corrupt_deflate_stream_is_refused_clearly(tmp_path):
    path = hand_made(tmp_path, strings_xml=shared("<t>text</t>"), sheet_xml=shared_cells(1))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename)  # the compressed bytes
    data[start : start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    with pytest.raises(ImportRefused, match="damaged"):
        list(xlsx_table(path))
