"""Column names in Ukrainian, Russian and English, and the parsing of field values."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

FIELDS = (
    "text",
    "external_id",
    "author",
    "permalink",
    "posted_at",
    "reported_at",
    "report_count",
    "report_reason",
    "parent_id",
)

ALIASES: dict[str, set[str]] = {
    "text": {
        "text",
        "message",
        "body",
        "content",
        "post",
        "post text",
        "текст",
        "текст допису",
        "повідомлення",
        "допис",
        "сообщение",
        "текст поста",
        "пост",
        "зміст",
    },
    "external_id": {
        "id",
        "external_id",
        "external id",
        "post_id",
        "post id",
        "message_id",
        "ід",
        "id допису",
        "ідентифікатор",
        "номер",
        "идентификатор",
    },
    "author": {
        "author",
        "from",
        "user",
        "name",
        "username",
        "автор",
        "користувач",
        "ім'я",
        "імя",
        "ім’я",
        "от кого",
        "автор поста",
        "пользователь",
        "имя",
    },
    "permalink": {"permalink", "url", "link", "post url", "посилання", "ссылка", "лінк"},
    "posted_at": {
        "posted_at",
        "posted at",
        "date",
        "created",
        "created_at",
        "time",
        "timestamp",
        "дата",
        "дата публікації",
        "опубліковано",
        "дата публикации",
        "час",
    },
    "reported_at": {
        "reported_at",
        "reported at",
        "report date",
        "report_date",
        "дата скарги",
        "поскаржилися",
        "дата жалобы",
    },
    "report_count": {
        "report_count",
        "reports",
        "report count",
        "скарги",
        "кількість скарг",
        "жалобы",
        "количество жалоб",
        "скарг",
    },
    "report_reason": {
        "report_reason",
        "report reason",
        "reason",
        "reasons",
        "причина",
        "причина скарги",
        "причины",
        "причина жалобы",
    },
    "parent_id": {
        "parent_id",
        "parent",
        "parent id",
        "reply_to",
        "reply to",
        "in reply to",
        "відповідь на",
        "батьківський",
        "ответ на",
        "коментар до",
    },
}


def _norm(name: str) -> str:
    return re.sub(
        r"\s+", " ", str(name or "").replace("\ufeff", "").strip().lower().replace("_", " ")
    )


_LOOKUP = {_norm(alias): key for key, names in ALIASES.items() for alias in names}


def guess_mapping(header: list[str]) -> dict[str, int]:
    """Field -> column index, from the header's names. Unknown columns are ignored."""
    mapping: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _LOOKUP.get(_norm(name))
        if key and key not in mapping:
            mapping[key] = index
    return mapping


def looks_like_header(row: list[str]) -> bool:
    return sum(1 for cell in row if _norm(cell) in _LOOKUP) >= 1 and len(row) > 0


_FORMATS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
)


FIRST_YEAR, LAST_YEAR = 1970, 2100  # posts and reports happen between these


def _from_number(number: float) -> datetime:
    """A spreadsheet's number as a moment: Excel's serial days (45000 is 2023-03-15), unix
    seconds or milliseconds. Anything else is not a date (45000 seconds is 1970)."""
    if 20_000 <= number < 80_000:  # 1954 to 2119 in Excel's 1900 date system
        moment = datetime(1899, 12, 30) + timedelta(days=number)
        return timezone.make_aware(moment, timezone.get_current_timezone())
    if 1e9 <= number < 1e11:
        return datetime.fromtimestamp(number, tz=UTC)
    if 1e12 <= number < 1e14:
        return datetime.fromtimestamp(number / 1000, tz=UTC)
    raise ValueError(f"not a date or time: {number:g}")


def parse_when(value: Any) -> datetime | None:
    """A moment from ISO 8601, "31.12.2025 14:05", a unix timestamp or a datetime; None if empty.

    Raises ValueError for text that is none of these. Naive times are the server's zone.
    """
    if value is None or value == "":
        return None
    moment: datetime | None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        # Through the range check below like any other moment: 1e11 unix seconds is year 5138.
        moment = _from_number(float(value))
    else:
        text = str(value).strip()
        if re.fullmatch(r"\d{9,11}(\.\d+)?", text):
            return _in_range(datetime.fromtimestamp(float(text), tz=UTC))
        moment = parse_datetime(
            text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text
        )
        if moment is None:
            for fmt in _FORMATS:
                try:
                    moment = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
        if moment is None:
            raise ValueError(f"not a date or time: {text[:40]!r}")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_current_timezone())
    return _in_range(moment)


def _in_range(moment: datetime) -> datetime:
    """The moment, if posts and reports can happen then (see FIRST_YEAR and LAST_YEAR)."""
    try:
        year = moment.astimezone(UTC).year
    except OverflowError:
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        # Year 1 or 9999 overflows when stored in UTC: a clear per-row error, not a 500.
        raise ValueError(f"not a date between {FIRST_YEAR} and {LAST_YEAR}: {moment.date()}")
    return moment


def parse_count(value: Any) -> int:
    if value is None or value == "":
        return 1
    if isinstance(value, bool):
        raise ValueError("not a whole number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = str(value).strip()
        if not re.fullmatch(r"\d{1,9}", text):
            raise ValueError(f"not a whole number: {text[:20]!r}")
        number = int(text)
    if not 0 < number < 1_000_000:
        raise ValueError("out of range")
    return max(1, number)


def reasons(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    items = [str(v) for v in value] if isinstance(value, list) else re.split(r"[;|\n]", str(value))
    cleaned = (clean_text(r)[:200] for r in items if r)
    return [r for r in cleaned if r][:20]


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: Any) -> str:
    """Post text as given, minus NUL bytes (no database stores them), lone surrogates (JSON
    can carry "\\ud800", which is no character and cannot be stored as UTF-8) and outer
    whitespace."""
    if value is None:
        return ""
    text = str(value).replace("\x00", "")
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text.strip()


def clean_short(value: Any, limit: int) -> str:
    return clean_text(value)[:limit]


def clean_url(value: Any) -> str:
    text = clean_text(value)
    if not text:
        return ""
    if not re.match(r"^https?://[^\s]{3,}$", text, re.IGNORECASE) or len(text) > 1000:
        raise ValueError("the link is not an http(s) URL")
    return text
