"""Personal data in the shapes the twenty-first set showed missed or over-masked (issue 12): a
date of birth after the abbreviation of "born", someone spoken to before "ваши", a full date and
a brigade's number that are no phone; and kept readable, a town after "из-под", a housing
estate named without quotes. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, touched

# A date of birth after "нар." or "род." -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Шукаємо Олексія, нар. 14 березня 1995, служив під Бахмутом.", "14 березня 1995"),
        ("Разыскивается Пётр, род. 03.07.1988, уехал на Донбасс.", "03.07.1988"),
    ],
)
def test_a_date_after_the_abbreviation_of_born(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_a_full_date_and_a_brigades_number_are_no_phone() -> None:
    text = "Син, нар. 05.03.1996, 93 ОМБр, зв'язку нема."
    assert hidden(text, "05.03.1996")
    assert not touched(text, "93 ОМБр")


# Someone spoken to before "ваши" ------------------------------------------------------------------


def test_a_first_name_that_is_also_a_word_before_your() -> None:
    assert hidden("Это развод! Роза, ваши деньги пропали, звоните в банк.", "Роза")


# A town after "из-под", a housing estate ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Его вывезли из-под Шевченково ещё летом.", "Шевченково"),
        # (a town that is also a surname)
        ("Колонну обстреляли из-под Каменской вчера.", "Каменской"),
        ("Хлопці вийшли з-під Коваленкового тільки вчора.", "Коваленкового"),
    ],
)
def test_a_place_after_from_under_stays_readable(text: str, piece: str) -> None:
    assert not touched(text, piece)


def test_a_housing_estate_named_without_quotes_stays_readable() -> None:
    assert not touched("Здаю квартиру, ЖК Зелений квартал, 5 поверх.", "Зелений")
