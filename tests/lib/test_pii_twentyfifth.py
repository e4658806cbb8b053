"""Personal data in the shapes the twenty-fifth set showed missed (issue 12), written for
Ukrainian refugees' groups in Poland, Germany and Czechia: names with Czech and Polish letters,
surnames after "pan", "pani", "Herr"; Czech addresses with two numbers, a Polish estate, a German
flat; the host country's documents (PESEL, residence permits) after their word; a German phone in
its national format. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched

# Names with Czech and Polish letters, and after an honorific -----------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Pokoj pronajímá Lenka Horáková, volejte večer.", "Lenka Horáková"),
        ("Klíče má Tomáš Novotný z druhého patra.", "Tomáš Novotný"),
        ("Мешкаємо у пані Zielińska вже рік, дуже добра жінка.", "Zielińska"),
        ("Договір підписали з паном Dvořák у середу.", "Dvořák"),
    ],
)
def test_a_name_with_czech_or_polish_letters(text: str, piece: str) -> None:
    assert hidden(text, piece)


# Addresses ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Pokoj volný: Jugoslávská 815/9, Praha 2, jen pro ženy.", "Jugoslávská 815/9"),
        ("Адреса os. Zielone C 12/40, перший поверх.", "os. Zielone C 12/40"),
        (
            "Wir wohnen in der Leipziger Str. 17, Wohnung 6, klingeln.",
            "Leipziger Str. 17, Wohnung 6",
        ),
    ],
)
def test_addresses_of_the_host_countries(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_two_numbers_with_a_slash_after_a_word_are_not_always_an_address() -> None:
    assert not touched("Рахунок Covid 19/20 закрили, Praha 9/10 теж.", "Praha 9/10")


# The host country's documents ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Мій pesel 97042812345 заблокували, що робити?", "97042812345"),
        ("Номер моей посвідки на проживання RT4471902, пришло письмо.", "RT4471902"),
        ("Lost my Aufenthaltstitel L7K2M9Q41 near the station.", "L7K2M9Q41"),
    ],
)
def test_a_host_countrys_document_after_its_word(text: str, piece: str) -> None:
    assert hidden(text, piece)


# A German phone in its national format ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Ruft an: 0151 / 223 419 87, ab 18 Uhr.", "0151 / 223 419 87"),
        ("Wohnung frei, Tel. 0172 884 60 213 bitte.", "0172 884 60 213"),
    ],
)
def test_a_german_phone_in_its_national_format(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_the_years_of_a_life_in_dates_are_no_foreign_phone() -> None:
    text = "Видатний поет (06.11.1811-07.06.1843) писав про це."
    assert not any(p.startswith("(06") for p in pieces(text))
