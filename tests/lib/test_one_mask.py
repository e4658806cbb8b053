"""One mask everywhere: the labeled masking sets, the evaluate_masking command, and the places
that show or store text which is not the post's own (notes, import errors)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from groups.models import Membership
from tests.factories import make_post
from triage.importers.services import batch_refuse
from triage.lib.masking import mask_plain, personal_spans
from triage.lib.masking_eval import MASKING_SET, evaluate_masking, load_masking_set
from triage.models import AuditEvent, ImportBatch
from triage.queue.services import DecisionInput, post_decide

PHONE = "+380 67 123 45 67"
FRESH = MASKING_SET.parent / "masking_fresh.jsonl"
THIRD = MASKING_SET.parent / "masking_third.jsonl"
FOURTH = MASKING_SET.parent / "masking_fourth.jsonl"
FIFTH = MASKING_SET.parent / "masking_fifth.jsonl"
SIXTH = MASKING_SET.parent / "masking_sixth.jsonl"
SEVENTH = MASKING_SET.parent / "masking_seventh.jsonl"
EIGHTH = MASKING_SET.parent / "masking_eighth.jsonl"
NINTH = MASKING_SET.parent / "masking_ninth.jsonl"
TENTH = MASKING_SET.parent / "masking_tenth.jsonl"
ELEVENTH = MASKING_SET.parent / "masking_eleventh.jsonl"
TWELFTH = MASKING_SET.parent / "masking_twelfth.jsonl"
THIRTEENTH = MASKING_SET.parent / "masking_thirteenth.jsonl"
FOURTEENTH = MASKING_SET.parent / "masking_fourteenth.jsonl"
FIFTEENTH = MASKING_SET.parent / "masking_fifteenth.jsonl"
SIXTEENTH = MASKING_SET.parent / "masking_sixteenth.jsonl"
SEVENTEENTH = MASKING_SET.parent / "masking_seventeenth.jsonl"
EIGHTEENTH = MASKING_SET.parent / "masking_eighteenth.jsonl"
NINETEENTH = MASKING_SET.parent / "masking_nineteenth.jsonl"
TWENTIETH = MASKING_SET.parent / "masking_twentieth.jsonl"
TWENTYFIRST = MASKING_SET.parent / "masking_twentyfirst.jsonl"
TWENTYSECOND = MASKING_SET.parent / "masking_twentysecond.jsonl"
TWENTYTHIRD = MASKING_SET.parent / "masking_twentythird.jsonl"
TWENTYFOURTH = MASKING_SET.parent / "masking_twentyfourth.jsonl"
TWENTYFIFTH = MASKING_SET.parent / "masking_twentyfifth.jsonl"
TWENTYSIXTH = MASKING_SET.parent / "masking_twentysixth.jsonl"
TWENTYSEVENTH = MASKING_SET.parent / "masking_twentyseventh.jsonl"
TWENTYEIGHTH = MASKING_SET.parent / "masking_twentyeighth.jsonl"
TWENTYNINTH = MASKING_SET.parent / "masking_twentyninth.jsonl"
THIRTIETH = MASKING_SET.parent / "masking_thirtieth.jsonl"
THIRTYFIRST = MASKING_SET.parent / "masking_thirtyfirst.jsonl"
THIRTYSECOND = MASKING_SET.parent / "masking_thirtysecond.jsonl"
THIRTYTHIRD = MASKING_SET.parent / "masking_thirtythird.jsonl"
THIRTYFOURTH = MASKING_SET.parent / "masking_thirtyfourth.jsonl"
THIRTYFIFTH = MASKING_SET.parent / "masking_thirtyfifth.jsonl"
THIRTYSIXTH = MASKING_SET.parent / "masking_thirtysixth.jsonl"
THIRTYSEVENTH = MASKING_SET.parent / "masking_thirtyseventh.jsonl"
THIRTYEIGHTH = MASKING_SET.parent / "masking_thirtyeighth.jsonl"
THIRTYNINTH = MASKING_SET.parent / "masking_thirtyninth.jsonl"
FORTIETH = MASKING_SET.parent / "masking_fortieth.jsonl"
FORTYFIRST = MASKING_SET.parent / "masking_fortyfirst.jsonl"
FORTYSECOND = MASKING_SET.parent / "masking_fortysecond.jsonl"
FORTYTHIRD = MASKING_SET.parent / "masking_fortythird.jsonl"
FORTYFOURTH = MASKING_SET.parent / "masking_fortyfourth.jsonl"


def _spans(text):
    return [(s.start, s.end) for s in personal_spans(text)]


@pytest.mark.parametrize(
    ("path", "recall", "per_kind"),
    [
        # The set the detectors were developed on (2 December 2026: 1.000, every kind 1.000).
        (MASKING_SET, 0.99, 0.95),
        # A set written afterwards by a session that never saw the code or the first set: 0.919
        # when first measured, 0.976 after the changes it prompted on 2 December, 1.000 after
        # those of 4 December (spelled-out birth dates, "aka", plural family names, Latin names
        # spelled without the soft sign): it too is now a set the rules were shaped on.
        (FRESH, 0.98, 0.95),
        # A third set, written on 4 December 2026 by a session that saw only the issue and the
        # taxonomy: 0.949 when first measured (dob 0.818, callsign 0.875), 0.995 after the
        # general rules it prompted; English nicknames in quotes with no cue ("Bear") are
        # still missed (callsign 0.938).
        (THIRD, 0.98, 0.9),
        # A fourth, written the same day by another such session after the third set's rules
        # were in: 0.886 and 4.1% of readable words masked when first measured; 0.974 and 2.2%
        # after the rules it prompted (lower-case names, streets, pets, more address shapes).
        # On 5 December English-born names (census lists), diminutives ("Вовчик"), lower-case
        # Latin names and long mixed licence numbers: 0.997 and 0.3%.
        (FOURTH, 0.99, 0.95),
    ],
)
def test_the_masking_sets_meet_their_floors(path, recall, per_kind):
    result = evaluate_masking(load_masking_set(path), _spans)
    print(path.name, result["recall"], result["readable_masked_share"], result["missed"])
    assert result["pieces"] > 250
    assert result["recall"] >= recall
    assert min(m["recall"] for m in result["per_kind"].values()) >= per_kind
    assert result["readable_masked_share"] <= 0.01


def test_the_fifth_set_keeps_its_first_measured_figures_or_better():
    """Written on 5 December 2026 by a fifth session that saw only the issue and the taxonomy:
    0.950 recall and 2.8% of readable words masked when first measured; 0.964 after three
    general rules it prompted (dashes between a phone's groups, "(at)" / "(собака)" e-mails,
    invisible characters just before a piece). Still missed: English-born and Latin lower-case
    names, a diminutive, an English address, a month-and-year birth date, a phone in words.
    A fourth rule (a Latin name before a place word is the place: "Shevchenko Park") took
    readable words masked to 2.0%. Still masked then: pets with human names, "Слава богу".
    The rules of the next round (English census names, lower-case Latin names, diminutives,
    someone to write to, pets, virtues, phones split by words or spoken, month-and-year birth
    dates, house-first English addresses) took it to 0.996 and 0.2%; "Кравчишин Ігор" after
    "на" is still missed, and "Роман" the novel still masked."""
    result = evaluate_masking(load_masking_set(FIFTH), _spans)
    assert result["pieces"] == 278
    assert result["recall"] >= 0.99
    assert min(m["recall"] for m in result["per_kind"].values()) >= 0.95
    assert result["readable_masked_share"] <= 0.01


def test_the_sixth_set_keeps_its_figures_or_better():
    """Written on 5 December 2026 by a sixth session that saw only the issue and the taxonomy
    (its validator and notes are not in the project): 0.936 recall and 4.0% of readable words
    masked when first measured, below the issue's targets. Three general rules it prompted the
    same day (e-mails spoken or spaced out before a known top-level domain; toll-free lines,
    which are institutions'; the marks drawn on a phone's last digit, keycaps and underlines)
    took it to 0.955 and 2.7%. The next round's general rules (Latin capitals inside Cyrillic
    names, a house's letter after a hyphen, flat and entrance in any order, the street's word
    after its name, the register's record number, Latin names in capitals, lower case or after
    an initial, quoted nicknames of living beings beside a unit's words; kept readable: "з"
    before a date, businesses and works named in quotes, the three virtues together, an
    institution's landline, a place in brackets) took it to 0.977 and 0.9%. Still missed: "Іра"
    (the dictionary knows it as an abbreviation), a year with no mark ("95 року" is one), a
    spoken phone's first group, call signs that are things ("Viking" alone, "lys")."""
    result = evaluate_masking(load_masking_set(SIXTH), _spans)
    assert result["pieces"] == 483
    # (0.983 after the eleventh set's rules: a spoken phone whose later groups are digits)
    assert result["recall"] >= 0.983
    assert result["per_kind"]["email"]["recall"] == 1.0
    assert result["per_kind"]["address"]["recall"] == 1.0
    assert result["readable_masked_share"] <= 0.01


