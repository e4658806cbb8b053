"""Personal-data and risk signals in a post, as character spans.

Used by the scoring model (features and reasons), the queue (masking until a
moderator reveals) and the exports (redaction). Every pattern here is linear in
the text's length: no nested quantifiers, so a hostile post cannot make a
detector backtrack for minutes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

PERSONAL_KINDS = frozenset(
    {
        "phone",
        "card",
        "unit",
        "callsign",
        "dob",
        "handle",
        "address",
        "name_near_relative",
        "crypto",
    }
)
# Personal kinds whose span is a person's identity rather than a number.
ALL_KINDS = PERSONAL_KINDS | {"link", "share_call", "comment_call", "warning_cue"}


@dataclass(frozen=True)
class Signal:
    kind: str
    start: int
    end: int
    text: str


_I = re.IGNORECASE
_UPPER = "А-ЯІЇЄҐЁ"
_LOWER = "а-яіїєґё'’ʼ"

# Phones: a run of 9-15 digits with the usual separators, then checked by the
# phonenumbers library (Ukrainian numbering plan by default, +7 and others by prefix).
PHONE_CANDIDATE = re.compile(r"(?<![\w+(])(?:\+|00|\()?\d(?:[\s\-.()]{0,2}\d){8,14}(?!\w)")
CARD_CANDIDATE = re.compile(r"(?<!\d)\d{4}(?:[ \-]?\d{4}){3}(?:[ \-]?\d{1,3})?(?!\d)")
UNIT = re.compile(
    r"(?:\bв\s?[/\\]\s?ч\b\.?|\bв\.\s?ч\.|\bвч\b|\bвійськов\w{0,6}\s+частин\w{0,3}|"
    r"\bвоинск\w{0,6}\s+част\w{0,3}|\bv\s?[/\\]\s?ch\b|\bmilitary\s+unit)"
    r"\s{0,3}№?\s{0,2}[AАaа]?\s?-?\s?\d{3,5}"
    r"|(?<![\w-])[AАВB]-?\d{4}(?![\w-])",
    _I,
)
CALLSIGN = re.compile(
    r"\b(?:позивн\w{0,4}|позывн\w{0,4}|call\s?sign)\s{0,3}[:\-–—]?\s{0,3}[«\"'“]?"
    rf"[{_UPPER}A-Z][{_LOWER}a-z\-]{{1,30}}[»\"'”]?",
    _I,
)
DOB = re.compile(
    r"(?<!\d)(?:[0-3]?\d[./-][01]?\d[./-](?:19[4-9]\d|200\d|201[0-2]))(?!\d)"
    r"(?:\s{0,2}(?:р\.?\s?н\.?|г\.?\s?р\.?|року народження|года рождения))?"
    r"|(?<!\d)(?:19[4-9]\d|200\d)\s{0,2}"
    r"(?:р\.\s?н\.?|р\.н|г\.\s?р\.?|г\.р|року народження|года рождения|y\.?o\.?b)"
    r"|\b(?:born(?:\s+in)?|д\.\s?н\.|дата народження|дата рождения)\s{0,3}:?\s{0,3}"
    r"(?:[0-3]?\d[./-][01]?\d[./-])?(?:19[4-9]\d|200\d)",
    _I,
)
HANDLE = re.compile(
    r"(?<![\w@./])@[A-Za-z][A-Za-z0-9_]{3,31}\b"
    r"|\b(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me|instagram\.com|vk\.com|tiktok\.com/@?)"
    r"/(?!joinchat|\+|c/|s/)[A-Za-z0-9_]{4,32}\b(?!/\d)"
    # A person's Facebook profile: facebook.com/ivan.petrenko.1990 or profile.php?id=1000...
    # (groups, pages' posts, events and the like are not people).
    r"|\b(?:https?://)?(?:(?:www|m|uk-ua|ru-ru)\.)?(?:facebook|fb)\.com/"
    r"(?:profile\.php\?id=\d{5,20}"
    r"|(?!groups/|pages/|events/|watch|photo|story\.php|permalink\.php|share|hashtag|marketplace"
    r"|login|help|policies)[A-Za-z0-9.]{5,50}\b)",
    _I,
)
LINK = re.compile(
    r"\bhttps?://[^\s<>\"')\]]{2,300}|\bwww\.[^\s<>\"')\]]{2,300}|\bt\.me/[^\s<>\"')\]]{1,200}", _I
)
ADDRESS = re.compile(
    r"\b(?:вул\.|вулиця|вулиці|ул\.|улица|улице|пров\.|провулок|просп\.|проспект|бульв\.|бульвар|"
    r"street|st\.|avenue|ave\.|road|rd\.)\s{0,2}"
    rf"[{_UPPER}A-Z0-9][{_LOWER}a-z0-9'’\-]{{1,30}}(?:\s[{_UPPER}A-Z][{_LOWER}a-z'’\-]{{1,30}})?"
    r"(?:,?\s{0,2}(?:буд\.|д\.|б\.|house|№)?\s{0,2}\d{1,4}[а-яa-z]?(?:/\d{1,4})?)?"
    r"(?:,?\s{0,2}(?:кв\.|квартира|apt\.?)\s{0,2}\d{1,4})?",
    _I,
)
CRYPTO = re.compile(
    r"\b(?:bc1[a-z0-9]{25,59}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[a-fA-F0-9]{40}|T[1-9A-HJ-NP-Za-km-z]{33})\b"
)
WARNING = re.compile(
    r"\b(?:не\s+(?:поширюйте|поширюй|поширювати|шерьте|репостіть|коментуйте|коментувати|пишіть\s+у\s+коментар\w{0,4}|"
    r"распространяйте|распространять|репостите|комментируйте|пишите\s+в\s+комментари\w{0,4}|"
    r"ставте|лайкайте)"
    r"|do\s+not\s+(?:share|repost|comment)|don['’]?t\s+(?:share|repost|comment)|never\s+share"
    r"|коордштаб\w{0,3}|координаційн\w{0,3}\s+штаб\w{0,3}|координационн\w{0,3}\s+штаб\w{0,3}"
    r"|coordination\s+headquarters)",
    _I,
)
SHARE = re.compile(
    r"\b(?:поширте|поширюйте|поширити|поширення|розшарте|розшарити|репост\w{0,3}|зробіть\s+репост|"
    r"распространите|распространить|поделитесь|поделиться|перешлите|share|repost|spread\s+the\s+word|"
    r"please\s+share|максимальн\w{0,3}\s+(?:поширення|репост)|поширте\s+максимально)\b",
    _I,
)
COMMENT = re.compile(
    r"\b(?:пишіть\s+(?:у|в)\s+(?:коментар\w{0,4}|коменти|особист\w{0,3}|лс|директ)|"
    r"пишите\s+в\s+(?:комментари\w{0,3}|личк\w|лс|директ)|напишіть\s+(?:у|в)\s+коментар\w{0,4}|"
    r"write\s+in\s+the\s+comments|comment\s+below|dm\s+me|в\s+коментарях|в\s+комментариях|"
    r"кто\s+знает\s+пишите|хто\s+знає\s+пишіть|відгукніться|откликнитесь)",
    _I,
)
RELATIVE = re.compile(
    r"\b(?:син\w{0,2}|сина|синочк\w{0,3}|чоловік\w{0,2}|чоловіка|брат\w{0,2}|батьк\w{0,2}|тат\w{0,2}|"
    r"дружин\w{0,2}|мам\w{0,2}|полон\w{0,5}|полонен\w{0,3}|зник\w{0,4}|безвісти|загинув|"
    r"сын\w{0,2}|муж\w{0,2}|отец|пленн\w{0,3}|плен\w{0,2}|пропал\w{0,2}|"
    r"son|husband|brother|father|captured|captive|missing|prisoner|pow|"
    r"шукаємо|шукаю|розшукуємо|впізна\w{0,4}|ищем|ищу|узна\w{0,4}|recogni[sz]e\w{0,2}|looking\s+for)\b",
    _I,
)
NAME = re.compile(
    rf"\b[{_UPPER}][{_LOWER}]{{1,20}}(?:-[{_UPPER}][{_LOWER}]{{1,20}})?"
    rf"(?:\s+[{_UPPER}][{_LOWER}]{{1,20}}(?:-[{_UPPER}][{_LOWER}]{{1,20}})?){{1,2}}\b"
    r"|\b[A-Z][a-z]{1,20}\s+[A-Z][a-z]{1,20}\b"
)
# Capitalised words that are not people.
NOT_NAMES = {
    "україна",
    "україни",
    "україні",
    "україну",
    "слава",
    "героям",
    "зсу",
    "сбу",
    "коордштаб",
    "київ",
    "києва",
    "харків",
    "одеса",
    "дніпро",
    "львів",
    "росія",
    "росії",
    "червоний",
    "хрест",
    "russia",
    "ukraine",
    "red",
    "cross",
    "red cross",
    "добрі",
    "справи",
    "good",
    "deeds",
    "telegram",
    "facebook",
    "national",
    "police",
    "нацполіція",
    "омбудсман",
    "the",
    "please",
    "upd",
    "увага",
    "терміново",
    "шукаємо",
    "допоможіть",
    "хто",
    "мама",
    "тато",
    "брат",
    "сестра",
    "бог",
    "господи",
    "шукаю",
    "ищем",
    "помогите",
    "допоможіть!",
    "мій",
    "моя",
    "мой",
    "наш",
    "наша",
    "син",
    "сын",
    "my",
    "our",
    "we",
    "looking",
    "help",
    "urgent",
}
NAME_WINDOW = 80
MAX_SCAN = 200_000  # beyond this, text is not scanned for the slower, rarer signals


def _luhn(digits: str) -> bool:
    total, alt = 0, False
    for ch in reversed(digits):
        d = ord(ch) - 48
        if alt:
            d *= 2
            if d > 9:
                d -= 9
        total += d
        alt = not alt
    return total % 10 == 0


def _phones(text: str) -> list[Signal]:
    out = []
    for m in PHONE_CANDIDATE.finditer(text):
        raw = m.group(0)
        digits = re.sub(r"\D", "", raw)
        if len(digits) > 15 or len(digits) < 9:
            continue
        candidate = raw.strip().lstrip("(")
        if candidate.startswith("8") and len(digits) == 11 and digits.startswith("80"):
            candidate = "+38" + digits[1:]  # old long-distance "8 0XX ..."
        elif candidate.startswith("00"):
            candidate = "+" + digits[2:]
        try:
            number = phonenumbers.parse(candidate, "UA")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            out.append(Signal("phone", m.start(), m.end(), raw))
    return out


def _cards(text: str) -> list[Signal]:
    out = []
    for m in CARD_CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 13 <= len(digits) <= 19 and _luhn(digits):
            out.append(Signal("card", m.start(), m.end(), m.group(0)))
    return out


def _simple(kind: str, pattern: re.Pattern[str], text: str) -> list[Signal]:
    return [Signal(kind, m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def _names_near_relatives(text: str) -> list[Signal]:
    anchors = [m.start() for m in RELATIVE.finditer(text)]
    if not anchors:
        return []
    out = []
    for m in NAME.finditer(text):
        # Trim capitalised non-names at either end ("Шукаємо Петра Іваненка").
        words = [(w.start(), w.end(), w.group(0)) for w in re.finditer(r"\S+", m.group(0))]
        while words and words[0][2].lower() in NOT_NAMES:
            words.pop(0)
        while words and words[-1][2].lower() in NOT_NAMES:
            words.pop()
        if not words:
            continue
        start, end = m.start() + words[0][0], m.start() + words[-1][1]
        if any(abs(start - a) <= NAME_WINDOW for a in anchors):
            out.append(Signal("name_near_relative", start, end, text[start:end]))
    return out


def find_signals(text: str) -> list[Signal]:
    """Every signal in the text, ordered by position. Overlaps are kept (callers decide)."""
    if not text:
        return []
    scan = text[:MAX_SCAN]
    signals: list[Signal] = _simple("crypto", CRYPTO, text)
    taken = [(s.start, s.end) for s in signals]
    # Digits inside a wallet are not a card; a card's are not a phone's.
    signals += [c for c in _cards(text) if not any(a <= c.start < b for a, b in taken)]
    taken = [(s.start, s.end) for s in signals]
    signals += [p for p in _phones(text) if not any(a <= p.start < b for a, b in taken)]
    signals += _simple("unit", UNIT, text)
    signals += _simple("callsign", CALLSIGN, text)
    signals += _simple("dob", DOB, text)
    signals += _simple("handle", HANDLE, text)
    signals += _simple("address", ADDRESS, text)
    signals += _simple("link", LINK, scan)
    signals += _simple("warning_cue", WARNING, scan)
    signals += _simple("share_call", SHARE, scan)
    signals += _simple("comment_call", COMMENT, scan)
    signals += _names_near_relatives(scan)
    # A share call inside a warning ("не поширюйте") is the warning, not a call.
    warnings = [(s.start, s.end) for s in signals if s.kind == "warning_cue"]
    signals = [
        s
        for s in signals
        if not (
            s.kind in ("share_call", "comment_call") and any(a <= s.start < b for a, b in warnings)
        )
    ]
    return sorted(signals, key=lambda s: (s.start, -s.end, s.kind))


def personal_signals(text: str) -> list[Signal]:
    return [s for s in find_signals(text) if s.kind in PERSONAL_KINDS]


def merge_spans(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping (start, end, kind) spans merged into one that covers them all, keeping the
    first one's kind: a mask must hide the union, never skip the part of a span that sticks
    out past the one before it ("Сокіл Коваль Андрій" as a call sign and as a name)."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            first_start, first_end, first_kind = merged[-1]
            merged[-1] = (first_start, max(first_end, end), first_kind)
        else:
            merged.append((start, end, kind))
    return merged


def mask_text(text: str, spans: list[Signal], reveal: bool = False) -> str:
    """Plain text with personal spans replaced by "•••• (kind)"; unchanged when revealed."""
    if reveal:
        return text
    out, pos = [], 0
    for start, end, kind in merge_spans(
        (s.start, s.end, s.kind) for s in spans if s.kind in PERSONAL_KINDS
    ):
        out.append(text[pos:start])
        out.append(f"•••• ({kind})")
        pos = end
    out.append(text[pos:])
    return "".join(out)
