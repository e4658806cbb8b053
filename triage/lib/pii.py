"""Personal-data and risk signals in a post, as character spans.

Used by the one mask (triage.lib.masking): the screens, the exports, the notes and the
import errors. Every pattern here is linear in the text's length: no nested quantifiers, so a
hostile post cannot make a detector backtrack for minutes.

Detection runs on a normalised copy of the text (``normalised_view``): invisible and
formatting characters removed (zero-width spaces and joiners, word joiners, BOMs, soft hyphens,
bidirectional overrides, combining marks), look-alike Latin letters in Cyrillic words folded,
and the letter O read as a zero inside a run of digits. Spans found there are mapped back to
the original text, so what is hidden is exactly what a reader would have read, invisible
characters included.
"""

from __future__ import annotations

import functools
import itertools
import re
import re._constants as _sre
import re._parser as _sre_parse
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import phonenumbers

from triage.lib import needles
from triage.lib.names import (
    PATRONYMIC,
    first_name_in_genitive,
    is_a_place,
    latin_name_part,
    name_spans,
    names_a_car,
    no_streets_name,
    sentence_start,
    surname_before,
    surname_in_genitive,
    unknown_surname_in_genitive,
)
from triage.scoring.text import fold_words

PERSONAL_KINDS = frozenset(
    {
        "phone",
        "card",
        "unit",
        "callsign",
        "dob",
        "handle",
        "address",
        "name",
        "email",
        "document",
        "tax_id",
        "crypto",
    }
)


@dataclass(frozen=True)
class Signal:
    kind: str
    start: int
    end: int
    text: str


_I = re.IGNORECASE
_UPPER = "А-ЯІЇЄҐЁ"
_LOWER = "а-яіїєґё'’ʼ"

_DIGIT = re.compile(r"\d")
# In what a pattern requires, "any decimal digit" (a character stands for itself otherwise).
DIGIT = "\\d"
# How often a required character turns up in posts, roughly: of a pattern's requirements the
# rarest is checked ("@" before "." before any digit).
_COMMONNESS = {DIGIT: 5, "@": 1, "/": 2, "(": 3, "[": 3, "+": 3, "#": 2, "№": 1, ":": 6}


