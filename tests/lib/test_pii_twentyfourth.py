"""Personal data in the shapes the twenty-fourth set showed missed (issue 12): a surname before
a first name alone, a surname before "позывной", a phone whose ones are the Ukrainian letter І, a
LinkedIn profile, a table of people whose cells a bar divides; and kept readable, a town before
"позивний", a brigade's letters. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched

# A surname before a first name alone -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # (a dictionary reads "Мірошник" and "Пекар" as trades first)
        ("Знайшли права на Мірошник Ігоря біля АТБ.", "Мірошник Ігоря"),
        ("Хто загубив студентський на Пекар Марину? Він у вахтера.", "Пекар Марину"),
    ],
)
def test_a_surname_before_a_first_name_alone(text: str, piece: str) -> None:
    assert hidden(text, piece)


# A surname before "позывной" ---------------------------------------------------------------------


def test_a_surname_before_a_call_sign_cue() -> None:
    text = "Там старший какой-то Волков позывной Лесник, номер у меня есть."
    assert hidden(text, "Волков")
    assert hidden(text, "Лесник")


def test_a_town_or_a_brigades_letters_before_a_call_sign_cue_stay_readable() -> None:
    text = "Він родом з Черкас, позивний Бобер, служить у 47 ОМБр, позивний командира Граніт."
    assert not touched(text, "Черкас")
    assert not touched(text, "ОМБр")


# A phone whose ones are the Ukrainian letter І -------------------------------------------------


def test_a_phone_with_the_ukrainian_letter_for_one() -> None:
    text = "Пишіть на вайбер О67-3І2-4І-О9, відповім увечері."
    assert hidden(text, "О67-3І2-4І-О9")


# A LinkedIn profile -------------------------------------------------------------------------------


def test_a_linkedin_profile_with_hyphens() -> None:
    text = "His page is linkedin.com/in/taras-hnat-kyiv if you want references."
    assert "linkedin.com/in/taras-hnat-kyiv" in pieces(text)


# A table of people --------------------------------------------------------------------------------


def test_a_table_whose_cells_a_bar_divides() -> None:
    text = "Сидоренко Павло | 1979 | брат | 12.03.2001 дочка\nГоловач Ірина | 1985 | сестра"
    assert hidden(text, "1979")
    assert hidden(text, "1985")
    # (a bar between cells is no digit one: the date is no phone)
    assert "| 12.03.2001" not in " ".join(pieces(text))


# A diminutive of a first name that is also a word ------------------------------------------------


def test_a_diminutive_of_a_first_name_that_is_also_a_word() -> None:
    # ("Ира" is also a word to the dictionaries; none knows "Ирочка")
    assert hidden("Передай Ирочке привет от нас, пусть держится.", "Ирочке")


def test_a_diminutive_shaped_place_stays_readable() -> None:
    assert not touched("Стояли біля Бахмутки до весни.", "Бахмутки")
