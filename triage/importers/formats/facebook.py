"""Facebook "Download Your Information" JSON: your posts and comments in groups.

Facebook writes every UTF-8 byte as its own \\u00XX escape (mojibake); each
string is repaired with s.encode("latin-1").decode("utf-8"). Posts live in
{"group_posts_v2": [{timestamp, title, data: [{post}], attachments}]}, comments
in {"group_comments_v2": [{timestamp, title, data: [{comment: {timestamp,
comment, author, group}}]}]}. The export names no post ids, so posts are told
apart by text and author, and a comment cannot name its post.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from triage.importers import fields
from triage.importers.formats.stream import objects_at
from triage.importers.rows import ImportRefused, ParsedRow

POSTS = "group_posts_v2.item"
COMMENTS = "group_comments_v2.item"
_TITLE = re.compile(
    r"^(?P<name>.+?)\s+(?:posted|shared|updated|wrote|commented|replied|опублікува|поділи|написа|"
    r"прокоментува|відповів|відповіла|опубликова|написал|прокомментировал|ответил)",
    re.IGNORECASE,
)


def repair(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return value.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return value  # already proper text
    if isinstance(value, list):
        return [repair(v) for v in value]
    if isinstance(value, dict):
        return {k: repair(v) for k, v in value.items()}
    return value


def _when(value: Any) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(float(value), tz=UTC)
    return None


def rows(path: Path) -> Iterator[ParsedRow]:
    number = 0
    with open(path, "rb") as handle:
        for where, item in objects_at(handle, {POSTS, COMMENTS}):
            number += 1
            item = repair(item)
            if not isinstance(item, dict):
                yield ParsedRow(row_number=number, error="not an object")
                continue
            title = str(item.get("title") or "")
            match = _TITLE.match(title)
            author = match.group("name") if match else ""
            if where == POSTS:
                texts = [d.get("post", "") for d in item.get("data") or [] if isinstance(d, dict)]
                row = ParsedRow(
                    row_number=number, text=fields.clean_text("\n".join(t for t in texts if t))
                )
                row.author = author[:300]
                row.posted_at = _when(item.get("timestamp"))
                if item.get("attachments"):
                    row.media = ["attachment (not imported)"]
            else:
                comment = next(
                    (
                        d.get("comment")
                        for d in item.get("data") or []
                        if isinstance(d, dict) and d.get("comment")
                    ),
                    None,
                )
                if not isinstance(comment, dict):
                    yield ParsedRow(row_number=number, error="a comment entry without a comment")
                    continue
                row = ParsedRow(
                    row_number=number, text=fields.clean_text(comment.get("comment", ""))
                )
                row.author = fields.clean_short(comment.get("author") or author, 300)
                row.posted_at = _when(comment.get("timestamp") or item.get("timestamp"))
                row.is_comment = True
            if not row.text:
                row.error = "no text"
            yield row
    if number == 0:
        raise ImportRefused(
            "This is not a Facebook group export (no group_posts_v2 or group_comments_v2)."
        )