def _required(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """Characters one of which every match of these parsed pattern items holds (or asserts
    beside it), or None. Only digits and caseless characters that are neither letters nor
    spaces count: a letter's other case could match under IGNORECASE, and spaces are
    everywhere. Errs towards None: a None only means "read the text"."""
    best: frozenset[str] | None = None
    for op, av in items:
        need = _item_required(op, av)
        if need is not None and (best is None or _commonness(need) < _commonness(best)):
            best = need
    return best


def _commonness(need: frozenset[str]) -> int:
    return sum(_COMMONNESS.get(char, 8) for char in need)


def _item_required(op: Any, av: Any) -> frozenset[str] | None:
    if op is _sre.LITERAL:
        return _char_required(chr(av))
    if op is _sre.IN:
        chars: set[str] = set()
        for member, value in av:
            if member is _sre.CATEGORY and value in (_sre.CATEGORY_DIGIT, _sre.CATEGORY_UNI_DIGIT):
                chars.add(DIGIT)
            elif member is _sre.LITERAL and (char := _char_required(chr(value))) is not None:
                chars |= char
            elif member is _sre.RANGE and all(
                unicodedata.category(chr(c)) == "Nd" for c in range(value[0], value[1] + 1)
            ):
                chars.add(DIGIT)
            else:  # a negated set, a category of letters or spaces, a range of letters
                return None
        return frozenset(chars) or None
    return needles.needed_by_structure(op, av, _required)


def _char_required(char: str) -> frozenset[str] | None:
    if unicodedata.category(char) == "Nd":
        return frozenset({DIGIT})
    if char.isalpha() or char.isspace() or char.lower() != char or char.upper() != char:
        return None
    return frozenset({char})


@needles.per_pattern
def required_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Characters one of which a text must hold for the pattern to match in it (``DIGIT`` for
    any decimal digit), or None. Read from the pattern itself (Python's own parser), so that
    a text with no digit, no "@" or no "/" (most posts) skips the detectors that need them
    without a hand-kept list that could fall out of step."""
    try:
        return _required(_sre_parse.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # (a parser that changed: read every text)
        return None


def needs_digit(pattern: re.Pattern[str]) -> bool:
    """Whether the pattern can only match in a text holding a decimal digit."""
    return required_chars(pattern) == {DIGIT}


# The last text asked about and whether it holds a digit (asked for by a dozen detectors in a
# row), as one tuple: read once and replaced whole, so a thread never pairs one text with
# another's answer.
_last_digit: tuple[str | None, bool] = (None, False)


def _has_digit(text: str) -> bool:
    global _last_digit
    last = _last_digit
    if last[0] is text:
        return last[1]
    answer = _DIGIT.search(text) is not None
    _last_digit = (text, answer)
    return answer


def _holds(text: str, chars: frozenset[str]) -> bool:
    return any(_has_digit(text) if char == DIGIT else char in text for char in chars)


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, skipped when the text lacks every character one of which
    the pattern needs, or every word (``triage.lib.needles``)."""
    need = required_chars(pattern)
    if need is not None and not _holds(text, need):
        return iter(())
    return needles.finditer(pattern, text)


# Phones: a run of 9-15 digits with the usual separators, then checked by the
# phonenumbers library (Ukrainian numbering plan by default, +7 and others by prefix).
# Separators include the en and em dashes a phone keyboard or a word processor puts in.
PHONE_CANDIDATE = re.compile(
    r"(?<![\w+(])(?:\+\s{0,2}|00|\()?\d(?:[\s\-\u2010\u2011–—.()/_]{0,5}\d){8,14}(?!\w)"
)
# (A card may break across one line: "5168 7422\n0193 5586"; its groups may be set apart by
# two or three spaces, as a phone's may: "4030  2143  6450  3063", or by a slash, an underline
# or a dot: "4030/2143/6450/3063".)
CARD_CANDIDATE = re.compile(
    r"(?<!\d)\d{4}(?:(?:[ ]{1,3}|[-/_.]|[ \t]?\r?\n)?\d{4}){3}(?:[ \-]?\d{1,3})?(?!\d)"
)
# An IBAN (a bank account: "UA98 3052 9900 0002 6206 4015 8773 2"), checked by its mod-97 digits.
IBAN_CANDIDATE = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
# A Ukrainian car's plate ("ВС 4471 АК", "AX 7001 KI"): the letters are those that read the same
# in Cyrillic and Latin.
_PLATE_LETTER = "ABCEHIKMOPTXАВСЕНІКМОРТХ"
PLATE = re.compile(
    rf"(?<![\w-])[{_PLATE_LETTER}]{{2}}[ ]?\d{{4}}[ ]?[{_PLATE_LETTER}]{{2}}(?![\w-])"
)
# Only the number is personal ("в/ч А1234" keeps "в/ч" readable: the moderator sees a unit
# was named); the group "value" holds it.
UNIT = re.compile(
    r"(?:\bв\s?[/\\]\s?ч\b\.?|\bв\.\s?ч\.|\bвч\b|\bвійськов\w{0,6}\s+частин\w{0,3}|"
    r"\bвоинск\w{0,6}\s+част\w{0,3}|\bвойсков\w{0,6}\s+част\w{0,3}|\bv\s?[/\\]\s?ch\b|"
    r"\bmilitary\s+unit|\bномер\s+(?:части|частини|в/ч)|"
    # (the word alone, before four or five digits: "Часть 3057, Нацгвардия")
    r"\b(?:часть|частина)(?=\s{1,2}№?\s{0,2}\d{4,5}"
    r"(?!\d|[.,]\d|\s{0,2}(?:грн|тис|руб|гр|шт|%|\$))))"
    r"\s{0,3}[-–—:]?\s{0,2}№?\s{0,2}(?P<value>[AАaа]?\s?-?\s?\d{3,5})"
    # (not people counted beside the unit: "біля в/ч - 300 людей")
    r"(?!\d|\s{1,2}(?:люд|чол|чел|бійц|бойц|солдат|військовослуж|военнослуж))"
    r"|(?<![\w-])(?P<bare>[AАВB]-?\d{4})(?![\w-])",
    _I,
)
CALLSIGN = re.compile(
    r"\b(?:позивн\w{0,4}|позывн\w{0,4}|call\s?signs?|pozyvn\w{0,4}|pozivn\w{0,4})\b"
    # "позывной у него был Док", "позивний його — Сокіл"
    r"(?:\s{1,2}(?:у\s(?:него|нього|неї|нее|неё)|його|её|его|її|был|была|був|була|is|was"
    # (whose call sign: "позывной командира Батя", "позывные наших: ...")
    r"|командира|командир[ау]|комбата|брата|сина|сына|мужа|чоловіка|наших|нашего|нашого"
    r"|бойца|бійця|побратима)){0,2}"
    # (heard, before a colon and the list: "Позывные слышали: …, …")
    r"(?:\s{1,2}(?:слышали|слышал|слышала|чули|чув|чула|heard)(?=\s{0,2}:))?"
    r"\s{0,3}[:\-–—]?\s{0,3}[«\"'“]?"
    rf"(?P<value>[{_UPPER}A-Z][{_LOWER}a-z\-]{{1,30}})[»\"'”]?",
    _I,
)
# The mark of a birth after a year: "р.н.", "г. р.", "року народження" (a year's own
# abbreviation before a word is none: "2023 р. на вокзалі", "в 2022 г. разбомбили").
_BIRTH_MARK = (
    r"(?:р\.\s?н(?:\.|(?=ар)|(?![а-яіїєґ]))|г\.\s?р(?:\.|(?=ожд)|(?![а-яё]))"
    r"|року народження|года рождения|y\.?o\.?b)"
)
DOB = re.compile(
    # Day-month or month-day ("09/21/1985") and a year people are born in.
    r"(?<!\d)(?:[0-3]?\d[./-][0-3]?\d[./-](?:19[4-9]\d|200\d|201[0-2]))(?!\d)"
    r"(?:\s{0,2}(?:р\.?\s?н\.?|г\.?\s?р\.?|року народження|года рождения))?"
    # (a full date of any year before the mark of a birth: "07.08.2016 р.н.", "03.11.1932 г.р.")
    r"|(?<!\d)[0-3]?\d[./-][01]?\d[./-](?:19[2-9]\d|20[0-2]\d)(?=\s{0,2}" + _BIRTH_MARK + ")"
    # (a child's year too: "2015 р.н." says a birth however recent the year; and an old
    # person's: "1938 року народження")
    r"|(?<!\d)(?:19[2-9]\d|20[0-2]\d)\s{0,2}"
    + _BIRTH_MARK
    + r"|\b(?:born(?:\s+in)?|д\.\s?н\.|дата народження|дата рождения)\s{0,3}:?\s{0,3}"
    r"(?:[0-3]?\d[./-][01]?\d[./-])?(?:19[4-9]\d|200\d)"
    # Month and year before the mark of a birth: "02.1989 р.н."
    r"|(?<![\d./])[01]?\d[./](?:19[4-9]\d|200\d)(?=\s{0,2}(?:р\.?\s?н|г\.?\s?р|року\s+народження|"
    r"года\s+рождения))"
    # A two-digit year with a birth mark: "94 р.н.", "(94-го р.н.)", "'89 г.р."
    r"|(?<![\d.,/])['’]?\d{2}(?:-го)?(?=\s{0,2}(?:р\.\s?н\.?|г\.\s?р\.?))"
    # "born in '89", "1989" after "born in" is above
    r"|(?<=born\sin\s)['’]\d{2}\b"
    # ISO dates of a year people are born in (events in these posts are 2014 and later).
    r"|(?<![\d-])(?:19[4-9]\d|200\d)-[01]\d-[0-3]\d(?![\d-])"
    # "він 1993 року", "он 1993 года": the year someone was born.
    r"|(?<=він\s)(?:19[4-9]\d|200\d)|(?<=вона\s)(?:19[4-9]\d|200\d)"
    r"|(?<=он\s)(?:19[4-9]\d|200\d)|(?<=она\s)(?:19[4-9]\d|200\d)",
    _I,
)
# A month in Roman numerals ("17.XI.1986", "3 XI 1979"), as old forms and documents write; a
# year people are born in, as other full dates. Read only when a Roman numeral follows a digit.
DOB_ROMAN = re.compile(
    r"(?<![\w.])[0-3]?\d(?:[./]\s?|\s)(?:XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)(?:[./]\s?|\s)"
    r"(?:19[4-9]\d|200\d|201[0-2])(?!\d)"
)
_ROMAN_HINT = re.compile(r"\d[./ ]\s?[IVX]")
HANDLE = re.compile(
    r"(?<![\w@./])@[A-Za-z][A-Za-z0-9_]{2,30}(?:\.[A-Za-z0-9_]{1,30}){0,3}\b"
    # (m.me is Messenger's link to a person: "m.me/olha.bondar.7")
    r"|\b(?:https?://)?(?:www\.|m\.)?(?:t\.me|telegram\.me|instagram\.com|vk\.com|tiktok\.com|ok\.ru(?:/profile)?|x\.com|twitter\.com|m\.me)"
    # (a private chat's invite too, "t.me/+Qx3aZ…", "t.me/joinchat/…": where scammers gather
    # relatives; three independent sets of the four that labelled one call it personal)
    r"/@?(?!c/|s/)(?:\+|joinchat/)?[A-Za-z0-9_](?:[A-Za-z0-9_.\-]{2,38}[A-Za-z0-9_])\b(?!/\d)/?"
    # A GitHub or GitLab profile (a person's, by its one path segment: github.com/anhelina-sav)
    r"|\b(?:https?://)?(?:www\.)?(?:github|gitlab)\.com/(?!orgs/|features|about|topics|login)"
    r"[A-Za-z0-9](?:[A-Za-z0-9-]{1,38})(?![\w-])(?![/.][A-Za-z0-9])/?"
    # A WhatsApp chat link carries its owner's number: "wa.me/380671844309".
    r"|\b(?:https?://)?(?:api\.)?(?:wa\.me|whatsapp\.com/send\?phone=)/?\+?\d{7,15}\b"
    # A private Viber community's invite, as a private Telegram chat's above.
    r"|\b(?:https?://)?invite\.viber\.com/\?g2?=[A-Za-z0-9_%-]{6,80}"
    # A LinkedIn profile (its name may hold hyphens: linkedin.com/in/olena-koval-ua)
    r"|\b(?:https?://)?(?:[a-z]{2,3}\.|www\.)?linkedin\.com/in/[A-Za-z0-9_%-]{3,100}[A-Za-z0-9_]/?"
    # A person's Facebook profile: facebook.com/ivan.petrenko.1990 or profile.php?id=1000...
    # (groups, pages' posts, events and the like are not people).
    r"|\b(?:https?://)?(?:(?:www|m|uk-ua|ru-ru)\.)?(?:facebook|fb)\.com/"
    r"(?:profile\.php\?id=\d{5,20}"
    r"|(?!groups/|pages/|events/|watch|photo|story\.php|permalink\.php|share|hashtag|marketplace"
    r"|login|help|policies)[A-Za-z0-9.]{5,50}\b)",
    _I,
)
# A Cash App name, "$" and a name with a lower-case letter ("$SlavaHelpFund"): not money ("$40",
# "$3,000") nor a ticker in capitals ("$BTC").
CASHTAG = re.compile(r"(?<![\w$])\$(?=[A-Za-z0-9_]*[a-z])[A-Za-z][A-Za-z0-9_]{2,29}\b")
# Whose a network's page is, between its name and the username: a relative or a pronoun in the
# genitive ("інста сестри", "тг його", "инста жены"), or an English possessive ("insta of his
# son", "my sister's").
_WHOSE = (
    r"(?:(?:of\s{1,2})?(?:my|his|her|our|their)\s{1,2}(?:wife|husband|son|daughter|sister|brother|"
    r"mom|mum|mother|dad|father|girlfriend|boyfriend)(?:['’]s)?|"
    r"(?:його|її|мого|моєї|нашого|нашої|его|её|ее|моего|моей|нашего|нашей)"
    r"(?:\s{1,2}[а-яіїєґё]{3,12})?|"
    r"сестри|сестрички|брата|братика|мами|матері|тата|батька|дружини|жінки|чоловіка|сина|доньки|"
    r"дочки|бабусі|дідуся|хлопця|дівчини|сестры|мамы|матери|папы|отца|жены|мужа|сына|дочери|"
    r"бабушки|дедушки|парня|девушки)"
)
# A username without its "@", after the network's name: "inst nastia_k_sumy", "тг vasyl_tavria",
# "інста vika_gonchar_88". Only a word that looks like a username (an underscore, a dot or a
# digit in it), so that "тг канал" or "inst story" stay words.
HANDLE_CUE = re.compile(
    r"(?<![\w/.@-])(?:inst(?:a|u|y|e|agram)?|іnst|інст(?:а|у|і|и|ою|аграм\w{0,2})?|"
    r"инст(?:а|у|е|ы|ой|аграм\w{0,2})?|ig|tg|тг|"
    r"телеграм\w{0,2}|telegram|tiktok|тікток\w{0,2}|тикток\w{0,2}|фб|fb|facebook|фейсбук\w{0,2}|"
    r"viber|вайбер\w{0,2}|нік|ник|nick|username|юзернейм)"
    # whose it is, between: "інста сестри: ...", "тг його — ...", "insta of my son ..."
    rf"(?:\s{{1,2}}{_WHOSE})?"
    r"(?:\s{1,2}|\s{0,2}[:\-–—]\s{0,2})"
    r"((?=[A-Za-z0-9_.]*[_.\d])[A-Za-z][A-Za-z0-9_.]{2,31}[A-Za-z0-9_])(?![\w@])",
    _I,
)
# A username built from a person's name, with no network named near: "сидить — oksana_kravets_89",
# "пишіть ivan_petrenko". Only with an underscore (a dot makes domains and file names) and a
# part that reads as a first name or surname ("field_validator", "utm_source" stay words).
USERNAME = re.compile(
    r"(?<![\w@./#=?&+-])[a-z][a-z0-9]{1,20}(?:_[a-z0-9]{1,20}){1,3}(?![\w@/-]|\.[a-z0-9])"
)
# A payment page of someone's own, as a card number is: a Monobank jar (its page names who opened
# it: "send.monobank.ua/jar/5vRkY2nBq8") or a PayPal.me name.
PAYMENT_LINK = re.compile(
    r"\b(?:https?://)?(?:(?:send\.)?monobank\.ua/jar/[A-Za-z0-9]{6,20}"
    r"|(?:www\.)?paypal\.me/[A-Za-z0-9_.\-]{2,40}[A-Za-z0-9_]"
    # (and one's own fundraiser or link page: gofundme, linktr.ee, buymeacoffee, ko-fi, patreon)
    r"|(?:www\.)?(?:gofundme\.com/f|linktr\.ee|buymeacoffee\.com|ko-fi\.com|patreon\.com)"
    r"/[A-Za-z0-9_.\-]{2,60}[A-Za-z0-9_])/?",
    _I,
)
_PAYMENT_SITES = ("monobank", "paypal", "gofundme", "linktr.ee", "buymeacoffee", "ko-fi", "patreon")
LINK = re.compile(
    r"\bhttps?://[^\s<>\"')\]]{2,300}|\bwww\.[^\s<>\"')\]]{2,300}|\bt\.me/[^\s<>\"')\]]{1,200}", _I
)
# Street addresses: a street and a house number (a street alone is where thousands live, and
# stays readable: "вул. Перемоги"), in uk/ru/en/pl, street-first or house-first.
_STREET = (
    r"(?:вул\.|вулиц\w{0,2}|ул\.|улиц\w{0,2}|пров\.|провул\w{0,3}|пер\.|переул\w{0,3}|просп\.|"
    r"проспект\w{0,2}|пр\.|пр-т|бульв\.|бульвар\w{0,2}|пл\.|площ\w{0,2}|шосе|ul\.|al\.|vul\.|"
    r"vulytsia|vulytsya|prosp\.|prov\.|ulitsa|ulica|os\.|osiedle|ulice|třída|nám\.)"
)
_STREET_NAME = (
    rf"[{_UPPER}A-Z0-9][{_LOWER}a-ząćęłńóśźż0-9'’\-]{{1,30}}"
    rf"(?:\s[{_UPPER}A-Z][{_LOWER}a-ząćęłńóśźż'’\-]{{1,30}})?"
)
# Not a house number: "3-го числа", "шосе 2 години", "на Окружной 24 ноября" (a date).
_HOUSE_END = (
    # (nor a brigade's number: "з Кропивницького, 61 ОМБр")
    r"(?!\d|[.:]\d|-[а-яa-z]{2}|\s{1,2}О[А-ЯІЇЄҐа-яіїєґ]{1,6}Б|"
    r"\s{1,2}(?:(?:год|хв|мин|час|дн|рок|чол|чел|люд|тис|машин|"
    # ("на Стрелецкой, 5 машин": what is counted, not a house)
    r"автомоб|одиниц|единиц|бойов|солдат|військов|военн|"
    # ("по Харьковскому шоссе 5 километров": a distance)
    r"кілометр|километр|метр)\w{0,5}|(?:км|лет|шт|грн|"
    r"раз|рази|разів|раза)\b|(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листоп|груд|янв|"
    r"февр|март|апрел|ма[яю]\b|июн|июл|август|сентябр|октябр|ноябр|декабр)))"
)
_STREET_AFTER = (
    r"(?:вулиця|вулиці|улица|улице|дорога|дорозі|дороге|шосе|шоссе|проспект|проспекте|проспекті|"
    # (and in the dative, after "по": "по Французскому бульвару 22")
    r"проспекту|бульвар|бульваре|бульварі|бульвару|провулок|провулку|переулок|переулке|переулку|узвіз|"
    r"спуск|набережна|набережная|площа|площадь|алея|аллея|"
    # (and abbreviated: "Лісового просп. 17")
    r"просп\.|бульв\.|пров\.|пер\.|вул\.|ул\.)"
)
# A house's letter may follow a hyphen ("3-Б"), but one letter only: "3-го" is an ordinal.
_HOUSE = (
    r"(?:буд\.|будинок|дом|д\.|б\.|house|№)?\s{0,2}\d{1,4}(?:-?[а-яa-z](?![а-яa-z]))?"
    r"(?:/\d{1,4})?(?:-\d{1,4}(?![\d.]))?"
)
# An entrance ("під'їзд", "подъезд", the surzhyk "подʼїзд") and a floor ("етаж" too).
_ENTRANCE = r"(?:под\.|подъезд|под[ʼ'’]?їзд|під[ʼ'’]?їзд)"
_FLOOR = r"(?:эт\.|этаж|етаж|поверх)"
# A room in a hostel or an office: "кімната 305", "комн. 12", "room 4".
_ROOM = r"(?:кімн\.|кімната|комн\.|комната|room|rm\.)"
# A floor or an entrance written before its word: "третій поверх", "3-й этаж", "5 поверх",
# "2 подʼїзд". A number may end the address ("кв. 117, 9 поверх"); a word only before a flat or
# an entrance ("третій поверх, кв. 58").
_FLOOR_WORD_AFTER = rf"\s{{1,2}}(?:поверх|этаж|етаж|{_ENTRANCE})(?![а-яіїєґ])"
_FLOOR_FIRST = rf"(?:\d{{1,2}}(?:-?[а-яі]{{1,2}})?|[а-яіїєё'’]{{4,12}}){_FLOOR_WORD_AFTER}"
_FLOOR_NUMBER_FIRST = rf"\d{{1,2}}(?:-?[а-яі]{{1,2}})?{_FLOOR_WORD_AFTER}"
# Flat, room, entrance and floor, in any order ("під'їзд 2, кв. 71", "третій поверх, кв. 58",
# "кв. 45, 5 этаж").
_FLAT = (
    r"(?:,?\s{0,2}(?:(?:кв\.?|квартира|apt\.?|apartment|flat|lok\.|m\.|оф\.|офіс|офис|office|"
    rf"whg\.|wohnung|kv\.?|{_ROOM})\s{{0,2}}\d{{1,4}}[a-zа-я]?"
    rf"|(?:{_ENTRANCE}|{_FLOOR})\s{{0,2}}\d{{1,3}}"
    rf"|{_FLOOR_FIRST}(?=,?\s{{0,2}}(?:кв|kv|под|під))|{_FLOOR_NUMBER_FIRST})){{0,3}}"
)
# In any case the words that are nothing but a street; only capitalised, the ones that are also
# words ("took place", "close", "way").
_EN_STREET = (
    r"(?:(?i:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Ln\.?|Boulevard|Blvd\.?)|Grove|Close|"
    r"Drive|Dr\.|Way|Crescent|Court|Ct\.|Place|Pl\.|Terrace|Gardens|Mews|Square|Sq\.|"
    # (an Irish or British estate: "14 Castleknock Park", after a house's number only)
    r"Park|Rise|Heights|View|Green|Walk)"
)
# The words that may follow a street's name when its number comes after ("Shevchenka St. 22"):
# only those that name nothing but a street; after a name, "Park", "Square", "Court" and the like
# and a number are a place and what is counted there ("Central Park 5 times").
_EN_STREET_FIRST = (
    r"(?:(?i:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Ln\.?|Boulevard|Blvd\.?)|Drive|Dr\.|Sq\.)"
)
# A British address ends with its town and postcode ("14 Maple Road, Flat 2, Croydon CR0 2AB"):
# a postcode names a dozen or so homes, so it is part of the address (a town alone is not).
_UK_POSTCODE_AFTER = (
    r"(?:,\s{1,2}(?:(?-i:[A-Z][a-z]{2,30}(?:[\s-][A-Z][a-z]{2,30})?),?\s{1,2})?"
    r"(?-i:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})(?![\w-]))?"
)
# Postcodes that point at a handful of homes, wherever they are written: British ("RG4 7BB",
# "SW1A 1AA"), Irish Eircodes ("D15 R2K8": its last four mix letters and digits) and Canadian
# ("R3G 0S7"); and an American ZIP after its state's two letters (", IL 60622"): the town and the
# state stay readable.
POSTCODE = re.compile(
    r"(?<![\w-])(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}"
    r"|(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?(?=[0-9AC-FHKNPRTV-Y]{0,3}\d)(?=[0-9]{0,3}[AC-FHKNPRTV-Y])"
    r"[0-9AC-FHKNPRTV-Y]{4}"
    r"|[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d)(?![\w-])"
)
US_ZIP = re.compile(
    r"(?<=[\s,])(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|"
    r"MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)"
    r"\s{1,2}(?P<value>\d{5}(?:-\d{4})?)(?![\d-])"
)
ADDRESS = re.compile(
    # "14 Shevchenko St, apt 5", "2217 Maple Ave, Apt 4B" (capitals as written: "150 clashes
    # took place" is no address)
    # (an American street may have its direction first: "1834 W Chicago Ave")
    rf"\b\d{{1,4}}[a-z]?\s{{1,2}}(?-i:(?:[NSEW]\.?\s|[NS][EW]\s)?[A-Z][a-z'\-]{{1,30}}"
    rf"(?:\s[A-Z][a-z'\-]{{1,30}})?\s{{1,2}}{_EN_STREET}"
    # (or after it, as Toronto writes: "1450 Bloor St W")
    r"(?:\s(?:[NS][EW]|[NSEW])(?![\w]))?)"
    + _FLAT
    + _UK_POSTCODE_AFTER
    # "Shevchenka St. 22, apt. 5"
    + rf"|\b(?-i:[A-Z][a-z'\-]{{1,30}})\s{{1,2}}{_EN_STREET_FIRST},?\s{{1,2}}\d{{1,4}}[a-z]?"
    + _FLAT
    + _UK_POSTCODE_AFTER
    # "вул. Лісова, 7, кв. 3", "проспекте Гагарина, 112, кв. 64", "ul. Marszałkowska 84/92 lok. 12"
    + rf"|\b{_STREET}\s{{0,2}}{_STREET_NAME},?\s{{0,2}}{_HOUSE}{_HOUSE_END}"
    + _FLAT
    # The street's word after its name, as Russian and Ukrainian also write: "Фонтанская
    # дорога 64/2, кв 9", "Сумська вулиця, 12" (a house number must follow)
    + rf"|\b[{_UPPER}][{_LOWER}]{{2,30}}\s{{1,2}}{_STREET_AFTER},?\s{{0,2}}{_HOUSE}{_HOUSE_END}"
    + _FLAT
    # House first: "буд. 7, вул. Лісова, кв. 3", "дом 27 по улице Лермонтова, кв. 8"
    # ("буд. 5, кв. 12 по вул. Зеленій": the flat may come before the street)
    + r"|\b(?:буд\.|будинок|дом|д\.)\s{0,2}\d{1,4}[а-я]?,?\s{0,2}"
    + r"(?:(?:кв\.?|квартира)\s{0,2}\d{1,4},?\s{0,2})?"
    + rf"(?:по\s)?{_STREET}\s{{0,2}}"
    + _STREET_NAME
    + _FLAT
    # German: "Königsbrücker Str. 15, Whg. 8", "Hauptstraße 3"
    # (an adjective may come first: "Große Bergstraße 140", "Alte Landstraße 3")
    + r"|\b(?:(?:Große|Grosse|Kleine|Alte|Neue|Lange|Hohe|Obere|Untere|Hintere|Vordere)[rns]?\s)?"
    + r"[A-ZÄÖÜ][a-zäöüß\-]{2,30}(?:str\.|straße|strasse|\sStr\.|\sStraße|\sWeg|weg|\sPlatz)"
    + r"\s{0,2}\d{1,4}[a-z]?"
    + _FLAT
    # A Polish estate, its block's letter, the block and the flat: "os. Centrum C 7/22"
    + r"|\bos\.\s{0,2}(?-i:[A-ZŁŚŻŹĆ][a-ząćęłńóśźż]{2,30})(?:\s(?-i:[A-Z]))?\s{1,2}\d{1,4}"
    + r"(?:/\d{1,4})?(?![\d/])"
    # Czech: a street (an adjective of a place, or a noun with a Czech letter) and its two
    # numbers, the building's and the street's: "Lipová 1511/30", "Nádražní 118/22"
    + r"|\b(?-i:[A-ZČŘŠŽÁÉÍÚÝĎŤŇ][a-záčďéěíňóřšťúůýž]{2,30}"
    + r"(?:(?<=ská)|(?<=ský)|(?<=cká)|(?<=ní)|(?<=ová)|(?<=ého)|(?<=ých)"
    + r"|(?<=[áčďéěíňóřšťúůýž][a-z])|(?<=[áčďéěíňóřšťúůýž][a-z]{2})|(?<=[áčďéěíňóřšťúůýž])))"
    + r"\s{1,2}\d{1,4}/\d{1,4}[a-z]?(?![\d/])"
    + _FLAT
    # English flat first: "apt 5, 12 Franka St"
    + r"|\b(?:apt\.?|apartment|flat)\s{0,2}\d{1,4}[a-z]?,\s{0,2}\d{1,4}[a-z]?\s{1,2}"
    + rf"(?-i:[A-Z][a-z'\-]{{1,30}}(?:\s[A-Z][a-z'\-]{{1,30}})?\s{{1,2}}{_EN_STREET})"
    + _UK_POSTCODE_AFTER
    # No street word, but a flat: "Гагаріна 17 кв 52", "Зінківська 6/1, третій поверх, кв. 58"
    + rf"|\b[{_UPPER}][{_LOWER}]{{2,30}},?\s{{1,2}}\d{{1,4}}[а-я]?(?:/\d{{1,4}})?,?\s{{0,2}}"
    + rf"(?:{_FLOOR_FIRST},?\s{{0,2}})?(?:кв\.?|квартира)\s{{0,2}}\d{{1,4}}",
    _I,
)
# No street word, a flat, and a street's name of more words, capitalised ("Марка Вовчка 3, кв. 8")
# or a lower-case one between capitalised ones ("Героїв праці Донбасу 15, кв. 40"); read only
# when a flat is named ("кв").
ADDRESS_LONG_STREET = re.compile(
    rf"\b[{_UPPER}][{_LOWER}]{{1,30}}\s{{1,2}}(?:[{_LOWER}]{{3,12}}\s{{1,2}}(?=[{_UPPER}]))?"
    rf"(?:[{_UPPER}][{_LOWER}]{{1,30}}\s{{1,2}})?"
    rf"[{_UPPER}][{_LOWER}]{{2,30}},?\s{{1,2}}\d{{1,4}}[а-я]?(?:/\d{{1,4}})?,?\s{{0,2}}"
    rf"(?:{_FLOOR_FIRST},?\s{{0,2}})?(?i:кв\.?|квартира)\s{{0,2}}\d{{1,4}}"
)


# No street word, but a room, an entrance or a floor after the house: "Металургів 21, кімната
# 305", "Закревського 61/2, 7 етаж, 2 подʼїзд" (the word before the house is checked: not a place,
# nor after "у", "в", "з", "до": "офіс у Києві 12, 3 поверх" is not read as one).
ADDRESS_FLOORS = re.compile(
    rf"(?=[{_UPPER}])(?<!\sу\s)(?<!\sв\s)(?<!\sз\s)(?<!\sіз\s)(?<!\sдо\s)(?<!\sво\s)(?<!\sиз\s)"
    rf"(?<![\w'’ʼ-])(?P<street>[{_UPPER}][{_LOWER}]{{2,30}})(?:\s[{_UPPER}][{_LOWER}]{{2,30}})?,?"
    r"\s{1,2}\d{1,3}[а-я]?(?:/\d{1,4})?,?\s{0,2}"
    rf"(?:(?i:{_ROOM})\s{{0,2}}\d{{1,4}}|(?:{_ENTRANCE}|{_FLOOR})\s{{0,2}}\d{{1,3}}(?!\d)"
    rf"|{_FLOOR_NUMBER_FIRST})" + _FLAT
)
# A student's room in a hostel, the hostel's number or ordinal with it ("гуртожиток №7, кімн.
# 512", "5-й общазі, кімн. 317", "dorm 5 room 208"): a room without its hostel, or a hostel
# without a room ("гуртожиток №3"), says where no one lives.
HOSTEL_ROOM = re.compile(
    r"(?:\b\d{1,2}-?(?:й|а|ий|ій|ая|ом|ому|му|th|st|nd|rd)\s{1,2})?"
    r"(?:гуртожит\w{0,3}|общаг\w{0,2}|общаз\w{0,2}|общежити\w{0,2}|dorm(?:itory)?)"
    r"(?:\s{0,2}№?\s{0,2}\d{1,3}(?!\d))?,?\s{0,2}"
    r"(?:кімн\.?|кімнат\w{0,2}|комн\.?|комнат\w{0,2}|room|rm\.?)\s{0,2}№?\s{0,2}\d{1,4}[а-яa-z]?"
    r"(?![\w])",
    _I,
)
# A hospital ward, where a wounded soldier lies: "лежить в палаті 9", "палата № 312", "в 402
# палату" (the hospital stays readable; the ward is where to find him).
WARD = re.compile(
    r"(?<![\w])(?:палат(?:а|і|у|е|ы|и)\s{0,2}№?\s{0,2}\d{1,4}[а-яa-z]?(?![\w/])"
    r"|\d{1,4}[а-я]?(?:-?(?:а|у|ю|я|ій|й|ю))?\s{1,2}палат(?:а|у|і|е|ы|и)(?![\w]))",
    _I,
)
# A farmstead's number, in a хутір with no streets ("хутір Зелений Гай, садиба 4").
FARMSTEAD = re.compile(
    r"(?<![\w])(?:садиб[аиіу]|усадьб[аы])\s{0,2}№?\s{0,2}\d{1,4}[а-я]?(?![\w/])", _I
)
# No street word, right after "lives": "живе Центральна 5", "живет Юности 18" (not an age:
# "живе Оксана, 35 років").
ADDRESS_AFTER_LIVES = re.compile(
    r"(?:(?<=живе\s)|(?<=живу\s)|(?<=живуть\s)|(?<=живет\s)|(?<=живёт\s)|(?<=живут\s)"
    r"|(?<=проживає\s)|(?<=проживает\s)|(?<=мешкає\s))"
    rf"[{_UPPER}][{_LOWER}]{{2,30}},?\s{{1,2}}\d{{1,3}}[а-я]?(?:/\d{{1,4}})?(?![\w/%])"
    r"(?!\s{0,2}(?i:рок|лет|год|р\.|роки|років|хв|мин|км))" + _FLAT
)
# No street word, after "на" or "по", a street named after someone, in the genitive: "живёт на
# Кирова 7", "доставка на Гоголя 112", "по Шевченка, 14" (the word is checked: a surname's
# genitive, or a word no dictionary knows with a surname's genitive ending: "на Маковецкого, 9";
# a house number follows, not a share or a time: "на Петрова 30%", "на Гоголя 3 години" are no
# address).
ADDRESS_ON_NAMED = re.compile(
    rf"(?=[{_UPPER}])(?:(?<=\sна\s)|(?<=^на\s)|(?<=\sпо\s)|(?<=^по\s)"
    # (or from there: "деда с Гагарина 15", "забрати з Шевченка 4")
    r"|(?<=\sс\s)|(?<=\sз\s)|(?<=\sіз\s)|(?<=\sвід\s)|(?<=\sот\s))"
    # (or a first name and a surname, both in the genitive: "на Володимира Великого 10", "на
    # Лесі Українки 12")
    rf"(?P<street>(?:[{_UPPER}][{_LOWER}]{{2,30}}\s)?[{_UPPER}][{_LOWER}]{{2,30}}),?\s{{1,2}}"
    rf"\d{{1,3}}[а-я]?(?:/\d{{1,4}})?{_HOUSE_END}(?![\w/%]|[.,:]\d)" + _FLAT,
    re.MULTILINE,
)
# No street word, after "на", a street's name declined as an adjective is in the locative: "на
# Садовій, 7", "в подвале на Пушкинской 38" (a house number must follow).
# After the word "адреса" itself, a street with no street word and its house: "адреса Гоголя,
# 17", "address: Sadova 14".
ADDRESS_AFTER_ITS_WORD = re.compile(
    r"\b(?i:адреса|адрес|адресу|адресою|адресом|address)\s{0,2}:?\s{0,2}"
    rf"(?P<value>(?:[{_UPPER}][{_LOWER}\-]+|[A-Z][a-z\-]+)(?:\s(?:[{_UPPER}][{_LOWER}\-]+|[A-Z][a-z\-]+))?"
    r",?\s{1,2}\d{1,4}(?:[а-яa-z](?![\w]))?(?:/\d{1,3})?"
    r"(?:,?\s{0,2}(?:кв\.?|квартира|apt\.?)\s{0,2}\d{1,4})?)(?![\d\w])"
)
# A flat's number alone ("кв 7", "Кв. 56", "квартира № 7"), personal where the post also gives
# the house or the entrance; not a flat's size ("кв 45 м2", "кв. м"), nor "квартира 2 кімнати".
FLAT_ALONE = re.compile(
    r"(?<![\w/])(?i:кв\.?|apt\.?|квартир\w{0,2}\s{0,2}№)\s{0,2}\d{1,4}(?![\d\w/])"
    r"(?!\s{0,2}(?i:м\b|м2|м²|кв\.?\s{0,2}м|метр|sq))"
)
HOUSE_WORD = re.compile(
    r"під[ʼ'’]їзд|подъезд|будин(?:ок|ку)|\bдом(?:а|е)?\b|\bЖК\b|\bhouse\b", re.IGNORECASE
)


# A floor, not a house: "вул. Героїв Праці, 3-й поверх".
FLOOR_AFTER = re.compile(r"\s{0,2}(?:поверх|этаж|эт\.|floor)", re.IGNORECASE)
FLOOR_NUMBER_END = re.compile(r",?\s{0,2}\d{1,3}-?(?:й|ий|ій|м|ом|th|st|nd|rd)$")


def _not_a_floor(text: str, signal: Signal) -> Signal | None:
    """An address that ends in a floor's number loses it (and is none if nothing else is)."""
    if signal.kind != "address" or not FLOOR_AFTER.match(text, signal.end):
        return signal
    number = FLOOR_NUMBER_END.search(signal.text)
    if number is None:
        return signal
    kept = signal.text[: number.start()]
    if not any(ch.isdigit() for ch in kept):
        return None
    return Signal("address", signal.start, signal.start + len(kept), kept)


ADDRESS_ON = re.compile(
    rf"(?:(?:(?<=\sна\s)|(?<=^на\s))[{_UPPER}][{_LOWER}]{{2,30}}(?:ій|ой|ей)"
    # (or from a street declined as an adjective, in the genitive: "Інна з Зеленої 19",
    # "самовывоз с Клочковской 117")
    rf"|(?:(?<=\sз\s)|(?<=\sіз\s)|(?<=\sс\s)|(?<=\sвід\s)|(?<=\sот\s))"
    rf"[{_UPPER}][{_LOWER}]{{2,30}}(?:ої|ой|ей))"
    # (a bare number of four digits is a price or a year: "на Соборній, 9500 + світло")
    rf",?\s{{1,2}}(?!\d{{4}}){_HOUSE}{_HOUSE_END}(?![\w/])" + _FLAT,
    re.MULTILINE,
)
# No street word, but a town beside: "Кременчуг, Героев Украины 21/44", "Вишнёвая 12,
# Мелитополь". The town is checked by the dictionary (a place), the street is not one.
ADDRESS_BESIDE_TOWN = re.compile(
    rf"(?:(?P<before>[{_UPPER}][{_LOWER}]{{2,30}}),\s{{1,2}})?"
    rf"(?P<street>[{_UPPER}][{_LOWER}]{{2,30}}(?:\s[{_UPPER}][{_LOWER}]{{2,30}})?)\s{{1,2}}"
    # (a full stop may end the sentence after the house: "в Измаиле, Болградская 54.")
    r"\d{1,3}[а-я]?(?:/\d{1,4})?(?![\w/:-]|[.]\d)"
    + _FLAT
    + r"(?=\s{0,2}(?P<after>,\s{1,2}[А-ЯІЇЄҐЁ][а-яіїєґё'’ʼ-]{2,30})?)"
)
# No street word, but a house and a flat written "4/12", after "на", "at", "on", a comma or a
# colon, or opening a line: "живе на Вербова 7/31", "Рівне, Соборна 120/4", "lives at Lisova
# 3/7" (a street in Latin letters only after "at" or "on"; not "24/7"; a house number is not
# followed by a percent, a unit or another fraction).
ADDRESS_SLASH = re.compile(
    r"(?:(?<=\sна\s)|(?<=^на\s)|(?<=\sat\s)|(?<=\son\s)|(?<=,\s)|(?<=:\s)|(?<=^))"
    rf"(?P<street>(?:[{_UPPER}][{_LOWER}]{{2,30}}|(?<=at\s)[A-Z][a-z]{{2,30}}"
    rf"|(?<=on\s)[A-Z][a-z]{{2,30}})(?:\s[{_UPPER}][{_LOWER}]{{2,30}})?)"
    r"\s{1,2}(?P<house>\d{1,3}[а-яa-z]?/\d{1,4})(?![\w/%]|[.,:]\d)" + _FLAT,
    re.MULTILINE,
)


def _addresses_by_slash(text: str) -> list[Signal]:
    return [
        Signal("address", m.start(), m.end(), m.group(0))
        for m in _matches(ADDRESS_SLASH, text)
        if m.group("house") != "24/7"
        and not _A_SCORE.fullmatch(m.group("house"))
        and not MONTH_WORD.fullmatch(m.group("street").lower())
        and not _a_things_name(m.group("street").split()[0])
    ]


# Marks out of as many ("5/5", "10/10") are a rating, not a house and a flat.
_A_SCORE = re.compile(r"(\d{1,3})/\1")


# A noun in "-івка", "-овка" names a place or a street ("Михайлівка", "Березівка"); another
# noun in the nominative names a thing: "Динамо 2/3", "Серія 4/10".
_STREET_NOUN = re.compile(r"(?:івка|ївка|овка|евка|ёвка)$")


def _a_things_name(word: str) -> bool:
    return not _STREET_NOUN.search(word) and no_streets_name(word)


MONTH_WORD = re.compile(
    r"(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листоп|груд|янв|февр|март|апрел|ма[йяю]|"
    r"июн|июл|август|сентябр|октябр|ноябр|декабр|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"\w*"
)


EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}\b")
# The "@" spelled out so that filters miss it: "olena (at) ukr.net", "natasha (собака) gmail.com".
EMAIL_SPELLED = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}\s?[(\[]\s?(?:at|ат|эт|собака|собачка)\s?[)\]]\s?"
    r"[\w-]{1,63}(?:\s?(?:\.|[(\[]\s?(?:dot|точка)\s?[)\]])\s?[\w-]{1,63}){1,4}\b",
    _I,
)
# The whole address spoken or spaced so that filters miss it: "olga собака ukr точка net",
# "halyna dot v at gmail dot com", "dasha @ ukr . net". Only before a top-level domain people
# use, so that "at" and "dot" in a sentence are not read as an address.
_TLD = r"(?:com|net|org|info|biz|io|me|edu|gov|ua|ru|by|kz|pl|de|uk|ca|us|fr|it|cz|lt|lv|ee|md)"
_SPOKEN_DOT = r"(?:\s{0,2}\.\s{0,2}|\s[(\[]?(?:dot|точка|крапка)[)\]]?\s)"
# A comma for the last dot ("olia@gmail,com"): only before a top-level domain.
_LAST_DOT = rf"(?:{_SPOKEN_DOT}|,)"
EMAIL_SPOKEN = re.compile(
    r"(?<![\w.+-])[\w+-][\w.+-]{0,63}(?:(?:\s(?:dot|точка|крапка)\s|\s\.\s?|\s?\.\s)[\w+-]{1,64}){0,3}"
    r"(?:\s{0,2}@\s{0,2}|\s[(\[]?(?:at|ат|собака|собачка)[)\]]?\s)"
    rf"[\w-]{{1,63}}(?:{_SPOKEN_DOT}[\w-]{{1,63}}){{0,3}}?{_LAST_DOT}{_TLD}\b",
    _I,
)
# The provider's name spoken, and its top-level domain after a space: "оксана крапка мельник
# собака укр нет", "ivan at gmail com". Only the providers people use, so that "собака или
# нет" stays words.
_PROVIDER = (
    r"(?:укр|ukr|укрнет|ukrnet|гмейл|гмайл|джимейл|gmail|мейл|mail|яндекс|yandex|мета|meta|"
    r"outlook|аутлук|hotmail|хотмейл|протон|proton|proton\s?mail|icloud|айклауд|yahoo|яху)"
)
_SPOKEN_AT = re.compile(r"\s[(\[]?(?:at|ат|собака|собачка)[)\]]?\s", _I)
EMAIL_SPOKEN_PROVIDER = re.compile(
    r"(?<![\w.+-])[\w+-][\w.+-]{0,63}(?:\s(?:dot|точка|крапка)\s[\w+-]{1,64}){0,3}"
    r"\s[(\[]?(?:at|ат|собака|собачка)[)\]]?\s"
    rf"{_PROVIDER}(?:\s(?:dot|точка|крапка)\s|\s)(?:нет|net|ком|com|юа|уа|ua|ру|ru)\b",
    _I,
)
# Passports (old Ukrainian and Russian: two letters and six digits), ID cards and other
# documents (nine digits after a document word), military IDs.
DOCUMENT = re.compile(
    # A UK National Insurance number (two letters of its alphabet, six digits, a letter A-D:
    # "QQ 12 34 56 C", "QQ123456C"), read first: its letters and six digits are also a
    # passport's shape (below), which would leave its last letter readable.
    r"(?<![\w-])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![\w-])"
    # (two letters and six digits: an old passport, a military ticket; eight: a student card,
    # "КВ 12093847")
    r"|(?<![\w])[А-ЯІЇЄҐA-Z]{2}\s?№?\s?(?:\d{6}|\d{8})(?!\d)"
    # A Ukrainian ID card's number: nine digits, starting 00, wherever it is quoted.
    r"|(?<![\d+])00\d{7}(?!\d)"
    # A Ukrainian driving licence (three letters, six digits); a Russian passport's series and
    # number ("45 12 № 783214").
    r"|(?<![\w])[А-ЯІЇЄҐ]{3}\s?\d{6}(?!\d)"
    r"|(?<![\d])\d{2}\s?\d{2}\s?№\s?\d{6}(?!\d)"
    # A birth certificate's series and number: a Roman numeral, two Cyrillic letters, six digits
    # ("І-ЖС № 123487", "II-БК 450913").
    r"|(?=[IVXІХ])(?<![\w-])[IVXІХ]{1,4}-[А-ЯІЇЄҐ]{2}\s?№?\s?\d{6}(?!\d)"
    # The Ukrainian register's record number (УНЗР), on every ID card: the birth date as
    # YYYYMMDD, a hyphen, five digits ("19880316-01527").
    r"|(?<![\d-])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-\d{5}(?![\d-])"
    # Documents of the other countries the diaspora lives in: a passport or a BRP of two letters
    # and seven digits ("RF8204417"), a US A-Number ("A-219-448-307").
    r"|(?<![\w-])[A-Z]{2}\d{7}(?![\w-])"
    r"|(?<![\w-])A(?:-|#\s?|\s)?\d{3}-?\d{3}-?\d{3}(?![\w-])"
)
# A document number of Latin capitals and digits mixed, as licences of other countries are
# ("MORGA753116SM9IJ", a British driving licence): 10-20 characters, at least four digits and
# five letters,
# switching between letters and digits at least three times (a model name does once: "RTX4090").
MIXED_ID = re.compile(r"(?<![\w-])[A-Z0-9]{10,20}(?![\w-])")
_SWITCH = re.compile(r"[A-Z]\d|\d[A-Z]")
# The number after a document word ("ID-картка № 004512378", "військовий квиток АВ 771405").
DOCUMENT_CUE = re.compile(
    r"(?:паспорт\w{0,4}|id[\s-]?карт\w{0,3}|картк\w{0,2}|документ\w{0,3}|посвідчен\w{0,3}|"
    r"квит\w{0,3}|удостоверен\w{0,3}|водійськ\w{0,3}|водительск\w{0,3}|права|"
    r"passport|licen[cs]e|id(?:\s?card)?)\s{0,3}[:№#]?\s{0,3}№?\s{0,2}"
    # (a Hungarian identity card has its two letters after six digits: "ID: 123456AB")
    r"(\d{6}(?-i:[A-Z]{2})(?![\w])|(?:[А-ЯІЇЄҐA-Z]{2,3}\s?)?\d{6,9})(?!\d)",
    _I,
)
# The documents of a refugee's host country, by their word, a few words before the number:
# "мій pesel 86061234563", "вид на жительство ZT1034577", "Aufenthaltstitel Y8F3K2L07",
# "dočasná ochrana з номером CZ0912873".
HOST_COUNTRY_DOCUMENT = re.compile(
    r"(?:pesel|aufenthaltstitel\w{0,2}|aufenthaltserlaubnis|personalausweis\w{0,2}|"
    r"karta\s+pobytu|karty\s+pobytu|вид\w{0,2}\s+на\s+жительств\w{0,2}|посвідк\w{0,3}|"
    r"ochran\w{0,2}|residence\s+permit|číslo\s+dokladu|ppsn?|brp|"
    # (a BRP by its other name: "біометрична карта", "biometric card")
    r"біометричн\w{0,3}\s+карт\w{0,2}|биометрическ\w{0,3}\s+карт\w{0,2}|biometric\s+card)"
    r"(?:\s{1,2}[^\s\d]{1,12}){0,3}?\s{0,2}[:№#]?\s{0,2}"
    r"((?-i:(?=[A-Z0-9]*\d[A-Z0-9]*\d[A-Z0-9]*\d)[A-Z0-9]{8,12}"
    # (or its letters set apart from its digits: "ZR 4418062", a PPS number's "6620183 WA")
    r"|[A-Z]{2}\s\d{7}|\d{7}\s[A-W]{1,2}))(?![\w-])",
    _I,
)
# A Canadian Social Insurance Number after its word ("SIN 046 454 286", "social insurance
# number: 046-454-286"): nine digits whose last is the Luhn check of the others (nine digits that
# fail it are left to the phone's rules).
SIN_CUE = re.compile(
    r"(?:(?-i:\bSIN)|\bsocial\s+insurance(?:\s+(?:number|no\.?|#))?)"
    r"(?:\s{1,2}(?:number|no\.?|#|is|was|номер)){0,2}\s{0,2}[:#№]?\s{0,2}"
    r"(\d{3}([\s-]?)\d{3}\2\d{3})(?![\d-])",
    _I,
)
# A US A-Number after its word, its "A" written or not, its groups spaced or run together: "her
# alien number is 204-117-358", "A-Number: A 204 117 358" (without the word, spaced groups of
# three are a phone's or an amount).
A_NUMBER_CUE = re.compile(
    r"(?:\ba-number|\balien\s+(?:registration\s+)?(?:number|no\.?|#)|\buscis\s+(?:number|no\.?|#))"
    r"(?:\s{1,2}(?:is|was|as))?\s{0,2}[:#]?\s{0,2}"
    r"((?:(?-i:A)[-#]?\s?)?\d{2,3}[-\s]?\d{3}[-\s]?\d{3})(?![\d-])",
    _I,
)