def test_the_seventh_set_keeps_its_figures_or_better():
    """Written on 5 December 2026 by a seventh session that saw only the issue and the
    taxonomy, after the sixth set's rules were in: 0.910 recall and 4.6% of readable words
    masked when first measured (address 0.562, handle 0.750, callsign 0.789). The general rules
    it prompted (usernames after a network's name, a comma for an e-mail's last dot, German,
    flat-first and transliterated addresses, house-flat "18-42", offices, two-digit birth
    years, "войсковая часть", Latin surnames before an initial, diminutives in -ечк-/-ёк, a
    name after a kinship word in "пишите жене Алле"; kept readable: titles and units named in
    quotes, pets after "назвали", regions in brackets) took it to 0.986 and 2.8%. Most of what
    is still masked is public figures acting publicly (the President, the Ombudsman, the head
    of military intelligence, a novelist), which the issue allows; still missed: a diminutive
    opening the post, "Kolya", "Гоголя 112" with no street word, call signs with no cue."""
    result = evaluate_masking(load_masking_set(SEVENTH), _spans)
    assert result["pieces"] == 345
    # (0.991 and 2.5% after the eleventh set's rules: a Latin first name after "that", fewer
    # two-word places masked)
    assert result["recall"] >= 0.99
    assert min(m["recall"] for m in result["per_kind"].values()) >= 0.89  # call signs
    assert result["readable_masked_share"] <= 0.026


