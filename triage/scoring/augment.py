"""Lines anyone can add to a post without changing what it is: the training set gets copies of
posts with one of them appended, on both sides, so that none of them decides a score alone.

An author who appends "don't share, write to the Coordination HQ" to a solicitation must not
hide it, and an ordinary post with a link, a handle, a greeting or emoji must not become a
removal. The lines below are written for this project; half of the appended lines are instead
warning sentences taken from the training posts of the counter-messaging and official-guidance
categories (``counter_sentences``), so the model meets many ways of saying "don't share", not
five. The robustness sets (``triage.scoring.robustness``) append other lines again.
"""

from __future__ import annotations

import random
import re
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
# Share of appended lines that are warning sentences from the corpus, when there are any.
CORPUS_COUNTER_SHARE = 0.5

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# A sentence that warns (rather than one that quotes what it warns about).
_WARNS = re.compile(
    r"не (пошир|комент|коммент|распростр|репост|діліть|делит|пиш)|штаб|гаряч|горяч"
    r"|don't|do not|never",
    re.IGNORECASE,
)


def counter_sentences(texts: Sequence[str]) -> list[str]:
    """The warning sentences of counter-messaging and official-guidance posts (25 to 200
    characters each)."""
    return [
        sentence
        for text in texts
        for sentence in _SENTENCE_END.split(text)
        if 25 < len(sentence) < 200 and _WARNS.search(sentence)
    ]


def appended_line(rng: random.Random, corpus_lines: Sequence[str]) -> str:
    if corpus_lines and rng.random() < CORPUS_COUNTER_SHARE:
        return rng.choice(corpus_lines)
    return rng.choice(APPENDABLE)
