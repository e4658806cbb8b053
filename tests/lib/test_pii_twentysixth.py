"""Personal data in the shapes the twenty-sixth set showed missed (issue 12): a letter zero
standing alone between two groups of digits, digits written one by one with dashes between
groups, a first name after a wife's word in speech ("жінка") or an English kin word, someone
naming themselves ("я Влад, 31"), a Latin call sign in quotes between commas among a unit's
words; kept readable, a preposition between groups of digits, a pet's brother, a book's title
after its author. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched


def test_a_letter_zero_alone_between_groups() -> None:
    text = "Телефон волонтера +380 (67) 52 18 O 44, дзвоніть."
    assert hidden(text, "+380 (67) 52 18 O 44")


def test_digits_one_by_one_with_dashes_between_groups() -> None:
    text = "пишите в вайбер О 6 6 — 4 1 2 — 0 9 — 7 3 до вечера"
    assert hidden(text, "О 6 6 — 4 1 2 — 0 9 — 7 3")


def test_a_preposition_between_a_phone_and_a_time_stays_a_word() -> None:
    text = "Набирайте 093 517 22 80 о 18:30, не раніше."
    assert "093 517 22 80" in pieces(text)


# First names after a kin word, and someone naming themselves ----------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("А його жінка Іра працює в школі на Салтівці.", "Іра"),
        ("Her son Ira was last seen near Izium.", "Ira"),
        ("Шукаю кімнату в Дніпрі, я Влад, 31, не палю.", "Влад"),
    ],
)
def test_a_first_name_after_kin_or_after_i(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_a_pets_brother_stays_readable() -> None:
    text = "Two puppies are waiting for a home. Their brother Bill was adopted last week."
    assert not touched(text, "Bill")


# A call sign in quotes between commas, among a unit's words ------------------------------------


def test_a_call_sign_in_quotes_between_commas_among_a_units_words() -> None:
    text = 'This is Taras Melnyk, "Ghost", 47th Brigade, missing since May.'
    assert hidden(text, "Ghost")


def test_a_title_in_quotes_after_its_author_stays_readable() -> None:
    assert not touched("Сергій Жадан, «Інтернат», 2017 рік, раджу.", "Інтернат")
