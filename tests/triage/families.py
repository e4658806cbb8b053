"""Labeled families of viral copies, for measuring clustering (tests and bench).

Each family is one base post written for the project and copies made with the
edits real reposts show: another name, emoji, "UPD:"/"Репост!", a dropped or
added sentence, a typo, capitals, a contact line. Distractors are different
posts on the same topics (other soldiers, other lost pets), which must not join.
"""

from __future__ import annotations

import random

BASES = [
    "Шукаємо Дмитра Савчука, 47 ОМБр, позивний Шершень. З 3 жовтня не виходить на зв'язок, його бачили на ворожому відео. Хто впізнає, пишіть у коментарях, поширте максимально!",
    "Кто узнает этого парня на видео? Говорят из Харьковской области, танкист, 1998 года. Семья ищет уже месяц, распространите пожалуйста, любая информация важна!",
    "Who recognises him? Ukrainian soldier captured near Robotyne in August, probably from the Zaporizhzhia region. Please share so his family can see this post and contact us.",
    "Увага! Внесу до списків на обмін за передоплату. Працюю напряму з людьми, які формують списки. Пишіть в особисті, гарантую результат за два тижні.",
    "ЗЛИТИЙ СПИСОК полонених, яких Україна не хоче повертати! Командування кинуло хлопців, перевірте прізвища своїх рідних, поки не видалили.",
    "Терміново! Мій брат Олег служив у 110 бригаді, останній дзвінок був 14 вересня з-під Авдіївки. Якщо хтось був з ним поруч, відгукніться, мама не спить ночами.",
    "Новий ролик з полоненими на каналі, хлопці називають прізвища і номери частин. Подивіться, може знайдете своїх, посилання в коментарях під постом.",
    "Загубився кіт, рудий з білою лапкою, кличка Бублик, район Лісового масиву. Шукаємо третій день, поширте будь ласка, дуже сумуємо за ним.",
    "Donors needed: blood group A negative for a wounded soldier at the regional hospital. Come tomorrow from 8 to 12 to the transfusion department, thank you all!",
    "Збір на реабілітацію хлопців, звільнених з полону: потрібно ще 150 тисяч гривень. Звіти з чеками публікуємо щотижня, дякуємо кожному за підтримку.",
    "Не поширюйте дописи з фото полонених і не коментуйте їх: ворог збирає звідти контакти рідних і шантажує їх. Звертайтеся до Координаційного штабу.",
    "Сегодня был обмен пленными, домой вернулись 95 защитников. Спасибо всем, кто ждал и верил. Следите только за официальными источниками.",
]
NAMES = ["Олега", "Андрія", "Івана", "Сергія", "Максима", "Петра", "Тараса"]
EMOJI = [" 🙏", " 🙏🙏🙏", " ❤️", " 😢", " ‼️"]
PREFIXES = ["UPD: ", "Репост! ", "ТЕРМІНОВО!!! ", "Поширюю від подруги: ", ""]
CONTACTS = [
    " Мама: 067 123 45 67.",
    " Пишіть у Viber.",
    " Дякую всім небайдужим.",
    " Слава Україні!",
]

DISTRACTORS = [
    "Шукаємо Андрія Коваленка з 93 бригади, зник під Бахмутом у травні. Хто щось знає, напишіть мені особисто, дуже прошу.",
    "Загубився пес, чорний лабрадор, район Оболоні, відгукується на Джек. Знайденому — винагорода.",
    "Кто был в плену с моим мужем в Оленовке? Он вернулся, но ничего не рассказывает, хочу понять как ему помочь.",
    "Donors needed for a child in the oncology department, any blood group, please come on Saturday.",
    "Збираємо на дрон для розвідників, ціль 80 тисяч, звіт буде в коментарях, дякуємо!",
    "Продам велосипед, майже новий, самовивіз з Борщагівки, ціна договірна.",
    "Як думаєте, чому обміни стали рідшими? Хтось знає з офіційних джерел, що відбувається?",
    "Warning: scammers call relatives of captured soldiers asking for money for an exchange. Never pay anyone.",
    "Хто впізнає цю жінку на відео з магазину? Вона загубила гаманець з документами, віддамо.",
    "Шукаємо волонтерів на склад у суботу з 10 до 14, потрібні сильні руки для розвантаження.",
]


def _variant(base: str, rng: random.Random) -> str:
    text = base
    edits = rng.sample(
        ["name", "emoji", "prefix", "drop", "add", "typo", "caps"], k=rng.randint(1, 3)
    )
    for edit in edits:
        if edit == "name":
            for name in ("Дмитра", "Олег", "Бублик"):
                if name in text:
                    text = text.replace(name, rng.choice(NAMES), 1)
        elif edit == "emoji":
            text += rng.choice(EMOJI)
        elif edit == "prefix":
            text = rng.choice(PREFIXES) + text
        elif edit == "drop":
            parts = text.split(". ")
            if len(parts) > 2:
                del parts[rng.randrange(1, len(parts))]
                text = ". ".join(parts)
        elif edit == "add":
            text += rng.choice(CONTACTS)
        elif edit == "typo":
            i = rng.randrange(5, len(text) - 5)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        elif edit == "caps":
            text = text.upper()
    return text


def families(copies: int = 5, seed: int = 2026) -> list[tuple[str, int | None]]:
    """(text, family) pairs: each base with its copies, then distractors (family None)."""
    rng = random.Random(seed)
    out: list[tuple[str, int | None]] = []
    for family, base in enumerate(BASES):
        out.append((base, family))
        out.extend((_variant(base, rng), family) for _ in range(copies - 1))
    out.extend((text, None) for text in DISTRACTORS)
    rng.shuffle(out)
    return out


def pair_scores(labels: list[int | None], predicted: list[int | None]) -> tuple[float, float]:
    """Precision and recall over pairs: same predicted cluster vs same labeled family."""
    tp = fp = fn = 0
    n = len(labels)
    for i in range(n):
        for j in range(i + 1, n):
            same_true = labels[i] is not None and labels[i] == labels[j]
            same_pred = predicted[i] is not None and predicted[i] == predicted[j]
            tp += same_true and same_pred
            fp += same_pred and not same_true
            fn += same_true and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall
