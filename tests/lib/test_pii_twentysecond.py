"""Personal data in the shapes the twenty-second set showed missed or over-masked (issue 12): a
phone whose leading zero is a letter like the others, names with a particle, a list of surnames
after a cue with words before its colon, a street's word after its name, a call sign in quotes
after a role, a first name beside a surname the rules had left half readable; and kept readable,
the council, a title of capitalised Latin words, a town between a birth year and a unit. Examples
are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched

# A leading zero written as a letter ---------------------------------------------------------------


def test_a_leading_letter_zero_where_the_other_groups_spell_digits_too() -> None:
    text = "дзвоніть О 95 1О2 4О 7О ввечері"
    assert hidden(text, "О 95 1О2 4О 7О")


def test_a_letter_zero_among_digits_written_one_by_one() -> None:
    text = "пишіть або дзвоніть 0 9 3 О 5 1 7 7 2 8 після обіду"
    assert hidden(text, "0 9 3 О 5 1 7 7 2 8")


def test_a_lone_letter_inside_a_run_stays_a_word() -> None:
    # ("о" is "at": the phone ends before it, whole)
    text = "Набирайте 063 208 41 77 о 19:30, я на зв'язку."
    assert "063 208 41 77" in pieces(text)
    assert not touched(text, "19:30")


# Names with a particle ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("The parcel was signed for by Maria da Silva at the depot.", "Maria da Silva"),
        # (in a list beside other names, whatever the first name)
        ("Volunteers: Tom Baker, Joost van Dijk, Eva Novak.", "Joost van Dijk"),
    ],
)
def test_a_name_with_a_particle(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_a_place_with_a_particle_stays_readable() -> None:
    assert not touched("She spent a year in Santiago de Chile teaching.", "Santiago de Chile")


# Surnames listed after a cue with words before its colon ------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "На записі хлопці називають прізвища та звідки: Гончар зі Львова, Ткачук з Рівного, "
            "Мельник... поширте родинам",
            ["Гончар", "Ткачук", "Мельник"],
        ),
        ("Surnames I could make out: Levchuk, Hnatiuk, Petrenko.", ["Levchuk", "Petrenko"]),
    ],
)
def test_each_item_after_a_cue_of_names_opens_with_a_name(text: str, names: list[str]) -> None:
    for name in names:
        assert hidden(text, name)


# A street's word after its name -------------------------------------------------------------------


def test_an_abbreviated_street_word_after_the_streets_name() -> None:
    text = "Сусід з Лісового просп. 17, кв. 40 знову шумить."
    assert hidden(text, "Лісового просп. 17, кв. 40")


# A call sign in quotes after a role ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Наш взводний «Беркут» подзвонив мамі учора.", "Беркут"),
        ("Да, тот самый «Шаман», который снимал пленных.", "Шаман"),
    ],
)
def test_a_call_sign_in_quotes_after_a_role(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_a_shop_in_quotes_after_the_same_stays_readable() -> None:
    assert not touched("Купила в тому самому «Сільпо» на розі.", "Сільпо")


# A first name beside a surname -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # (the Russian dictionary reads "Юрко" as an adverb)
        ("Срібло — Юрко Семенів, бронза — Ірина Бойко.", "Юрко Семенів"),
        # (in the instrumental, a first name and an adjective's form)
        ("Мы служили с Костей Скромным под Изюмом.", "Костей Скромным"),
    ],
)
def test_a_first_name_beside_a_surname(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # (a street named after someone is in the genitive)
        ("Вулиця Михайла Грушевського перекрита до вечора.", "Михайла Грушевського"),
        # (a conjunction is no first name)
        ("Гості поїхали. Але Кравчук лишився.", "Але"),
    ],
)
def test_no_first_name_is_made_of_a_street_or_a_conjunction(text: str, piece: str) -> None:
    assert not touched(text, piece)


# Kept readable ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Законопроєкт знову внесли до Верховної Ради.", "Верховної Ради"),
        ("Рада оборони області зібралася ввечері.", "Рада"),
    ],
)
def test_the_council_stays_readable(text: str, piece: str) -> None:
    assert not touched(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("I donated via Bring Them Home yesterday.", "Bring Them Home"),
        ("Hot meals were brought by Open Heart Kitchen again.", "Open Heart Kitchen"),
    ],
)
def test_a_title_of_capitalised_latin_words_stays_readable(text: str, piece: str) -> None:
    assert not touched(text, piece)


def test_a_run_with_a_first_name_is_still_a_person() -> None:
    assert hidden("Send the receipts to Deacon Oleh Stasiuk please.", "Oleh Stasiuk")


def test_a_town_between_a_birth_year_and_a_unit_stays_readable() -> None:
    text = "Брат Дорош Ілля, 1989 р. н., Миколаїв, 79 бригада, шукаємо."
    assert hidden(text, "Дорош Ілля")
    assert not touched(text, "Миколаїв")


def test_a_quoted_nickname_does_not_reach_the_next_line() -> None:
    text = "Загублені:\nДорош Ілля «Грім»\nХто знає щось — у коментарі."
    assert hidden(text, "Грім")
    assert not touched(text, "Хто")
