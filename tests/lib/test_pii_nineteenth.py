"""Personal data in the shapes the nineteenth set showed missed (issue 12): whom a reply in a
thread answers, a first name the writer calls theirs, a short first name signing the post, a
year of birth after a call sign in quotes, and a name after "зовут" beside a call sign that is
also a pet's word. Examples are our own."""

from __future__ import annotations

import pytest

from tests.lib.spans import hidden, touched

# Whom a reply answers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Вера, это не он, у него шрам на щеке.", "Вера"),
        ("Роман, це не той хлопець, у нашого шрам.", "Роман"),
        ("Слава, это уже третий такой пост.", "Слава"),
    ],
)
def test_the_name_a_reply_opens_with(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Віра, надія, любов — три сестри, так бабуся казала.", "Віра"),
        ("Роман, который я дочитал вчера, был о войне.", "Роман"),
    ],
)
def test_a_first_word_that_opens_a_list_or_a_clause_stays_readable(text: str, piece: str) -> None:
    assert not touched(text, piece)


def test_only_the_posts_first_word_answers() -> None:
    # mid-post, a word that is also a thing stays as the rules read it elsewhere
    text = "Дякую всім. Надія, як відомо, помирає останньою."
    assert not touched(text, "Надія")


# A first name the writer calls theirs -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("Нарешті мій Юрко подзвонив, живий!", "Юрко"),
    ],
)
def test_a_first_name_after_a_possessive(text: str, piece: str) -> None:
    assert hidden(text, piece)


@pytest.mark.parametrize(
    ("text", "piece"),
    [("Наша Україна вистоїть.", "Україна"), ("Мій Київ найкращий.", "Київ")],
)
def test_a_place_after_a_possessive_stays_readable(text: str, piece: str) -> None:
    assert not touched(text, piece)


# A short first name signing the post --------------------------------------------------------------


def test_a_short_first_name_signing_the_post() -> None:
    assert hidden("Хто може, закиньте на ліки, картка в коментарях, дякую, Іра", "Іра")


# A year of birth after a call sign in quotes ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [
        ("В их канале: Taras Melnyk «Falcon» 1994, взят под Кринками.", "1994"),
        ("Список: Гнатюк Остап (Граф) 1989 р.н.", "1989"),
    ],
)
def test_a_year_after_a_call_sign_in_quotes(text: str, piece: str) -> None:
    assert hidden(text, piece)


# A pet's word as a call sign ----------------------------------------------------------------------


def test_a_name_after_zovut_beside_a_call_sign_that_is_a_pets_word() -> None:
    text = "позывной Пес, зовут Дима, из Кривого Рога."
    assert hidden(text, "Дима")


def test_a_pets_name_after_zovut_stays_readable() -> None:
    assert not touched("Пропал кот, зовут Барсик, рыжий.", "Барсик")