def test_the_eighth_set_keeps_its_figures_or_better():
    """Written on 5 December 2026 by an eighth session that saw only the issue and the
    taxonomy, after the seventh set's rules were in: 0.921 recall and 2.2% of readable words
    masked when first measured (cards 0.750 with IBANs and a card broken across a line,
    documents 0.750 with car plates, handles 0.778). The general rules it prompted (plates,
    IBANs by their check digits, a card across one line break, a phone with wide gaps, an
    e-mail spaced around its dots, usernames after an inflected network name, Latin
    "Surname, First" lists, house numbers with a slash before a flat, surnames in -енка; kept
    readable: book titles after a colon, a dog's breed before its name, a street after "по")
    took it to 0.964 and 1.1% (0.970 with a surname after "полоненого" or "сусіда", the
    next rule). Still missed: names in lower case in chat ("саша", "гену
    мельниченко"), diminutives in the instrumental ("з Вітьою", "з Валькою"), nicknames in
    English ("Kolya the Bear", "Bender")."""
    result = evaluate_masking(load_masking_set(EIGHTH), _spans)
    assert result["pieces"] == 303
    assert result["recall"] >= 0.969
    assert min(m["recall"] for m in result["per_kind"].values()) >= 0.88
    assert result["readable_masked_share"] <= 0.012


def test_the_ninth_set_keeps_its_figures_or_better():
    """Written on 5 December 2026 by a ninth session that saw only the issue and the taxonomy,
    after the eighth set's rules were in: 0.892 recall and 1.6% of readable words masked when
    first measured (address 0.538, callsign 0.696, card 0.882, name 0.882). The general rules
    it prompted (a card's groups set apart by non-breaking or double spaces, two-letter Latin
    initials, Latin capitals beside a first name, addresses with no street word after "на" or
    beside a town, a floor before its word, usernames built from a name, an e-mail's provider
    spoken, a name called and then spoken to, a first name's possessive before a kinship word,
    a Latin look-alike name, lists of nicknames, adjectives standing as nicknames, one lower-case
    transliterated first name; kept readable: what a thing is named after, the mark of a birth,
    a district, a town declined like a surname, a film after "переглянула") took it to 0.977
    and 0.0%. Still missed: names and diminutives in lower case in chat ("юрка", "танюхи",
    "оленкою", "ирке", "вітальчик"), "oksi", nicknames that are ordinary lower-case words
    ("бармен з ґудзиком")."""
    result = evaluate_masking(load_masking_set(NINTH), _spans)
    assert result["pieces"] == 342
    assert result["recall"] >= 0.975
    assert result["per_kind"]["name"]["recall"] >= 0.96
    assert min(m["recall"] for m in result["per_kind"].values()) >= 0.91  # call signs
    assert result["readable_masked_share"] <= 0.005


def test_the_tenth_set_keeps_its_figures_or_better():
    """Written on 5 December 2026 by a tenth session that saw only the issue and the taxonomy,
    after the ninth set's rules were in: 0.923 recall and 1.9% of readable words masked when
    first measured (address 0.467: village addresses, entrances and floors, a British postcode;
    link 0.636: Monobank jar links; call sign 0.808). The general rules it prompted (a room, an
    entrance or a floor after the flat or the house, with or without a street word; a street
    named after someone in the genitive after "на"; a British postcode; Monobank jar and
    PayPal.me links, as card numbers are; "с инсты" before a username; a birth certificate's
    series; a young child's birth date after their name; names after "пан", "госпожа", "Mrs";
    a name in a hashtag; a nickname in quotes after "RIP"; a call sign named again; a list of
    nicknames acting near a unit's number; a first name after "from"; Polish surnames; kept
    readable: a front's direction, a tagged town, saints, an ordinary word before initials,
    whose name after "имя", plays and housing estates in quotes, a pet's name in quotes, the
    virtues in one sentence, a district after a town, a car before its plate) took it to 0.989
    and 0.1%. Still missed: the two villages written before the street ("с. Петрівка, вул.
    Садова, 5": the sixth set lists the same shape's village as readable, and the street and
    house are masked), "Grace and Faith" of a volunteer team (the first "Grace"; the second is
    masked, with a number to text her on); still masked: "Лев — символ Львова"."""
    result = evaluate_masking(load_masking_set(TENTH), _spans)
    assert result["pieces"] == 350
    assert result["recall"] >= 0.988
    assert result["per_kind"]["name"]["recall"] >= 0.986
    assert result["per_kind"]["address"]["recall"] >= 0.86  # the two villages
    others = [m["recall"] for k, m in result["per_kind"].items() if k not in ("address", "name")]
    assert min(others) == 1.0  # call signs, links, handles, documents, birth dates among them
    assert result["readable_masked_share"] <= 0.0013


