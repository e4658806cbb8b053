"""What every parser yields: one ParsedRow per post or comment, or a refusal of the whole file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class ImportRefused(Exception):
    """The file cannot be read at all; nothing from it is imported. The message is for people."""


@dataclass
class ParsedRow:
    row_number: int
    text: str = ""
    external_id: str = ""
    author: str = ""
    author_external_id: str = ""
    permalink: str = ""
    posted_at: datetime | None = None
    reported_at: datetime | None = None
    report_count: int = 1
    report_reasons: list[str] = field(default_factory=list)
    parent_external_id: str = ""
    is_comment: bool = False
    forwarded_from: str = ""
    media: list[str] = field(default_factory=list)
    # Perceptual hashes of its photos, 32 bytes each (triage.campaigns.images); never a photo.
    image_hashes: bytes = b""
    # Set when the row cannot be imported; the rest of the file still lands.
    error: str = ""
