"""Lines anyone can add to a post without changing what it is: the training set gets copies of
posts with one of them appended, on both sides, so that none of them decides a score alone.

An author who appends "don't share, write to the Coordination HQ" to a solicitation must not
hide it, and an ordinary post with a link, a handle, a greeting or emoji must not become a
removal. Each line is written for this project.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

COUNTER_MESSAGING = (
    "Не поширюйте такі дописи і не коментуйте: пишіть до Координаційного штабу з питань "
    "поводження з військовополоненими.",
    "Будь ласка, не коментуйте і не репостіть, звертайтеся на гарячу лінію Коордштабу.",
    "Не распространяйте и не комментируйте, обращайтесь в Координационный штаб.",
    "Don't share or comment; contact the Coordination Headquarters instead.",
    "Не поширюйте особисті дані, ворог читає коментарі.",
)
NEUTRAL = (
    "Гарного всім дня!",
    "Доброго ранку всім ☕",
    "Дякую, що читаєте.",
    "Всем хорошего вечера!",
    "Спасибо за внимание.",
    "Have a nice day, everyone.",
    "Оновлення: дякую всім за відповіді.",
    "Хто зможе — підтримайте лайком.",
    "Слава Україні!",
    "P.S. Вибачте за помилки, пишу з телефону.",
)
FORMATTING = (
    "https://t.me/kyiv_dopomoga",
    "t.me/nashe_misto_news",
    "https://www.facebook.com/groups/dobrispravy",
    "@admin_grupy",
    "@news_bot",
    "❤️❤️❤️",
    "🙏🙏",
    "👍😊",
    "!!!",
    "Подписывайтесь на канал ❤️ t.me/moscow_live",
)
APPENDABLE = COUNTER_MESSAGING + NEUTRAL + FORMATTING


def with_appended_lines(
    texts: Sequence[str], *, share: float, seed: int = 7
) -> list[tuple[int, str]]:
    """(index, new text) for about ``share`` of the texts, each with one line appended."""
    rng = random.Random(seed)  # noqa: S311 - a fixed, reproducible choice, not a secret
    out = []
    for index, text in enumerate(texts):
        if rng.random() < share:
            out.append((index, f"{text}\n{rng.choice(APPENDABLE)}"))
    return out