def test_the_eleventh_set_keeps_its_first_figures_or_better():
    """Written on 6 December 2026 by an eleventh session that saw only the issue and the
    taxonomy, after the tenth set's rules were in; longer, messier posts (chat logs with
    speakers' names, relatives' lists of all they know). First measured, before any change it
    prompts: 0.961 recall and 1.4% of readable words masked (dob 0.893: bare birth years and
    "15.03.96" with no cue, a date spoken in words; call sign 0.933; name 0.958: diminutives and
    vocatives in chat, "Taras Hrytsenko", "Callum Reid"; phone 0.967: numbers spoken in words).
    After the general rules it prompted (phones partly in words and partly in digits; birth
    years after "born in <place> in", "2015 р.н.", a two-digit year's date after a name, a date
    in words after "дата народження"; chat speakers and the people called in them; quoted
    nickname lists near a unit and someone known by their unit; Latin first names after "that",
    around a quoted nickname and repeated; unknown contacts with a number after a colon; kept
    readable: two-word places of an adjective and a thing, plural-only first names after a
    place preposition, alleys, titles after "уривки з" or in a list after a word for books, a
    shelter's name, a litter's mother): 0.998 recall, every kind 1.000 but names 0.997, 0.1% of
    readable words masked. Still missed: a family's plural surname a dictionary reads as a
    word; still masked: a pet called by a human name in a list with no pet word before it."""
    result = evaluate_masking(load_masking_set(ELEVENTH), _spans)
    assert result["pieces"] == 612
    assert result["recall"] >= 0.998
    assert min(m["recall"] for m in result["per_kind"].values()) >= 0.996
    assert result["readable_masked_share"] <= 0.002


def test_the_twelfth_set_keeps_its_first_figures_or_better():
    """Written on 6 December 2026 by a twelfth session that saw only the issue and the taxonomy:
    posts typed as in comment threads and Telegram (OCR look-alikes in names, dates and document
    numbers, emoji between digits, spaced digits, informal addresses). First measured, before any
    change it prompts: 0.923 recall and 2.6% of readable words masked (address 0.739, document
    0.806, dob 0.816, link 0.875, phone 0.929, name 0.951). After the rules it prompted for OCR
    look-alikes, grouped ID cards and foreign passports, Roman-numeral, abbreviated and spaced
    birth dates, addresses with no street word, phones with symbols between groups, Messenger
    links and hand-copied wallets, and the readable words (the virtues' feast, Christ, titles
    with "і", a front's direction, pets, a transliterated town): 0.982 recall and 0.2% masked
    (address, document, link 1.000; dob 0.980, name 0.975, callsign 0.970, phone 0.964). Still
    missed: a bare birth year after a name, two phones partly spoken in words, a short first
    name and a signature ("Іра", "Олена"), Latin names with no cue ("Agnieszka", "Rūta", one in
    capitals), a call sign in quotes after a rank; "Кривий Ріг" is masked."""
    result = evaluate_masking(load_masking_set(TWELFTH), _spans)
    assert result["pieces"] == 510
    assert result["recall"] >= 0.98
    assert min(m["recall"] for m in result["per_kind"].values()) >= 0.95
    assert result["readable_masked_share"] <= 0.005


def test_the_thirteenth_set_keeps_its_first_figures_or_better():
    """Written on 6 December 2026 by a thirteenth session that saw only the issue and the
    taxonomy, asked for a fair cross-section of what the groups get rather than hard cases.
    First measured, before any change it prompts (the code after the eleventh set's rules):
    0.980 recall and 1.4% of readable words masked (dob 0.932: birth years in a relative's
    list with no cue; link 0.938: a private Telegram invite; call sign 0.968). After the
    twelfth set's rules and a rule for a year after a nickname in brackets or a call sign:
    0.990 (dob 1.000; the invite link was then kept readable on purpose, and is masked since a
    later session: 0.993)."""
    result = evaluate_masking(load_masking_set(THIRTEENTH), _spans)
    assert result["pieces"] == 408
    assert result["recall"] >= 0.99
    assert result["per_kind"]["dob"]["recall"] >= 0.99
    assert result["readable_masked_share"] <= 0.014


