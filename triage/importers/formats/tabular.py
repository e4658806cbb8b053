"""CSV and XLSX: a header row (names in Ukrainian or English, or a mapping the admin chose)."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from triage.importers import fields
from triage.importers.decoding import open_text
from triage.importers.formats.xlsx_guard import refuse_huge_cells
from triage.importers.rows import ImportRefused, ParsedRow

csv.field_size_limit(2_000_000)


class OneColumn(csv.excel):
    """A file whose header names one column: every line is one post, commas and all
    ("Hello, world" stays whole). Quoted fields (Excel quotes multi-line text) still work."""

    delimiter = "\x1f"  # the unit separator: never in a post


def sniff_dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    header = next((line for line in sample.splitlines() if line.strip()), "")
    if not any(d in header for d in (",", ";", "\t")):
        return OneColumn
    try:
        # The sniffer's regular expressions are slow on crafted text: a few KB is plenty.
        return csv.Sniffer().sniff(sample[:8192], delimiters=",;\t")
    except csv.Error:
        # One column, or quoting the sniffer cannot read: count the candidates.
        counts = {d: sample.count(d) for d in (",", ";", "\t")}
        best = max(counts, key=lambda d: counts[d])

        class Guess(csv.excel):
            delimiter = best if counts[best] else ","

        return Guess


def csv_table(path: Path) -> Iterator[list[str]]:
    """The rows of a CSV file, each cut to MAX_COLUMNS cells. A record is measured while the
    csv module reads it, line by line: one with more than MAX_DELIMITERS delimiters (a row of
    a million empty columns is 2 MB) or longer than MAX_LINE characters refuses the file, so
    that no such row is ever built, in the column-mapping preview or in the import. A record
    spans lines when a newline sits inside quotes, so the count runs over the whole record,
    not one line: the csv module asks for the next line only while its record is open."""
    with open_text(path) as handle:
        sample = handle.read(64_000)
        handle.seek(0)
        dialect = sniff_dialect(sample)
        measured = _MeasuredRecords(handle, dialect.delimiter)
        reader = csv.reader(measured, dialect)
        try:
            for row in reader:
                measured.record_done()
                yield row[:MAX_COLUMNS]
        except csv.Error as exc:
            raise ImportRefused(f"The CSV file could not be read: {exc}.") from None


# A quoted post may hold many commas; ten thousand in one record is no post (posts are at most
# VARTA_MAX_POST_CHARS, 20,000 characters by default), and the longest cell the csv module
# takes (field_size_limit above) bounds a record too.
MAX_DELIMITERS = 10_000
MAX_LINE = 2_000_000


class _MeasuredRecords:
    """The file's lines for csv.reader, counting the delimiters and characters of the record
    being read (commas inside quotes too: ten thousand of them are no post either) and
    refusing the file once a record is over either bound. csv.reader reads no line past the
    end of its record, so ``record_done`` after each row it yields starts the next count."""

    def __init__(self, handle: IO[str], delimiter: str) -> None:
        self.handle = handle
        self.delimiter = delimiter
        self.number = 0  # lines read
        self.first = 1  # the line the current record starts on
        self.delimiters = 0
        self.length = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def record_done(self) -> None:
        self.first = self.number + 1
        self.delimiters = 0
        self.length = 0

    def __next__(self) -> str:
        line = self.handle.readline(MAX_LINE + 1)
        if not line:
            raise StopIteration
        self.number += 1
        self.length += len(line)
        self.delimiters += line.count(self.delimiter)
        where = (
            f"Line {self.first:,}"
            if self.first == self.number
            else f"The record on lines {self.first:,}-{self.number:,}"
        )
        if self.length > MAX_LINE:
            raise ImportRefused(
                f"{where} of the file is longer than {MAX_LINE:,} characters; "
                "no post is that long. Save only the columns of the posts and try again."
            )
        if self.delimiters > MAX_DELIMITERS:
            raise ImportRefused(
                f"{where} of the file has more than {MAX_DELIMITERS:,} columns; "
                f"Varta reads the first {MAX_COLUMNS}. Save only the columns of the posts "
                "and try again."
            )
        return line


def xlsx_table(path: Path) -> Iterator[list[Any]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    # What a damaged or disguised workbook raises: zip, XML and openpyxl's own errors.
    damaged = (
        InvalidFileException,
        zipfile.BadZipFile,
        ElementTree.ParseError,
        KeyError,
        IndexError,
        OSError,
        ValueError,
        TypeError,
    )
    _refuse_zip_bomb(path)
    refuse_huge_cells(path)
    handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    try:
        # A file object, not a path: uploads are stored under a random name, and
        # openpyxl refuses paths without an .xlsx extension.
        book = load_workbook(handle, read_only=True, data_only=True)
    except damaged as exc:
        handle.close()
        raise ImportRefused(f"The XLSX file could not be opened: {type(exc).__name__}.") from None
    try:
        if not book.worksheets:
            raise ImportRefused("The XLSX file has no sheets.")
        sheet = book.worksheets[0]
        # The declared size is the file's word: "A1:XFD1048576" would make every row 16,384
        # cells wide. Read what is there, and at most MAX_COLUMNS columns of it.
        sheet.reset_dimensions()
        try:
            for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                yield ["" if v is None else v for v in row]
        except damaged as exc:
            raise ImportRefused(f"The XLSX file is damaged: {type(exc).__name__}.") from None
    finally:
        book.close()
        handle.close()


MAX_COLUMNS = 100
MAX_UNPACKED = 300 * 1024 * 1024  # bytes of XML a workbook may unpack to
MAX_RATIO = 200  # how much a member may shrink in the ZIP; spreadsheets shrink ~10x


def _refuse_zip_bomb(path: Path) -> None:
    """An XLSX is a ZIP: a small file can unpack to gigabytes. Refuse before unpacking."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(f"The XLSX file could not be opened: {type(exc).__name__}.") from None
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise ImportRefused("The XLSX file unpacks to more than 300 MB; save it as CSV instead.")
    for m in members:
        if m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise ImportRefused("The XLSX file is packed suspiciously tightly; save it as CSV.")


