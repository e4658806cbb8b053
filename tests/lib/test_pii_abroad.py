"""Documents, addresses and dates of posts from abroad and from home in the shapes still missed
after the twenty-seventh and twenty-eighth sets' rules (issue 12): a National Insurance number
written without spaces (its last letter too), a US A-Number spaced or after its word alone, a
BRP's or biometric card's letters and digits set apart after its word, a Canadian SIN after its
word (a document, by its check digit), an Irish PPS number with its letters set apart, a full
date of any year before a birth's mark, a full date of the 1920s or 1930s after a name, a
birthday's date after "ДН", a colon or "was on", or with its month first, a unit's number after
a long dash, a street's word in the dative after its adjective. Kept readable: a park, a square
or a court with a number after it and no house before it, a year before "р. на", a distance
along a road, people counted after a unit's word, a town's birthday. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, touched
from triage.lib.masking import personal_spans


def kinds(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.kind) for s in personal_spans(text)]


# Documents of the host countries --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Payroll still shows my insurance number as RT551903C, is that normal?", "RT551903C"),
        ("NI number: SN 730512 A — they asked for it over the phone.", "SN 730512 A"),
        ("The court letter lists her A-Number as A 204 117 358, hearing in June.", "A 204 117 358"),
        ("On my BRP the number reads TQ 5820193, can the landlord keep a copy?", "TQ 5820193"),
        ("Біометрична карта ZT 3307182 нарешті прийшла поштою.", "ZT 3307182"),
        ("My PPSN 6620183 WA came by post today, so I can register.", "6620183 WA"),
    ],
)
def test_documents_of_the_host_countries(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Her alien number is 204-117-358, please do not post it here.", "204-117-358"),
        ("Employer asked for my SIN 046 454 286 on the very first day.", "046 454 286"),
    ],
)
def test_a_number_after_its_word_is_a_document_not_a_phone(text: str, piece: str) -> None:
    assert (piece, "document") in kinds(text)


def test_nine_digits_after_sin_that_fail_its_check_are_no_document() -> None:
    text = "Employer asked for my SIN 046 454 287 on the very first day."
    assert ("046 454 287", "document") not in kinds(text)


# Addresses ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        (
            "Бабушка живёт по Французскому бульвару 22, кв. 5, рядом аптека.",
            "Французскому бульвару 22, кв. 5",
        ),
        ("Забирать по Овидиопольской дороге 3, ворота зелёные.", "Овидиопольской дороге 3"),
    ],
)
def test_a_streets_word_in_the_dative_after_its_adjective(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("We met in Central Park 5 times this summer, always by the lake.", "Central Park"),
        ("Times Square 3 days before New Year is far too crowded.", "Times Square"),
        ("The Supreme Court 9 judges heard the case on Monday.", "Supreme Court"),
        ("По Харьковскому шоссе 5 километров пробки, объезжайте.", "Харьковскому шоссе"),
    ],
)
def test_a_place_or_a_road_before_a_count_is_no_address(text: str, word: str) -> None:
    assert not touched(text, word)


# Dates of birth -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Шукаємо Олесю, 07.08.2016 р.н., була в синій куртці.", "07.08.2016"),
        ("Бабушка, 03.11.1932 г.р., нужна коляска и памперсы.", "03.11.1932"),
        ("Ткаченко Віра Степанівна, 19.04.1931, з Бериславського району.", "19.04.1931"),
        ("У Софийки ДН 17 мая, скидываемся на торт до пятницы.", "17 мая"),
        ("Our son's birthday: 12 June, he turns six this year.", "12 June"),
        ("Her birthday was on 14 February, she loved white roses.", "14 February"),
        ("Ivan's birthday is June 3rd, we are planning a picnic.", "June 3rd"),
    ],
)
def test_dates_of_birth(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Збір 14.02.2023 р. на вокзалі о дев'ятій, не запізнюйтесь.", "14.02.2023"),
        ("В 2022 г. разбомбили наш дом, с тех пор живём у сестры.", "2022"),
        ("День народження міста — 12 вересня, буде концерт у парку.", "12 вересня"),
    ],
)
def test_a_years_abbreviation_or_a_towns_birthday_is_no_birth(text: str, piece: str) -> None:
    assert not touched(text, piece)


# Units ----------------------------------------------------------------------------------------


def test_a_units_number_after_a_long_dash() -> None:
    assert hidden("Номер частини — 4172, решту скажу в особистих.", "4172")


def test_people_counted_after_a_units_word_are_no_unit() -> None:
    assert not touched("Біля в/ч - 300 людей стояли в черзі зранку.", "300")
