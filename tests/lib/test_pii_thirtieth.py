"""Personal data in the shapes the thirtieth set showed missed (issue 12): volunteer groups that
buy equipment for units and the chats of shelled frontline cities. A commander called by a
common noun with no quotes, a nickname in quotes inside brackets after a Latin first name, a
name called before "як" and a verb, a sign-off before a phone at the post's end, a street after
"з"/"с" (from), a unit after "Часть", one's own fundraiser page. Kept readable: a commander of a
unit's word, a town named after someone after "з", a pet by a diminutive in the dative, a region's
administration, a car's make, a share of money. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Комбат Шаман просив передати подяку за тепловізори.", "Шаман"),
        ('Huge thanks! Taras ("Lynx") says the drone already flew twice.', "Lynx"),
        ("Олено, як будете на пошті — наберіть мене.", "Олено"),
        ("Є два акумулятори, віддам за донат. Тьома, 0671928374", "Тьома"),
        (
            "Хто бачив бабу Галю з Гагарина 21? Після обстрілу мовчить.",
            "Гагарина 21",
        ),
        ("Сусід з Садової 14 шукає плівку на вікна.", "Садової 14"),
        ("Заберите с Клочковской 90 вечером.", "Клочковской 90"),
        ("Часть 7027, спасибо за передачу!", "7027"),
        (
            "Our fundraiser: gofundme.com/f/night-eyes-for-kharkiv, every receipt posted.",
            "gofundme.com/f/night-eyes-for-kharkiv",
        ),
        ("Все звіти тут: linktr.ee/oksana.dronefund", "linktr.ee/oksana.dronefund"),
    ],
)
def test_volunteers_and_shelled_cities(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Командир Роти не дозволяє знімати позиції.", "Роти"),
        ("Хлопці з Кропивницького, 25 ОПДБр — тримайтесь!", "Кропивницького"),
        ("Хлопці з Кропивницького, 25 ОПДБр — тримайтесь!", "25 ОПДБр"),
        ("Дякуємо котику Барсику і кицьці Мурці за моральну підтримку 😹", "Мурці"),
        ("Сумська ОВА: нові графіки з понеділка.", "Сумська"),
        ("Ford Ranger з Польщі вже в дорозі.", "Ford Ranger"),
        ("Частина 3000 грн пішла на пальне.", "3000"),
    ],
)
def test_kept_readable(text: str, word: str) -> None:
    assert not touched(text, word)