# What the words before a SIN or an A-Number have in them, looked for before their patterns run.
_SIN_STEMS = ("SIN", "nsurance", "NSURANCE")
_A_NUMBER_STEMS = ("-number", "-Number", "-NUMBER", "lien", "LIEN", "scis", "SCIS")


def _numbers_of_north_america(text: str) -> list[Signal]:
    """A SIN that passes its check and an A-Number, each after its word."""
    out = []
    if any(stem in text for stem in _SIN_STEMS):
        out += [
            Signal("document", m.start(1), m.end(1), m.group(1))
            for m in _matches(SIN_CUE, text)
            if _luhn(re.sub(r"\D", "", m.group(1)))
        ]
    if any(stem in text for stem in _A_NUMBER_STEMS):
        out += [
            Signal("document", m.start(1), m.end(1), m.group(1))
            for m in _matches(A_NUMBER_CUE, text)
        ]
    return out


# The numbers of papers people quote in a village's, a university's or an occupied town's chat,
# after their word, a number's word or "№" between: a pension certificate ("пенсійне №
# 2187456"), a student card or record book ("зачетная книжка № 21-0457"), a gun permit
# ("дозвіл № 0417/23-МР", "permit no. KV-0093321"), a personal account for gas or power
# ("особовий рахунок 31025567890"), a Russian medical policy or SNILS ("полис ОМС 9355 4200
# 1837 2264", "СНИЛС 455-530-708 84"), a gun's or a boat's number, registered to its owner
# ("номер зброї 8841-KT", "номер судна УКР 0457-КВ"), a land plot's cadastral number. At least
# four digits, letters only at its ends, not an amount. (An application's number stays
# readable: it names a request, not a person, "Номер заявки 1234/5678/9012/3456".)
PAPER_NUMBER_CUE = re.compile(
    r"(?:пенсійн\w{0,3}(?:\s{1,2}посвідчен\w{0,3})?|пенсионн\w{0,3}(?:\s{1,2}удостоверен\w{0,3})?"
    r"|студентськ\w{0,3}(?:\s{1,2}квит\w{0,3})?|студенческ\w{0,3}(?:\s{1,2}билет\w{0,2})?"
    r"|student\s{1,2}(?:id|card)|залікова\s{1,2}книжк\w{0,2}|заліковк\w{0,2}"
    r"|зач[её]тн\w{0,2}\s{1,2}книжк\w{0,2}|зач[её]тк\w{0,2}"
    r"|дозв[іо]л\w{0,3}(?:\s{1,2}на\s{1,2}(?:зброю|носіння))?|разрешени\w{0,2}|permit"
    r"|особов\w{0,3}\s{1,2}рахун\w{0,3}|лицев\w{0,3}\s{1,2}сч[её]т\w{0,2}|account\s{1,2}(?:no\.?|number)"
    r"|пол[иі]с\w{0,2}(?:\s{1,2}(?-i:ОМС))?|сн[иі]лс"
    r"|номер\w{0,2}\s{1,2}(?:зброї|оружия|рушниці|ружья|судна|човна|лодки)"
    r"|серійн\w{0,3}\s{1,2}номер\w{0,2}|серийн\w{0,3}\s{1,2}номер\w{0,2}|serial\s{1,2}(?:no\.?|number)"
    r"|кадастров\w{0,3}\s{1,2}номер\w{0,2}"
    # (a patient's medical card, a ВЛК's certificate: "в медичній карті № 15873/24", "в картці
    # № 2245/Т", "справка ВЛК №1843"; a bank card is never given a "№")
    r"|медичн\w{0,3}\s{1,2}карт\w{0,2}|медицинск\w{0,3}\s{1,2}карт\w{0,2}|медкарт\w{0,2}"
    r"|карт(?:ці|ка|ку|ки|очк\w{1,2})\s{0,2}(?=№)"
    r"|(?:справк|довідк|висновк|заключени)\w{0,2}\s{1,2}(?-i:ВЛК)"
    # (a criminal case's number: "кримінальне провадження № 1202...", "номер ЄРДР ...")
    r"|провадженн\w{0,2}|(?-i:ЄРДР|ЕРДР))"
    r"(?:\s{1,2}(?:no\.?|nr\.?|number|номер|№|#|is)){0,2}\s{0,2}[:№#]?\s{0,2}"
    r"((?-i:[А-ЯІЇЄҐA-Z]{1,3})[\s-]?(?=\d)|(?=\d))"
    r"(\d(?:[\s/:.-]?\d){3,21}(?:[/-](?-i:[А-ЯІЇЄҐA-Z]{1,3}))?)(?![\w/-])"
    r"(?!\s{0,2}(?:грн|гривен|руб|₴|uah|usd|\$|тис|тыс|рок|год|г\.|р\.|%|га\b|км|кг))",
    _I,
)
# What PAPER_NUMBER_CUE's words begin with, looked for (in the lower-cased text, a plain
# substring test: a regular expression of them cost as much as the cue itself) before it runs.
_PAPER_STEMS = (
    *("пенси", "пенсі", "студент", "student", "залік", "зачет", "зачёт", "дозв", "разреш"),
    *("permit", "рахун", "счет", "счёт", "account", "полис", "поліс", "снилс", "снілс"),
    *("номер", "серийн", "серійн", "serial", "кадастр", "медичн", "медицин", "медкарт"),
    *("картц", "картк", "карточк", "влк", "провадж", "єрдр", "ердр"),
)
_HOSTEL_STEMS = ("гуртож", "общаг", "общаз", "общежит", "dorm")
_FARMSTEAD_STEMS = ("садиб", "усадьб")
# A pre-trial investigation's number in the Unified Register (ЄРДР), seventeen digits whose
# second to fifth are its year ("62024100000000517"), wherever it is quoted.
CASE_NUMBER = re.compile(r"(?<![\d+])[1-7]20[12]\d{13}(?!\d)")
# A SNILS written in its own shape anywhere, its last two digits the check of the nine
# ("455-530-708 84"), and a land plot's cadastral number ("1211000000:02:003:0157").
SNILS = re.compile(r"(?<![\d-])\d{3}-\d{3}-\d{3}[\s-]\d{2}(?![\d-])")
CADASTRAL = re.compile(r"(?<![\d:])\d{10}:\d{2}:\d{3}:\d{4}(?![\d:])")
# A Russian tax number (ИНН) of a person: twelve digits whose last two are their check digits,
# wherever it is written (people in occupied towns quote theirs without the word).
RUSSIAN_INN = re.compile(r"(?<![\d+])\d{12}(?![\d])")


