"""The import's first pass (row_marks) counts what the writing pass (iter_rows) gives, and refuses
what it refuses, without making a post of each row of a table."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from triage.importers.formats.registry import detect_format, iter_rows, row_marks
from triage.importers.rows import ImportRefused

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir()))
def test_the_first_pass_counts_every_shipped_format_as_the_import_reads_it(name):
    path = DATA / name
    fmt = detect_format(path, name)
    assert len(list(row_marks(path, fmt))) == len(list(iter_rows(path, fmt)))


TABLE = (
    "id,text,author,posted\n"
    "1,Перший допис,Автор,2025-01-01\n"
    ",,,\n"  # blank: no row
    "  ,  ,  ,  \n"  # blank too
    "2,,Автор,\n"  # no text: a row (rejected when written)
    "3,Третій,Автор,not a date\n"  # a bad cell: a row with an error, not a refusal
    '4,"Четвертий, у лапках\nна двох рядках",Автор,\n'
)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"mapping": {"text": 1, "author": 2}},
        {"mapping": {"text": 1}, "has_header": False},
        {"has_header": False, "mapping": {"text": 0}},
    ],
)
def test_a_table_is_numbered_as_the_writing_pass_numbers_it(tmp_path, options):
    path = tmp_path / "posts.csv"
    path.write_text(TABLE, encoding="utf-8")
    written = [row.row_number for row in iter_rows(path, "csv", options)]
    assert list(row_marks(path, "csv", options)) == written
    assert len(written) == (5 if options.get("has_header") is False else 4)


def test_a_workbook_is_numbered_as_the_writing_pass_numbers_it(tmp_path):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["text", "author"], ["Перший", "А"], [None, None], [12345, "Б"], ["", "В"]):
        sheet.append(row)
    path = tmp_path / "posts.xlsx"
    book.save(path)
    written = [row.row_number for row in iter_rows(path, "xlsx")]
    assert list(row_marks(path, "xlsx")) == written == [2, 4, 5]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("author,when\nА,2025-01-01\n", "No text column"),
        ("", "empty"),
        ("text,author\nдопис" + "," * 10_001 + "\n", "Line 2"),  # a record too wide
    ],
)
def test_the_first_pass_refuses_what_the_writing_pass_refuses(tmp_path, content, message):
    path = tmp_path / "posts.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportRefused, match=message) as first:
        list(row_marks(path, "csv"))
    with pytest.raises(ImportRefused) as writing:
        list(iter_rows(path, "csv"))
    assert str(first.value) == str(writing.value)


def test_the_first_pass_does_not_make_posts_of_a_tables_rows(tmp_path, monkeypatch):
    """Half of an import's reading was making each row a post twice, once only to count it."""
    from triage.importers.formats import tabular

    path = tmp_path / "posts.csv"
    path.write_text(TABLE, encoding="utf-8")

    def no_posts(*args: object) -> None:
        raise AssertionError("the first pass made a post of a row")

    monkeypatch.setattr(tabular, "_row", no_posts)
    assert len(list(row_marks(path, "csv"))) == 4
    with pytest.raises(AssertionError, match="made a post"):
        list(iter_rows(path, "csv"))