def test_the_fourteenth_set_keeps_its_first_figures_or_better():
    """Written on 6 December 2026 by a fourteenth session that saw only the issue and the
    taxonomy, asked again for a fair cross-section, weighted toward Telegram chats. First
    measured, before any change it prompts (after the twelfth and thirteenth sets' rules):
    0.993 recall and 1.8% of readable words masked (link 0.923: a wallet written with a 0 and
    no word for crypto near it; name 0.986)."""
    result = evaluate_masking(load_masking_set(FOURTEENTH), _spans)
    assert result["pieces"] == 409
    assert result["recall"] >= 0.992
    assert result["readable_masked_share"] <= 0.0164


def test_the_fifteenth_set_keeps_its_first_figures_or_better():
    """Written on 6 December 2026 by a fifteenth session that saw only the issue and the
    taxonomy, asked for a fair cross-section of Facebook groups and Telegram chats. First
    measured, before any change it prompts: 0.982 recall and 1.1% of readable words masked
    (address 0.917, handle 0.941 and call sign 0.944: one piece each). After the rules it
    prompted (tests/lib/test_pii_fifteenth.py): 1.000 and 0.3%."""
    result = evaluate_masking(load_masking_set(FIFTEENTH), _spans)
    assert result["pieces"] == 334
    assert result["recall"] == 1.0
    assert result["readable_masked_share"] <= 0.0032


def test_the_sixteenth_set_keeps_its_first_figures_or_better():
    """Written on 6 December 2026 by a sixteenth session that saw only the issue and the
    taxonomy, asked for a fair cross-section as a real week brings it, after every rule of that
    day. First measured, before any change it prompts: 0.986 recall and 1.3% of readable words
    masked (link 0.833: a chat invite, then readable on purpose, masked since; call sign
    0.941). After the rules it prompted (tests/lib/test_pii_sixteenth.py): 0.997 and 0.4%."""
    result = evaluate_masking(load_masking_set(SIXTEENTH), _spans)
    assert result["pieces"] == 294
    assert result["recall"] >= 0.996
    assert result["readable_masked_share"] <= 0.0045


def test_the_seventeenth_set_keeps_its_first_figures_or_better():
    """Written on 6 December 2026 by a seventeenth session that saw only the issue and the
    taxonomy, asked for a fair cross-section, after every rule of that day. First measured,
    before any change it prompts: 0.970 recall and 0.9% of readable words masked (link 0.692:
    four public channels' posts and a sale listing it labels personal; name 0.963). After the
    rules it prompted (tests/lib/test_pii_seventeenth.py): 0.982 and 0.0%."""
    result = evaluate_masking(load_masking_set(SEVENTEENTH), _spans)
    assert result["pieces"] == 335
    assert result["recall"] >= 0.982
    assert result["readable_masked_share"] == 0.0


def test_the_eighteenth_set_keeps_its_first_figures_or_better():
    """Written on 6 December 2026 (a new session) by an eighteenth session that saw only the
    issue and the taxonomy, asked for a fair cross-section of a real week's reported posts.
    First measured, before any change it prompts: 0.997 recall and 0.5% of readable words
    masked (call sign 0.933: one of 15, after "с кличкой"). After the rules it prompted
    (tests/lib/test_pii_eighteenth.py): 1.000 and 0.0%."""
    result = evaluate_masking(load_masking_set(EIGHTEENTH), _spans)
    assert result["pieces"] == 282
    assert result["recall"] == 1.0
    assert result["readable_masked_share"] == 0.0


def test_the_nineteenth_set_keeps_its_first_figures_or_better():
    """Written on 6 December 2026 by a nineteenth session that saw only the issue and the
    taxonomy, asked for a fair cross-section with the comment threads under viral posts, after
    the eighteenth set's rules. First measured, before any change it prompts: 0.970 recall and
    1.1% of readable words masked (address 0.667: three of nine label the town with the street,
    which Varta keeps readable; name 0.966; date of birth 0.957). After the rules it prompted
    (tests/lib/test_pii_nineteenth.py): 0.990 (the three towns left) and 1.1%."""
    result = evaluate_masking(load_masking_set(NINETEENTH), _spans)
    assert result["pieces"] == 295
    assert result["recall"] >= 0.989
    assert result["readable_masked_share"] <= 0.011


def test_the_twentieth_set_keeps_its_first_figures_or_better():
    """Written on 6 December 2026 by a twentieth session that saw only the issue and the
    taxonomy (told that an address's town stays outside its piece), asked for a fair
    cross-section of a regional group's week, after the nineteenth set's rules. First measured,
    before any change it prompts: 0.978 recall and 1.2% of readable words masked (address
    0.850, card 0.917). After the rules it prompted (tests/lib/test_pii_twentieth.py): 1.000 and
    0.8%."""
    result = evaluate_masking(load_masking_set(TWENTIETH), _spans)
    assert result["pieces"] == 321
    assert result["recall"] == 1.0
    assert result["readable_masked_share"] <= 0.0084


