"""Personal data as people really type it (issue 12, the twelfth set's shapes): text copied from
screenshots with OCR look-alikes, documents, dates of birth, addresses and phones in informal
shapes, links; and the readable words that must stay readable. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched

# OCR look-alikes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Список з фото: Мельничу0к Р0ман Петрович, 3 рота", "Мельничу0к Р0ман Петрович"),
        ("ВІДОМІСТЬ: ТКАЧ0 0ЛЕГ та інші", "ТКАЧ0 0ЛЕГ"),
        ("переказ на картку, отримувач Гуменюк 0.В., терміново", "Гуменюк 0.В."),
        ("у списку є Паламар l.П. з Рівного", "Паламар l.П."),
        ("Петрук С.С. 2З.11.2ОО4 — зник", "2З.11.2ОО4"),
        ("народилася 1О.О3.9О, дзвоніть", "1О.О3.9О"),
        ("Петрук С.С. пасп. КВ 4З1О98", "КВ 4З1О98"),
    ],
)
def test_ocr_lookalikes_are_read_by_their_neighbours(text, piece):
    assert hidden(text, piece), pieces(text)


def test_ocr_folding_leaves_ordinary_words_and_numbers():
    for text in ("Зібрали 12 ООО грн до 18:ОО", "ТОВ «ОЗОН» 2024 року", "Сто0 одиниць"):
        assert pieces(text) == [], text


# Documents ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Загубила ID-картку, номер 002 518 733, поверніть будь ласка", "002 518 733"),
        ("ID 003-441-209, РНОКПП потім скину", "003-441-209"),
        ("Her passport number is C91726604, the consulate knows", "C91726604"),
        ("Passport No. E83306127 (Poland)", "E83306127"),
    ],
)
def test_documents_in_informal_shapes(text, piece):
    assert hidden(text, piece), pieces(text)


def test_three_groups_of_three_digits_without_a_document_word_stay_readable():
    assert pieces("Зібрали вже 001 000 500 гривень, дякуємо всім") == []
    assert pieces("Model A12345678 is in stock") == []


# Dates of birth -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Анкета: дата народження 17.XI.1986, місто Суми", "17.XI.1986"),
        ("Missing soldier, DOB 14 Feb 1993, last seen near Siversk", "14 Feb 1993"),
        ("He was born Sept. 3, 1990 in Lviv", "Sept. 3, 1990"),
        ("Шукаємо Тараса, д.н. 05 / 11 / 97, пишіть", "05 / 11 / 97"),
        ("Список:\nГуменюк Р.О. — 3.9.88\nМостовий Л.Л. — 2.4.01", "3.9.88"),
        ("Список:\nГуменюк Р.О. — 3.9.88\nМостовий Л.Л. — 2.4.01", "2.4.01"),
    ],
)
def test_dates_of_birth_in_informal_shapes(text, piece):
    assert hidden(text, piece), pieces(text)


def test_a_recent_short_date_after_a_name_is_an_event():
    assert not touched("Гуменюк Р.О. — 3.9.23 вийшов на зв'язок", "3.9.23")


# Phones ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("пишіть 097 ➡️ 441 ➡️ 20 ➡️ 07 тільки вайбер", "097 ➡️ 441 ➡️ 20 ➡️ 07"),
        ("тел 050🔥318🔥44🔥96", "050🔥318🔥44🔥96"),
        ("дзвоніть + 3 8 0 9 5 2 2 0 4 4 1 7 в будь-який час", "+ 3 8 0 9 5 2 2 0 4 4 1 7"),
    ],
)
def test_phones_with_symbols_or_spaces_between_digits(text, piece):
    assert hidden(text, piece), pieces(text)


def test_times_and_dates_with_arrows_are_not_phones():
    assert pieces("Зміна 08:00 → 14:00 → 20:00, графік 12.03 → 19.03") == []


# Links and wallets ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("напишіть мені в месенджер m.me/oksana.lytvyn.21 будь ласка", "m.me/oksana.lytvyn.21"),
        (
            "Збір на викуп, USDT TRC20: TQ5vN8kR2mW0pX7aZ3cB9dL4eF6gH1jK2s.",
            "TQ5vN8kR2mW0pX7aZ3cB9dL4eF6gH1jK2s",
        ),
    ],
)
def test_messenger_links_and_hand_copied_wallets(text, piece):
    assert hidden(text, piece), pieces(text)


def test_a_long_token_starting_with_t_is_no_wallet_without_a_coin_named():
    assert pieces("session=TQ5vN8kR2mW0pX7aZ3cB9dL4eF6gH1jK2s expired") == []


# Addresses with no street word ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Він живе на Вербова 7/31, машина чорна", "Вербова 7/31"),
        ("Дані: Мирон Гнатів, Рівне, Соборна 120/4", "Соборна 120/4"),
        ("Her father lives at Lisova 3/7 near Irpin", "Lisova 3/7"),
        ("мати на Марка Вовчка 3, кв. 8, другий поверх", "Марка Вовчка 3, кв. 8"),
        ("живуть на Героїв праці Донбасу 15, кв. 40 — знайдіть", "Героїв праці Донбасу 15, кв. 40"),
    ],
)
def test_addresses_with_no_street_word(text, piece):
    assert hidden(text, piece), pieces(text)


@pytest.mark.parametrize(
    "text",
    [
        "Підтримка: 24/7, пишіть",
        "Рахунок матчу, Динамо 2/3 у серії пенальті",
        "Дедлайн: Травня 12/5 не пізніше",
        "Виконано на 3/4, лишилось трохи",
        "Результат: Так 2/3 голосів",
        "Рейтинг, Відмінно 5/5 від читачів",
        "Ми отримали, Ура 10/10",
        "Ukraine 3/4 done",
    ],
)
def test_fractions_and_schedules_are_not_addresses(text):
    assert [p for p in pieces(text) if "/" in p] == [], pieces(text)


# Readable words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Завтра свято Віри, Надії, Любові та матері їхньої Софії, вітаємо!", "Віри"),
        ("Завтра свято Віри, Надії, Любові та матері їхньої Софії, вітаємо!", "Любові"),
        ("Завтра свято Віри, Надії, Любові та матері їхньої Софії, вітаємо!", "Софії"),
        (
            "Поздравляем с праздником! Сегодня праздник Веры, Надежды, Любви и матери их Софии",
            "Надежды",
        ),
        ("Ми чекаємо. Віра сильніша за страх.", "Віра"),
        ("Христос воскрес! Воістину воскрес!", "Христос"),
        ("Вітаю з Різдвом Христовим, рідні", "Христовим"),
        ("Важкі бої, Лиманський напрямок, тримаються", "Лиманський"),
        ("Колони йдуть у бік Бахмута щоранку", "Бахмута"),
        ("В селе Новая Водолага открыли школу", "Новая Водолага"),
        ("На концерті Марія заспівала «Марічку», всі плакали", "Марічку"),
        ("Читаем «Старик и Море» в клубе по средам", "Старик и Море"),
        ("Дивились «Кайдашеву сім'ю» та «Тіні і Світло»", "Тіні і Світло"),
        ("Загубився пес на ім'я Бублик, рудий", "Бублик"),
        ("У четвер обговорюємо «Марусю» Шкляра, приходьте", "Марусю"),
    ],
)
def test_readable_words_stay_readable(text, word):
    assert not touched(text, word), pieces(text)


def test_names_beside_the_readable_shapes_are_still_names():
    assert hidden("Віра Коваленко пише, що Віра сильна", "Віра Коваленко")
    assert hidden("Вітаю з днем народження, Софія Мельник", "Софія Мельник")
    assert hidden("«Сергій і Оля» — так підписано, а Сергій Бондар мовчить", "Сергій Бондар")


def test_a_surname_after_a_rank_in_the_instrumental_or_in_quotes():
    text = "Дзвонив чоловік, назвався «капітаном Коваленко з військової прокуратури»"
    assert hidden(text, "Коваленко"), pieces(text)
    text = "представился следователем Мороз и требовал деньги"
    assert hidden(text, "Мороз"), pieces(text)


def test_a_transliterated_place_after_a_preposition_is_no_name():
    text = "ya z Bila Tserkva, shukayu brata"
    assert not touched(text, "Bila Tserkva"), pieces(text)
    text = "we drove from Nova Kakhovka yesterday"
    assert not touched(text, "Nova Kakhovka"), pieces(text)
    text = "a message from Ivan Moroz came today"
    assert hidden(text, "Ivan Moroz"), pieces(text)


def test_the_readable_shapes_leave_people_named_beside_them():
    text = "Петро Ковальський участвовал в обмене"
    assert hidden(text, "Петро Ковальський"), pieces(text)
    text = "Листівку підписано «Сергій і Оля», більше нічого"
    assert hidden(text, "Сергій"), pieces(text)
    assert hidden(text, "Оля"), pieces(text)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("у списку 3інченко 0лег, 2 рота", "3інченко 0лег"),
        ("передайте 1рині Ткачук, вона чекає", "1рині Ткачук"),
        ("д.н. 3 жовт. 1990, дзвоніть мамі", "3 жовт. 1990"),
        ("родился 5 сент. 1988 в Харькове", "5 сент. 1988"),
        ("Passport No. FX1234567, issued in Warsaw", "FX1234567"),
    ],
)
def test_more_lookalikes_abbreviated_months_and_passports(text, piece):
    assert hidden(text, piece), pieces(text)


def test_digits_beside_digits_are_a_number_not_a_word():
    assert pieces("Зібрали 300грн, пройшли 10км за 3дні") == []
