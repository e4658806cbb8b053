"""The thirty-second to thirty-fifth sets (issue 12): papers quoted in village, university and
occupied towns' chats, Russian documents, a student's hostel room, a farmstead, a street right
after "живе", a Toronto street's direction, private Viber and GitHub links; readable: roles
before a name, a хутір's and a prison's town, a parrot. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, pieces, touched


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Тато оформлював пенсійне посвідчення № 5530128, досі не видали", "5530128"),
        ("Моє пенсійне 7712045 лежить у сестри", "7712045"),
        ("Знайшли студентський квиток ХА 40718265 біля їдальні", "ХА 40718265"),
        ("Загубила заліковку № 19-3302, хто бачив?", "19-3302"),
        ("Продаю рушницю, дозвіл № 2231/21-КР переоформимо", "2231/21-КР"),
        ("Selling a rifle, firearms permit no. LV-4410273, collect in Lviv", "LV-4410273"),
        ("Газ відключили, особовий рахунок 40211876543, а я все сплатила", "40211876543"),
        ("У свекрухи полис ОМС 7720 3318 0044 1952, что с ним делать", "7720 3318 0044 1952"),
        ("Сказали принести СНИЛС 083-016-613 36 и паспорт", "083-016-613 36"),
        ("номер оружия 5521-ТК в розыске", "5521-ТК"),
        (
            "Ділянка в Макарові, кадастровий 3222755100:04:011:0093, терміново",
            "3222755100:04:011:0093",
        ),
        ("Свидетельство на землю, номер 3222755100:04:011:0093", "3222755100:04:011:0093"),
        ("Хто знає, студент КВ 30917244 відрахований?", "КВ 30917244"),
    ],
)
def test_a_papers_number_is_hidden(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    "text",
    [
        "Пенсійне 3400 грн, а за газ 1200",
        "пенсійне посвідчення видали 2023 року",
        "дозвіл на 2000 грн у місяць",
        "Номер заявки пришлю пізніше",
        "кадастровий номер є в документах",
    ],
)
def test_an_amount_or_a_year_after_a_papers_word_stays_readable(text: str) -> None:
    assert pieces(text) == []


def test_a_snils_by_its_shape_only_when_its_check_holds() -> None:
    assert hidden("старый номер 526-018-159 61 у мамы", "526-018-159 61")
    assert not touched("артикул 526-018-159 62 на коробке", "526-018-159 62")


def test_a_russian_tax_number_anywhere_when_its_check_digits_hold() -> None:
    assert hidden("Дали мне бумагу, там 186091390952, что это", "186091390952")
    assert hidden("ІНН РФ 960308246200 у нього є", "960308246200")
    assert not touched("Трек-номер 186091390953 на посилці", "186091390953")


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Шукаю сусідку, гуртожиток № 4, кімн. 218, недорого", "гуртожиток № 4, кімн. 218"),
        ("Хто з 3-й общаги, комн. 405 — заберіть посилку", "3-й общаги, комн. 405"),
        ("Parcel for dorm 2 room 114, please collect", "dorm 2 room 114"),
        ("Бабця на хуторі, садиба 11, а телефону нема", "садиба 11"),
        ("Мама живе Вишнева 14, сама не ходить", "Вишнева 14"),
        ("Drop the boxes at 220 Dundas St E, apt 3, thanks", "220 Dundas St E, apt 3"),
    ],
)
def test_a_room_a_farmstead_or_a_street_is_hidden(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_a_hostel_without_a_room_and_an_age_after_lives_stay_readable() -> None:
    assert pieces("Вахтерка в гуртожитку №2 знову свариться") == []
    assert not touched("У нас живе Оксана, 35 років, з Бучі", "35 років")


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Мій код тут: github.com/oles-trach, пишіть", "github.com/oles-trach"),
        (
            "Заходьте в спільноту invite.viber.com/?g2=AQZt81Lp0qWs і пишіть",
            "invite.viber.com/?g2=AQZt81Lp0qWs",
        ),
    ],
)
def test_a_developers_profile_and_a_private_viber_invite_are_hidden(text: str, piece: str) -> None:
    assert hidden(text, piece)


def test_a_projects_page_on_github_stays_readable() -> None:
    text = "Бібліотека тут: https://github.com/psf/requests/issues/12, читайте"
    assert not touched(text, "github.com/psf/requests")


@pytest.mark.parametrize(
    ("text", "role", "name"),
    [
        ("Хазяйка Ніна Степанівна здає кімнату", "Хазяйка", "Ніна Степанівна"),
        ("Староста курсу — Марта Ковальчук", "Староста", "Марта Ковальчук"),
    ],
)
def test_a_role_before_a_name_stays_readable(text: str, role: str, name: str) -> None:
    assert hidden(text, name)
    assert not touched(text, role)


def test_a_role_alone_stays_readable() -> None:
    assert pieces("Коменданту написали ще вчора") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Бабуся живе на хуторі Соловйов Яр, дороги нема", "Соловйов Яр"),
        ("Кажуть, тримають у СІЗО Курська, хто чув?", "Курська"),
        ("Втік папуга Гоша, сірий, на Оболоні", "Гоша"),
        ("Пропал попугай Кузя, синий", "Кузя"),
    ],
)
def test_a_farm_a_prisons_town_and_a_parrot_stay_readable(text: str, place: str) -> None:
    assert not touched(text, place)


def test_a_full_name_after_a_farms_name_is_hidden() -> None:
    text = "Орендар хутора Липки Степан Гудзь поїхав до міста"
    assert hidden(text, "Степан Гудзь")


def test_a_snils_whose_weighted_sum_is_101_has_the_check_00() -> None:
    # 1*9 + 4*8 + 1*7 + 1*6 + 4*5 + 1*4 + 7*3 + 0*2 + 2*1 = 101: its check is "00".
    assert hidden("Номер СНИЛС у неё 141-141-702 00, подскажите", "141-141-702 00")
    assert hidden("старый номер 141-141-702 00 у мамы", "141-141-702 00")
    assert not touched("артикул 141-141-702 01 на коробке", "141-141-702 01")