def _snils_valid(number: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", number)]
    total = sum(d * (9 - at) for at, d in enumerate(digits[:9]))
    if total > 101:
        total %= 101
    check = 0 if total in (100, 101) else total
    return check == digits[9] * 10 + digits[10]


def _russian_inn_valid(number: str) -> bool:
    d = [int(c) for c in number]
    weights = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    eleventh = sum(w * x for w, x in zip(weights[1:], d[:10], strict=True)) % 11 % 10
    twelfth = sum(w * x for w, x in zip(weights, d[:11], strict=True)) % 11 % 10
    return eleventh == d[10] and twelfth == d[11]


def _paper_numbers(text: str, low: str) -> list[Signal]:
    """The numbers of PAPER_NUMBER_CUE (a series' letters before the digits included); SNILS,
    cadastral and ЄРДР case numbers by their shapes; Russian tax numbers that pass their check."""
    out = []
    for m in _matches(PAPER_NUMBER_CUE, text) if any(w in low for w in _PAPER_STEMS) else ():
        start = m.start(1) if m.group(1) else m.start(2)
        out.append(Signal("document", start, m.end(2), text[start : m.end(2)]))
    if "-" in text:
        out += [s for s in _simple("document", SNILS, text) if _snils_valid(s.text)]
    if ":" in text:
        out += _simple("document", CADASTRAL, text)
    out += _simple("document", CASE_NUMBER, text)
    out += [
        Signal("tax_id", s.start, s.end, s.text)
        for s in _simple("tax_id", RUSSIAN_INN, text)
        if not s.text.startswith("380") and _russian_inn_valid(s.text)
    ]
    return out


# A certificate's number after "№" ("довідку ВПО № 4120-3391-0087", "справка № 77-4410-23"):
# digits in groups, up to three words (the certificate's kind) between.
CERTIFICATE_NUMBER = re.compile(
    r"(?:довідк|справк|свідоцтв|свидетельств|certificate)\w{0,4}(?:\s{1,2}[\w/.-]{1,14}){0,3}?"
    r"\s{0,2}(?:№|#|no\.|nr\.)\s{0,2}(\d(?:[\s-]?\d){5,15})(?![\d-])",
    _I,
)
# A passport of another country after its word, with one letter before the digits and the words
# people put between ("Her passport number is C91726604", "паспорт номер: C1234567").
PASSPORT_LETTER = re.compile(
    r"(?:passport|паспорт\w{0,3})(?:\s{1,2}(?:number|no\.?|nr\.?|num\.?|номер|is|:|№|#)){0,3}"
    r"\s{0,2}[:№#]?\s{0,2}((?-i:[A-Z]{1,2})\d{7,9})(?![\w-])",
    _I,
)
# An ID card's nine digits in three groups ("002 518 733", "003-441-209"), with a document's or
# a number's word just before: elsewhere three groups of three are an amount or a phone's part.
ID_CARD_GROUPED = re.compile(r"(?<![\d+])(00\d)([ \-])(\d{3})\2(\d{3})(?![\d])")
ID_CARD_CUE = re.compile(
    r"(?:\bid\b|\bід\b|айді|id[\s-]?карт\w{0,3}|картк\w{0,2}|карт[аиуоы]\w{0,2}|паспорт\w{0,3}|"
    r"документ\w{0,3}|посвідчен\w{0,3}|удостоверен\w{0,3}|номер\w{0,2}|№|\bno\.|passport|card)",
    _I,
)


def _grouped_id_cards(text: str) -> list[Signal]:
    out = []
    for m in _matches(ID_CARD_GROUPED, text):
        if ID_CARD_CUE.search(text, max(0, m.start() - 40), m.start()):
            out.append(Signal("document", m.start(), m.end(), m.group(0)))
    return out


TAX_CUE = re.compile(
    r"(?:рнокпп|іпн|инн|інн|ідентифікаційн\w{0,3}\s+(?:код|номер)\w{0,2}|податков\w{0,3}\s+номер\w{0,2}"
    r"|tax\s+(?:id|number))\s{0,3}[:№#-]?\s{0,3}(\d{10,12})(?!\d)",
    _I,
)
# A tax number (РНОКПП / ІПН / ИНН): ten digits that are not a phone.
TAX_ID = re.compile(r"(?<![\d+])\d{10}(?!\d)|(?<![\d+])\d{12}(?=\s{0,2}\(?инн)", _I)
MONTHS = (
    "січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня|"
    "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
# After a birth's word, English months may be cut short: "DOB 14 Feb 1993", "born Sept. 3, 1990".
_DOB_MONTHS = (
    rf"{MONTHS}|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
    # ("д.н. 3 жовт. 1990", "родился 5 сент. 1988")
    r"|(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листоп|груд|янв|февр|апр|авг|сент|"
    r"окт|нояб|дек)\."
)
DOB_WORDS = re.compile(
    r"(?:народи\w{1,5}|родил\w{0,3}|родив\w{0,3}|born(?:\s+on)?|дат\w{0,2}\s+народження|дат\w{0,2}\s+рождения|"
    r"date\s+of\s+birth|\bdob\b|\bd\.o\.b\.?|\bb\.|на\s+світ|на\s+свет|\bдн\b|\bдр\b|"
    r"д\.\s?н\.|д\.\s?р\.)\s{0,3}[:\-–—]?\s{0,3}(?:(?:він|вона|он|она|he|she)\s{1,2})?"
    rf"((?:(?:the\s)?[0-3]?\d(?:st|nd|rd|th)?\s{{1,2}}(?:of\s)?(?:{_DOB_MONTHS})|(?:{_DOB_MONTHS})\s{{1,2}}[0-3]?\d(?:st|nd|rd|th)?,?)\s{{1,2}}(?:19|20)\d\d"
    r"(?:\s{0,2}(?:року|р\.|года|г\.))?"
    # (the date's parts may be spaced: "05 / 11 / 97")
    r"|[0-3]?\d\s?[./-]\s?[01]?\d\s?[./-]\s?(?:19|20)?\d\d|(?:19|20)\d\d)",
    _I,
)
# A day and month (a year may follow; an English month may come first) beside the words for a
# birthday: "у Алисы 23 апреля день рождения", "день народження 5 березня", "her birthday is 3
# May", "birthday: June 3rd", and their short forms "ДН", "ДР" ("ДН 17 мая").
_DAY_MONTH = (
    rf"(?:(?<!\d)[0-3]?\d(?:st|nd|rd|th)?\s{{1,2}}(?:of\s{{1,2}})?(?:{MONTHS})"
    rf"|(?:{MONTHS})\s{{1,2}}[0-3]?\d(?:st|nd|rd|th)?(?!\d))(?:,?\s{{1,2}}(?:19|20)\d\d)?"
)
_BIRTHDAY_WORD = (
    r"(?:день\s{1,2}(?:рождения|народження)|днюх\w{1,2}|birthday|(?<!\w)(?-i:ДН|ДР)(?!\w))"
)
BIRTHDAY = re.compile(
    rf"(?P<a>{_DAY_MONTH})\s{{0,2}}[,—–-]?\s{{0,2}}(?:(?:в|у|-|—)\s{{1,2}})?"
    rf"(?:(?:буде|будет|святкує|празднует|отмечает)\s{{1,2}})?{_BIRTHDAY_WORD}"
    # (the word first, a colon, a dash or a verb between: "birthday was on 14 February")
    rf"|{_BIRTHDAY_WORD}(?:\s{{0,2}}[:—–-]|\s{{1,2}}(?:is|was|on|в|у|буде|будет)){{0,2}}"
    rf"\s{{1,2}}(?P<b>{_DAY_MONTH})",
    _I,
)
# What the words for a birthday have in them, looked for before BIRTHDAY runs.
_BIRTHDAY_STEMS = ("рожд", "народж", "днюх", "irthday", "ДН", "ДР")
# "born in Lutsk in 1979", "народився у Житомирі в 1987 році", "родился в 1991-м": the year
# after a birth verb, with a place (one or two capitalised words) between.
DOB_BORN_IN = re.compile(
    # (one person's birth: "родились в 2024 году ..." counts a year's babies)
    r"(?:народи(?:вся|лася|лась)|родил(?:ся|ась)|\bborn)\s{1,3}"
    r"(?:(?:in|в|у|во)\s{1,2}(?-i:[A-ZА-ЯІЇЄҐЁ])[\w'’-]{1,30}"
    r"(?:\s{1,2}(?-i:[A-ZА-ЯІЇЄҐЁ])[\w'’-]{1,30})?,?\s{1,3})?"
    r"(?:in|в|у)\s{1,2}(?P<value>19[2-9]\d|20[0-2]\d)(?![\d.,/]\d)",
    _I,
)
# What a birth's words have in them, looked for before the patterns above run (they cost more).
_BIRTH_STEMS = (
    "роди",
    "Роди",
    "РОДИ",
    "orn",
    "ORN",
    "світ",
    "свет",
    "народж",
    "рожден",
    "birth",
    "Birth",
)
# A date after the abbreviation of "born": "нар. 14 березня 1995", "род. 12.05.1990".
DOB_AFTER_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:нар|народж|род|рожд|b)\.\s{0,2}"
    rf"(?P<value>[0-3]?\d\s{{1,2}}(?:{MONTHS})\s{{1,2}}(?:19[2-9]\d|20[0-2]\d)"
    r"|[0-3]?\d[./-][01]?\d[./-](?:19[2-9]\d|20[0-2]\d))(?!\d)",
    _I,
)
DOB_DATE_WORDS = re.compile(
    rf"(?<!\d)[0-3]?\d\s{{1,2}}(?:{MONTHS})\s{{1,2}}(?:19[4-9]\d|200\d|201[0-2]|['’]?\d\d-го)"
    r"(?=\s{0,2}(?:р\.?\s?н\.?|г\.?\s?р\.?|року\s+народження|года\s+рождения))",
    _I,
)
# A date of birth written wholly in words: "народився третього червня тисяча дев'ятсот
# шістдесят восьмого року", "родился второго августа девяносто третьего года", "born on the
# third of May nineteen ninety". Number words by their stems (any case ending), in uk/ru/en.
_NUMBER_WORD = (
    r"(?:перш|перв|друг|втор|трет|четвер|п[ʼ'’]?ят|пят|шост|шест|сьом|седьм|восьм|дев[ʼ'’]?ят|"
    r"девят|десят|одинадцят|одиннадцат|дванадцят|двенадцат|тринадцят|тринадцат|чотирнадцят|"
    r"четырнадцат|шістнадцят|шестнадцат|сімнадцят|семнадцат|вісімнадцят|восемнадцат|двадцят|"
    r"двадцат|тридцят|тридцат|сорок|шістдесят|шестидесят|шестьдесят|сімдесят|семидесят|"
    r"семьдесят|вісімдесят|восьмидесят|восемьдесят|дев[ʼ'’]?яност|девяност|тисяч|тысяч|"
    r"двохтисяч|двотисяч|двухтысяч|дві|два|две|сто|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    r"thirtieth|twenty|thirty|nineteen|two\s+thousand|ninety|eighty|seventy|sixty|fifty|forty|"
    r"one|two|three|four|five|six|seven|eight|nine)"
    r"[a-zа-яіїєґё'’ʼ]{0,8}"
)
DOB_SPELLED = re.compile(
    r"(?:народи\w{1,5}|родил\w{0,3}|родив\w{0,3}|born(?:\s+on)?|на\s+світ|на\s+свет|"
    r"дат\w{0,2}\s+народження|дат\w{0,2}\s+рождения|date\s+of\s+birth)\s{0,3}[:(\-–—]?\s{0,3}"
    r"(?:(?:він|вона|он|она|he|she)\s{1,2})?"
    rf"((?:the\s)?(?:{_NUMBER_WORD}[\s\-]{{1,2}}){{1,2}}(?:of\s)?(?:{MONTHS})"
    rf"(?:,?\s{{1,2}}(?:(?:{_NUMBER_WORD}|(?:19|20)\d\d)(?:[\s\-]{{1,2}}|\b)){{1,5}}"
    r"(?:року|рік|года|год|р\.|г\.)?)?)",
    _I,
)
# A birth date or year right after a name: "Бондар Олена, 9 квітня 1968", "Viktor Shevchuk
# (21 June 1987 – ...)", "Богдан Кравець (1988)", "Петренко І., 03.05.1990".
_BIRTH_YEAR = r"(?:19[4-9]\d|200\d|201[0-2])"
# A child's birth date after their name: a full date of a recent year, when a young child or a
# birth certificate is spoken of just before ("свідоцтво про народження на дитину Софію Коваль,
# 12.11.2015"); elsewhere a recent date after a name is when something happened.
CHILD_BEFORE = re.compile(
    r"дитин|дитя|дитячк|ребен|ребён|малюк|малыш|немовл|младен|новонародж|новорожд|"
    r"свідоцтв\w{0,3}\s+про\s+народження|свидетельств\w{0,3}\s+о\s+рождении|"
    r"\bchild|\bbaby|\btoddler|birth\s+certificate",
    _I,
)
# (after a comma, a bracket, or the bar between a table's cells: "Name | 1987 | ...")
CHILD_DATE = re.compile(r"\s{0,2}[,(|]?\s{0,2}([0-3]?\d[./-][01]?\d[./-]20[12]\d)(?!\d|[./-]\d)")
# (a whole date names a birth from the 1920s on: "Ткач Віра, 19.04.1931"; a year alone of those
# decades after a name is more often an event's)
_OLD_BIRTH_YEAR = r"(?:19[2-9]\d|200\d|201[0-2])"
NAME_YEAR = re.compile(
    r"\s{0,2}[,(|]?\s{0,2}(?:b\.\s?|р\.\s?н\.\s?|г\.\s?р\.\s?)?("
    rf"[0-3]?\d\s{{1,2}}(?:{MONTHS})\s{{1,2}}{_OLD_BIRTH_YEAR}"
    rf"|(?:{MONTHS})\s{{1,2}}[0-3]?\d,?\s{{1,2}}{_OLD_BIRTH_YEAR}"
    rf"|[0-3]?\d[./-][01]?\d[./-]{_OLD_BIRTH_YEAR}"
    # (a two-digit year of a birth, day and month in two digits: "(21.07.88)")
    r"|[0-3]\d\.[01]\d\.(?:[4-9]\d|0\d|1[0-2])(?![\d.])"
    rf"|{_BIRTH_YEAR})(?!\d)"
    r"(?:\s{0,2}р\.?\s?н\.?)?\)?",
    _I,
)
# A year after a person that is when they were called up, served or graduated, not born.
NOT_BIRTH_YEAR = re.compile(
    r"\s{0,2}(?:года|год|року|рік|г\.|р\.)?\s{0,2}"
    r"(?:набор|призыв|призов|выпуск|випуск|мобіліз|мобилиз|контракт|draft|enlist|intake)",
    _I,
)
# A nickname in brackets right after a name, before what follows it: "Андрій Коваль (Бізон)".
# The quote or bracket a call sign was written in: "Melnyk «Falcon» 1994".
CLOSING_QUOTE = re.compile(r"[»\"”“')]{0,2}")
NICKNAME_BETWEEN = re.compile(r"\s{0,2}\([^()\d\n]{1,40}\)")
# A full date with a two-digit year right after a name, set off by a space, a comma or a dash
# ("Гуменюк Р.О. — 3.9.88", "Шевчук Т.Т. 02.05.89"): when the person was born. Only a year
# people in these posts are born in (40-99, 00-09): a recent date after a name is an event's.
NAME_SHORT_DATE = re.compile(
    r"\s{0,2}(?:[,(]|\s[—–-])?\s{0,2}([0-3]?\d[./-][01]?\d[./-](?:[4-9]\d|0\d))(?![\d./-]|\.\d)"
)


