"""Personal data in the shapes the sixteenth set showed missed or wrongly masked (issue 12): call
signs listed after the plural cue in any case, ...; and the words that must stay readable.
Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, touched

# Call signs in a list after the plural cue in any case ----------------------------------------


@pytest.mark.parametrize(
    ("text", "signs"),
    [
        ("Бійці з позивними Вовк, Ворон та Грім досі не виходять на зв'язок.", ["Ворон", "Грім"]),
        ("Шукаємо хлопців з позивних Орел і Шаман, 24 бригада.", ["Шаман"]),
        ("Ребята с позывными Шторм и Бобр вышли на связь вчера.", ["Бобр"]),
        ("Нет вестей от бойцов позывных Барс и Тайфун.", ["Тайфун"]),
    ],
)
def test_call_signs_listed_after_a_plural_cue_in_any_case(text: str, signs: list[str]) -> None:
    for sign in signs:
        assert hidden(text, sign), sign


def test_the_plural_cue_starts_a_list_and_the_singular_instrumental_does_not() -> None:
    text = "З позивними Сокіл і Грім вони служать, а він з позивним Док і Харків його не відпускає."
    assert hidden(text, "Грім")
    assert hidden(text, "Док")
    assert not touched(text, "Харків")


# A word alone at the head of a list item, among items that open with names -------------------


def test_a_lone_word_heading_an_item_among_named_items_is_a_surname() -> None:
    text = (
        "Кого впізнала на відео:\n— Гребенюк Тарас, Полтава\n— Романюта, ім'я не чути, 28 бригада\n"
        "— Олег, з Черкас\n— Савчук Ігор Петрович\nБільше нікого."
    )
    assert hidden(text, "Романюта")
    assert not touched(text, "Полтава")


def test_towns_and_things_heading_items_stay_readable() -> None:
    text = (
        "Хто де зараз:\n1. Гребенюк Тарас, Полтава\n2. Житомир, 5 людей\n3. Савчук Ігор\n"
        "4. Ковдри, 20 шт\n5. Голуб — поранений"
    )
    assert hidden(text, "Голуб")
    for word in ("Житомир", "Ковдри"):
        assert not touched(text, word), word


# A first name that is also a thing, called, then spoken to after "якщо", "коли", "пожалуйста"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Дякуємо тій дівчині з аптеки. Віро, якщо побачиш — ти нас врятувала!", "Віро"),
        ("Вчора гуляли в парку. Надія, коли прочитаєш, подзвони мамі.", "Надія"),
        ("Мы уже дома. Любовь, пожалуйста, напиши нам.", "Любовь"),
        ("Спасибо за помощь. Вера, когда увидишь это, набери нас.", "Вера"),
    ],
)
def test_a_first_name_called_then_spoken_to_after_a_conjunction(text: str, name: str) -> None:
    assert hidden(text, name)


def test_the_thing_stays_readable_when_no_one_is_spoken_to() -> None:
    text = "Віко, якщо треба, замінити. Віра, якщо вона є, допоможе. Віро, якщо побачиш, дякую."
    assert not touched(text, "Віко, якщо треба")
    assert not touched(text, "Віра")
    assert touched(text, "Віро, якщо побачиш")


# A town that is also a surname, read by its neighbours ----------------------------------------


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("Он назвался, говорит что из Покровского, 3-я рота.", "Покровского"),
        ("Пленный Олег Гуща, из Троицкого, 110 бригада, просит передать маме.", "Троицкого"),
    ],
)
def test_a_hometown_before_a_unit_stays_readable(text: str, town: str) -> None:
    assert not touched(text, town)


def test_a_town_between_a_time_and_a_cemetery_stays_readable() -> None:
    text = "Прощання в неділю о 13:00, Миколаїв, цвинтар на околиці. Вічна пам'ять Андрію."
    assert not touched(text, "Миколаїв")
    assert hidden(text, "Андрію")


def test_a_surname_or_a_first_name_in_those_places_is_still_masked() -> None:
    for text, piece in [
        ("Парни из Коваленко, 65 бригада", "Коваленко"),
        ("Прощание в 12:00, Андрей, кладбище рядом", "Андрей"),
        ("Прощание в 12:00, Коваленко, кладбище рядом", "Коваленко"),
    ]:
        assert hidden(text, piece), text
    assert not touched("Он из Покровского, 3-я рота.", "Покровского")


# Places and pets that look like people --------------------------------------------------------


def test_the_town_after_an_english_address_stays_readable() -> None:
    text = "He rents 3 Hrushevskoho St, flat 9, Stara Vyzhivka. Go there."
    assert hidden(text, "3 Hrushevskoho St, flat 9")
    assert not touched(text, "Stara Vyzhivka")


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Meet at the shelter on Ivana Franka Ave, Rivne, on Sunday.", "Ivana Franka Ave"),
        ("The pharmacy on Lesi Ukrainky Street is open till nine.", "Lesi Ukrainky Street"),
    ],
)
def test_a_street_named_after_someone_without_a_house_stays_readable(
    text: str, street: str
) -> None:
    assert not touched(text, street)


def test_a_person_before_a_street_word_one_word_later_is_still_masked() -> None:
    text = "Olena lives near Bohdana Khmelnytskoho Ave now; ask Ivana Petrenko."
    assert not touched(text, "Bohdana")
    assert hidden(text, "Olena")
    assert hidden(text, "Ivana Petrenko")


def test_a_mall_named_by_two_words_stays_readable() -> None:
    text = "Lost a phone near Lavina City mall yesterday, ask Nadia Koval at the desk."
    assert not touched(text, "Lavina City")
    assert hidden(text, "Nadia Koval")


def test_the_name_on_a_pets_tag_stays_readable_the_soldiers_does_not() -> None:
    pet = "Хто загубив собаку породи лабрадор? Бігає біля ринку, на жетоні написано «Максим» 🐶"
    assert not touched(pet, "Максим")
    soldier = "Впізнали полоненого з відео. На жетоні написано «Максим», 93 бригада."
    assert hidden(soldier, "Максим")
