"""Personal data in the shapes the twenty-third set showed missed or over-masked (issue 12): a
phone at a line's end before a numbered item, a certificate's number, a birth year in the years
of a life mourned, a surname before a first name in brackets, a street named again with another
house; and kept readable, a unit or a group named in quotes, an occupied town, a place in the
locative that is also a first name. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched

# A phone at a line's end ------------------------------------------------------------------------


def test_the_next_items_number_is_no_part_of_a_phone() -> None:
    text = "Черга на воду\n1) Гнатюк, тел. 0674410923\n2) Бондар, тел. 0509981240"
    assert "0674410923" in pieces(text)
    assert "0674410923\n2)" not in pieces(text)


# A certificate's number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Маю довідку ВПО № 4120-3391-0087, підійде?", "4120-3391-0087"),
        ("Справка № 77-4410-23 утеряна, верните за вознаграждение.", "77-4410-23"),
    ],
)
def test_a_certificates_number(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_a_certificate_by_a_short_number_and_a_date_is_not_read() -> None:
    assert not touched("Довідка № 12 від 5 травня лежить у секретаря.", "12")


# The years of a life mourned ----------------------------------------------------------------------


def test_the_birth_year_of_a_life_mourned() -> None:
    text = "Прощавай, Остапе 🕯 24 ОМБр, 1987–2024."
    assert hidden(text, "1987")


@pytest.mark.parametrize(
    "text",
    [
        # (a war's years are fewer than a grown man's)
        "Загинув побратим, з яким воювали 2015–2023.",
        # (no one mourned)
        "Виставка робіт 1965–2020 відкрита до неділі.",
    ],
)
def test_years_that_are_no_life_stay_readable(text: str) -> None:
    assert not any(piece.isdigit() for piece in pieces(text))


# A surname before a first name in brackets ------------------------------------------------------


def test_a_surname_before_a_first_name_in_brackets() -> None:
    text = "у нас в ТЦК оцей Кущ (Толік) ловить на ринку"
    assert hidden(text, "Кущ")
    assert hidden(text, "Толік")


def test_a_town_before_a_first_name_in_brackets_stays_readable() -> None:
    assert not touched("приїхав зі Львова (Андрій) учора", "Львова")


# A street named again -----------------------------------------------------------------------------


def test_a_street_named_again_with_another_house() -> None:
    text = "Живуть військові: вул. Садова 4 та Садова 11, техніка у дворах."
    assert hidden(text, "Садова 11")


# Kept readable -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Зниклі після бою (рота «Тигри Да Вінчі»): пишіть.", "Тигри Да Вінчі"),
        ("Малюнки здаємо вихователю, група «Ясочка».", "Ясочка"),
    ],
)
def test_a_unit_or_a_group_named_in_quotes_stays_readable(text: str, piece: str) -> None:
    assert not touched(text, piece)


def test_an_occupied_town_stays_readable() -> None:
    assert not touched("Брат лишився в окупованих Алешках, не виходить на зв'язок.", "Алешках")


def test_a_place_in_the_locative_that_is_also_a_first_name_stays_readable() -> None:
    assert not touched("Коза загубилася десь у Тихому Гаю біля ставка.", "Тихому Гаю")