def _with_surname_before(text: str, name: Signal) -> Signal:
    """A first name and patronymic take the surname before them, which a dictionary may read
    as a thing or a trade first ("на Мельника Олега Вікторовича", "Кузнеца Игоря Петровича");
    so does a first name alone, in the middle of a sentence ("права на Кучер Андрій"): at a
    sentence's start the word before may be anyone's word for them ("Брат Андрій")."""
    words = name.text.split()
    patronymic = len(words) == 2 and bool(PATRONYMIC.search(words[1].lower()))
    if name.kind != "name" or not (patronymic or len(words) == 1):
        return name
    start = surname_before(text, name.start, words[0])
    if start is None or (not patronymic and sentence_start(text, start)):
        return name
    return Signal("name", start, name.end, text[start : name.end])


# A full date right after a name, of any year: in a list of two or more such names it is when
# each was born ("Кравченко Даша 14.02.2014, Мельник Артём 03.09.2013": a class's list).
FULL_DATE_AFTER = re.compile(
    r"\s{0,2}[,(|—–-]?\s{0,2}([0-3]?\d[./-][01]?\d[./-](?:19|20)\d\d)(?![\d/-]|\.\d)"
)


def _dated_list(text: str, names: list[Signal]) -> list[Signal]:
    dated = [m for name in names if (m := FULL_DATE_AFTER.match(text, name.end))]
    if len(dated) < 2:
        return []
    return [Signal("dob", m.start(1), m.end(1), m.group(1)) for m in dated]


