"""Personal-data and risk signals: every form the masking and redaction rely on."""

from __future__ import annotations

import pytest

from triage.lib.pii import PERSONAL_KINDS, find_signals, mask_text, personal_signals


def kinds(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s in find_signals(text):
        out.setdefault(s.kind, []).append(s.text)
    return out


@pytest.mark.parametrize(
    "phone",
    [
        "+380 67 123 45 67",
        "+380671234567",
        "0671234567",
        "067-123-45-67",
        "(067) 123 45 67",
        "067 123 4567",
        "8 067 123 45 67",
        "+7 912 345-67-89",
        "00380671234567",
        "+48 512 345 678",
    ],
)
def test_phone_numbers_in_many_formats(phone):
    found = kinds(f"Дзвоніть мамі: {phone}, будь ласка")
    assert found.get("phone"), phone
    assert phone.strip("(") in found["phone"][0] or found["phone"][0] in phone


@pytest.mark.parametrize(
    "not_phone", ["2024", "1 000 000 грн", "12.03.2024", "93 ОМБр", "ID 12345"]
)
def test_ordinary_numbers_are_not_phones(not_phone):
    assert "phone" not in kinds(f"Звіт: {not_phone} дякуємо")


def test_card_numbers_need_a_valid_luhn_checksum():
    assert kinds("Картка 4149 4393 1234 5675")["card"] == ["4149 4393 1234 5675"]
    assert kinds("monobank 5375411234567894")["card"]
    assert "card" not in kinds("Номер 4149 4393 1234 5676")  # checksum off by one


@pytest.mark.parametrize(
    "unit",
    [
        "в/ч А1234",
        "В/Ч А-1234",
        "в\\ч 1234",
        "військова частина А7021",
        "воинская часть 12345",
        "v/ch A7021",
        "military unit A1234",
        "А4321",
    ],
)
def test_military_unit_numbers(unit):
    assert kinds(f"Служить у {unit}, третя рота").get("unit"), unit


@pytest.mark.parametrize(
    "text",
    ["позивний Грім", "Позивний: «Сокіл»", "позывной Медведь", "call sign Hawk"],
)
def test_call_signs(text):
    assert kinds(f"Наш побратим, {text}, не виходить на зв'язок")["callsign"]


@pytest.mark.parametrize(
    "text",
    [
        "1991 р.н.",
        "1994 г.р.",
        "12.03.1994 р.н.",
        "дата народження: 05.11.1988",
        "born in 1990",
        "03/07/1985",
    ],
)
def test_dates_of_birth(text):
    assert kinds(f"Іван, {text}, з Полтави")["dob"], text


def test_recent_dates_are_not_dates_of_birth():
    assert "dob" not in kinds("Обмін відбувся 12.03.2024, повернулися 90 захисників")


def test_handles_and_profile_links():
    found = kinds("Пишіть @petro_ivanenko або t.me/olena_k, instagram.com/someone_here")
    assert "@petro_ivanenko" in found["handle"]
    assert any("olena_k" in h for h in found["handle"])
    assert "handle" not in kinds("email me at help@example.org")


def test_invite_links_are_links_not_handles():
    found = kinds("Канал: https://t.me/+AbCdEf123 і t.me/joinchat/xyz")
    assert "handle" not in found
    assert len(found["link"]) == 2


@pytest.mark.parametrize(
    "address",
    [
        "вул. Шевченка, 15",
        "вулиця Івана Франка 3а",
        "ул. Ленина, д. 5, кв. 12",
        "просп. Перемоги 40/2",
        ["12", "Baker street"][1] + " 12",
    ],
)
def test_street_addresses(address):
    assert kinds(f"Живе: {address}, третій поверх").get("address"), address


def test_crypto_wallets():
    found = kinds(
        "USDT TRC20: TXYZabcdefghijkmnopqrstuvwxyz12345 "
        "BTC bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh "
        "ETH 0x52908400098527886E0F7030069857D2E4169EE7"
    )
    assert len(found["crypto"]) == 3
    assert "card" not in found


def test_names_only_near_relative_or_captive_words():
    assert kinds("Мій син Олег Коваль потрапив у полон")["name_near_relative"] == ["Олег Коваль"]
    assert kinds("Шукаємо Петра Іваненка з Полтавщини")["name_near_relative"] == ["Петра Іваненка"]
    assert kinds("My husband Andrew Brown is missing")["name_near_relative"] == ["Andrew Brown"]
    assert "name_near_relative" not in kinds("Концерт Олега Винника у Палаці Спорту")
    assert "name_near_relative" not in kinds("Слава Україні! Героям слава!")


def test_calls_to_share_and_comment_and_warning_cues():
    found = kinds("Хто впізнає, пишіть у коментарях! Поширте максимально!")
    assert found["share_call"]
    assert found["comment_call"]
    warning = kinds("Не поширюйте такі дописи і не коментуйте, пишіть у Коордштаб.")
    assert warning["warning_cue"]
    # "не поширюйте" is a warning, not a call to share.
    assert "share_call" not in warning
    assert kinds("Please don't share this, contact the Coordination Headquarters")["warning_cue"]


def test_masking_hides_every_personal_kind_and_keeps_the_rest():
    text = (
        "Шукаємо Петра Іваненка, в/ч А1234, позивний Грім, 12.03.1994 р.н., "
        "тел. +380 67 123 45 67, @petro_ivanenko, вул. Шевченка, 15. Пишіть у коментарях!"
    )
    masked = mask_text(text, personal_signals(text))
    for secret in [
        "Петра Іваненка",
        "А1234",
        "Грім",
        "12.03.1994",
        "123 45 67",
        "petro_ivanenko",
        "Шевченка",
    ]:
        assert secret not in masked
    assert "Пишіть у коментарях!" in masked
    assert "•••• (phone)" in masked
    assert mask_text(text, personal_signals(text), reveal=True) == text
    assert {s.kind for s in personal_signals(text)} <= PERSONAL_KINDS


def test_lookalike_and_noise_do_not_break_detection():
    assert kinds("тел.: +38О 67 123 45 67")  # Cyrillic О in the number: no crash
    assert kinds("") == {}
    assert kinds("\x00\u202e+380671234567\u202c")["phone"]


@pytest.mark.parametrize(
    "hostile",
    [
        "1 " * 200_000,
        "a" * 1_000_000,
        "@" * 100_000 + "x",
        ("Іван " * 50_000) + "син",
        "вул. " * 50_000,
        "0" * 500_000,
        "(" * 100_000 + "067" * 1000,
    ],
)
def test_hostile_input_is_scanned_without_blowing_up(hostile):
    # Linear patterns only: these finish (the suite's own timeout would catch a hang).
    signals = find_signals(hostile)
    assert isinstance(signals, list)
    assert all(0 <= s.start < s.end <= len(hostile) for s in signals)


OVERLAP = "син Петренко Іван, позивний Сокіл Коваль Андрій"


def test_overlapping_personal_data_is_masked_as_a_whole_everywhere():
    """A call sign and a name that overlap: the mask covers both, with no visible tail."""
    from triage.lib.masking import redact_text
    from triage.lib.rendering import personal_spans, render_text

    for masked in (
        redact_text(OVERLAP),
        mask_text(OVERLAP, find_signals(OVERLAP)),
        str(render_text(OVERLAP, masks=personal_spans(OVERLAP))),
    ):
        for secret in ("Петренко", "Іван", "Сокіл", "Коваль", "Андрій"):
            assert secret not in masked, masked


@pytest.mark.parametrize(
    "profile",
    [
        "facebook.com/ivan.petrenko.1990",
        "https://www.facebook.com/ivan.petrenko.1990",
        "https://m.facebook.com/profile.php?id=100012345678",
        "fb.com/olena.kovalenko",
    ],
)
def test_facebook_profiles_are_handles(profile):
    text = f"його сторінка {profile} — пишіть"
    assert [s.kind for s in personal_signals(text)] == ["handle"]
    assert "petrenko" not in mask_text(text, find_signals(text))


def test_facebook_group_and_post_links_are_not_people():
    text = "https://www.facebook.com/groups/gooddeeds/posts/123 і facebook.com/permalink.php?x=1"
    assert not [s for s in personal_signals(text) if s.kind == "handle"]
