"""Call signs and names in the shapes the twenty-ninth set (a fair week across several large
groups) showed missed (issue 12): call signs listed after "позивні" and a verb of hearing before
the colon, a Latin surname alone next in a list of surnames, a name signing off before a
thank-you. Kept readable: a town next in a list of towns. Examples are our own."""

from __future__ import annotations

from tests.lib.spans import hidden, touched


def test_call_signs_heard_and_listed() -> None:
    text = "Біля школи стоять, позивні чули: Грім, Тайфун, вечорами гуляють."
    assert hidden(text, "Грім")
    assert hidden(text, "Тайфун")
    # (the verb is not a call sign)
    assert not touched(text, "чули")


def test_a_latin_surname_next_in_a_list_of_surnames() -> None:
    text = "Their channel lists names: Hrytsenko, Marusyak, Bondarchuk and others."
    assert hidden(text, "Bondarchuk")
    # (a town next in a list of towns stays readable)
    assert not touched("We drove through Odesa, Mykolaiv, Kremenchuk in one day.", "Kremenchuk")


def test_a_sign_off_before_a_thank_you() -> None:
    text = "Потрібна кров для тата, пишіть 097 220 41 18, Іра. Дякую 🙏"
    assert hidden(text, "Іра")
