"""Which parser reads which file: detection by name and content, or the admin's choice."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson

from triage.importers.decoding import open_text
from triage.importers.formats import facebook, jsonfmt, paste, tabular, telegram, telegram_zip
from triage.importers.formats.stream import prefixed_events
from triage.importers.rows import ImportRefused, ParsedRow

FORMATS = ("text", "csv", "xlsx", "json", "jsonl", "telegram", "facebook")
SOURCE = {
    "text": "paste",
    "csv": "csv",
    "xlsx": "xlsx",
    "json": "json",
    "jsonl": "jsonl",
    "telegram": "telegram",
    "facebook": "facebook",
}


_TOP_LEVEL = {
    "chats": "telegram",
    "messages": "telegram",
    "left_chats": "telegram",
    "group_posts_v2": "facebook",
    "group_comments_v2": "facebook",
}


def _top_level_format(path: Path) -> str:
    """The export a JSON object is, from its top-level keys (streamed, nothing kept)."""
    try:
        with open(path, "rb") as handle:
            for prefix, event, value in prefixed_events(handle):
                if prefix == "" and event == "map_key" and value in _TOP_LEVEL:
                    return _TOP_LEVEL[value]
                if prefix == "" and event == "end_map":
                    break
    except (ijson.common.JSONError, UnicodeDecodeError, ImportRefused):
        pass  # the reader chosen by the other rules says what is wrong
    return ""


def _is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def detect_format(path: Path, filename: str = "") -> str:
    name = (filename or path.name).lower()
    with open(path, "rb") as f:
        head = f.read(65536)
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportRefused("The file is empty.")
    if head.startswith(b"PK\x03\x04"):
        if zipfile.is_zipfile(path):
            # A Telegram Desktop export folder, zipped (with its photos), or a workbook.
            if telegram_zip.is_export(path):
                return "telegram"
            if not name.endswith((".xlsx", ".xlsm")) and not _is_workbook(path):
                raise ImportRefused(
                    "The ZIP holds no result.json: upload the Telegram Desktop export folder "
                    "(result.json and its photos folder) as one ZIP."
                )
            return "xlsx"
        raise ImportRefused("The file looks like a damaged ZIP or XLSX.")
    if name.endswith((".xlsx", ".xlsm")):
        raise ImportRefused("The file is named .xlsx but is not an Excel workbook.")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if stripped[:1] in (b"{", b"["):
        if b"group_posts_v2" in head or b"group_comments_v2" in head:
            return "facebook"
        if b'"messages"' in head or b'"chats"' in head:
            return "telegram"
        if stripped[:1] == b"{" and len(head) == 65536:
            # A big object: a full-account Telegram export puts its contacts and sessions
            # before "chats", well past the first 64 KB. Look at the top-level keys.
            known = _top_level_format(path)
            if known:
                return known
        if stripped[:1] == b"{":
            first_line, _, rest = stripped.partition(b"\n")
            if rest.strip().startswith(b"{") and first_line.rstrip().endswith(b"}"):
                return "jsonl"
        return "json"
    if name.endswith(".json"):
        return "json"  # not a list or object: the JSON reader says what is wrong
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith(".txt"):
        return "text"
    sample = head[:4096]
    if b"\n" in sample and any(sample.split(b"\n")[0].count(d) >= 1 for d in (b",", b";", b"\t")):
        return "csv"
    return "text"


def iter_rows(
    path: Path,
    fmt: str,
    options: dict[str, Any] | None = None,
    *,
    images: bool = False,
    skip: int = 0,
) -> Iterator[ParsedRow]:
    """The file's rows in the given format. Raises ImportRefused for a file that cannot be read.
    ``images``: fingerprint the photos an export carries (the writing pass, not the count),
    except those of the first ``skip`` rows (already written)."""
    mapping, has_header = _table_options(options)
    if fmt == "text":
        with open_text(path) as handle:
            yield from paste.rows(handle)
    elif fmt == "csv":
        yield from tabular.rows(tabular.csv_table(path), mapping, has_header)
    elif fmt == "xlsx":
        yield from tabular.rows(tabular.xlsx_table(path), mapping, has_header)
    elif fmt == "json":
        yield from jsonfmt.json_rows(path)
    elif fmt == "jsonl":
        yield from jsonfmt.jsonl_rows(path)
    elif fmt == "telegram" and zipfile.is_zipfile(path):
        yield from telegram_zip.rows(path, images=images, skip=skip)
    elif fmt == "telegram":
        yield from telegram.rows(path)
    elif fmt == "facebook":
        yield from facebook.rows(path)
    else:
        raise ImportRefused(f"Unknown format {fmt!r}.")


def row_marks(path: Path, fmt: str, options: dict[str, Any] | None = None) -> Iterator[object]:
    """One item for each row ``iter_rows`` gives, read as cheaply as the format allows: the
    import's first pass, which counts the rows and refuses a file that cannot be read before
    anything is written. A table (CSV, XLSX) is read and its header checked as ``iter_rows``
    does, without making a post of each row (which refuses nothing: a bad cell is that row's
    error); other formats give their rows."""
    if fmt in ("csv", "xlsx"):
        mapping, has_header = _table_options(options)
        table = tabular.csv_table(path) if fmt == "csv" else tabular.xlsx_table(path)
        yield from tabular.row_numbers(table, mapping, has_header)
    else:
        yield from iter_rows(path, fmt, options)


def _table_options(options: dict[str, Any] | None) -> tuple[dict[str, int] | None, bool | None]:
    """The column mapping and header choice an admin made for a table, if any."""
    options = options or {}
    mapping = options.get("mapping")
    mapping = {k: int(v) for k, v in mapping.items()} if isinstance(mapping, dict) else None
    has_header = options.get("has_header")
    return mapping, has_header if isinstance(has_header, bool) else None


def preview_table(path: Path, fmt: str, limit: int = 6) -> list[list[str]]:
    """The first rows of a CSV or XLSX file as text, for the column-mapping step."""
    table = tabular.csv_table(path) if fmt == "csv" else tabular.xlsx_table(path)
    out = []
    for row in table:
        out.append([str(c)[:80] for c in row])
        if len(out) >= limit:
            break
    if not out:
        raise ImportRefused("The file is empty.")
    return out
