"""The thirty-ninth and fortieth sets (issue 12), two fair weeks with every kind fifteen times
or more: a call sign after whose it is ("позивний командира ..."), a WhatsApp link's number, a
German street with an adjective first; readable: the three virtues after an emoji, and a
district named "… Поле". Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("На точці стоїть мінометка, позивний командира Бурий, не світіть", "Бурий"),
        ("Слышал в эфире позывные наших: «Граф», «Сова». Кто-то сдал", "Граф"),
        ("Слышал в эфире позывные наших: «Граф», «Сова». Кто-то сдал", "Сова"),
        ("позивний брата — Кедр, він у 3-й", "Кедр"),
    ],
)
def test_a_call_sign_after_whose_it_is_is_hidden(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Пишіть у вотсап wa.me/48500123456, відповім увечері", "wa.me/48500123456"),
        ("Contact: https://wa.me/380509876543 anytime", "https://wa.me/380509876543"),
        ("Zimmer frei, Große Johannisstraße 7, ab sofort", "Große Johannisstraße 7"),
    ],
)
def test_a_whatsapp_link_and_a_german_street_with_its_adjective_are_hidden(
    text: str, piece: str
) -> None:
    assert hidden(text, piece)


def test_the_three_virtues_after_an_emoji_stay_readable() -> None:
    assert pieces("Запрошуємо всіх на молебень 🕯 Віра, Надія, Любов") == []
    assert pieces("Сьогодні свято 🌸 Віра, Надія, Любов і мати їх Софія") == []


def test_a_woman_named_like_a_virtue_is_still_hidden() -> None:
    assert hidden("Віра Шевчук, Надія Ткач і Любов Мельник — волонтерки", "Віра Шевчук")


@pytest.mark.parametrize(
    "text", ["Зустрінемось на Павловому Полі біля школи", "в районе Павлова Поля всё тихо"]
)
def test_a_district_named_a_field_stays_readable(text: str) -> None:
    assert pieces(text) == []


def test_a_polya_with_a_surname_is_still_hidden() -> None:
    text = "Поля Мартинюк шукає кімнату"
    assert hidden(text, "Поля Мартинюк")
    assert not touched(text, "кімнату")


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Збираємо пораненому бійцю Ковзан на реабілітацію, будь-яка сума", "Ковзан"),
        ("Передали тепловізор для побратима Штиля, він дякує", "Штиля"),
    ],
)
def test_a_soldier_called_by_his_call_sign_alone_is_hidden(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    "text",
    [
        "Дякуємо кожному захиснику України за цю зиму",
        "Наказ командира Роти виконали до ранку",
    ],
)
def test_a_place_or_a_unit_after_a_soldier_stays_readable(text: str) -> None:
    assert pieces(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Віддам коляску, самовивіз, Николаев, після шостої",
        "Продам шини R16 за 4 000. Николаев. Пишіть у приват",
    ],
)
def test_a_town_that_is_also_a_surname_alone_between_commas_stays_readable(text: str) -> None:
    assert not touched(text, "Николаев")


def test_a_surname_that_is_also_a_town_beside_a_name_is_still_hidden() -> None:
    assert hidden("Николаев Андрей, 1991, пропал под Купянском", "Николаев Андрей")
    assert hidden("Пропал подросток, Артём, 15 лет", "Артём")


def test_a_private_viber_invite_with_an_encoded_character_is_hidden_whole() -> None:
    link = "invite.viber.com/?g2=AQCx91Ld%2BkT3wZ"
    assert hidden(f"Наша група тут {link} заходьте", link)


@pytest.mark.parametrize(
    "text",
    ["Аварія на перехресті Гончара і Коцюбинського, об'їжджайте", "Пробка на углу Пушкина"],
)
def test_streets_where_they_cross_stay_readable(text: str) -> None:
    assert pieces(text) == []


def test_a_surname_that_is_also_a_town_before_a_number_is_still_hidden() -> None:
    assert hidden("Николаев, 1991 г.р., пропал под Купянском", "Николаев")
