"""Personal data in the shapes the eighteenth set showed missed or over-masked (issue 12): a
nickname after "кличка" in any case, a step of instructions that opens with a verb, and a
two-word place whose second word has two letters. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, touched

# A nickname after "кличка" in any case ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Він там ходив з кличкою «Сивий», а прізвище не казав.", "Сивий"),
        ("Тот тип с кличкой Кабан звонил матери дважды.", "Кабан"),
        ("Знали его по кличке Штырь, из Никополя.", "Штырь"),
        ("Командир з прозвищем Дід, дзвонити не треба.", "Дід"),
    ],
)
def test_a_nickname_after_klychka_in_any_case(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # a pet's name is no one's nickname
        ("Загубився кіт з кличкою Тигр, рудий, на Оболоні.", "Тигр"),
        ("Собака с кличкой Лорд нашлась у рынка.", "Лорд"),
    ],
)
def test_a_pets_name_after_klychka_stays_readable(text: str, piece: str) -> None:
    assert not touched(text, piece)


# A numbered step of instructions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Що робити:\n1. Написати Омбудсману звернення.\n2. Чекати відповіді.", "Написати"),
        ("Порядок:\n1) Сообщить Уполномоченному о пропаже.\n2) Сдать ДНК.", "Сообщить"),
        ("Кроки: 3. Зателефонуйте Координаційному штабу.", "Зателефонуйте"),
    ],
)
def test_a_numbered_step_opening_with_a_verb_is_no_name(text: str, piece: str) -> None:
    assert not touched(text, piece)


def test_a_numbered_list_of_names_is_still_masked() -> None:
    text = "Список:\n1. Гончаренко Василь\n2. Мартинюк Олег"
    assert hidden(text, "Гончаренко Василь")
    assert hidden(text, "Мартинюк Олег")


# A two-word place whose second word is short ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Хлопці з бригади Холодний Яр тримають напрямок.",
        "Був на екскурсії, Холодний Яр восени дуже гарний.",
    ],
)
def test_an_adjective_and_a_short_place_word_stay_readable(text: str) -> None:
    assert not touched(text, "Холодний")