def header_and_rows(table: Iterable[list[Any]]) -> tuple[list[str], Iterator[list[Any]]]:
    iterator = iter(table)
    for row in iterator:
        if any(str(c).strip() for c in row):
            return [str(c) for c in row], iterator
    raise ImportRefused("The file is empty.")


def rows(
    table: Iterable[list[Any]],
    mapping: dict[str, int] | None = None,
    has_header: bool | None = None,
) -> Iterator[ParsedRow]:
    mapping, numbered = _numbered(table, mapping, has_header)
    for number, cells in numbered:
        yield _row(number, cells, mapping)


def row_numbers(
    table: Iterable[list[Any]],
    mapping: dict[str, int] | None = None,
    has_header: bool | None = None,
) -> Iterator[int]:
    """The spreadsheet row number of each row ``rows`` gives, without reading its cells."""
    _mapping, numbered = _numbered(table, mapping, has_header)
    for number, _cells in numbered:
        yield number


def _numbered(
    table: Iterable[list[Any]], mapping: dict[str, int] | None, has_header: bool | None
) -> tuple[dict[str, int], Iterator[tuple[int, list[Any]]]]:
    """The column mapping, and the table's rows that are not blank with their spreadsheet
    row numbers. Refuses a table with no text column."""
    header, body = header_and_rows(table)
    # Whether the first row names the columns: the admin says so on the mapping page;
    # otherwise a mapping implies a header (it was chosen by name), or it is guessed.
    if has_header is None:
        has_header = mapping is not None or fields.looks_like_header(header)
    if mapping is None:
        mapping = fields.guess_mapping(header) if has_header else {}
    if "text" not in mapping:
        raise ImportRefused(
            "No text column: name one column 'text' (or 'Текст'), "
            "or choose it in the column mapping."
        )
    if not has_header:
        return mapping, _not_blank(_chain([header], body), first=1)
    return mapping, _not_blank(body, first=2)  # the header is spreadsheet row 1


def _not_blank(body: Iterator[list[Any]], *, first: int) -> Iterator[tuple[int, list[Any]]]:
    for number, cells in enumerate(body, start=first):
        if any(str(c).strip() for c in cells):
            yield number, cells


def _chain(first: list[list[Any]], rest: Iterator[list[Any]]) -> Iterator[list[Any]]:
    yield from first
    yield from rest


def _cell(cells: list[Any], mapping: dict[str, int], key: str) -> Any:
    index = mapping.get(key)
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def _row(number: int, cells: list[Any], mapping: dict[str, int]) -> ParsedRow:
    row = ParsedRow(row_number=number)
    errors = []
    row.text = fields.clean_text(_cell(cells, mapping, "text"))
    raw_id = _cell(cells, mapping, "external_id")
    if isinstance(raw_id, float) and raw_id.is_integer():
        raw_id = int(raw_id)  # spreadsheets store ids as numbers
    row.external_id = fields.clean_short(raw_id, 200)
    row.author = fields.clean_short(_cell(cells, mapping, "author"), 300)
    row.parent_external_id = fields.clean_short(_cell(cells, mapping, "parent_id"), 200)
    row.is_comment = bool(row.parent_external_id)
    row.report_reasons = fields.reasons(_cell(cells, mapping, "report_reason"))
    for key, setter in (
        ("permalink", lambda v: setattr(row, "permalink", fields.clean_url(v))),
        ("posted_at", lambda v: setattr(row, "posted_at", fields.parse_when(v))),
        ("reported_at", lambda v: setattr(row, "reported_at", fields.parse_when(v))),
        ("report_count", lambda v: setattr(row, "report_count", fields.parse_count(v))),
    ):
        try:
            setter(_cell(cells, mapping, key))
        except (ValueError, OverflowError, OSError) as exc:
            errors.append(f"{key.replace('_', ' ')}: {exc}")
    if errors:
        row.error = "; ".join(errors)
    return row