def _short_dates_after_names(text: str, names: list[Signal]) -> list[Signal]:
    return [
        Signal("dob", m.start(1), m.end(1), m.group(1))
        for name in names
        if (m := NAME_SHORT_DATE.match(text, name.end))
    ]


CRYPTO = re.compile(
    r"\b(?:bc1[a-z0-9]{25,59}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[a-fA-F0-9]{40}|T[1-9A-HJ-NP-Za-km-z]{33})\b"
)
# A wallet copied by hand or from a screenshot may hold a character base58 has not ("0", "O",
# "l", "I"): 34 letters and digits starting with T (TRON), mixing both cases and digits, when
# the wallet's network or coin is named just before ("USDT: T...", "TRC20 T...", "гаманець").
CRYPTO_LOOSE = re.compile(r"(?<![\w/.])T[A-Za-z0-9]{33}(?![\w/]|\.\w)")
CRYPTO_CUE = re.compile(
    r"usdt|trc\s?-?20|\btrx\b|\btron\b|wallet|гаманц|гаманец|кошел[её]к|кошельк|крипт|crypto", _I
)


def _loose_wallets(text: str) -> list[Signal]:
    out = []
    for m in _matches(CRYPTO_LOOSE, text):
        raw = m.group(0)
        if CRYPTO.fullmatch(raw):
            continue  # a valid address, found already
        mixed = any(c.islower() for c in raw) and sum(c.isdigit() for c in raw) >= 4
        if mixed and CRYPTO_CUE.search(text, max(0, m.start() - 40), m.start()):
            out.append(Signal("crypto", m.start(), m.end(), raw))
    return out


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
    pos = 0
    while m := PHONE_CANDIDATE.search(text, pos):
        found = _phone(m)
        if found is not None and "\n" in m.group(0):
            # A phone at a line's end, and the next line a numbered item ("…0671129845\n3.
            # Name"): the item's number is no part of the phone when the line holds one alone.
            head = PHONE_CANDIDATE.match(text, m.start(), m.start() + m.group(0).index("\n"))
            if head is not None and (alone := _phone(head)) is not None:
                m, found = head, alone
        if found is not None:
            if not _an_institutions_landline(text, m):
                out.append(found)
            pos = m.end()
            continue
        # Not a phone as a whole ("18:00 — 067 321 88 04" starts at the time): try again from
        # the candidate's next group of digits.
        pos = next(
            (
                i
                for i in range(m.start() + 1, m.end())
                if text[i].isdigit() and not text[i - 1].isdigit()
            ),
            m.end(),
        )
    return out


# An institution named just before a landline: the hospital's registry, a police station, a
# city council. Its landline is public and a moderator needs it; a mobile number stays masked
# whoever it is said to belong to.
INSTITUTION_BEFORE = re.compile(
    r"(?:лікарн|больниц|госпітал|госпитал|шпитал|реєстратур|регистратур|поліці|полици|"
    r"приймальн|приемн|гаряч\w{0,3}\s+лін|горяч\w{0,3}\s+лин|hotline|hospital|police|цнап|"
    r"адміністраці|администраци|міськрад|горсовет|деканат|тцк|військкомат|"
    r"военкомат|штаб\w{0,2}|омбудсман|уповноважен|уполномочен)",
    re.IGNORECASE,
)


# A quoted institution's word is what someone calls it ("дзвоніть у «штаб допомоги»"): a scam's
# or a private line, not a public one; unless a legal form opens the quotes or an official
# word is inside them ("КНП «Міська лікарня №3»", "«Обласна клінічна лікарня»").
LEGAL_FORM_BEFORE = re.compile(
    r"(?<![\w'’ʼ-])(?:кнп|кп|ку|ду|дп|дз|кзоз|кнмп|комунальн\w{1,4}|державн\w{1,4}|"
    r"государственн\w{1,4}|муніципальн\w{1,4}|муниципальн\w{1,4})\s{0,2}$",
    re.IGNORECASE,
)
OFFICIAL_IN_QUOTES = re.compile(
    r"міськ|обласн|районн|центральн|клінічн|державн|національн|городск|областн|"
    r"клиническ|государствен|национальн",
    re.IGNORECASE,
)


def _quote_opened(text: str, start: int, lo: int) -> int:
    """Where the quotation that holds text[start] opened (after ``lo``), or -1."""
    window = text[lo:start]
    opened = max(window.rfind("«"), window.rfind("“"), window.rfind("„"))
    closed = max(window.rfind("»"), window.rfind("”"))
    if opened > closed:
        return lo + opened
    if window.count('"') % 2 == 1:
        return lo + window.rfind('"')
    return -1


def _named_institution(text: str, cue: re.Match[str], lo: int) -> bool:
    opened = _quote_opened(text, cue.start(), lo)
    return (
        opened < 0
        or bool(LEGAL_FORM_BEFORE.search(text, max(0, opened - 20), opened))
        or bool(OFFICIAL_IN_QUOTES.search(text, opened, cue.end() + 30))
    )


def _an_institutions_landline(text: str, m: re.Match[str]) -> bool:
    lo = max(0, m.start() - 60)
    if not any(
        _named_institution(text, cue, lo)
        for cue in INSTITUTION_BEFORE.finditer(text, lo, m.start())
    ):
        return False
    digits = re.sub(r"\D", "", m.group(0))
    try:
        number = phonenumbers.parse(
            ("+" if m.group(0).lstrip().startswith("+") else "") + digits, "UA"
        )
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.FIXED_LINE


# A full date at the head of a run of digits: "05.11.1996, 93 ОМБр" is a date and a brigade.
DATE_AT_HEAD = re.compile(r"\s*[0-3]?\d[./][01]?\d[./](?:19|20)\d\d(?!\d)")


_HOST_REGIONS = ("PL", "DE", "CZ")


