"""JSON (a list of objects, or one object) and JSON Lines (one object per line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from triage.importers import fields
from triage.importers.formats.stream import objects_at
from triage.importers.rows import ImportRefused, ParsedRow


def row_from_object(number: int, obj: Any) -> ParsedRow:
    """A row from an object whose keys are field names in any of the known languages."""
    row = ParsedRow(row_number=number)
    if not isinstance(obj, dict):
        row.error = "not an object with fields"
        return row
    values: dict[str, Any] = {}
    for key, value in obj.items():
        field = fields._LOOKUP.get(fields._norm(key))
        if field and field not in values:
            values[field] = value
    errors = []
    text = values.get("text", "")
    if not isinstance(text, str | int | float) or isinstance(text, bool):
        errors.append("text: must be a string")
        text = ""
    row.text = fields.clean_text(text)
    row.external_id = fields.clean_short(values.get("external_id", ""), 200)
    row.author = fields.clean_short(values.get("author", ""), 300)
    row.parent_external_id = fields.clean_short(values.get("parent_id", ""), 200)
    row.is_comment = bool(row.parent_external_id)
    row.report_reasons = fields.reasons(values.get("report_reason"))
    for key in ("permalink", "posted_at", "reported_at", "report_count"):
        value = values.get(key, "")
        try:
            if key == "permalink":
                row.permalink = fields.clean_url(value)
            elif key == "report_count":
                row.report_count = fields.parse_count(value)
            else:
                setattr(row, key, fields.parse_when(value))
        except (ValueError, TypeError, OverflowError, OSError) as exc:
            errors.append(f"{key.replace('_', ' ')}: {exc}")
    row.error = "; ".join(errors)
    return row


def json_rows(path: Path) -> Iterator[ParsedRow]:
    with open(path, "rb") as handle:
        first = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        handle.seek(0)
        if first not in (b"[", b"{"):
            raise ImportRefused("The JSON file must hold a list of posts or one post.")
        path_name = "item" if first == b"[" else ""
        number = 0
        for _path, obj in objects_at(handle, {path_name}):
            number += 1
            yield row_from_object(number, obj)
        if number == 0:
            raise ImportRefused("The JSON file holds no posts.")


def jsonl_rows(path: Path) -> Iterator[ParsedRow]:
    with open(path, encoding="utf-8-sig", errors="strict") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    row = ParsedRow(row_number=number, error=f"not valid JSON: {str(exc)[:80]}")
                    yield row
                    continue
                yield row_from_object(number, obj)
        except UnicodeDecodeError:
            raise ImportRefused("The JSON Lines file is not UTF-8 text.") from None
