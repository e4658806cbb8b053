"""Personal data in the shapes the fifteenth set showed missed or wrongly masked (issue 12): a
username after a network's name and whose page it is, a landline after a quoted "institution",
a street named after someone with a comma before the house, a first name after "this", a short
first name the dictionary also knows as an abbreviation, a quoted Latin nickname by the unit;
and the words that must stay readable. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched
from triage.lib.masking import personal_spans


def kinds(text: str) -> dict[str, str]:
    return {text[s.start : s.end]: s.kind for s in personal_spans(text)}


# A username after the network's name and whose page it is ------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Шукаємо Тараса. Інста доньки: maria.k.lviv — пишіть їй", "maria.k.lviv"),
        ("Тікток брата — den.tkach.ua, там є відео", "den.tkach.ua"),
        ("Инста жены: masha.k.2000, пишите туда", "masha.k.2000"),
        ("Inst моєї сестри: ola.lviv.ua", "ola.lviv.ua"),
        ("News on the insta of my sister: anna.k.ua", "anna.k.ua"),
    ],
)
def test_a_username_after_a_network_and_whose_it_is(text: str, piece: str) -> None:
    assert kinds(text).get(piece) == "handle"


def test_a_network_and_a_word_between_stay_readable() -> None:
    assert kinds("Інста сестри: olia.k.lviv").get("olia.k.lviv") == "handle"
    assert not touched("Тг канал: example.org, там новини", "example.org")
    assert not touched("Інста сестри оновилась, тепер stories.ua видно всім", "stories.ua")


# A landline after an institution's word in quotes --------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        (
            "Рідним полонених: дзвоніть у «штаб допомоги» +380 44 123 45 67, дадуть списки",
            "+380 44 123 45 67",
        ),
        ('Звертайтесь у "приймальню волонтерів" 044 234 56 78, там знають', "044 234 56 78"),
    ],
)
def test_a_landline_after_a_quoted_institution_is_masked(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_a_named_institutions_landline_stays_readable() -> None:
    assert hidden("Дзвоніть у «штаб обміну» 044 345 67 89", "044 345 67 89")
    for text, piece in [
        ("Реєстратура лікарні: +380 44 123 45 67", "+380 44 123 45 67"),
        ("КНП «Лікарня швидкої допомоги»: (044) 123-45-67", "(044) 123-45-67"),
        ("Телефон «Обласної лікарні» 044 234 56 78, з 8 до 17", "044 234 56 78"),
    ]:
        assert not touched(text, piece), text


# A street named after someone, a comma, a house --------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Вони мешкають у Броварах на Маковецкого, 14, поруч садок.", "Маковецкого, 14"),
        ("Доставка по Кирова 7, після обіду", "Кирова 7"),
        ("Батьки живуть на Шевченка, 12, кличуть у гості", "Шевченка, 12"),
    ],
)
def test_a_street_after_someone_with_a_comma(text: str, piece: str) -> None:
    assert kinds(text).get(piece) == "address"


def test_no_address_without_a_house() -> None:
    assert kinds("Живемо на Маковецкого, 9").get("Маковецкого, 9") == "address"
    assert kinds("Ставка на Петрова, 5 разів поспіль").get("Петрова") != "address"
    assert kinds("Голосуємо за Маковецкого, 30 голосів уже є").get("Маковецкого") != "address"


# A first name after "this", a name read past an abbreviation ---------------------------------


def test_a_first_name_after_this() -> None:
    text = "Is this Taras from Lviv? He served with my brother."
    assert hidden(text, "Taras")


def test_after_this_a_thing_stays_readable() -> None:
    assert hidden("Was this Oksana your neighbour?", "Oksana")
    assert pieces("We meet this Monday at noon") == []
    assert pieces("Is this Nova Poshta open?") == []


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Загубили ключі біля школи. Телефонуйте Ірі: 050 111 22 33", "Ірі"),
        ("Напишіть Ірі в особисті, вона підкаже", "Ірі"),
    ],
)
def test_a_short_name_that_is_also_an_abbreviation(text: str, piece: str) -> None:
    assert kinds(text).get(piece) == "name"


# A quoted nickname by the unit ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Хлопці, це ж той самий «Shaman» з 47-ї, пам'ятаєте його?", "Shaman"),
        ('Впізнали "Viking" з 24-ї, він там командир', "Viking"),
    ],
)
def test_a_quoted_latin_nickname_by_the_unit(text: str, piece: str) -> None:
    assert kinds(text).get(piece) == "callsign"


# Readable: a pet's name, the virtue after an emoji, a district after "с" -----------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # a breed, or the spelling "пёс", before "кличка"
        ("Загубився пёс породы лабрадор, кличка Маркиз, рыжий", "Маркиз"),
        ("Пропала хаски, кличка Маркиз, очень добрая", "Маркиз"),
        # a few words between "кличка" and the dash, the collar in the sentence
        (
            "Знайдено кошеня! Біле, з рудою плямою на спині, дуже налякане, сидить у мене вдома "
            "вже другу добу. Кличка на нашийнику — Зірка. Пишіть",
            "Зірка",
        ),
        # a list introduced after the animals are spoken of
        (
            "Our rescue has 6 puppies and 3 kittens waiting for homes 🐾 Meet Pirozhok, Marta "
            "and Bublyk — all healthy.",
            "Marta",
        ),
    ],
)
def test_a_pets_name_stays_readable(text: str, word: str) -> None:
    assert not touched(text, word)


def test_a_person_after_meet_or_a_nickname_is_still_masked() -> None:
    assert not touched("Пропала хаски, кличка Маркиз, очень добрая", "Маркиз")
    assert hidden("Our volunteers are great. Meet Olena, Marta and Ivan!", "Marta")
    assert kinds("Його кличка Маркиз, служив у 72-й").get("Маркиз") == "callsign"


def test_the_virtue_after_an_emoji_stays_readable() -> None:
    assert not touched("Світла знову нема 🙄 Віра в те, що все налагодиться, тане.", "Віра")
    assert hidden("Передайте 🙏 Віра Петрівна чекає на дзвінок", "Віра Петрівна")


def test_a_district_after_from_stays_readable() -> None:
    assert not touched("Отдам стул даром. Самовывоз с Сабирова. Пишите в личку.", "Сабирова")
    assert not touched("Самовывоз с Каирова после шести", "Каирова")
    assert hidden("Самовывоз с Сабирова Ивана", "Сабирова Ивана")