def test_the_twentyfirst_set_keeps_its_first_figures_or_better():
    """Written on 6 December 2026 by a twenty-first session that saw only the issue and the
    taxonomy, asked for a fair cross-section of a national volunteer group, a frontline city's
    Russian-speaking chat and diaspora groups, after the twentieth set's rules. First measured,
    before any change it prompts: 0.983 recall and 1.8% of readable words masked, every kind at
    0.95 or more (name 0.974, date of birth 0.958). After the rules it prompted
    (tests/lib/test_pii_twentyfirst.py): 0.990 and 1.4%."""
    result = evaluate_masking(load_masking_set(TWENTYFIRST), _spans)
    assert result["pieces"] == 286
    assert result["recall"] >= 0.989
    assert result["readable_masked_share"] <= 0.0135


# Sets written on 6 December 2026 (a later session) by sessions that saw only the issue and the
# taxonomy; each measured on arrival, before any change it prompted, then held at the figures
# the rules it prompted reached (their tests: tests/lib/test_pii_<set>.py).
@pytest.mark.parametrize(
    ("path", "pieces", "recall", "masked"),
    [
        # A month's reports in a big city's Telegram chat and a national Facebook volunteer
        # group, after the twenty-first set's rules. On arrival 0.979 recall and 1.3% masked
        # (call sign 0.880, unit 0.938: its one unit missed is "в/ч" labelled with the number,
        # which Varta keeps readable); after its rules 0.994 and 1.0%.
        (TWENTYSECOND, 477, 0.993, 0.011),
        # Village and small-town groups and groups of relatives of the missing, written beside
        # the twenty-second (neither saw the other's rules). On arrival 0.981 and 2.0%
        # (document 0.944); after its rules 1.000 and 1.3%.
        (TWENTYTHIRD, 478, 0.999, 0.0135),
        # A typical week's reports across several large groups, after the twenty-second and
        # twenty-third sets' rules. On arrival 0.981 and 1.0% (call sign 0.913, link 0.938);
        # after its rules 0.994 and 1.0%.
        (TWENTYFOURTH, 464, 0.993, 0.0105),
        # A frontline oblast's channel, a group of military wives and mothers, and refugees'
        # groups in Poland, Germany and Czechia, written beside the twenty-fourth. On arrival
        # 0.947 and 1.9% (address 0.786, document 0.783, date of birth 0.941: Czech and German
        # letters, two-number addresses, PESEL and residence permits, German national phones);
        # after its rules 0.990 and 1.9%.
        (TWENTYFIFTH, 494, 0.989, 0.0195),
        # An ordinary week's reports, after every rule of the four sets above. On arrival 0.982
        # and 0.7%, every kind at 0.95 or more (call sign 0.955, phone 0.964): the second set to
        # meet every target on arrival; after its rules 0.996 and 0.7%.
        (TWENTYSIXTH, 444, 0.995, 0.0075),
        # Written on 6 December by a fourth session's helpers, side by side: evacuees from the
        # occupied south and a veterans' community (Crimean Tatar, Greek, Armenian, Georgian,
        # Moldovan names). On arrival 0.960 and 2.5% (address 0.792, name 0.939, unit 0.944);
        # after its rules 0.998 and 1.5% (what stays masked: public figures and enemy
        # channels' links, which its writer labelled readable).
        (TWENTYSEVENTH, 402, 0.997, 0.0155),
        # Diaspora groups in the UK, Ireland, the USA and Canada, building and school chats. On
        # arrival 0.902 and 2.0% (address 0.538, document 0.643, date of birth 0.706: postcodes,
        # National Insurance and BRP numbers, a class's list with birth dates); after its rules
        # 0.987 and 1.4%.
        (TWENTYEIGHTH, 307, 0.986, 0.0145),
        # Volunteer groups buying equipment for units and the chats of shelled frontline
        # cities, after every rule of the two above. On arrival 0.971 and 2.3% (address 0.833,
        # call sign 0.905, link 0.875, unit 0.944); after its rules 0.997 and 2.0% (public
        # officials and equipment named like people, which its writer labelled readable).
        (THIRTIETH, 374, 0.996, 0.0205),
        # A fair week's reports across several large groups, asked for beside the thirtieth and
        # arriving after its rules. On arrival 0.968 and 1.3% (call sign 0.880, link 0.750 of 4,
        # unit 0.875 of 8, phone 0.968: two scammers' "0 800" numbers, which Varta keeps
        # readable as hotlines); after its rules 0.980 and 1.3%.
        (TWENTYNINTH, 348, 0.979, 0.0135),
        # A fair week across three large groups, after every rule of the four above. On arrival
        # 0.991 and 1.3%, every kind at 0.95 or more but link (one phishing site of five,
        # written without "http"); after its rule 0.991 and 1.2%.
        (THIRTYFIRST, 227, 0.990, 0.0125),
        # Written on 6 December by a fifth session's helpers. A fair week of one oblast-wide
        # group, after every rule above: on arrival 0.990 and 0.9%, every kind at 0.95 or more.
        (THIRTYSECOND, 395, 0.991, 0.0085),
        # Communities not measured before (a parish, hunters, a village council, students,
        # ultras). On arrival 0.916 and 2.5% (document 0.536, address 0.714, call sign 0.760:
        # gun permits, cadastral and account numbers, student cards, hostel rooms); after its
        # rules 0.974 and 2.0% (what it still misses: call signs listed with no cue, an aid
        # application's number, which Varta keeps readable).
        (THIRTYTHIRD, 383, 0.973, 0.0205),
        # Russian-speaking frontline and de-occupied towns' chats: on arrival 0.975 and 1.3%
        # (document 0.739, tax number 0.818: SNILS, ОМС policies, 12-digit ИНН); after its rules
        # 0.995 and 1.0%.
        (THIRTYFOURTH, 402, 0.994, 0.0105),
        # A second writer's fair week of an oblast group, beside the thirty-second: on arrival
        # 0.984 and 1.3% (address 0.913, unit 0.917); after the rules above 0.984 and 1.1%.
        (THIRTYFIFTH, 384, 0.983, 0.0115),
        # Three more, written side by side after the four above. A fair week across a national
        # group and a big city's chat: on arrival 0.993 and 1.2% (one street after "на" named
        # by a first name and a surname); after its rule 0.996.
        (THIRTYSIXTH, 274, 0.995, 0.0125),
        # Veterans' and hospital chats, Zakarpattia's and Bukovyna's groups: on arrival 0.926
        # and 3.0% (wards, medical cards, Hungarian names); after its rules 0.993 and 3.3%
        # (Varta hides every ward, also two its writer left readable with no patient named;
        # what else stays masked: hospitals and writers by their surnames, institutions'
        # landlines and addresses, an official).
        (THIRTYSEVENTH, 285, 0.992, 0.0335),
        # Comment threads under viral posts: on arrival 0.968 and 0.5%; after its rule 0.976
        # (still missed: streets named in passing with no house word, a birth year after a
        # town, call signs with no cue).
        (THIRTYEIGHTH, 250, 0.975, 0.0055),
        # Two fair weeks of 200 posts, every kind fifteen times or more, after every rule
        # above. A frontline oblast's group: on arrival 0.982 and 2.2% (call sign 0.826:
        # "позывной командира ...", a list after "позывные наших:"; link 0.947: wa.me); after
        # its rules 0.995 and 1.6%.
        (THIRTYNINTH, 393, 0.994, 0.0165),
        # A national group, a western city's chat, a diaspora group: on arrival 0.987 and
        # 2.0% (call sign 0.870, link 0.947, address 0.957); after the rules 0.992 and 2.0%
        # (what stays masked: enemy channels' t.me links, which its writer called readable,
        # and public figures).
        (FORTIETH, 388, 0.991, 0.0205),
        # Two more fair weeks of 220 posts, every kind twenty times or more, after every rule
        # above: both met every target on arrival but the second's masked share. A volunteer
        # network's groups: 0.991 and 1.5%; after its rules (a town that is also a surname
        # alone between commas, a Viber invite with an encoded character) 0.993 and 1.2%.
        (FORTYFIRST, 456, 0.992, 0.0125),
        # A Russian-speaking city's chat: 0.990 and 2.1% (streets where they cross, named
        # after people, read as names); after its rule 0.990 and 1.8%.
        (FORTYSECOND, 478, 0.989, 0.0185),
        # The last two, fair weeks of 220 posts with every kind twenty times or more, written
        # after every rule above, with no rule added after them: each met every target on
        # arrival (a charity group's city chats 0.983 and 1.6%; Kyiv's district chats 0.996 and
        # 1.8%).
        (FORTYTHIRD, 469, 0.982, 0.0165),
        (FORTYFOURTH, 450, 0.995, 0.0185),
    ],
    ids=lambda value: value.stem if isinstance(value, Path) else None,
)
def test_the_later_sets_keep_their_figures_or_better(path, pieces, recall, masked):
    result = evaluate_masking(load_masking_set(path), _spans)
    assert result["pieces"] == pieces
    assert result["recall"] >= recall
    assert result["readable_masked_share"] <= masked