def _parsed(candidate: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        return None


def _phone(m: re.Match[str]) -> Signal | None:
    raw = m.group(0)
    digits = re.sub(r"\D", "", raw)
    if len(digits) > 15 or len(digits) < 9:
        return None
    if DATE_AT_HEAD.match(raw):
        return None
    # Separators people use ("/", "_", several spaces) mean nothing to the numbering plan.
    candidate = ("+" if raw.lstrip().startswith("+") else "") + digits
    if digits.startswith("80") and len(digits) == 11 and not candidate.startswith("+"):
        candidate = "+38" + digits[1:]  # old long-distance "8 0XX ..."
    elif digits.startswith("89") and len(digits) == 11 and not candidate.startswith("+"):
        candidate = "+7" + digits[1:]  # a Russian mobile written "8-9XX-..."
    elif digits.startswith("00") and not candidate.startswith("+"):
        candidate = "+" + digits[2:]
    try:
        number = phonenumbers.parse(candidate, "UA")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        # A number of the countries refugees write from, in its own national format ("0176 /
        # 552 908 13" in Germany): one that is valid there, not merely of a possible length,
        # and written as a phone is (a leading zero, no dots: "(06.11.1811-07.06" is dates).
        if not candidate.startswith("0") or "." in raw or not 10 <= len(digits) <= 12:
            return None
        abroad = next(
            (
                n
                for region in _HOST_REGIONS
                if (n := _parsed(candidate, region)) is not None and phonenumbers.is_valid_number(n)
            ),
            None,
        )
        if abroad is None:
            return None
        number = abroad
    # A toll-free line ("0 800 300 529") is an institution's, never a person's: readable.
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.TOLL_FREE:
        return None
    return Signal("phone", m.start(), m.end(), raw)


def _mixed_ids(text: str) -> list[Signal]:
    out = []
    for m in _matches(MIXED_ID, text):
        raw = m.group(0)
        digits = sum(c.isdigit() for c in raw)
        if digits >= 4 and len(raw) - digits >= 5 and len(_SWITCH.findall(raw)) >= 3:
            out.append(Signal("document", m.start(), m.end(), raw))
    return out


# A phone with words or symbols between its groups, so that filters miss it: "098 а далі 441 12
# 07", "067 📞 123 45 67". Only a whole Ukrainian number (0XX and seven digits, or +380 and
# nine) that the numbering plan says is valid.
PHONE_SPLIT = re.compile(
    r"(?<![\w+])(?P<head>(?:\+?38)?\s?\(?0\d{2}\)?)"
    r"(?P<filler>(?:\s{1,2}[^\s\d]{1,12}){1,3}\s{1,2})"
    r"(?P<tail>\d(?:[\s\-–—.]{0,2}\d){6})(?![\w])"
)


# A phone with a symbol or an emoji between every group, so that filters miss it: "068 👉 503 👉
# 24 👉 91", "097→441→20→07". Only a whole Ukrainian number (0XX and seven digits, or 380 and
# nine) that the numbering plan says is valid.
PHONE_SYMBOLS = re.compile(
    r"(?<![\w+])(?:\+\s?)?\d{2,4}(?:\s{0,2}[^\w\s]{1,3}\s{0,2}\d{1,4}){2,5}(?![\w])"
)


_UNUSUAL_SEPARATOR = re.compile(r"[^\d\s\-\u2010\u2011–—.()/_+]")


def _symbol_phones(text: str) -> list[Signal]:
    out = []
    for m in _matches(PHONE_SYMBOLS, text):
        # (the usual separators are read by PHONE_CANDIDATE, with its institutions' landlines)
        if not _UNUSUAL_SEPARATOR.search(m.group(0)) or DATE_AT_HEAD.match(m.group(0)):
            continue
        digits = re.sub(r"\D", "", m.group(0))
        if digits.startswith("380"):
            digits = digits[2:]
        if len(digits) != 10 or not digits.startswith("0"):
            continue
        try:
            number = phonenumbers.parse(digits, "UA")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            out.append(Signal("phone", m.start(), m.end(), m.group(0)))
    return out


def _split_phones(text: str) -> list[Signal]:
    out = []
    for m in _matches(PHONE_SPLIT, text):
        digits = re.sub(r"\D", "", m.group("head") + m.group("tail"))
        if digits.startswith("38"):
            digits = digits[2:]
        if len(digits) != 10:
            continue
        try:
            number = phonenumbers.parse(digits, "UA")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            out.append(Signal("phone", m.start(), m.end(), m.group(0)))
    return out


# A phone written in words: "ноль девяносто пять, сто двадцать три, сорок пять, шестьдесят
# семь", "нуль шістдесят сім...", "zero six seven ...". Each group is a number of hundreds,
# tens and units; the groups' digits, one after the other, must be a valid Ukrainian number.
_ORDERS = (
    # (order, value of each word in turn); order: 0 zero, 1 units, 2 ten to nineteen, 3 tens,
    # 4 hundreds. Ukrainian, Russian and English, with the apostrophes people type.
    (0, {"ноль": 0, "нуль": 0, "zero": 0, "oh": 0}),
    (
        1,
        {
            "один": 1,
            "одна": 1,
            "одно": 1,
            "два": 2,
            "две": 2,
            "дві": 2,
            "три": 3,
            "четыре": 4,
            "чотири": 4,
            "пять": 5,
            "п'ять": 5,
            "шесть": 6,
            "шість": 6,
            "семь": 7,
            "сім": 7,
            "восемь": 8,
            "вісім": 8,
            "девять": 9,
            "дев'ять": 9,
            "one": 1,
            "two": 2,
            "three": 3,
            "four": 4,
            "five": 5,
            "six": 6,
            "seven": 7,
            "eight": 8,
            "nine": 9,
        },
    ),
    (
        2,
        {
            "десять": 10,
            "одиннадцать": 11,
            "одинадцять": 11,
            "двенадцать": 12,
            "дванадцять": 12,
            "тринадцать": 13,
            "тринадцять": 13,
            "четырнадцать": 14,
            "чотирнадцять": 14,
            "пятнадцать": 15,
            "п'ятнадцять": 15,
            "шестнадцать": 16,
            "шістнадцять": 16,
            "семнадцать": 17,
            "сімнадцять": 17,
            "восемнадцать": 18,
            "вісімнадцять": 18,
            "девятнадцать": 19,
            "дев'ятнадцять": 19,
            "ten": 10,
            "eleven": 11,
            "twelve": 12,
            "thirteen": 13,
            "fourteen": 14,
            "fifteen": 15,
            "sixteen": 16,
            "seventeen": 17,
            "eighteen": 18,
            "nineteen": 19,
        },
    ),
    (
        3,
        {
            "двадцать": 20,
            "двадцять": 20,
            "тридцать": 30,
            "тридцять": 30,
            "сорок": 40,
            "пятьдесят": 50,
            "п'ятдесят": 50,
            "шестьдесят": 60,
            "шістдесят": 60,
            "семьдесят": 70,
            "сімдесят": 70,
            "восемьдесят": 80,
            "вісімдесят": 80,
            "девяносто": 90,
            "дев'яносто": 90,
            "twenty": 20,
            "thirty": 30,
            "forty": 40,
            "fifty": 50,
            "sixty": 60,
            "seventy": 70,
            "eighty": 80,
            "ninety": 90,
        },
    ),
    (
        4,
        {
            "сто": 100,
            "двести": 200,
            "двісті": 200,
            "триста": 300,
            "четыреста": 400,
            "чотириста": 400,
            "пятьсот": 500,
            "п'ятсот": 500,
            "шестьсот": 600,
            "шістсот": 600,
            "семьсот": 700,
            "сімсот": 700,
            "восемьсот": 800,
            "вісімсот": 800,
            "девятьсот": 900,
            "дев'ятсот": 900,
        },
    ),
)
_SPOKEN = {word: (value, order) for order, words in _ORDERS for word, value in words.items()}
# A word, or a group of digits among the words ("нуль дев'яносто три 415 62 07"): a group is
# its digits as written.
SPOKEN_WORD = re.compile(r"[a-zа-яіїєґё'’ʼ]+|(?<!\d)\d{1,4}(?!\d)", re.IGNORECASE)
_SPOKEN_BETWEEN = re.compile(r"[\s,\-–—.]{1,3}")
_APOSTROPHES = re.compile("[’ʼ]")


_SPOKEN_ZERO = re.compile(r"\b(?:ноль|нуль|zero|oh)\b", re.IGNORECASE)


def _spoken_phones(text: str) -> list[Signal]:
    if not _SPOKEN_ZERO.search(text):
        return []  # a Ukrainian number starts with 0 (the words of 380 are not read so)
    # runs of number words and digit groups: start, end, value, order, digits (a group's)
    runs: list[list[tuple[int, int, int, int, str]]] = []
    for m in _matches(SPOKEN_WORD, text):
        word = m.group(0)
        joins = bool(runs) and _SPOKEN_BETWEEN.fullmatch(text, runs[-1][-1][1], m.start())
        if word.isdigit():
            if joins:  # a run opens with a word; digits alone are the plain phones' part
                runs[-1].append((m.start(), m.end(), 0, 0, word))
        elif (spoken := _SPOKEN.get(_APOSTROPHES.sub("'", word.lower()))) is not None:
            if joins:
                runs[-1].append((m.start(), m.end(), *spoken, ""))
            else:
                runs.append([(m.start(), m.end(), *spoken, "")])
    out = []
    for run in runs:
        if len(run) < 4 or len(digits := _spoken_digits(run)) != 10:
            continue
        try:
            number = phonenumbers.parse(digits, "UA")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            start, end = run[0][0], run[-1][1]
            out.append(Signal("phone", start, end, text[start:end]))
    return out


def _spoken_digits(run: list[tuple[int, int, int, int, str]]) -> str:
    """The digits the words say, one number (hundreds, then tens, then units) at a time:
    "сто двадцать три" is 123, "сорок пять" 45, "ноль" 0; a group of digits as written."""
    groups: list[list[int]] = []  # [value, order of its last word]
    said = []
    for _start, _end, value, order, written in run:
        if written:
            said.append("".join(str(v) for v, _order in groups) + written)
            groups = []
            continue
        last = groups[-1][1] if groups else -1
        if (last == 4 and order in (1, 2, 3)) or (last == 3 and order == 1):
            groups[-1] = [groups[-1][0] + value, order]
        else:
            groups.append([value, order])
    return "".join(said) + "".join(str(value) for value, _order in groups)


def _cards(text: str) -> list[Signal]:
    out = []
    for m in _matches(CARD_CANDIDATE, text):
        raw = m.group(0)
        digits = re.sub(r"\D", "", raw)
        if 13 <= len(digits) <= 19 and _luhn(digits):
            out.append(Signal("card", m.start(), m.end(), raw))
        elif len(digits) > 16 and _luhn(digits[:16]):
            # "5168 7422 7716 0333 5 тисяч": the number that follows is not the card's.
            end = m.start() + len(re.match(r"(?:\D*\d){16}", raw).group(0))  # type: ignore[union-attr]
            out.append(Signal("card", m.start(), end, text[m.start() : end]))
    return out


def _ibans(text: str) -> list[Signal]:
    out = []
    for m in _matches(IBAN_CANDIDATE, text):
        compact = m.group(0).replace(" ", "")
        if not 15 <= len(compact) <= 34:
            continue
        moved = compact[4:] + compact[:4]
        number = "".join(str(int(ch, 36)) for ch in moved)
        if int(number) % 97 == 1:
            out.append(Signal("card", m.start(), m.end(), m.group(0)))
    return out


# The mark of a birth stays readable ("1990 г.р.", "д.н. 30.01.1978", "born 1988"): the
# moderator reads that a birth date was there; only the date is personal.
DOB_CUE_BEFORE = re.compile(
    r"(?:born(?:\s+in)?|д\.\s?н\.|дата народження|дата рождения)\s{0,3}:?\s{0,3}", _I
)
DOB_CUE_AFTER = re.compile(
    r"\s{0,2}(?:р\.?\s?н\.?|г\.?\s?р\.?|року народження|года рождения|y\.?o\.?b)$", _I
)


# A life's years in a post of mourning: "Остапе 🕯 24 ОМБр, 1987–2024" (the first is a birth).
# Years a war or a service lasted are fewer than a grown man's: "воював 2014–2022".
YEARS_OF_LIFE = re.compile(
    r"(?<![\d.,/-])(?P<born>19[2-9]\d|200\d)\s?[–—-]\s?(?P<died>20[12]\d)(?![\d.,/-]?\d)"
    r"(?!\s{0,2}(?:рр|рок|років|гг|год|years))",
    _I,
)
MOURNING = re.compile(
    r"🕯|спи\s+спокійно|спи\s+спокойно|вічна\s+пам|вечная\s+пам|світла\s+пам|светлая\s+пам|"
    r"царство\s+небесне|царствие\s+небесное|\brip\b|rest\s+in\s+peace|загинув|загинула|"
    r"погиб|помер|умер|поховання|похорон|прощання|прощание",
    _I,
)


def _years_of_life(text: str) -> list[Signal]:
    if not needles.search(MOURNING, text):
        return []
    return [
        Signal("dob", m.start("born"), m.end("born"), m.group("born"))
        for m in _matches(YEARS_OF_LIFE, text)
        if 17 <= int(m.group("died")) - int(m.group("born")) <= 90
    ]


def _dobs(text: str) -> list[Signal]:
    out = _years_of_life(text) if "19" in text or "200" in text else []
    for m in _matches(DOB, text):
        start, end = m.start(), m.end()
        if cue := DOB_CUE_BEFORE.match(text, start, end):
            start = cue.end()
        if cue := DOB_CUE_AFTER.search(text, start, end):
            end = cue.start()
        if start < end:
            out.append(Signal("dob", start, end, text[start:end]))
    return out


def _named_username(username: str) -> bool:
    return any(
        len(part) >= 3 and not part.isdigit() and latin_name_part(part)
        for part in username.split("_")
    )


STREET_OF_ADDRESS = re.compile(rf"{_STREET}\s{{0,2}}({_STREET_NAME}),?\s{{0,2}}\d", _I)


def _same_street_again(text: str, addresses: list[Signal]) -> list[Signal]:
    """A street an address named, named again with another house: "вул. Садова 4 та Садова
    11" (the second without its street word)."""
    out: list[Signal] = []
    for address in addresses:
        street = STREET_OF_ADDRESS.match(address.text)
        if street is None:
            continue
        again = re.compile(
            rf"(?<![\w'’-]){re.escape(street.group(1))},?\s{{1,2}}{_HOUSE}{_HOUSE_END}{_FLAT}"
        )
        for m in again.finditer(text, address.end):
            if not any(a.start <= m.start() < a.end for a in addresses + out):
                out.append(Signal("address", m.start(), m.end(), m.group(0)))
    return out


def _addresses_beside_a_town(text: str) -> list[Signal]:
    out = []
    for m in _matches(ADDRESS_BESIDE_TOWN, text):
        town = m.group("before") or (m.group("after") or ",").lstrip(", ")
        tail = text[m.end() : m.end() + 3]
        if (
            not town
            or (tail and tail[0] not in ",.;!?)\n")
            or not is_a_place(town)
            or is_a_place(m.group("street").split()[0])
        ):
            continue
        out.append(Signal("address", m.start("street"), m.end(), text[m.start("street") : m.end()]))
    return out


_GAP = re.compile(r"[ \t]{1,2}")


def _before_a_plate(text: str, end: int, plates: set[int]) -> bool:
    gap = _GAP.match(text, end)
    return bool(gap) and gap.end() in plates  # type: ignore[union-attr]


# The endings a nickname takes in another case ("Сивий", "Сивого"; "Рыжий", "Рыжего"; "Гром",
# "Грома"; a vowel that drops, "Вітер", "Вітра", is not followed).
_CASE_ENDING = r"(?:а|у|ом|ем|і|е|ові|ою|ого|ому|его|ему|им|ым|ий|ій|ая|ой|ый|ей|ую|ю|я|и|ы)?"
_ADJECTIVE_ENDING = re.compile(r"(?:ий|ій|ой|ый|ая|яя)$")


_CALLSIGN_WORD_BEFORE = re.compile(
    r"(?:позивн\w{0,3}|позывн\w{0,3}|кличк\w{0,2}|прізвиськ\w{0,2}|прозвищ\w{0,2}|call\s?sign)"
    r"\s{0,2}[:\-–—]?\s{0,2}[«\"“'‘]?$",
    _I,
)


def _repeated_callsigns(text: str, cued: list[Signal], signals: list[Signal]) -> list[Signal]:
    """A call sign said to be one ("позивний «Сивий»") is the same person wherever the post
    names them again, in any case: "... Сивий загинув 3 березня" (capitalised; three letters or
    more; only after the cue word, so that a guess is not repeated)."""
    found = {s.text for s in cued if len(s.text) >= 3 and s.text.istitle()}
    if not found:
        return []
    taken = [(s.start, s.end) for s in signals if s.kind in ("callsign", "name")]
    out = []
    for word in found:
        stem = _ADJECTIVE_ENDING.sub("", word) if len(word) >= 5 else word
        if len(stem) >= 5 and stem[-1] in "аяоеєиі":
            stem = stem[:-1]
        for m in re.finditer(rf"(?<![\w'’ʼ-]){re.escape(stem)}{_CASE_ENDING}(?![\w'’ʼ-])", text):
            if not any(a <= m.start() < b for a, b in taken):
                out.append(Signal("callsign", m.start(), m.end(), m.group(0)))
    return out


# Read first, and cheaply: whether a room, an entrance or a floor is named at all.
_ROOM_OR_FLOOR = re.compile(r"поверх|этаж|етаж|їзд|подъезд|кімн|комн|[Rr]oom|rm\.|эт\.")


def _addresses_by_their_rooms(text: str) -> list[Signal]:
    if not needles.search(_ROOM_OR_FLOOR, text):
        return []
    return [
        Signal("address", m.start(), m.end(), m.group(0))
        for m in _matches(ADDRESS_FLOORS, text)
        if not is_a_place(m.group("street"))
    ]


# Streets named by a word in the genitive, in every town: "на Победы 45", "на Миру, 12".
STREETS_OF_A_WORD = frozenset(
    {
        *("победы", "перемоги", "мира", "миру", "свободы", "свободи", "независимости"),
        *("незалежності", "соборності", "героев", "героїв", "молодежи", "молоді", "правды"),
        *("правди", "космонавтов", "космонавтів"),
    }
)


def _addresses_on_named_streets(text: str) -> list[Signal]:
    out = []
    for m in _matches(ADDRESS_ON_NAMED, text):
        street = m.group("street")
        if " " in street:
            # (a first name's genitive, or a word streets are named by, makes it a street's
            # name, whatever the second word is: "Володимира Великого", "Героїв Майдану")
            first = street.split(" ")[0]
            if not (first_name_in_genitive(first) or first.lower() in STREETS_OF_A_WORD):
                continue
        elif not (
            surname_in_genitive(street)
            or unknown_surname_in_genitive(street)
            or street.lower() in STREETS_OF_A_WORD
        ):
            continue
        # From a town named after someone is no street: "з Кропивницького", "из Хмельницкого".
        preposition = (text[max(0, m.start() - 4) : m.start()].split() or [""])[-1].lower()
        came_from = preposition not in ("на", "по")
        if came_from and is_a_place(street):
            continue
        out.append(Signal("address", m.start(), m.end(), m.group(0)))
    return out


def _simple(kind: str, pattern: re.Pattern[str], text: str) -> list[Signal]:
    return [Signal(kind, m.start(), m.end(), m.group(0)) for m in _matches(pattern, text)]


def _valued(kind: str, pattern: re.Pattern[str], text: str) -> list[Signal]:
    """The personal part of each match (its "value" or "bare" group), without the cue word."""
    out = []
    for m in _matches(pattern, text):
        found = m.groupdict()
        group = "value" if found.get("value") is not None else "bare"
        if found.get(group) is not None:
            out.append(Signal(kind, m.start(group), m.end(group), m.group(group)))
    return out


# More call signs after the first, in a list: "позивні Сибіряк, Грім і Ведмідь".
CALLSIGN_MORE = re.compile(
    r"\s{0,2}(?:,|\sі|\sй|\sи|\sта|\sand|&)\s{1,2}[«\"'“]?"
    rf"(?P<value>[{_UPPER}A-Z][{_LOWER}a-z\-]{{1,30}})[»\"'”]?"
)


# The cue in the plural, in any case ("з позивними Сокіл і Лис", "позывных Барс, Тайфун"); not
# "позивним"/"позывным", which is also the singular ("с позывным Док и Марина").
PLURAL_CUE = re.compile(r"позивн(?:і|их|ими)\b|позывн(?:ые|ых|ыми)\b|call\s?signs", _I)


def _callsigns(text: str) -> list[Signal]:
    out = []
    for m in _matches(CALLSIGN, text):
        # (not the closing quote: "callsign 'Bison'" hides Bison)
        value = m.group("value").rstrip("'’ʼ")
        out.append(Signal("callsign", m.start("value"), m.start("value") + len(value), value))
        if not PLURAL_CUE.match(m.group(0)):
            continue
        position = m.end()
        while more := CALLSIGN_MORE.match(text, position):
            out.append(Signal("callsign", more.start("value"), more.end("value"), more.group(1)))
            position = more.end()
    return out


# (the Ukrainian capital "І" stands for a one as the Latin "I" does: "О5О-4І1-2З-77")
_DIGIT_RUN = re.compile(
    r"(?<![^\W\d_])[\dOoОоIlІ|Зз][\dOoОоIlІ|Зз\s\-–—.()/_]{4,40}[\dOoОоIlІ|Зз](?![^\W\d_])"
)
_DIGITLIKE = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "О": "0",
        "о": "0",
        "I": "1",
        "І": "1",
        "l": "1",
        "|": "1",
        "З": "3",
        "з": "3",
    }
)


# (and "|", which stands alone between a table's cells: "Name | 19.04.1999 | ...")
_LONE_WORDS = frozenset("OoОоIlІЗз|")
# A group of digits with a look-alike letter in it ("21О", "О5").
_SPELLED_GROUP = re.compile(r"\d[OoОоIlІ|Зз]|[OoОоIlІ|Зз]\d")
_BY_SPACES = re.compile(r"(\s+)")
_ZERO_LIKE = frozenset("OoОо")
_LONE_BETWEEN = frozenset("оз|")


