"""Personal data in the shapes the twentieth set showed missed or over-masked (issue 12): a card
whose groups are set apart by slashes, a street with no street word after "адреса", a first
name after a possessive in another case, someone told to do something with no comma in a chat;
and kept readable, a lane after "пров.", a page named in quotes, a floor after a street. Examples
are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, touched

# A card with slashes, underlines or dots between its groups ---------------------------------------


@pytest.mark.parametrize(
    "card", ["4149/4391/0000/1118", "4149_4391_0000_1118", "4149.4391.0000.1118"]
)
def test_a_card_with_other_separators(card: str) -> None:
    assert hidden(f"Скидайте на карту {card}, дякуємо всім!", card)


def test_sixteen_digits_that_fail_luhn_stay_readable() -> None:
    assert not touched("Номер заявки 1234/5678/9012/3456, чекайте.", "1234/5678/9012/3456")


# A street with no street word after "адреса" ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Забрати речі можна за адресою Гоголя, 17, після шостої.", "Гоголя, 17"),
        ("Наша адреса: Садова 4/2, кв. 8, дзвоніть у домофон.", "Садова 4/2, кв. 8"),
    ],
)
def test_a_street_after_the_word_address(text: str, piece: str) -> None:
    assert hidden(text, piece)


# A floor is not a house ---------------------------------------------------------------------------


def test_a_floor_after_a_street_stays_readable() -> None:
    text = "Здається офіс, вул. Героїв Праці, 3-й поверх, 40 м², без комісії."
    assert not touched(text, "3-й поверх")


# A first name after a possessive in another case --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Вічна пам'ять нашому Андрію, він був найкращим.", "Андрію"),
        ("Передайте моїй Олі, що я дзвонив.", "Олі"),
        # a name's case a dictionary reads only as a place's
        ("Передайте нашему Юре, что мы ждём.", "Юре"),
    ],
)
def test_a_first_name_after_an_oblique_possessive(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Слава нашому Києву і всім, хто його боронить.", "Києву"),
        ("Дякуємо нашій Полтаві за підтримку.", "Полтаві"),
        ("Учасники нашого Телеграм-чату зібрали гроші.", "Телеграм"),
        ("Орбита нашей Солнечной системы вытянута.", "Солнечной"),
    ],
)
def test_a_place_or_a_thing_after_a_possessive_stays_readable(text: str, piece: str) -> None:
    assert not touched(text, piece)


# Told to do something, with no comma --------------------------------------------------------------


def test_a_first_name_that_is_also_a_word_told_to_do_something() -> None:
    assert hidden("Марина: Слава не пиши йому, це шахрай", "Слава")


def test_a_first_name_that_is_also_a_word_before_a_statement_stays_readable() -> None:
    assert not touched("Віра не вмирає, поки ми разом.", "Віра")


# A lane, a page -----------------------------------------------------------------------------------


def test_a_lane_after_its_abbreviation_stays_readable() -> None:
    assert not touched("Не буде води: пров. Миргородський, вул. Садова.", "Миргородський")


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Сторінка «Сумські зрадники» викладає фото наших людей.", "Сумські"),
        # (a place's adjective that is also a surname)
        ("Хтось завів сторінку «Полтавські ждуни» і постить фото.", "Полтавські"),
        ("Паблик «Харьковские новости» снова врёт.", "Харьковские"),
    ],
)
def test_a_page_named_in_quotes_stays_readable(text: str, piece: str) -> None:
    assert not touched(text, piece)


# The first surname of a list at a sentence's start ------------------------------------------------


def test_the_first_surname_of_a_list_at_a_sentences_start() -> None:
    # (a surname no dictionary knows, which mid-sentence its ending alone would make one)
    text = "Их взяли под Бахмутом. Ивасюк, Гайдамака, Лозинский, Мороз теперь у них."
    assert hidden(text, "Ивасюк")


def test_a_place_at_the_head_of_a_list_of_names_stays_readable() -> None:
    text = "Київ, Гайдамака, Лозинський — ось хто їхав тим автобусом."
    assert not touched(text, "Київ")


# A flat's number alone ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Хто з третього під'їзду? Кв. 56 знову топить, ніхто не відчиняє.", "Кв. 56"),
        ("Живу на Сонячній, 12. Якщо що, кв 7, дзвоніть.", "кв 7"),
    ],
)
def test_a_flats_number_beside_a_house_or_an_entrance(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Продам у цьому будинку кв 45 м2, без ремонту.", "45"),
        ("Здам квартиру 2 кімнати в будинку біля парку.", "2 кімнати"),
        ("Кв. 56 знову без світла?", "56"),  # no house, no entrance: a number alone
    ],
)
def test_a_flats_size_or_a_number_with_no_house_stays_readable(text: str, piece: str) -> None:
    assert not touched(text, piece)
