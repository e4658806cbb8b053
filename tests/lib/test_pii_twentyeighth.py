"""Numbers, addresses and dates in the shapes the twenty-seventh and twenty-eighth sets showed
missed (issue 12): documents of the countries the diaspora lives in (a UK National Insurance
number, a BRP or passport of two letters and seven digits, a US A-Number, an Irish PPS
number), British, Irish and Canadian postcodes and an American ZIP after its state, an
American street with its direction first, an Irish estate ("… Park"), a Russian or Ukrainian
street's adjective before "бульвар"/"шоссе", a street with no word after a town or "на Победы",
a birth year of the 1920s and 1930s, a birthday's day and month, a list of children with their
birth dates, a unit after "номер части", a Cash App name, a private chat's invite, a call sign in
single quotes. Kept readable: money and tickers after "$", what is counted after a street's
number, a date after one name, a park with no house. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Accountant asked for my NI number, it is JT 48 22 91 C, is that safe?", "JT 48 22 91 C"),
        ("Lost my residence card, the number was ZW3302918, police report done.", "ZW3302918"),
        ("My A-Number is A-301-772-154, the lawyer needs it by Friday.", "A-301-772-154"),
        ("Got my PPS number 7712045KA today, finally can start work.", "7712045KA"),
    ],
)
def test_documents_of_the_host_countries(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Parcels to 9 Elm Grove, LS6 2AW please, not the old flat.", "9 Elm Grove, LS6 2AW"),
        ("Keys can be dropped at 22 Beechwood Park, Lucan, K78 X2F4 after six.", "K78 X2F4"),
        (
            "Keys can be dropped at 22 Beechwood Park, Lucan, K78 X2F4 after six.",
            "22 Beechwood Park",
        ),
        (
            "Sofa free, collect from 455 N Western Ave, Oak Park, IL 60612 today.",
            "455 N Western Ave",
        ),
        ("Sofa free, collect from 455 N Western Ave, Oak Park, IL 60612 today.", "60612"),
        ("Ми тимчасово у Вінніпезі, поштовий код R2W 3K7, листи сюди.", "R2W 3K7"),
        (
            "Її бачили на Шкільному бульварі 14, кв. 9, на першому.",
            "Шкільному бульварі 14, кв. 9",
        ),
        ("Живет на Старокрымском шоссе 12, ходит к ним каждый день.", "Старокрымском шоссе 12"),
        ("Я сейчас в Одессе, Пушкинская 31. Звоните вечером.", "Пушкинская 31"),
        ("У Скадовську на Перемоги 17 живе його мати.", "Перемоги 17"),
    ],
)
def test_addresses_abroad_and_at_home(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Walk in Phoenix Park on Sunday, 2 pm, bring tea.", "Phoenix Park"),
        ("У дворі на Садовій, 4 машини згоріли вночі.", "4 машини"),
        ("Оренда на Перемоги 5 тисяч на місяць, торг.", "Перемоги"),
    ],
)
def test_not_an_address(text: str, word: str) -> None:
    assert not touched(text, word)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Наша бабуся, Олександра Тимофіївна, 1934 року народження, зникла вчора ввечері.", "1934"),
        ("Дедушка 1929 г.р., ходит с палочкой, плохо слышит.", "1929"),
        ("Мами 2-А: у Софійки 12 травня день народження — скидаємось на подарунок.", "12 травня"),
        ("Saturday is Max's birthday — 14 March, the cake is ordered.", "14 March"),
        ("Група на табір: Бондар Ліза 11.05.2015, Ткач Олег 02.10.2014.", "11.05.2015"),
        ("Група на табір: Бондар Ліза 11.05.2015, Ткач Олег 02.10.2014.", "02.10.2014"),
    ],
)
def test_dates_of_birth(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_a_recent_date_after_one_name_is_an_event() -> None:
    assert not touched("Петренко Іван 12.03.2024 прибув додому після обміну.", "12.03.2024")


def test_a_unit_after_the_word_for_its_number() -> None:
    assert hidden("У селі стоять, номер части 52901, техніки багато.", "52901")


def test_a_cash_app_name_but_not_money() -> None:
    text = "Need $2,500 more, send to CashApp $HelpKyivKids or $40 in cash, buy $BTC later."
    assert hidden(text, "$HelpKyivKids")
    assert not touched(text, "$2,500")
    assert not touched(text, "$40")
    assert not touched(text, "$BTC")


def test_a_private_chats_invite() -> None:
    text = "Мене додали в чат за посиланням t.me/+Lm4Zq8XyPw2Ab7Cd, одразу попросили фото."
    assert hidden(text, "t.me/+Lm4Zq8XyPw2Ab7Cd")


def test_a_call_sign_in_single_quotes_without_its_quote() -> None:
    text = "Our neighbour, callsign 'Heron', is still missing near Pokrovsk."
    assert "Heron" in pieces(text)
