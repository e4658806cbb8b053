"""Names in the shapes the twenty-seventh and twenty-eighth sets showed missed (issue 12): the
names of evacuees from the south and of diaspora groups abroad. Georgian surnames at a
sentence's start, a surname listed after a town before a first name and patronymic, a first name
in the instrumental after "з"/"с", a diminutive no dictionary knows, "Юрко" and "Влад" (adverbs
in one dictionary only), a name no dictionary knows after a kin word (in Cyrillic or Latin
letters), a maiden name, a list of surnames each with a nickname in quotes, English sign-offs
and the second of two to contact, a verb before a Latin name, a Latin surname alone among
Cyrillic words or with a second surname after a hyphen. Kept readable: a town after "після",
pets called by a diminutive or answering to a name in quotes, a country one travels through,
streets listed after "на вулицях", a country after "с", a virtue after "з". Examples are our
own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        # a Georgian surname where a sentence begins, before a first name no dictionary knows
        ("Шукаємо! Кобахідзе Давіта, 1994 р.н., прошу репост.", "Кобахідзе"),
        ("Терміново! Кікнадзе Давіта, 1990 р.н., зник у серпні.", "Кікнадзе"),
        # a surname after a town and a comma, before a first name and patronymic
        ("Зник під Бахмутом, Русу Віталій Іонович, 1989 р.н.", "Русу"),
        # a first name in the instrumental after "з" / "с"
        ("Хто служив з Юрою в 72-й бригаді, відгукніться.", "Юрою"),
        ("Кто сидел с Юрой в СИЗО Таганрога, отзовитесь", "Юрой"),
        # a diminutive no dictionary knows, where a sentence begins
        ("Про це не знає ніхто. Артемко теж, не кажіть йому.", "Артемко"),
        # a Ukrainian first name only Russian reads as an adverb ("юрко", nimbly)
        ("Юрко з сусіднього будинку поки мовчить, мама плаче.", "Юрко"),
        # and "Влад", which only Ukrainian reads as an adverb ("в лад")
        ("Влад з четвертого поверху шукає, хто бачив його брата.", "Влад"),
        ("Кімната в Брукліні, $900 на місяць. Вайбер +1 (718) 555-0133, Vlad", "Vlad"),
        # a name no dictionary knows after a kin word, in Cyrillic or Latin letters
        ("Его жену Зулейху вызывали на допрос дважды.", "Зулейху"),
        ("Моя донька Мелек зараз у Кракові.", "Мелек"),
        ("Дружина Lenie просить писати лише в особисті.", "Lenie"),
        ("Сестра Zarema дякує всім за репости.", "Zarema"),
        # a maiden name
        ("Шукаємо Бабенко (у дівоцтві Ставраки) Олену, 1950 р.н.", "Ставраки"),
        ("Ищем Ковальчук, в девичестве Теодориди, из Мангуша.", "Теодориди"),
    ],
)
def test_names_of_the_south_and_of_families_abroad(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_the_surname_before_a_first_name_is_not_another_town_of_the_list() -> None:
    text = "Востаннє біля Покровська, Мунтян Ілля Тарасович (позивний Дунай)."
    assert "Мунтян Ілля Тарасович" in pieces(text)
    # (a list of towns stays a list of towns)
    assert not touched("Були в Покровську, Мирнограді, Добропіллі.", "Мирнограді")


def test_a_country_after_with_stays_readable() -> None:
    assert not touched("Сборная сыграла с Израилем вничью.", "Израилем")


def test_with_hope_is_no_companion() -> None:
    # (a virtue in the instrumental after "з" is the word: "with hope", "with faith")
    assert not touched("Живемо з Надією на перемогу, друзі.", "Надією")
    assert not touched("Ми з Вірою в серці чекаємо на обмін.", "Вірою")


def test_a_list_of_surnames_each_with_a_nickname_in_quotes() -> None:
    text = "Були на заводі: Кечеджиєв «Сич», Стоянов «Болгар», Гайдарджи «Тиха»."
    found = pieces(text)
    for name in ("Кечеджиєв", "Стоянов", "Гайдарджи"):
        assert name in found
    for nickname in ("Сич", "Болгар", "Тиха"):
        assert nickname in found


def test_tariffs_in_quotes_are_no_list_of_people() -> None:
    text = "Тарифи: Київстар «Безлім», Водафон «Супер», обидва по 250 грн."
    assert not touched(text, "Водафон")


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Lift needed to the GP surgery Monday, text 07700 900126 – Eleanor", "Eleanor"),
        ("Room in Leeds, £450 all bills included. Call me on 07700 900331 – Maureen", "Maureen"),
    ],
)
def test_an_english_sign_off(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_the_second_of_two_to_contact_before_the_number() -> None:
    text = "Spare sofa bed in Swindon; contact Mark or Bev on 07700 900212 after six."
    assert hidden(text, "Mark")
    assert hidden(text, "Bev")
    assert hidden("Пишіть Олі або Ірі в особисті, вони все знають.", "Ірі")


def test_a_verb_before_a_latin_name_stays_readable() -> None:
    found = pieces("Text Bohdan 437-555-0177 or call Iryna Melnyk after 6.")
    assert "Bohdan" in found
    assert "Iryna Melnyk" in found
    assert "Text Bohdan" not in found
    assert "call Iryna Melnyk" not in found


def test_a_latin_surname_alone_among_cyrillic_words() -> None:
    text = "В документі помилка: Kovalchuk замість Kovalchyk, вже писала в консульство."
    assert hidden(text, "Kovalchuk")
    assert hidden(text, "Kovalchyk")
    # (not a town in English text, nor a station)
    assert not touched("The funeral is at Holy Trinity, then to Kremenchuk.", "Kremenchuk")
    assert not touched("Our train leaves Lviv-Holovnyi station at 8.", "Holovnyi")


def test_a_double_surname_with_a_hyphen() -> None:
    text = "Write to me, Nataliya Koval-Reed, 555-0123, re my brother."
    assert hidden(text, "Nataliya Koval-Reed")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Чоловік після Бахмута, лікується в Ірпені.", "Бахмута"),
        ("Зникла кішечка Лейла, сіра, з білим носиком.", "Лейла"),
        ("Found a small dog near the park, it answers to 'Bella'? Call us.", "Bella"),
        ("Is the road open via Moldova, or do people go through Georgia?", "Georgia"),
        ("Графік: без води на вулицях Садова, Гоголя, Франка.", "Гоголя"),
        ("Графік: без води на вулицях Садова, Гоголя, Франка.", "Франка"),
    ],
)
def test_kept_readable(text: str, word: str) -> None:
    assert not touched(text, word)


def test_a_name_after_a_years_ending_is_no_town() -> None:
    # "2023-м." is the year's ending, not the town's "м."
    assert hidden("Вона поїхала у 2023-м. Люда, коли побачиш, набери мене!", "Люда")


def test_a_surname_after_the_list_of_streets_is_still_a_name() -> None:
    text = "На вулицях Франка, Коваленка Івана бачили двічі."
    assert hidden(text, "Коваленка Івана")