def _odd_class() -> str:
    """A regex class of the characters ``normalised_view`` may change or drop: the format
    characters, combining marks and spaces other than the plain one of the Basic Multilingual
    Plane, and every character beyond it (emoji and the rest, read one by one: a class of the
    few odd ones there would make the search itself slow)."""
    parts = []
    start = previous = -1
    for code in range(0x10000):
        char = chr(code)
        category = unicodedata.category(char)
        if category in ("Cf", "Mn", "Me") or (category == "Zs" and char != " "):
            if start < 0:
                start = code
            previous = code
        elif start >= 0:
            parts.append(f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
            start = -1
    return "[" + "".join(parts) + "\U00010000-\U0010ffff]"


@functools.cache
def _odd_chars() -> re.Pattern[str]:
    # (built on first use: reading each character's category takes a few hundredths of a second)
    return re.compile(_odd_class())


def normalised_view(text: str) -> tuple[str, list[int]]:
    """The text as detection reads it, and for each of its characters the index it came from.

    Removed: format characters (zero-width spaces and joiners, word joiners, BOMs, soft
    hyphens, bidirectional controls) and combining marks (composed into the letter before them
    where Unicode has one: "и" + breve is "й"). Spaces of every width read as one space.
    Folded: look-alike Latin letters in words that hold Cyrillic ones, and the letter O in a
    run of digits ("O67 123 45 67")."""
    # The runs between the characters that change are copied as they are (most texts have
    # none, or a few emoji's variation selectors): only those few are read one by one.
    pieces: list[str] = []
    where: list[int] = []
    position = 0
    for odd in _odd_chars().finditer(text):
        index = odd.start()
        char = text[index]
        category = unicodedata.category(char)
        if category not in ("Cf", "Mn", "Me", "Zs"):
            continue  # (an emoji, say: it stays in the run being copied)
        if index > position:
            pieces.append(text[position:index])
            where.extend(range(position, index))
        position = index + 1
        if category == "Cf":
            continue
        if category in ("Mn", "Me"):
            if pieces:
                composed = unicodedata.normalize("NFC", pieces[-1][-1] + char)
                if len(composed) == 1:
                    pieces[-1] = pieces[-1][:-1] + composed
            continue
        # A non-breaking, thin or figure space is a space ("4040\u00a03091 ..."): one
        # character for one, so spans still map back.
        pieces.append(" ")
        where.append(index)
    if position < len(text):
        pieces.append(text[position:])
        where.extend(range(position, len(text)))
    folded = "".join(pieces)
    if _DIGIT_RUN.search(folded):
        folded = _DIGIT_RUN.sub(_zeros, folded)
    folded = _ocr_lookalikes(folded)
    folded = fold_words(folded)
    return folded, where


# Text copied from a screenshot reads letters as digits and digits as letters: "Мельничу0к
# Р0ман", "Гуменюк 0.В.", "Паламар l.П." (a 0 or an l for a Cyrillic letter), "1О.О3.9О",
# "2З.11.2ОО4", "КВ 4З1О98" (a Cyrillic О or З for a digit). Each is read by its neighbours:
# a lone 0 between Cyrillic letters of a word with no other digit is the letter, and so is a
# lone 0 or l before a Cyrillic initial; in a date's shape, or in a number of four or more
# characters at least half of them digits, the look-alikes are digits.
_OCR_WORD = re.compile(
    r"(?<![\w'’ʼ])[а-яіїєґёА-ЯІЇЄҐЁ'’ʼ]*[013][а-яіїєґёА-ЯІЇЄҐЁ'’ʼ013]*(?![\w'’ʼ])"
)
# (0 is О, 3 is З, 1 is І: "3інченко", "1рина")
_OCR_LETTER = {"0": ("О", "о"), "3": ("З", "з"), "1": ("І", "і")}
_OCR_INITIAL = re.compile(r"(?<![\w.])[0l](?=\.\s?[А-ЯІЇЄҐ]\.)")
_OCR_DIGITS = "ОоOЗзlI"
_OCR_DATE = re.compile(
    rf"(?<![\w.,/])[\d{_OCR_DIGITS}]{{1,2}}([./-])[\d{_OCR_DIGITS}]{{1,2}}\1"
    rf"[\d{_OCR_DIGITS}]{{2,4}}(?![\w]|[.,/]\d)"
)
_OCR_NUMBER = re.compile(rf"(?<![\w.,/])[\d{_OCR_DIGITS}]{{4,12}}(?![\w])")
_OCR_TO_DIGITS = str.maketrans(
    {"О": "0", "о": "0", "O": "0", "З": "3", "з": "3", "l": "1", "I": "1"}
)
_CYRILLIC_LOWER = frozenset("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёыэъ")


# Read first, and cheaply: a 0 touching a Cyrillic letter, a 0 or l before a dot, a look-alike
# touching a digit.
_OCR_HINT_WORD = re.compile(r"[а-яіїєґёА-ЯІЇЄҐЁ][013]|[013][а-яіїєґёА-ЯІЇЄҐЁ]")
_OCR_HINT_DIGITS = re.compile(r"\d[./-]?[ОоOЗзlI]|[ОоOЗзlI][./-]?\d")


def _ocr_lookalikes(text: str) -> str:
    if _OCR_HINT_WORD.search(text):
        text = _OCR_WORD.sub(_ocr_word, text)
    if "0." in text or "l." in text:
        text = _OCR_INITIAL.sub(lambda m: "О" if m.group(0) == "0" else "І", text)
    if _OCR_HINT_DIGITS.search(text):
        text = _OCR_DATE.sub(_ocr_digits, text)
        text = _OCR_NUMBER.sub(_ocr_number, text)
    return text


def _ocr_word(m: re.Match[str]) -> str:
    word = m.group(0)
    letters = sum(c.isalpha() for c in word)
    # (a digit beside a digit is a number: "10км", "300грн" are no words)
    if letters < 3 or any(a.isdigit() and b.isdigit() for a, b in itertools.pairwise(word)):
        return word
    out = []
    for i, char in enumerate(word):
        if char not in _OCR_LETTER:
            out.append(char)
            continue
        upper, lower = _OCR_LETTER[char]
        near = word[i - 1 : i] + word[i + 1 : i + 2]
        out.append(lower if i > 0 and any(c in _CYRILLIC_LOWER for c in near) else upper)
    return "".join(out)


def _ocr_digits(m: re.Match[str]) -> str:
    run = m.group(0)
    digits = sum(c.isdigit() for c in run)
    lookalikes = sum(c in _OCR_DIGITS for c in run)
    if not lookalikes or digits < 2 or digits < lookalikes:
        return run
    return run.translate(_OCR_TO_DIGITS)


def _ocr_number(m: re.Match[str]) -> str:
    return _ocr_digits(m) if sum(c.isdigit() for c in m.group(0)) >= 3 else m.group(0)


def _zeros(match: re.Match[str]) -> str:
    run = match.group(0)
    if sum(c.isdigit() for c in run) < 6:
        return run
    # A look-alike standing alone at either end is a word, not a digit: "з 24.02.2022" (from),
    # "… 45 67 о" (at); unless it opens the run and the run's groups spell digits with letters
    # too ("О 95 1О2 4О 7О"): then it is the same writer's leading zero. Between two groups only
    # the lower-case prepositions are words ("… 67 о 14:00"), and a table's bar: "41 22 O 96"
    # is a zero.
    tokens = _BY_SPACES.split(run)
    if all(len(token) == 1 for token in tokens[::2]):
        return run.translate(_DIGITLIKE)  # written digit by digit: "0 6 7 О 4 4 ..."
    spelled = bool(_SPELLED_GROUP.search(run))
    last = len(tokens) - 1
    return "".join(
        token
        if len(token) == 1
        and (
            (at == 0 and token in _LONE_WORDS and not (spelled and token in _ZERO_LIKE))
            or (at == last and token in _LONE_WORDS)
            or token in _LONE_BETWEEN
        )
        else token.translate(_DIGITLIKE)
        for at, token in enumerate(tokens)
    )


def _signals_in(text: str) -> list[Signal]:
    scan = text[:MAX_SCAN]
    signals: list[Signal] = _simple("crypto", CRYPTO, text) + _loose_wallets(text)
    signals += _simple("email", EMAIL, text)
    signals += _simple("email", EMAIL_SPELLED, text)
    plain = {(x.start, x.end) for x in signals if x.kind == "email"}
    signals += [x for x in _simple("email", EMAIL_SPOKEN, text) if (x.start, x.end) not in plain]
    if needles.search(_SPOKEN_AT, text):
        signals += _simple("email", EMAIL_SPOKEN_PROVIDER, text)
    signals += [Signal("tax_id", m.start(1), m.end(1), m.group(1)) for m in _matches(TAX_CUE, text)]
    taken = [(s.start, s.end) for s in signals]
    # Digits inside a wallet are not a card; a card's are not a phone's.
    signals += [c for c in _cards(text) if not any(a <= c.start < b for a, b in taken)]
    signals += _ibans(text)
    taken = [(s.start, s.end) for s in signals]
    signals += [p for p in _phones(text) if not any(a <= p.start < b for a, b in taken)]
    signals += _split_phones(text) + _spoken_phones(scan) + _symbol_phones(text)
    taken = [(s.start, s.end) for s in signals]
    signals += [
        t for t in _simple("tax_id", TAX_ID, text) if not any(a <= t.start < b for a, b in taken)
    ]
    signals += _simple("document", DOCUMENT, text) + _mixed_ids(text)
    signals += _simple("document", PLATE, text)
    signals += [
        Signal("document", m.start(1), m.end(1), m.group(1)) for m in _matches(DOCUMENT_CUE, text)
    ]
    signals += [
        Signal("document", m.start(1), m.end(1), m.group(1))
        for m in _matches(PASSPORT_LETTER, text)
    ]
    signals += [
        Signal("document", m.start(1), m.end(1), m.group(1))
        for m in _matches(HOST_COUNTRY_DOCUMENT, text)
    ]
    signals += _numbers_of_north_america(text)
    if "№" in text or "#" in text or "no." in text.lower() or "nr." in text.lower():
        signals += [
            Signal("document", m.start(1), m.end(1), m.group(1))
            for m in _matches(CERTIFICATE_NUMBER, text)
        ]
    if "00" in text:
        signals += _grouped_id_cards(text)
    low = text.lower()
    signals += _paper_numbers(text, low)
    signals += _valued("unit", UNIT, text)
    cued = _callsigns(text)
    signals += cued
    signals += _dobs(text)
    if _ROMAN_HINT.search(text):
        signals += _simple("dob", DOB_ROMAN, text)
    signals += [Signal("dob", m.start(1), m.end(1), m.group(1)) for m in _matches(DOB_WORDS, text)]
    signals += _simple("dob", DOB_DATE_WORDS, text)
    if any(word in text for word in _BIRTHDAY_STEMS):
        signals += [
            Signal("dob", m.start(g), m.end(g), m.group(g))
            for m in _matches(BIRTHDAY, text)
            for g in ("a", "b")
            if m.group(g)
        ]
    if "." in text:
        signals += _valued("dob", DOB_AFTER_ABBREVIATION, text)
    if any(stem in text for stem in _BIRTH_STEMS):
        signals += _valued("dob", DOB_BORN_IN, text)
        signals += [
            Signal("dob", m.start(1), m.end(1), m.group(1)) for m in _matches(DOB_SPELLED, text)
        ]
    signals += _simple("handle", HANDLE, text)
    if "$" in text:
        signals += _simple("handle", CASHTAG, text)
    signals += [
        Signal("handle", m.start(1), m.end(1), m.group(1)) for m in _matches(HANDLE_CUE, text)
    ]
    signals += [u for u in _simple("handle", USERNAME, text) if _named_username(u.text)]
    if any(site in text.lower() for site in _PAYMENT_SITES):
        signals += _simple("handle", PAYMENT_LINK, text)
    signals += _simple("address", ADDRESS, text)
    signals += _simple("address", POSTCODE, text) + _valued("address", US_ZIP, text)
    signals += _simple("address", ADDRESS_ON, text) + _addresses_beside_a_town(text)
    signals += _addresses_by_their_rooms(text) + _addresses_on_named_streets(text)
    signals += _valued("address", ADDRESS_AFTER_ITS_WORD, text)
    if any(stem in low for stem in _HOSTEL_STEMS):
        signals += _simple("address", HOSTEL_ROOM, text)
    if "палат" in low:
        signals += _simple("address", WARD, text)
    if any(stem in low for stem in _FARMSTEAD_STEMS):
        signals += _simple("address", FARMSTEAD, text)
    if "жив" in text or "мешка" in text:
        signals += _simple("address", ADDRESS_AFTER_LIVES, text)
    if any(s.kind == "address" for s in signals) or needles.search(HOUSE_WORD, text):
        taken = [(s.start, s.end) for s in signals if s.kind == "address"]
        signals += [
            f
            for f in _simple("address", FLAT_ALONE, text)
            if not any(a <= f.start < b or f.start <= a < f.end for a, b in taken)
        ]
    if "/" in text:
        signals += _addresses_by_slash(text)
    signals += _same_street_again(text, [s for s in signals if s.kind == "address"])
    if "кв" in text.lower():
        signals += _simple("address", ADDRESS_LONG_STREET, text)
    signals += _simple("link", LINK, scan)
    signals += _simple("warning_cue", WARNING, scan)
    signals += _simple("share_call", SHARE, scan)
    signals += _simple("comment_call", COMMENT, scan)
    names = [Signal(kind, a, b, scan[a:b]) for a, b, kind in name_spans(scan)]
    names = [_with_surname_before(scan, n) for n in names]
    plates = {p.start for p in signals if p.kind == "document" and PLATE.fullmatch(p.text)}
    if plates:
        # Right before a car's plate, words that are a thing or a colour are the car ("Сірий
        # Ланос АА 4721 ВХ", "на білій Шкоді Октавії ВІ 2207 ЕК"); a name stays one.
        names = [
            n for n in names if not (_before_a_plate(scan, n.end, plates) and names_a_car(n.text))
        ]
    signals += names
    # A year right after a name is when they were born: "Bohdan Kravets (1988)"; so after a
    # nickname in brackets after the name ("Андрій Коваль (Бізон), 1990") and after a call
    # sign ("позивний Сокіл, 1985").
    people = names + [s for s in signals if s.kind == "callsign"]
    for name in people:
        at = name.end
        if nickname := NICKNAME_BETWEEN.match(scan, at):
            at = nickname.end()
        elif name.kind == "callsign":
            at = CLOSING_QUOTE.match(scan, at).end()  # type: ignore[union-attr]
        year = NAME_YEAR.match(scan, at)
        if year and NOT_BIRTH_YEAR.match(scan, year.end()):
            year = None  # "1992 года набора": when they were called up
        # (or a young child's, when a child is spoken of just before the name)
        if (
            not year
            and (child := CHILD_DATE.match(scan, name.end))
            and CHILD_BEFORE.search(scan, max(0, name.start - 100), name.start)
        ):
            year = child
        if year:
            signals.append(Signal("dob", year.start(1), year.end(1), year.group(1)))
    signals += _dated_list(scan, names)
    # (and one the name rules read right after its cue word: "кличка «Шаман»")
    named_after_cue = [
        n
        for n in names
        if n.kind == "callsign"
        and _CALLSIGN_WORD_BEFORE.search(scan, max(0, n.start - 24), n.start)
    ]
    signals += _repeated_callsigns(scan, cued + named_after_cue, signals)
    signals += _short_dates_after_names(scan, names)
    if "поверх" in scan or "этаж" in scan or "floor" in scan or "эт." in scan:
        signals = [kept for s in signals if (kept := _not_a_floor(scan, s)) is not None]
    # A share call inside a warning ("не поширюйте") is the warning, not a call.
    warnings = [(s.start, s.end) for s in signals if s.kind == "warning_cue"]
    return [
        s
        for s in signals
        if not (
            s.kind in ("share_call", "comment_call") and any(a <= s.start < b for a, b in warnings)
        )
    ]


def find_signals(text: str) -> list[Signal]:
    """Every signal in the text, ordered by position, as spans of the original text. Overlaps
    are kept (callers decide)."""
    if not text:
        return []
    folded, where = normalised_view(text)
    out = []
    for s in _signals_in(folded):
        if s.start >= s.end or s.end > len(where):
            continue
        start, end = where[s.start], where[s.end - 1] + 1
        # Invisible characters just before a piece belong to it ("\ufeff+380 ..."): hidden too;
        # and the marks on its last character ("5" + U+FE0F U+20E3 is the keycap "5️⃣").
        while start > 0 and unicodedata.category(text[start - 1]) == "Cf":
            start -= 1
        while end < len(text) and unicodedata.category(text[end]) in ("Mn", "Me", "Cf"):
            end += 1
        out.append(Signal(s.kind, start, end, text[start:end]))
    return sorted(out, key=lambda s: (s.start, -s.end, s.kind))


def personal_signals(text: str) -> list[Signal]:
    return [s for s in find_signals(text) if s.kind in PERSONAL_KINDS]
