"""The thirty-sixth to thirty-eighth sets (issue 12): hospital wards, medical cards and ВЛК
certificates, a criminal case's register number, a Hungarian identity card; Hungarian, Slovak
and Romanian names in Latin letters; a street named by a first name and a surname after "на"; a
nickname named again in another case after "кличка". Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Син лежить у палаті 14 травматології, можна провідати", "палаті 14"),
        ("Передайте передачу в 215 палату, третій поверх", "215 палату"),
        ("Он в палате № 7, к нему пускают с двух", "палате № 7"),
    ],
)
def test_a_wounded_soldiers_ward_is_hidden(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_a_count_of_people_in_a_ward_stays_readable() -> None:
    assert pieces("У палаті нас було 6, тепер троє") == []


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("У медичній карті № 30418/23 нема запису про контузію", "30418/23"),
        ("в карточке № 5531/К ошиблись с диагнозом", "5531/К"),
        ("Довідка ВЛК № 2207 загубилась на пошті", "2207"),
        ("Кримінальне провадження № 12023110000000342, суд у березні", "12023110000000342"),
        ("Номер в реєстрі 42024000000001123, хто знає адвоката?", "42024000000001123"),
        ("Személyi igazolvány, ID: 884213KL, elveszett", "884213KL"),
    ],
)
def test_a_patients_or_a_defendants_number_is_hidden(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Keresem Szabó Lászlót, Munkácsról, nincs hír róla", "Szabó Lászlót"),
        ("Hľadáme Jozefa Baláža, slúžil pri Bachmute", "Jozefa Baláža"),
        ("Pentru informații sunați la Vasile Ciobanu, Cernăuți", "Vasile Ciobanu"),
        ("Телефон +40 744 100 200 (Ion), пишіть", "Ion"),
    ],
)
def test_a_hungarian_slovak_or_romanian_name_is_hidden(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_latin_words_that_only_begin_like_those_names_stay_readable() -> None:
    assert pieces("Ionic columns and the Ionosphere, said Dr. Brown's lecture") == []


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Машина стоїть на Івана Франка 21 третій день", "Івана Франка 21"),
        ("Гуманітарку видають на Героїв Майдану 3, приходьте", "Героїв Майдану 3"),
    ],
)
def test_a_street_named_by_a_first_name_and_a_surname_after_na_is_hidden(
    text: str, piece: str
) -> None:
    assert hidden(text, piece)


def test_a_name_and_a_duration_after_na_are_no_street() -> None:
    text = "Чекали на Петра Іванова 5 годин під дверима"
    assert hidden(text, "Петра Іванова")
    assert not touched(text, "5 годин")


def test_a_nickname_said_after_its_cue_is_hidden_in_its_other_cases() -> None:
    text = "Хто бачив Вихора? Прізвисько «Вихор», служив у 24-й"
    assert hidden(text, "Вихора")
    assert hidden(text, "«Вихор»".strip("«»"))


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Found a backpack by the station. Name: Adaeze Nwosu, call me", "Adaeze Nwosu"),
        ("Hello, my name is Kwame Mensah and I teach English online", "Kwame Mensah"),
        ("Prayers led by Father Bohdan Sivyi after the service", "Bohdan Sivyi"),
    ],
)
def test_a_latin_name_after_the_words_that_say_so_is_hidden(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_the_title_before_the_name_and_father_christmas_stay_readable() -> None:
    text = "Prayers led by Father Bohdan Sivyi after the service"
    assert not touched(text, "Father")
    assert pieces("Father Christmas visits the shelter on Sunday") == []


def test_a_months_abbreviation_before_a_day_is_no_slovak_name() -> None:
    text = "Stretnutie Jan 15 v kaviarni, Ľuboš príde neskôr"
    assert not touched(text, "Jan 15")
    assert hidden(text, "Ľuboš")
