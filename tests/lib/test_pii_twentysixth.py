"""Phones in the shapes the twenty-sixth set showed missed (issue 12): a letter zero standing
alone between two groups of digits, and digits written one by one with dashes between groups. A
lower-case preposition between groups stays a word. Examples are our own."""

from __future__ import annotations

from tests.lib.spans import hidden, pieces


def test_a_letter_zero_alone_between_groups() -> None:
    text = "Телефон волонтера +380 (67) 52 18 O 44, дзвоніть."
    assert hidden(text, "+380 (67) 52 18 O 44")


def test_digits_one_by_one_with_dashes_between_groups() -> None:
    text = "пишите в вайбер О 6 6 — 4 1 2 — 0 9 — 7 3 до вечера"
    assert hidden(text, "О 6 6 — 4 1 2 — 0 9 — 7 3")


def test_a_preposition_between_a_phone_and_a_time_stays_a_word() -> None:
    text = "Набирайте 093 517 22 80 о 18:30, не раніше."
    assert "093 517 22 80" in pieces(text)
