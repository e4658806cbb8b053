"""Strict parsing of ids and dates from query strings, forms and JSON.

``str.isdigit()`` accepts "²" and "٣", which ``int()`` then refuses, and a 30-digit number
overflows the database; dates before 2000 overflow time-zone arithmetic. Every id and date a
person can type goes through here, so bad input is a clear error, never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

_ID = re.compile(r"[0-9]{1,18}")  # below 2**63: fits every database's bigint
FIRST_YEAR, LAST_YEAR = 2000, 2100


def parse_id(value: object) -> int | None:
    """A positive database id, or None for anything else (words, "²", 1e300, True, -1)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value < 2**63 else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if number > 0 else None


def parse_ids(values: Iterable[object]) -> list[int]:
    """The valid ids among the values, in order; the rest are dropped."""
    return [n for n in (parse_id(v) for v in values) if n is not None]


def parse_day(value: object) -> date | None:
    """A YYYY-MM-DD date between 2000 and 2100, or None."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def parse_count(value: object, limit: int = 10**9) -> int | None:
    """A whole number from 0 up to ``limit`` (a count, a column index), or None."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,10}", value.strip()):
        return None
    number = int(value.strip())
    return number if number <= limit else None