def test_evaluate_masking_prints_each_set_and_kind():
    out = io.StringIO()
    call_command("evaluate_masking", stdout=out)
    text = out.getvalue()
    assert "masking.jsonl: 206 posts" in text
    assert "masking_fresh.jsonl: 130 posts" in text
    assert "  phone " in text
    out = io.StringIO()
    call_command("evaluate_masking", str(FRESH), "--json", stdout=out)
    assert json.loads(out.getvalue())["masking_fresh.jsonl"]["posts"] == 130


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json\n", "not a labeled masking set"),
        (b'["a list"]\n', "not a labeled masking set"),
        (b'{"personal": []}\n', "not a labeled masking set"),
        (b"\xff\xfe\x00bad", "not a labeled masking set"),
    ],
)
def test_evaluate_masking_refuses_bad_files_clearly(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("evaluate_masking", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="No such file"):
        call_command("evaluate_masking", str(tmp_path / "missing.jsonl"), stdout=io.StringIO())


@pytest.mark.django_db
def test_a_moderators_note_is_masked_in_the_posts_history(group, moderator, viewer_client):
    post = make_post(group, "Хто впізнає? Пишіть у коментарях")
    membership = Membership.objects.get(group=group, user=moderator)
    note = f"Автор просить дзвонити його матері {PHONE}, ivan.k@gmail.com"
    post_decide(
        membership=membership,
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("escalate", note=note),
    )
    html = viewer_client.get(reverse("post_detail", args=[group.slug, post.pk])).content.decode()
    assert "дзвонити його матері" in html
    assert "123 45 67" not in html
    assert "ivan.k@gmail.com" not in html
    assert 'data-kind="phone"' in html


@pytest.mark.django_db
def test_an_import_error_that_quotes_the_file_keeps_no_personal_data(group, owner):
    batch = ImportBatch.objects.create(
        group=group, created_by=owner, status=ImportBatch.Status.QUEUED, format="csv"
    )
    batch_refuse(batch, f"row 3: «…call his mother {PHONE}, Олег Коваленко…» cannot be read")
    batch.refresh_from_db()
    assert "123 45 67" not in batch.error
    assert "Коваленко" not in batch.error
    assert "[phone]" in batch.error
    event = AuditEvent.objects.filter(group=group, action__startswith="import.").latest("pk")
    assert "123 45 67" not in json.dumps(event.payload, ensure_ascii=False)


def test_the_plain_mask_and_the_screens_hide_the_same_pieces():
    text = f"Шукаємо Коваленка Олега, {PHONE}, ivan.k@gmail.com, паспорт КМ 123456"
    plain = mask_plain(text)
    for secret in ("Коваленка", "Олега", "123 45 67", "ivan.k", "123456"):
        assert secret not in plain
    from triage.lib.rendering import render_text

    html = str(render_text(text, masks=personal_spans(text)))
    for secret in ("Коваленка", "Олега", "123 45 67", "ivan.k", "123456"):
        assert secret not in html


@pytest.mark.django_db
def test_a_redacted_export_hides_every_piece_the_screens_hide(group, viewer_client):
    """The fresh masking set imported as posts: what the post page masks, the redacted CSV
    export does not contain either (one function, one truth)."""
    from triage.lib.masking_eval import _occurrences

    rows = load_masking_set(FRESH)[:60]
    hidden = []
    for row in rows:
        post = make_post(group, row["text"])
        covered: set[int] = set()
        for span in personal_spans(row["text"]):
            covered.update(range(span.start, span.end))
        for piece, start, end in _occurrences(row["text"], [p["text"] for p in row["personal"]]):
            if all(i in covered or not row["text"][i].strip() for i in range(start, end)):
                hidden.append((post.pk, piece))
    assert len(hidden) > 100
    response = viewer_client.post(f"/g/{group.slug}/reports/export/", {"format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    import csv

    exported = {row[0]: row[4] for row in csv.reader(io.StringIO(body)) if len(row) > 4}
    # Each hidden piece, in its own post's exported text (a year or a first name may be
    # elsewhere in the file for other reasons).
    leaked = [piece for pk, piece in hidden if piece in exported[str(pk)]]
    assert leaked == []
    page = viewer_client.get(reverse("post_detail", args=[group.slug, hidden[0][0]]))
    assert hidden[0][1] not in page.content.decode()


def test_remembered_spans_are_the_spans_found_and_cannot_be_changed_by_a_caller():
    from triage.lib.masking import _find_spans, forget_spans, personal_spans

    forget_spans()
    text = "Пишіть Олені Коваленко +380 67 123 45 67, в/ч А1234"
    first = personal_spans(text)
    assert first == _find_spans(text)
    assert {s.kind for s in first} >= {"name", "phone", "unit"}
    first.clear()  # a caller's list is its own
    assert personal_spans(text) == _find_spans(text)
    long_text = text + " ." * 3000  # longer than what is remembered: found each time
    assert personal_spans(long_text) == _find_spans(long_text)
