"""Personal data in the shapes the seventeenth set showed missed (issue 12): a name after a
naming cue written in Latin letters, a first name after a kinship word, an English first name
before a phone number after "contact", a name after "схожий на"; and the words that must stay
readable. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, touched

# A naming cue in Latin transliteration -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Kazhut, shcho joho zvaty Taras, a familiia Bondar, vin z Poltavy.", "Bondar"),
        ("Tam buv odyn, imia Andrii, prizvyshche Tkachenko, z Sum.", "Tkachenko"),
        ("Shukaiemo khloptsia, prizvyshche: Hnatiuk, sluzhyv pid Torezkom.", "Hnatiuk"),
    ],
)
def test_a_name_after_a_latin_naming_cue(text: str, piece: str) -> None:
    assert hidden(text, piece)


# A first name after a kinship word ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Наша сестра Іра поїхала до Варшави з дітьми.", "Іра"),
        ("Його дружина Іра чекає на дзвінок.", "Іра"),
    ],
)
def test_a_first_name_after_a_kinship_word(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_a_kinship_word_takes_its_own_case_only() -> None:
    # whose husband: a surname in the genitive; the sister's name after it is hers
    text = "Муж Сидориной давно за границей, а сестра Іра дома."
    assert not touched(text, "Сидориной")
    assert hidden(text, "Іра")


# An English first name before a phone number -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("need two drivers on Saturday, contact Peter, +44 7700 900123", "Peter"),
        ("For the keys ask for Peter, 0671234567, he is there till six.", "Peter"),
    ],
)
def test_an_english_first_name_before_a_phone(text: str, piece: str) -> None:
    assert hidden(text, piece)


# Whom someone looks like ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("На фото третій зліва дуже схожий на Сашу, але не впевнена.", "Сашу"),
        ("Парень в кепке похож на Диму из нашего подъезда.", "Диму"),
    ],
)
def test_a_first_name_after_looks_like(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_looking_like_a_surname_is_no_first_name() -> None:
    text = "Він схожий на Шевченка з тими вусами, а той схожий на Сашу."
    assert not touched(text, "Шевченка")
    assert hidden(text, "Сашу")


# Words that must stay readable ------------------------------------------------------------------


def test_a_second_street_joined_to_the_first() -> None:
    text = "Ремонт труб на вул. Сковороди та Франка до вечора; на вул. Шевченка і Марія прийшла."
    assert not touched(text, "Франка")
    assert hidden(text, "Марія")


def test_a_price_after_an_adjective_street_is_no_house() -> None:
    text = "Здаю кімнату на Соборній, 9500 + світло, дзвоніть."
    assert not touched(text, "Соборній")


@pytest.mark.parametrize(
    "text",
    [
        "Тримайтеся, не втрачайте Віру, наші повернуться.",
        "Ребята, не теряйте Веру, все будет хорошо.",
    ],
)
def test_faith_kept_is_the_virtue(text: str) -> None:
    word = "Віру" if "Віру" in text else "Веру"
    assert not touched(text, word)


def test_the_wish_after_a_numbered_house_is_no_name() -> None:
    text = "Мама живе на вул. Лісовій, 8. Дай Бог щоб усе обійшлося."
    assert hidden(text, "Лісовій, 8")
    assert not touched(text, "Дай Бог")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Возили обіди в Дергачі, Липці, Стару Криничну і назад.", "Стару Криничну"),
        ("Завтра їдемо в Стару Криничну з хлібом.", "Стару Криничну"),
        ("Роздали пайки в Циркуни, Стару Криничну та Слатине.", "Стару Криничну"),
    ],
)
def test_a_two_word_village_after_in(text: str, place: str) -> None:
    assert not touched(text, place)


def test_a_woman_after_in_stays_a_name_beside_a_village() -> None:
    text = "Передали посилку в Стару Криничну, а Ірину Криничну шукаємо досі."
    assert not touched(text, "Стару Криничну")
    assert hidden(text, "Ірину Криничну")
