"""Robustness sets: held-out posts transformed the ways real authors change a post without
changing what it is, for metamorphic tests and ``evaluate_model``.

Every transform keeps a post's label. The lines appended here are not the lines the training
set's augmentation appends (``triage.scoring.augment``): a model that only memorised those would
fail here. Each transform is deterministic (seeded by the post's position), so every run builds
the same sets.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

COUNTER_MESSAGING = (
    "Друзі, не пишіть нічого в коментарях і не робіть репостів: такі дописи читає ворог. "
    "Якщо маєте інформацію, телефонуйте на гарячу лінію Координаційного штабу.",
    "Прохання до всіх: не діліться цим, звертайтеся лише до офіційних органів.",
    "Не репостите это и ничего не пишите в комментариях, звоните на горячую линию Коордштаба.",
    "Please do not repost or comment here; report it to the Coordination Headquarters.",
)
NEUTRAL = (
    "Всім мирного неба над головою.",
    "Бережіть себе і своїх рідних.",
    "Дуже дякую, що дочитали до кінця.",
    "Хорошего всем дня и тихой ночи.",
    "Thanks for reading, stay safe.",
    "Допис оновлено ввечері.",
)
LINKS = (
    "https://t.me/zhytomyr_today/4821",
    "Детальніше: https://suspilne.media/news/",
    "t.me/kharkiv_live",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "Источник: https://t.me/odessa_news/12",
)
HANDLES = ("@kyiv_volonter", "@odesa_info_bot", "пишіть @mykola_k", "@moderator_chata")
EMOJI = ("🔥", "😢", "🇺🇦", "💪🙏", "‼️", "😡😡", "❤️‍🩹", "👇👇👇")
# Latin and other look-alikes an author swaps in for Cyrillic letters, one letter for one.
LOOKALIKES = {
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "х": "x",
    "у": "y",
    "і": "i",
    "к": "k",
    "А": "A",
    "В": "B",
    "Е": "E",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "Х": "X",
}
# Cyrillic written in Latin letters the way people type it (not any one official scheme).
TRANSLIT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "h",
    "ґ": "g",
    "д": "d",
    "е": "e",
    "є": "ye",
    "ж": "zh",
    "з": "z",
    "и": "y",
    "і": "i",
    "ї": "yi",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ю": "yu",
    "я": "ya",
    "ё": "yo",
    "ъ": "",
    "ы": "y",
    "э": "e",
    "'": "",
    "’": "",
}


def _rng(index: int, salt: str) -> random.Random:
    return random.Random(f"{salt}:{index}")  # noqa: S311 - reproducible sets, not a secret


def _append(lines: Sequence[str]) -> Callable[[str, int], str]:
    def transform(text: str, index: int) -> str:
        return f"{text}\n{_rng(index, lines[0]).choice(lines)}"

    return transform


def with_emoji(text: str, index: int) -> str:
    """Emoji after some sentences and at the end, as Telegram posts are written."""
    rng = _rng(index, "emoji")
    out = []
    for piece in text.split(". "):
        out.append(piece + (" " + rng.choice(EMOJI) if rng.random() < 0.5 else ""))
    return ". ".join(out) + " " + rng.choice(EMOJI)


def upper_case(text: str, index: int) -> str:
    return text.upper()


def with_lookalikes(text: str, index: int) -> str:
    """About half of the letters that have a Latin look-alike swapped for it."""
    rng = _rng(index, "lookalike")
    return "".join(LOOKALIKES[c] if c in LOOKALIKES and rng.random() < 0.5 else c for c in text)


def transliterated(text: str, index: int) -> str:
    out = []
    for c in text:
        low = c.lower()
        if low in TRANSLIT:
            latin = TRANSLIT[low]
            out.append(latin.capitalize() if c != low else latin)
        else:
            out.append(c)
    return "".join(out)


# Each transform, and the posts it is applied to: the side where it could fool a model. A
# counter-messaging or friendly line appended to a removal post must not hide it; a link, a
# handle or emoji added to a post that stays must not flag it; look-alike letters and
# transliteration are how spam and solicitations dodge filters; upper case is how both sides
# shout.
TRANSFORMS: dict[str, tuple[Callable[[str, int], str], str]] = {
    "counter_messaging": (_append(COUNTER_MESSAGING), "remove"),
    "neutral_sentence": (_append(NEUTRAL), "remove"),
    "link": (_append(LINKS), "keep"),
    "handle": (_append(HANDLES), "keep"),
    "emoji": (with_emoji, "keep"),
    "upper_case": (upper_case, "both"),
    "lookalikes": (with_lookalikes, "remove"),
    "transliteration": (transliterated, "remove"),
}


def robustness_set(name: str, texts: Sequence[str], labels: Sequence[int]) -> list[str]:
    """The labeled texts with one transform applied to the side it is meant for (1 = remove)."""
    transform, side = TRANSFORMS[name]
    wanted = {"remove": {1}, "keep": {0}, "both": {0, 1}}[side]
    return [
        transform(text, index) if label in wanted else text
        for index, (text, label) in enumerate(zip(texts, labels, strict=True))
    ]
