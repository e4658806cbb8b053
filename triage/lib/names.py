"""People's names in post text, found the way a careful reader finds them.

A morphological dictionary (pymorphy3 with its Ukrainian and Russian dictionaries) says whether
a capitalised word is a first name, a surname or a patronymic (``Name``, ``Surn``, ``Patr``) in
any grammatical case: "Коваленка", "Олегові", "Петрівна", "Сергеевич". The shapes people write
are found around it: surname + initials ("Коваленко І.П."), initials + surname, numbered lists
("1. Коваленко Олег"), a cue word before the name ("звати", "прізвище", "фамилия"), a nickname in
brackets after a name ("Андрій (Бізон)"), and names in Latin letters (read back into Cyrillic
for the dictionary: "Oleh Kovalenko").

Words the dictionary knows as places or organisations stay readable, as do capitalised words
that are not names ("Київ", "ЗСУ", "Коордштаб"), so the moderator still reads where and what.
Each word's verdict is cached: a queue page asks about the same few thousand words again and
again.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from triage.lib import needles

_UPPER = "А-ЯІЇЄҐЁ"
_LOWER = "а-яіїєґёʼ'’"
_PERSON = frozenset({"Name", "Surn", "Patr"})
_NOT_PERSON = frozenset({"Geox", "Orgn", "Trad", "Abbr"})
_FUNCTION_WORDS = frozenset({"CONJ", "PRCL", "NPRO", "PREP", "INTJ", "PRED", "ADVB"})
_JOINING_WORDS = _FUNCTION_WORDS - {"ADVB"}
# Capitalised words the dictionaries also know as names or surnames, but that in these posts
# are almost always something else.
NOT_NAMES = frozenset(
    {
        "україна",
        "героям",
        "герой",
        "героя",
        "герою",
        "героєм",
        "героев",
        # who someone is in a house, a hostel or a student group, capitalised at a sentence's
        # start: "Староста групи ...", "Коменданту вже скинули", "Хозяйка Валентина ..."
        "староста",
        "старосту",
        "старості",
        "комендант",
        "коменданту",
        "коменданта",
        "хозяйка",
        "хозяин",
        "хазяїн",
        "хазяйка",
        "господар",
        "господиня",
        "власник",
        "власниця",
        "люди",
        "друзі",
        "друзья",
        "бог",
        # Christ is no one in the post ("Христос воскрес", "з Різдвом Христовим")
        "христос",
        "христа",
        "христу",
        "христом",
        "христові",
        "христе",
        "христовим",
        "христове",
        "христова",
        "христового",
        "христовому",
        "христову",
        "христовой",
        "христово",
        "ісус",
        "ісуса",
        "ісусу",
        "ісусом",
        "ісусі",
        "иисус",
        "иисуса",
        "иисусу",
        "иисусом",
        "иисусе",
        "господи",
        "мама",
        "тато",
        "брат",
        "сестра",
        "син",
        "сын",
        "мати",
        "дякую",
        "спасибо",
        "увага",
        "терміново",
        "срочно",
        "upd",
        "зсу",
        "сбу",
        "тцк",
        "червоний",
        "хрест",
        "червоний хрест",
        "красный",
        "крест",
        "коордштаб",
        "штаб",
        "мир",
        "мирний",
        "воля",
        "свобода",
        "роса",
        "зоря",
        "лада",
        "ласка",
        "позивний",
        "позивна",
        "позывной",
        "шукаємо",
        "ищем",
        "внимание",
        "волонтер",
        "волонтерка",
        "героїня",
        "героиня",
        "моно",
        # the council ("Верховна Рада", "Рада оборони"), not the rare first name
        "рада",
        "ради",
        "раді",
        "раду",
        "радою",
    }
)
INITIALS = rf"[{_UPPER}A-Z]\.\s?(?:[{_UPPER}A-Z]\.)?"
# Not a part of a word written in camel case: "ПриватБанку", "НоваПошта" are brands.
# Nor the tail of a word begun with an abbreviation: "ВСУшника", "ТЦКшник" are words.
WORD = re.compile(
    rf"(?<![{_UPPER}{_LOWER}])[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
    rf"(?![{_UPPER}{_LOWER}])"
)
# "O'Brien", "McDonald" and "MacLeod" are one word.
CAMEL = re.compile(rf"(?<![{_LOWER}])[{_UPPER}][{_LOWER}]{{2,}}(?:[{_UPPER}][{_LOWER}]{{2,}})+")
CAMEL_PART = re.compile(rf"[{_UPPER}][{_LOWER}]+")
# (Polish letters inside a word: "Wiśniewski", "Szymańska")
# (and Czech, Slovak and German ones: "Dvořáková", "Novák", "Müller", the names of the hosts and
# landlords in refugees' groups)
_LATIN_UPPER = "A-ZŁŚŻŹĆŃÓČŘŠŽÁÉÍÚÝĎŤŇÄÖÜ"
_LATIN_LOWER = "a-ząćęłńóśźżáäčďéěíňôöřšťúůüýžß"
LATIN_WORD = re.compile(
    rf"\b(?:O['’]|Mc|Mac(?=[A-Z]))?[{_LATIN_UPPER}][{_LATIN_LOWER}]{{2,20}}"
    rf"(?:-[{_LATIN_UPPER}][{_LATIN_LOWER}]{{1,20}})?\b"
)
# Two words of a transliterated name written in lower case ("ivan petrenko"): the surname's
# ending is checked first, which is cheap, then the first name's reading.
LOWER_LATIN_PAIR = re.compile(r"\b(?=([a-z]{3,15}) ([a-z]{3,20})\b)")
# Endings of Ukrainian and Russian surnames in Latin letters: a word no dictionary reads back
# counts as a surname only with one ("Hrytsenko", "Kovalchyk"; not "Captain" or "Germany").
LATIN_SURNAME_ENDING = re.compile(
    r"(?:enko|chuk|iuk|yuk|uk|iak|yak|yk|ik|skyi|skyy|sky|ska|tskyi|tska|ov|ova|ev|eva|yev|yeva|"
    r"ych|ich|ets|ko|(?<!a)in|yn|ina|yna)$"
)
# In lower case, where any word may stand beside a name, only the unmistakable endings.
LOWER_LATIN_SURNAME_ENDING = re.compile(
    r"(?:enko|chuk|iuk|yuk|skyi|skyy|ska|tskyi|tska|ov|ova|ev|eva|yev|yeva|ych|ets)$"
)
# Endings no English word has ("Tickets", "Rockets" and "Above" end like surnames do).
# (and Polish ones: "Kowalczyk", "Wiśniewski", "Szymańska", "Mickiewicz")
UNMISTAKABLE_LATIN_SURNAME_ENDING = re.compile(
    r"(?:enko|chuk|chyk|iuk|yuk|skyi|skyy|tskyi|ych|czyk|czak|wicz|owski|ewski|owska|ewska|ński|ńska|"
    # (Polish and Czech: "Wójcik", "Svobodová", "Dvořák", "Novotný")
    r"cik|ová|ský|ská|cký|cká|ák|ný)$"
)
# An English run of capitalised words after an article is a title or a thing, not a person:
# "the Third Geneva Convention", "the International Legion", "a true Hero", "every Hero".
EN_THING_BEFORE = re.compile(r"(?:^|\s)(?:the|a|an|every|this|that|true|from|in)\s{1,2}$", re.I)
SURNAME_INITIALS = re.compile(
    rf"\b[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?\s{{1,2}}{INITIALS}"
    # (not a house's letter: "вул. Шкільна, 3-Б. Хлопці")
    rf"|(?<!\d-)\b{INITIALS}\s?[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
)
# A Latin initial: one letter, or the two that transliterate one Cyrillic letter ("Yu." for Ю,
# "Zh." for Ж, "Ya." for Я).
LATIN_INITIAL = r"(?:Yu|Ya|Ye|Yi|Yo|Iu|Ia|Zh|Kh|Ch|Sh|Ts|[A-Z])\."
LATIN_INITIAL_SURNAME = re.compile(
    rf"(?<![\w.]){LATIN_INITIAL} ?(?:{LATIN_INITIAL} ?)?"
    r"([A-Z][a-z]{2,20}(?:-[A-Z][a-z]{1,20})?)\b"
)
# ... and after it, as lists of prisoners are written: "KOVALENKO O.", "Tkachuk Yu."
LATIN_SURNAME_INITIAL = re.compile(
    r"(?<![\w.])((?:[A-Z][a-z]{2,20}|[A-Z]{3,20})(?:-[A-Z][a-z]{1,20})?)"
    rf"\s{{1,2}}{LATIN_INITIAL}(?:\s?{LATIN_INITIAL})?"
    r"(?![\w])"
)
LATIN_SURNAME_COMMA_FIRST = re.compile(r"\b([A-Z][a-z]{2,20}), ([A-Z][a-z]{2,15})\b")
LIST_ITEM = re.compile(
    rf"(?m)(?:^|[\s;,])\d{{1,3}}[.)][ \t]{{0,3}}([{_UPPER}][{_LOWER}]+"
    rf"(?:[ \t]{{1,2}}(?:[{_UPPER}][{_LOWER}]+|{INITIALS})){{1,2}})"
)
CUE = re.compile(
    r"\b(?:звати|звуть|зовут|кличуть|прізвище|прізвищем|фамилия|фамилией|фамілія|ім[ʼ'’]я|имя|"
    # a maiden name: "(в девичестве Петренко)", "у дівоцтві Мельник", "née Kowalska"
    r"в\s+девичестве|у\s+дівоцтві|в\s+дівоцтві|урожд[её]нная|née|"
    r"по\s+батькові|отчество|surname|last\s+name|first\s+name|name\s+is)"
    r"\s{0,2}[:\-–—]?\s{0,2}(?:(?:його|її|ее|её|его|him|her)\s{1,2})?"
    # Whose name it is, or a hedge, before it: "имя матери — Галина", "фамилия вроде Шапошников".
    r"(?:(?:матери|матері|мамы|мами|отца|батька|тата|папы|сына|сина|дочери|доньки|дочки|брата|"
    r"сестры|сестри|жены|дружини|мужа|чоловіка|бабушки|бабусі|дедушки|дідуся|his\s+mother|"
    r"her\s+mother|вроде|вроді|наче|начебто|кажется|кажись|здається|мабуть|типа)"
    r"\s{0,2}[:\-–—]?\s{0,2})?"
    rf"[«\"“]?([{_UPPER}A-Z][{_LOWER}a-z]+)",
    re.IGNORECASE,
)
# The same cue words transliterated: "zvaty Taras", "prizvyshche Bondar", "familiia: Hnatiuk".
LATIN_CUE = re.compile(
    r"\b(?i:zvaty|zvut|zovut|prizvyshche|prizvyshchem|familiia|familiya|familija|familia|"
    r"imia|imya|imja|imiia)"
    r"\s{0,2}[:\-–—]?\s{0,2}[«\"“]?([A-Z][a-z]{2,20})\b"
)
# Someone's kin, then their first name in apposition: "його дружина Іра", "мой муж Рома".
KIN_APPOSITION = re.compile(
    r"\b(?P<kin>(?i:дружина|дружину|чоловік|чоловіка|сестра|сестру|брат|брата|мама|маму|мати|тато|"
    r"жена|жену|муж|мужа|мать|отец|донька|доньку|дочка|дочку|дочь|син|сина|сын|сына|"
    # (a wife in the spoken word and in surzhyk: "його жінка Оля", "його жинка Іра")
    r"жінка|жінку|жинка|жинку))"
    # (or in Latin letters, as a name of another country is written: "дружина Lenie")
    rf"\s{{1,2}}([{_UPPER}][{_LOWER}]{{1,20}}|[A-Z][a-z]{{2,20}}(?![\w-]))\b"
)
# A kin word alone, as it opens a sentence before the name: "Чоловік Ярема Стасюк, пропав …".
KIN_WORD = re.compile(
    r"(?i:чоловік|дружина|брат|сестра|мама|мати|тато|батько|син|донька|дочка|муж|жена|сын|дочь|"
    r"мать|отец|папа|бабуся|дідусь|бабушка|дедушка|онук|внук|внучка|онука|кум|кума)"
)
# A surname's genitive or dative, which a kin word before it is the kin of: "Муж Сидориной".
OBLIQUE_SURNAME_ENDING = re.compile(r"(?:ой|ей|ої|ого|его|ому|ему|ову|еву|іну|ину)$")
# The same in English, before a first name in Latin letters: "her daughter Ira", "his wife Olha".
EN_KIN_APPOSITION = re.compile(
    r"\b(?i:wife|husband|son|daughter|sister|brother|mother|father|mom|mum|dad|fiancée?|"
    r"girlfriend|boyfriend)\s{1,2}([A-Z][a-z]{1,20})\b"
)
# Someone naming themselves: "я Влад, 24, працюю", "я Надія з Полтави".
SELF_NAMED = re.compile(
    rf"(?<![\w'’ʼ-])(?:я|Я)\s{{1,2}}([{_UPPER}][{_LOWER}]{{2,15}})"
    r"(?=\s{0,2}[,.!—–-]|\s{1,2}(?:з|із|зі|из|і|й|и|та)\s)"
)
# Someone the writer calls theirs by a first name: "мій Тарасик подзвонив", "наша Настя вдома";
# in the other cases, whose memory or to whom: "нашему Саше", "нашого Тараса", "моїй Олі".
POSSESSIVES_NOMINATIVE = frozenset(
    {"мій", "моя", "мой", "наш", "наша", "твій", "твоя", "твой", "ваш", "ваша"}
)
POSSESSIVES_OBLIQUE = frozenset(
    {
        *("мого", "моего", "моєму", "моему", "моїй", "моей", "мою"),
        *("нашого", "нашего", "нашому", "нашему", "нашої", "нашей", "нашу"),
        *("вашого", "вашего", "вашому", "вашему", "вашої", "вашей", "вашу"),
    }
)
POSSESSED_NAME = re.compile(
    rf"\b(?i:{'|'.join(sorted(POSSESSIVES_NOMINATIVE | POSSESSIVES_OBLIQUE))})"
    # (not the first part of a compound: "нашого Телеграм-чату")
    rf"\s{{1,2}}([{_UPPER}][{_LOWER}]{{1,20}})\b(?!-)"
)
# A list of people, each with a nickname in quotes: "Гречишкин «Сова», Топал «Молдаван»".
NICKNAMED = re.compile(
    rf"(?<![\w'’ʼ-])([{_UPPER}][{_LOWER}]{{2,20}})\s{{1,2}}[«\"“]([{_UPPER}][{_LOWER}\-]{{1,30}})[»\"”]"
)
NICKNAMED_NEXT = re.compile(r"\s{0,2}(?:[,;]|\s(?:і|й|и|та))\s{0,2}")
# Who signs the post, its last word after a comma or a dash: "…, Іра", "— Іра 🙏".
SIGN_OFF = re.compile(
    rf"(?:,|\s[—–-])\s{{1,2}}([{_UPPER}][{_LOWER}]{{1,20}})[^\w]{{0,12}}"
    # (a thank-you may close the post after it: "…, Іра. Дякую 🙏")
    r"(?:(?i:дякую|спасибо|thanks|thank\s+you|заранее\s+спасибо|наперед\s+дякую)[^\w]{0,12})?\Z"
)
# Who signs the post with their number after: "… скину кеш. Тьома, 0984412730".
SIGN_OFF_PHONE = re.compile(
    rf"(?:^|[.!?…]\s{{1,2}}|\n)([{_UPPER}][{_LOWER}]{{2,20}}),?\s{{1,2}}[+(]?\d[\d\s()\-]{{6,20}}\d"
    r"[^\w]{0,12}\Z"
)
# The same in Latin letters, a first name: "Text me on 07700 900418 – Claire", "…, Vlad".
LATIN_SIGN_OFF = re.compile(r"(?:,|\s[—–-])\s{1,2}([A-Z][a-z]{1,20})[^\w]{0,12}\Z")
# A reply in a thread opens with whom it answers, then a comma: "Вера, это не он"
REPLY_NEXT = re.compile(r",\s{1,2}([а-яіїєґё'’ʼ]{1,20})")
# ... unless what follows the comma goes on about the word: "Роман, который я читал", "Віко,
# якщо треба, замінити" (a conjunction: "_addressed" reads whether someone is spoken to).
GOES_ON_ABOUT_IT = frozenset(
    {
        "который",
        "которая",
        "которое",
        "которые",
        "котрий",
        "котра",
        "котре",
        "котрі",
        "який",
        "яка",
        "яке",
        "які",
        "що",
        "что",
        "якщо",
        "если",
        "коли",
        "когда",
        "хоч",
        "хоть",
        "хоча",
        "хотя",
        "бо",
        "поки",
        "пока",
        "щоб",
        "чтобы",
        "як",
        "как",
    }
)
# "из-под Каменской", "з-під Бахмута": from near a place, never from near a person.
FROM_UNDER_BEFORE = re.compile(r"(?:^|[\s(])(?:з|із|из)-(?:під|под)\s{1,2}$", re.IGNORECASE)
# Whom someone looks like: "схожий на Андрія", "похожа на Олю", "looks like Taras".
LIKENESS = re.compile(
    r"\b(?i:схож(?:ий|а|е|і)|похож(?:ий|ая|ее|ие|а|е|и)?)\s{1,2}(?i:на)\s{1,2}"
    rf"([{_UPPER}][{_LOWER}]{{1,20}})\b"
    r"|\b(?i:looks?|looked|looking)\s{1,2}like\s{1,2}([A-Z][a-z]{2,20})\b"
)
NICKNAME = re.compile(
    r"\b(?:кличка|кличку|кличкой|кличкою|кличке|кличці|прізвисько|прізвиськом|прозвище|прозвищем|"
    r"прозвищу|nickname|nick|aka|a\.k\.a\.?"
    r"|він\s+же|вона\s+же|он\s+же|она\s+же)"
    # whose it is, between: "кличка у нього — ...", "прозвище его ..."
    r"(?:\s{1,2}(?:у\s(?:него|нього|неї|нее|неё)|його|её|его|її|была|было|була|було)){0,2}"
    # (the nickname itself is capitalised: "кличка на нашийнику" names nothing)
    rf"\s{{0,2}}[:\-–—]?\s{{0,2}}[«\"“']?((?-i:[{_UPPER}A-Z])[{_LOWER}a-z\-]+)",
    re.IGNORECASE,
)
# Brackets and quotes may nest: "Олійник («Батя»)"; a candle or a flag may stand between:
# "Yurii 🕯 «Frost»".
BRACKETED = re.compile(
    r"\s{0,2}(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]{1,4}\s{0,2})?"
    rf"[(«\"“„]{{1,2}}\s{{0,2}}([{_UPPER}A-Z][{_LOWER}a-z\-]{{1,30}})\s{{0,2}}[)»\"”“]{{1,2}}"
)

COMMA_QUOTED = re.compile(rf",\s{{1,2}}[«\"“„]([{_UPPER}A-Z][{_LOWER}a-z\-]{{1,30}})[»\"”“],")

# A family named by its plural or possessive surname: "родині Шевчуків", "семья Ивановых",
# "the Melnyk family". The word counts when what is left of it without the plural ending is a
# surname.
FAMILY = re.compile(
    r"\b(?:родин\w{0,3}|сім[ʼ'’]\w{0,2}|семь\w{0,2}|семейств\w{0,2}|подружж\w{0,2}|супруг\w{0,2})"
    rf"\s{{1,2}}([{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?)"
    r"|\b([A-Z][a-z]{2,20})s?\s{1,2}(?:family|household)\b",
    re.IGNORECASE,
)
_PLURAL_ENDINGS = ("ових", "евих", "євих", "овых", "евых", "ів", "их", "ых", "и", "ы", "і")

PATRONYMIC = re.compile(
    r"(?:ович|евич|йович|ьович|івна|ївна|овна|евна|ична)(?:а|у|ем|ем|і|ою|ой|е)?$"
)
# After "прізвища:", "фамилии:", "список:" every capitalised word of the list is a name.
LIST_CUE = re.compile(
    r"\b(?:прізвища|прізвище|фамилии|фамилия|імена|имена|список|списки|names|surnames)"
    r"\s{0,2}[:\-–—]\s{0,2}",
    re.IGNORECASE,
)
LIST_WORD = re.compile(
    rf"\s{{0,2}}[,;]?\s{{0,2}}([{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?)"
)
# A nickname between a first name and a surname: Андрій «Бізон» Коваль, Andrii "Ghost" Kuzmenko.
# (on one line: the next line's first word is someone else's, or no one's)
NICK_BETWEEN = re.compile(
    rf"\b([{_UPPER}A-Z][{_LOWER}a-z]+)[ \t]{{1,2}}[«\"“('‘]([{_UPPER}A-Z][{_LOWER}a-z\-]+)[»\"”)'’]"
    rf"[ \t]{{1,2}}([{_UPPER}A-Z][{_LOWER}a-z]+)"
)
# Surname endings, for surnames no dictionary knows ("Кривошапко", "Дзюбинський").
SURNAME_ENDING = re.compile(
    r"(?:енко|єнко|енка|єнка|енку|єнку|енком|єнком|енкові|чук|щук|юк|ук|як|ський|цький|ська|цька|ов|ова|"
    r"ев|ева|єв|єва|ін|іна|ин|ина|"
    r"ич|ець|ко)$"
)

# Endings of Georgian and Armenian surnames, and Ukrainian "-енко", that no word has: a word no
# dictionary knows with one is a surname even where a sentence begins ("Гелашвілі Давіта").
FOREIGN_SURNAME_ENDING = re.compile(r"(?:швілі|швили|дзе|янц|ян|енко|єнко)$")
# "з" and "с" before the instrumental: with someone ("служив з Юрою", "говорил с Костей").
COMITATIVE_BEFORE = re.compile(r"(?:^|[\s(])(?:з|із|зі|с|со)\s{1,2}$", re.IGNORECASE)
# The next word, one space on: a first name there makes this word its surname.
_NEXT_CAPITALISED = re.compile(rf"[ ]([{_UPPER}][{_LOWER}]{{2,20}})\b")


def _first_name_next(text: str, end: int) -> bool:
    nxt = _NEXT_CAPITALISED.match(text, end)
    return nxt is not None and word_status(nxt.group(1)) == PERSON and _first_name_any(nxt.group(1))


# Latin back to Cyrillic, the way Ukrainian names are transliterated (longest first).
_BACK = (
    ("shch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("ya", "я"),
    ("ye", "є"),
    ("yi", "ї"),
    ("ia", "ія"),
    ("yo", "йо"),
    ("iia", "ія"),
    ("iu", "ю"),
    ("iy", "ій"),
    ("ii", "ій"),
    ("yy", "ий"),
    ("a", "а"),
    ("b", "б"),
    ("v", "в"),
    ("h", "г"),
    ("g", "г"),
    ("d", "д"),
    ("e", "е"),
    ("z", "з"),
    ("y", "и"),
    ("i", "і"),
    ("j", "й"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("f", "ф"),
    ("c", "к"),
    ("w", "в"),
    ("x", "кс"),
    ("q", "к"),
)


@functools.cache
def _analyzers() -> tuple[object, object]:
    import pymorphy3

    # It says where it loads its dictionaries from, at INFO, once per process: not news.
    logging.getLogger("pymorphy3").setLevel(logging.WARNING)
    return pymorphy3.MorphAnalyzer(lang="uk"), pymorphy3.MorphAnalyzer(lang="ru")


PERSON, FIRST_NAME_AND_THING, AMBIGUOUS, UNKNOWN, BESIDE_ONLY, OTHER = 5, 4, 3, 2, 1, 0


@functools.lru_cache(maxsize=200_000)
def word_status(word: str) -> int:
    """PERSON: a dictionary knows the word as a first name, surname or patronymic, and as no
    thing or place; AMBIGUOUS: as a name and also as a thing or place ("Львові" is the city and
    the name Лев, "Надія" is hope): a name only beside another name; UNKNOWN: neither
    dictionary knows it; OTHER: an ordinary word, a place, an organisation."""
    low = word.lower()
    if low in NOT_NAMES or len(low) < 3:
        return OTHER
    known = person = first = thing = False
    # Each dictionary's readings, where it knows the word (a guess from the word's ending is not
    # the dictionary's knowledge).
    readings = [
        analyzer.parse(word)  # type: ignore[attr-defined]
        for analyzer in _analyzers()
        if analyzer.word_is_known(low)  # type: ignore[attr-defined]
    ]
    # A dictionary that reads the word first as a first name, and only as someone: "Юрко" in
    # Ukrainian, "Влад" in Russian.
    name_first = any(
        "Name" in parses[0].tag.grammemes and all(p.tag.grammemes & _PERSON for p in parses)
        for parses in readings
    )
    for parses in readings:
        known = True
        # A word that can be a conjunction, particle, pronoun, preposition or adverb is one:
        # "Але", "Тому", "Коли", "Або", "Ось" open sentences, and no one is named so. (Not a
        # first name that the other dictionary reads only as an adverb: "Юрко", "Влад".)
        if any(p.tag.POS in _FUNCTION_WORDS for p in parses):
            if name_first and not any(p.tag.POS in _FUNCTION_WORDS - {"ADVB"} for p in parses):
                continue
            return OTHER
        # A word in its dictionary form that is also a thing is one, however far down the
        # list the thing comes: a surname's fixed feminine forms can fill the first few
        # ("Мороз" is seven of them before the frost).
        thing = thing or any(
            p.normal_form == low and "inan" in p.tag.grammemes and "NOUN" in p.tag.grammemes
            for p in parses[4:]
        )
        # Likewise a first name in an oblique case ("Надії", "Любові") behind the noun's forms;
        # never a place's ("Львові" is Львів before it is Лев).
        if (
            len(low) >= 4
            and any("Name" in p.tag.grammemes for p in parses[4:])
            and not any(p.tag.grammemes & _NOT_PERSON for p in parses)
        ):
            person = first = True
        for parse in parses[:4]:
            grammemes = parse.tag.grammemes
            if parse.normal_form in NOT_NAMES:
                return OTHER
            if grammemes & _NOT_PERSON:
                thing = True
            elif grammemes & _PERSON:
                person = True
                first = first or "Name" in grammemes
            elif "inan" in grammemes and "NOUN" in grammemes:
                thing = True
    if PATRONYMIC.search(low):
        return PERSON
    if person:
        # A first name that is also a thing ("Марина", "Роман") is a name: people are named
        # far more often than novels in these posts; a surname that is also a place or a thing
        # ("Львові", "Шкода") needs a name beside it.
        return FIRST_NAME_AND_THING if first and thing else AMBIGUOUS if thing else PERSON
    return OTHER if known else UNKNOWN


def _segments(word: str) -> list[str]:
    """The word in Cyrillic, one transliterated sound a segment."""
    low, out, i = word.lower(), [], 0
    while i < len(low):
        for latin, cyrillic in _BACK:
            if low.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(low[i])
            i += 1
    return out


def _to_cyrillic(word: str) -> str:
    text = "".join(_segments(word))
    return text[:1].upper() + text[1:]


# What one Latin letter may also stand for: English and Russian spellings drop the soft sign
# ("Olga", "Koval"), write й as i ("Mykhailo") and я as a ("Tetana" is rare, "Tetiana" usual).
_VARIANTS = {
    "л": ("ль",),
    "і": ("й", "и"),
    "ія": ("я", "ья", "ия"),
    "и": ("ы", "й"),
    "е": ("є", "э"),
    "г": ("х",),
    "ю": ("ью",),
}


@functools.lru_cache(maxsize=50_000)
def latin_readings(word: str) -> tuple[str, ...]:
    """The Cyrillic words a transliterated word may be: the plain reading first, then the ones
    that change one or two ambiguous letters (a bounded number, so a long word stays cheap)."""
    segments = _segments(word)
    places = [i for i, segment in enumerate(segments) if segment in _VARIANTS]
    readings = ["".join(segments)]
    for count in (1, 2):
        for chosen in itertools.combinations(places, count):
            options = [(*_VARIANTS[segments[i]],) for i in chosen]
            for choice in itertools.product(*options):
                changed = list(segments)
                for i, alternative in zip(chosen, choice, strict=True):
                    changed[i] = alternative
                readings.append("".join(changed))
        if len(readings) > 200:
            break
    return tuple(r[:1].upper() + r[1:] for r in readings)


def _latin_status(word: str) -> int:
    """The plain reading's verdict when it is a name, or an ordinary Ukrainian word ("Mini" is
    "міні"); otherwise the best over the other readings (a name beats a thing or place beats
    unknown). Transliteration is from Ukrainian: a plain reading that only the Russian
    dictionary knows ("Ковал", a verb) does not stop "Koval" being read as "Коваль"."""
    readings = latin_readings(word)
    plain = word_status(readings[0])
    if plain in (PERSON, FIRST_NAME_AND_THING, AMBIGUOUS):
        return plain
    if plain == OTHER and _known_in_ukrainian(readings[0]):
        return OTHER
    best = UNKNOWN
    for reading in readings[1:]:
        status = word_status(reading)
        if status in (PERSON, FIRST_NAME_AND_THING):
            return status
        if status == AMBIGUOUS:
            best = status
    return best


@functools.lru_cache(maxsize=50_000)
def is_latin_person_word(word: str) -> bool:
    if "-" in word:  # a double surname: "Savchuk-Reed", "Kowalska-Smith"
        return any(is_latin_person_word(part) for part in word.split("-") if len(part) > 2)
    status = _latin_status(word)
    if status == UNKNOWN:
        low = word.lower()
        # An unmistakable ending needs no reading back ("Levytskyi" reads as "Левицкї").
        return bool(UNMISTAKABLE_LATIN_SURNAME_ENDING.search(low)) or (
            bool(LATIN_SURNAME_ENDING.search(low))
            and bool(SURNAME_ENDING.search(_to_cyrillic(word).lower()))
        )
    return status in (PERSON, FIRST_NAME_AND_THING, AMBIGUOUS)


def is_person_or_unknown(word: str) -> bool:
    if word[:1].isascii():
        return is_latin_person_word(word)
    status = word_status(word)
    if status == UNKNOWN:
        return bool(SURNAME_ENDING.search(word.lower()))
    return status in (PERSON, FIRST_NAME_AND_THING)


_ENGLISH_NAMES = Path(__file__).with_name("data") / "english_names.txt"


@functools.cache
def _english_names() -> tuple[frozenset[str], frozenset[str]]:
    """English-speaking first names and surnames, from the US Census's frequency lists (see
    ``data/SOURCES.md``): the volunteers, journalists and scammers' personas of these posts."""
    parts: dict[str, set[str]] = {"[first]": set(), "[last]": set()}
    part: set[str] = set()
    for line in _ENGLISH_NAMES.read_text(encoding="utf-8").splitlines():
        if line in parts:
            part = parts[line]
        elif line and not line.startswith("#"):
            part.add(line)
    return frozenset(parts["[first]"]), frozenset(parts["[last]"])


def english_first_name(word: str) -> bool:
    return word in _english_names()[0]


def english_surname(word: str) -> bool:
    """ "Whitfield", "O'Brien" (OBRIEN in the census), "McDonald"."""
    key = word.replace("'", "").replace("’", "")
    return key[:1] + key[1:].lower() in _english_names()[1]


# Diminutive and affectionate suffixes, with their case endings ("Вовчик", "Вовчику",
# "Егорку", "Тарасику", "Оленьці"), longest first: what is left, with "а", "я" or nothing put
# back, is a first name ("Вова", "Егор", "Тарас", "Олена").
_DIMINUTIVE = tuple(
    sorted(
        (
            suffix + ending
            for suffix, endings in (
                ("чик", ("", "а", "у", "ом", "ові", "е")),
                ("ечк", ("а", "у", "и", "і", "е", "ой", "ою", "о")),
                ("очк", ("а", "у", "и", "і", "е", "ой", "ою", "о")),
                ("ёк", ("",)),
                ("ик", ("", "а", "у", "ом", "ові", "е")),
                ("к", ("а", "у", "и", "і", "е", "ой", "ою", "о")),
                ("ньк", ("а", "у", "и", "о")),
                ("ус", ("я", "ю", "і", "ею", "ей")),
                ("юс", ("я", "ю", "і", "ею", "ей")),
                ("уш", ("а", "у", "і", "е", "ка", "ку", "ки")),
                ("юш", ("а", "у", "і", "е", "ка", "ку", "ки")),
            )
            for ending in endings
        ),
        key=len,
        reverse=True,
    )
)


@functools.lru_cache(maxsize=50_000)
def diminutive_of_name(word: str) -> bool:
    """ "Вовчик", "Егорку", "Тарасику": a first name with a diminutive suffix, which the
    dictionaries do not list (or list only as a thing: "вовчик" is a wolf cub)."""
    low = word.lower()
    if _place_reading(word) or _known_not_animate(word):
        return False  # "Алексеевка": a village; "Банки", "Деякі", "Балки": words
    for suffix in _DIMINUTIVE:
        # A stem of two letters only before a long suffix ("Юл-ечку"; not "Ко-ка").
        if low.endswith(suffix) and len(low) - len(suffix) >= (2 if len(suffix) >= 4 else 3):
            stem = word[: len(word) - len(suffix)]
            # The stem alone only when it ends in a consonant ("Егор-ку"; not "Амадо-ку").
            alone = (stem,) if stem[-1].lower() not in "аеєиіїоуюяыэё" else ()
            for candidate in (stem + "а", stem + "я", *alone):
                status = word_status(candidate)
                # (a first name that is also a word will do when no dictionary knows the
                # diminutive as anything: "Ирочка" from "Ира", "Верочка" from "Вера")
                if (
                    status == PERSON
                    or (
                        status == FIRST_NAME_AND_THING
                        and word_status(word) == UNKNOWN
                        and not is_a_place(candidate)
                        and not is_a_place(stem)
                    )
                ) and _first_name_any(candidate):
                    return True
    return False


def _known_not_animate(word: str) -> bool:
    """A dictionary knows the word, and never as someone ("Банки", "Великі", "Банке")."""
    knowing = [a for a in _analyzers() if a.word_is_known(word.lower())]  # type: ignore[attr-defined]
    return bool(knowing) and not any(
        "anim" in p.tag.grammemes
        for analyzer in knowing
        for p in analyzer.parse(word)  # type: ignore[attr-defined]
    )


@functools.lru_cache(maxsize=50_000)
def _known_parses(word: str) -> tuple[Any, ...]:
    """Every reading of the word by each dictionary that knows it (its lower case)."""
    return tuple(
        p
        for analyzer in _analyzers()
        if analyzer.word_is_known(word.lower())  # type: ignore[attr-defined]
        for p in analyzer.parse(word)  # type: ignore[attr-defined]
    )


def _place_reading(word: str) -> bool:
    return any(p.tag.grammemes & _NOT_PERSON for p in _known_parses(word))


@functools.lru_cache(maxsize=50_000)
def _inanimate_reading(word: str) -> bool:
    """The Ukrainian dictionary also reads the word as a thing, in any case ("Луцька" is also
    the genitive of Луцьк)."""
    uk, _ru = _analyzers()
    return uk.word_is_known(word.lower()) and any(  # type: ignore[attr-defined]
        "inan" in p.tag.grammemes and "NOUN" in p.tag.grammemes
        for p in uk.parse(word)  # type: ignore[attr-defined]
    )


def no_streets_name(word: str) -> bool:
    """A dictionary's first reading of the word is a common noun in the nominative ("Динамо",
    "Серія", "Рахунок"), or one of its readings is an adverb, a predicative, an interjection
    or a function word ("Так", "Відмінно", "Зараз", "Ура"): a word that names no street, as
    "Соборна" or "Правди" do."""
    parses = _known_parses(word)
    if not parses:
        return False
    grammemes = parses[0].tag.grammemes
    if "NOUN" in grammemes and "nomn" in grammemes and not grammemes & _PERSON:
        return True
    return any(p.tag.POS in _FUNCTION_WORDS for p in parses[:4])


@functools.lru_cache(maxsize=20_000)
def _feminine_accusative_adjective(word: str) -> bool:
    return any(
        {"ADJF", "femn", "accs"} <= p.tag.grammemes
        for analyzer in _analyzers()
        if analyzer.word_is_known(word)  # type: ignore[attr-defined]
        for p in analyzer.parse(word)[:4]  # type: ignore[attr-defined]
    )


def first_name_in_genitive(word: str) -> bool:
    """A first name in the genitive, as streets are named after people ("Володимира")."""
    return _first_name_in(word, frozenset({"gent"}))


@functools.lru_cache(maxsize=20_000)
def _first_name_in(word: str, cases: frozenset[str]) -> bool:
    """A first name in one of these grammatical cases, in the reading of a dictionary that
    knows the word (not a guess from its ending)."""
    return any(
        "Name" in p.tag.grammemes and p.tag.case in cases
        for analyzer in _analyzers()
        if analyzer.word_is_known(word)  # type: ignore[attr-defined]
        for p in analyzer.parse(word)[:4]  # type: ignore[attr-defined]
    )


def _first_name_any(word: str) -> bool:
    return any(
        "Name" in p.tag.grammemes
        for analyzer in _analyzers()
        for p in analyzer.parse(word)[:4]  # type: ignore[attr-defined]
    )


# First names that are also the virtues ("Віра, Надія, Любов"): after them, "в", "у", "к",
# "є" or "есть" make them the word ("Вера в лучшее", "Віри у нас не бракує", "Надежда есть").
VIRTUES = frozenset(
    {
        "віра",
        "надія",
        "любов",
        "вера",
        "надежда",
        "любовь",
        "віри",
        "надії",
        "любові",
        "веры",
        "надежды",
        "любви",
        "вірі",
        "вере",
        "надежде",
        "вірою",
        "надією",
        "верой",
        "надеждой",
    }
)
VIRTUE_AFTER = re.compile(
    r"\s{1,2}(?:в|у|к|во|до|є|есть|не|нема|немає|нет|ещё|ще|еще|живе|жива|живёт|умирает|помирає|"
    r"вмирає|dies|"
    # "Любов сильніша", "Вера сильнее страха", "Надія вічна": what the virtue is.
    r"сильніш\w{0,3}|сильнее|сильна|вічн\w{0,2}|вечн\w{0,2}|перемагає|перемож\w{1,3}|побеждает|"
    r"победит)\b"
)
# Faith or hope kept or not lost: "не втрачайте Надію", "не теряйте Веру", "зберігайте Віру" (the
# virtue, even in the accusative a woman's name also has).
VIRTUE_KEPT_BEFORE = re.compile(
    r"(?:\bне\s{1,2}(?:втрач\w{0,5}|втрат\w{0,5}|теря\w{0,4}|потеря\w{0,4}|губ\w{0,5})|"
    r"\b(?:зберіга\w{0,4}|зберегти|збережіть|сохраня\w{0,4}|сохранить|сохраните))\s{1,2}$",
    re.IGNORECASE,
)
VIRTUES_KEPT = frozenset({"віру", "надію", "любов", "веру", "надежду", "любовь"})
# The three together, opening a sentence or after a dash or a colon: "Вера, Надежда, Любовь —
# это не про имена", "сегодня праздник — Вера, Надежда, Любовь и мать их София" (the feast).
_VIRTUE = r"(?:віра|надія|любов|вера|надежда|любовь)"
# (the feast in any case, after its word: "свято Віри, Надії, Любові та матері їхньої Софії",
# "на праздник Веры, Надежды, Любви и матери их Софии"; the mother is the feast's too)
_VIRTUE_CASES = (
    r"(?:віра|віри|вірі|віру|надія|надії|надію|любов|любові|вера|веры|вере|веру|надежда|"
    r"надежды|надежде|надежду|любовь|любви)"
)
_FEAST_MOTHER = (
    r"(?:\s{0,2}(?:,|і|и|та|й)\s{1,2}(?:матері|матери|мать|мати|мамы|мами)\s{1,2}"
    r"(?:їхньої|їхня|їх|их)\s{1,2}(?:софії|софія|софьи|софья|софии|софия))?"
)
VIRTUE_RUN = re.compile(
    # (or after an emoji: "Всех ждём 🙏 Вера, Надежда, Любовь"; the mother may follow)
    rf"(?:^|(?<=[.!?…\n—–:]\s)|(?<=[^\w\s,;«\"“]\s)|(?<=\n)){_VIRTUE}"
    rf"(?:\s{{0,2}}(?:,|і|и|та|й)\s{{1,2}}{_VIRTUE}){{2,3}}\b{_FEAST_MOTHER}"
    rf"|(?:(?<=свято\s)|(?<=свята\s)|(?<=святом\s)|(?<=праздник\s)|(?<=праздника\s)|"
    rf"(?<=день\s)|(?<=дня\s)|(?<=іменини\s)|(?<=именины\s))"
    rf"{_VIRTUE_CASES}(?:\s{{0,2}}(?:,|і|и|та|й)\s{{1,2}}{_VIRTUE_CASES}){{2,3}}\b{_FEAST_MOTHER}",
    re.IGNORECASE | re.MULTILINE,
)
# The virtues apart, in one sentence, one of them with what it is in or for: "Віра в ЗСУ, Надія
# на перемогу, Любов до рідних", "Вера в победу и Надежда — это всё": all of them are the words.
VIRTUE_ANY = re.compile(rf"\b{_VIRTUE}\b", re.IGNORECASE)
VIRTUE_GOVERNS = re.compile(r"\s{1,2}(?:в|у|во|на|до|к|за)\s", re.IGNORECASE)
_VIRTUE_PREFIXES = ("вір", "вер", "наді", "надеж", "люб")
_VIRTUE_STEMS = (("вір", "вер"), ("наді", "надеж"), ("люб",))
SENTENCE = re.compile(r"[^.!?\n]+")


def _virtue_sentences(text: str) -> list[tuple[int, int]]:
    out = []
    for sentence in needles.finditer(SENTENCE, text):
        # (capitalised, and no surname or patronymic after: "Надія Адамівна" is a teacher)
        found = [
            v
            for v in VIRTUE_ANY.finditer(text, sentence.start(), sentence.end())
            if v.group(0)[:1].isupper() and not _CAPITAL_NEXT.match(text, v.end())
        ]
        if len(found) < 2:
            continue
        kinds = {
            i
            for v in found
            for i, stems in enumerate(_VIRTUE_STEMS)
            if v.group(0).lower().startswith(stems)
        }
        if len(kinds) >= 2 and any(VIRTUE_GOVERNS.match(text, v.end()) for v in found):
            out.append((sentence.start(), sentence.end()))
    return out


# Someone to write to or call: "звертатись до Романа", "Пиши Kate", "ask for Olena".
CONTACT = re.compile(
    r"\b(?:звертатись|звертатися|звертайтесь|звертайтеся|звертайся|обращаться|обращайтесь|"
    r"обращайся|пиши|пишіть|пишите|напиши|напишіть|напишите|дзвоніть|дзвони|звоніть|звоните|"
    r"звони|телефонуйте|питайте|спросить|спитати|ask\s+for|write\s+to|contact|text|call)"
    r"\s{1,2}(?:до\s{1,2}|к\s{1,2}|to\s{1,2})?"
    # "пишите жене Алле", "дзвоніть мамі Галині", "write to his wife Olena"
    r"(?P<kin>(?:(?:his|her)\s)?(?:мамі|маме|матері|матери|жені|жене|дружині|сестрі|сестре|брату|"
    r"батькові|отцу|татові|папе|доньці|дочці|дочери|сину|сыну|тітці|тете|тёте|дядькові|дяде|бабусі|"
    r"бабушке|дідусеві|дедушке|wife|mother|mum|mom|sister|brother|daughter|son)\s{1,2})?"
    r"([А-ЯІЇЄҐЁA-Z][а-яіїєґёʼ'’a-z]{2,20})\b",
    re.IGNORECASE,
)

# A second one to reach after the first: "contact Mark or Jen", "пишіть Олі або Ірі".
CONTACT_OTHER = re.compile(
    r"\s{1,2}(?:or|and|або|или|чи|і|и|та)\s{1,2}([А-ЯІЇЄҐЁA-Z][а-яіїєґёʼ'’a-z]{2,20})\b"
)


@functools.lru_cache(maxsize=20_000)
def _a_name_but_for_an_abbreviation(word: str) -> bool:
    """The word is written in lower case after its capital, and the dictionaries read it as a
    first name and otherwise only as an abbreviation or a surname ("Ірі": Іра's dative, and
    the ІРА's): an abbreviation is written in capitals, so the name is meant."""
    parses = _known_parses(word)
    return (
        word[1:].islower()
        and any("Name" in p.tag.grammemes for p in parses)
        and any("Abbr" in p.tag.grammemes for p in parses)
        and all(p.tag.grammemes & {"Name", "Surn", "Patr", "Abbr"} for p in parses)
    )


def _contact_name(word: str) -> bool:
    if not word[:1].isupper():
        return False
    if word[:1].isascii():
        return word not in ENGLISH_NOT_NAMES and (
            english_first_name(word) or _latin_first_name(word)
        )
    return word_status(word) in (PERSON, FIRST_NAME_AND_THING, AMBIGUOUS) and _first_name_any(word)


# Capitalised English words that read back as Ukrainian names ("Roman", "Marina").
ENGLISH_NOT_NAMES = frozenset(
    {
        "Roman",
        "Marina",
        "Victoria",
        "Grace",
        "Hope",
        "Faith",
        "May",
        "June",
        "Will",
        "Mark",
        "War",
        "Chip",
        "Prisoners",
        "Prisoner",
        "Cross",
        "Red",
        "Update",
        "Please",
        "Thanks",
        "Slava",
        "Army",
        "Brigade",
        "Marine",
        "Marines",
        "Church",
        "Saturday",
        "Sunday",
        # words before a name or a place that read back as names ("Free Tetiana", "Bay Ridge",
        # "Home Office"), and a car's make ("Ford Ranger")
        "Free",
        "Home",
        "Bay",
        "Text",
        "Ford",
    }
)
# Verbs and greetings before a name in Latin letters: the name is after them ("Text Tetiana",
# "Call Oksana", "Dear Olena").
EN_BEFORE_NAME = frozenset(
    {"Text", "Call", "Contact", "Ask", "Message", "Email", "Ring", "Phone", "Dear", "Hi", "Hello"}
)
PLACE_BEFORE = re.compile(
    # (after a hyphen, but not a number's ending: "в 2022-м. Люда" is no town's "м.")
    r"(?:^|[\s(]|(?<!\d)-)(?:у|в|на|під|біля|до|з|із|зі|с|со|от|від|поблизу|над|через|возле|под|"
    # "брат після Бахмута": where someone served
    r"около|из|після|после|"
    r"район\w{0,2}|м\.|міст\w{0,2}|город\w{0,2}|г\.|с\.|село|селі|смт|область|області|"
    # "напрямок Бахмут", "на направлении Купянск": the front's directions are towns.
    r"напрям\w{0,3}|напрямк\w{0,2}|направлени\w{0,2}|"
    # "їздять у бік Куп'янська", "в сторону Изюма": a town is where one goes.
    r"(?:у|в)\s{1,2}(?:бік|сторону|напрямку))\s{1,2}$",
    re.IGNORECASE,
)
# A front's direction or sector is named by an adjective of its town: "Лиманський напрямок",
# "на Запорожском направлении", "Southern front".
FRONT_AFTER = re.compile(
    r"\s{1,2}(?:напрям\w{0,3}|напрямк\w{0,2}|направлени\w{0,2}|фронт\w{0,2}|ділянк\w{0,2}|"
    r"участ(?:ок|ке|ка|ку)|сектор\w{0,2})\b",
    re.IGNORECASE,
)
PLACE_ADJECTIVE = re.compile(
    r"(?:ськ|цьк|зьк|ск|цк|зк)(?:ий|ій|ого|ому|им|ім|ая|ое|ой|ом|а|е|ої|ою|у|ую)$"
)
# Markers that make the next (or previous) word a place whatever the dictionary says.
SETTLEMENT_BEFORE = re.compile(
    r"(?:^|[\s(])(?:м\.|с\.|смт|місто|міста|місті|село|селі|села|селе|селом|деревн\w{1,2}|"
    r"посёлк\w{0,2}|поселк\w{0,2}|пос[её]лок|город|города|г\.|район|районі|"
    # (a хутір and a prison are named by their place: "хуторі Зелений Гай", "СІЗО Курська")
    r"хут[іо]р\w{0,2}|хуторі|хуторе|сізо|сизо|"
    # (streets where they cross: "на перехресті Гагаріна і Гоголя", "на углу Пушкина")
    r"перехрест\w{0,3}|перекрест\w{0,3}|углу|розі|"
    r"района|мікрорайон|вул\.|вулиц\w{0,2}|ул\.|улиц\w{0,2}|просп\.|проспект\w{0,2}|пр\.|"
    r"провул\w{0,3}|пров\.|переул\w{0,3}|пер\.|бульвар\w{0,2}|площ\w{0,2}|набережн\w{0,2}|"
    # an alley named in someone's honour: "на Алеї Слави", "на Аллее Героев"
    r"алле[яиеюйі]|але[яїюй]|"
    # a housing estate by its name, quoted or not: "ЖК Зелений квартал"
    r"жк)\s{0,2}$",
    re.IGNORECASE,
)
# The word for streets in the plural, before a list of them.
STREETS_BEFORE = re.compile(
    r"(?:^|\s)(?:вулицях|вулицями|улицах|улицами)\s{0,2}:?\s{1,2}$", re.IGNORECASE
)
REGION_AFTER = re.compile(
    r"(?:\s{1,2}[А-ЯІЇЄҐЁ][а-яіїєґё]+)?\s{1,2}(?:област\w{0,3}|обл\.|район\w{0,3}|р-н|громад\w{0,3}|"
    r"Церкв\w{0,2}|Гор\w{1,2}\b|"
    # (a region's or town's administration: "Сумська ОВА", "Харківська ОДА")
    r"ОВА|ОДА|РВА|МВА|ВЦА|РДА)",
)
PET_BEFORE = re.compile(
    r"(?:(?:відгукується|откликается|отзывается|responds|answers)\s{1,2}(?:на|to)"
    r"|\b(?:пс\w{1,2}|пес\w{0,3}|собак\w{0,2}|цуцик\w{0,2}|кот\w{0,2}|кіт|кішк\w{0,2}|кошк\w{0,2}"
    # (and their diminutives: "кішечка Лейла", "собачка Джессі")
    r"|кішечк\w{0,2}|кошечк\w{0,2}|кицьк\w{0,2}|кицьц\w{0,2}|собачк\w{0,2}|песик\w{0,2}|пёсик\w{0,2}"
    r"|котик\w{0,2}|кошеня|dog|cat|puppy|kitten|лабрадор\w{0,2}|хаскі|хаски|вівчарк\w{0,2}|овчарк\w{0,2}"
    r"|такс\w{0,2}|терʼєр\w{0,2}|тер'єр\w{0,2}|терьер\w{0,2}|спаніел\w{0,2}|спаниел\w{0,2}|мопс\w{0,2}"
    r"|husky|labrador|terrier|shepherd|попуга\w{0,3}|папуг\w{0,3}|хом[ʼ'’]?як\w{0,2}|parrot)"
    # "хаскі на ім'я Лорд", "кошка по кличке Мурка", "a dog named Max"
    r"(?:\s{1,2}(?:на\s{1,2}ім[ʼ'’]я|по\s{1,2}имени|по\s{1,2}кличке|на\s{1,2}кличку|named|called))?"
    # "цуценят: Джек, Марта і Бублик"
    r"|\b(?:цуценят\w{0,2}|кошенят\w{0,2}|котят\w{0,2}|щенк\w{1,3}|щенят\w{0,2}|puppies|kittens)"
    r"\s{0,2}[:\-–—])\s{1,2}[«\"“'‘]?$",
    re.IGNORECASE,
)
# "кличка Лорд" is a pet's name when a pet word is not far before it (PET_NEAR).
PET_NAME_CUE = re.compile(
    # ("кличка на нашийнику — ...": where it is written, between the word and a dash)
    r"(?:кличк\w{0,2}(?:\s{1,2}[а-яіїєґё'’ʼ]{1,12}){1,3}\s{0,2}[:\-–—]|"
    r"кличк\w{0,2}|по\s+кличке|на\s+кличку|клікуха|(?<!мене )(?<!меня )(?:звати|звуть|зовут)"
    r"|назвали|назвала|назвав|назвали\s+(?:його|її|его|её)|кличемо(?:\s+(?:його|її))?|зовём|зовем)"
    r"\s{0,2}[:\-–—]?\s{0,2}[«\"“]?$",
    re.IGNORECASE,
)
# A litter's mother, father or sibling, with pets or a litter spoken of just before: "кошенята
# від Мурки... мама — Люся", "three puppies ... their sister Daisy".
ANIMAL_KIN_BEFORE = re.compile(
    r"(?:\b(?:мама|тато|батько|мати|мать|отец|папа|брат|братик|сестра|сестричка)\s{0,2}[:\-–—]"
    r"|\b(?:their|its)\s{1,2}(?:mother|mom|mum|father|dad|brother|sister))\s{1,2}$",
    re.IGNORECASE,
)
# (a full name after it is a person's: "мама — Оксана Петрук, 067 ...")
FULL_NAME_AT = re.compile(rf"[\w'’ʼ-]+[ ]{{1,2}}[{_UPPER}A-Z]")
PET_OR_LITTER = re.compile(
    r"\b(?:цуцен\w{1,3}|кошен\w{1,3}|котят\w{0,2}|щенк\w{1,3}|щенят\w{0,2}|puppies|kittens|"
    r"пес|пса|собак\w{0,2}|кіт|кота|кот|кішк\w{0,2}|кошк\w{0,2}|котик\w{0,2}|dog|cat|puppy|kitten)\b",
    re.IGNORECASE,
)
# The animal word itself before a pet's name ("Кот Барсик") is not a surname.
PET_WORD = re.compile(
    r"(?:пес|собака|собачка|цуцик|кіт|кот|кішка|кошка|котик|кошеня|котенок|щенок|цуценя|песик|"
    r"пёсик)",
    re.IGNORECASE,
)
# A pet's name after "кличка" is not a person's nickname: a pet word not far before it.
# (a breed or the pet's collar says it as well: "хаски, кличка ...", "на нашийнику — ...")
PET_NEAR = re.compile(
    r"\b(?:пес|пёс|пса|псу|собак\w{0,2}|цуцик\w{0,2}|кіт|кота|кот|кішк\w{0,2}|кошк\w{0,2}"
    r"|котик\w{0,2}|кошеня|котенок|котёнок|щенок|щенка|щенку|цуценя|песик\w{0,2}|пёсик\w{0,2}"
    r"|хаскі|хаски|лабрадор\w{0,2}|вівчарк\w{0,2}|овчарк\w{0,2}|спаніел\w{0,2}|спаниел\w{0,2}"
    r"|терʼєр\w{0,2}|тер'єр\w{0,2}|терьер\w{0,2}|мопс\w{0,2}|нашийник\w{0,2}|ошейник\w{0,2}"
    r"|dogs?|cats?|pupp(?:y|ies)|kittens?|husky|labrador|terrier|collar"
    r"|гонч\w{1,3}|попуга\w{0,3}|папуг\w{0,3}|parrots?)\b",
    re.IGNORECASE,
)
# What is written on a pet's tag or collar, in quotes: "на жетоні написано «...»", "на адреснике
# «...»"; a pet's name when a pet was spoken of not far before, even a sentence before (a
# soldier's tag is a "жетон" too: never without the pet).
PET_TAG_BEFORE = re.compile(
    r"\b(?:жетон\w{0,3}|адресник\w{0,2}|нашийник\w{0,2}|ошейник\w{0,2}|медальйон\w{0,2}|"
    r"медальон\w{0,2}|tag)(?:\s{1,2}[а-яіїєґё'’ʼa-z]{1,12}){0,2}\s{0,2}[:\-–—]?\s{0,2}[«\"“„]$",
    re.IGNORECASE,
)
# "Вовчик з Оболоні": someone from a place.
FROM_A_PLACE_AFTER = re.compile(rf"\s{{1,2}}(?:з|із|зі|из|с|от|від)\s{{1,2}}[{_UPPER}]")
# Someone called by name, then spoken to: "Роман, ти обіцяв", "Слава, ты завтра на смене?",
# "олюсь, ти бачила".
# (a conjunction or "please" may come first: "Віро, як побачиш", "Саша, когда увидишь")
ADDRESSED_AFTER = re.compile(
    r",\s{1,2}(?:(?:якщо|коли|як|если|когда|как|пожалуйста),?\s{1,2})?"
    r"([а-яіїєґё'’ʼ]{2,15})\b"
)
_SECOND_PERSON = frozenset(
    {
        "ти",
        "ты",
        "ви",
        "вы",
        "тобі",
        "тебе",
        "тебя",
        "тобой",
        "тобою",
        "вам",
        "вас",
        "твій",
        "твоя",
        "твоє",
        "твої",
        "твой",
        "твоё",
        "твои",
        "ваш",
        "ваша",
        "ваше",
        "ваші",
        "ваши",
    }
)


# The word after a name with no comma, maybe after "не": "Люба не плач", "Оля дивись".
TOLD_AFTER = re.compile(r"[ \t]{1,2}(?:(?i:не)[ \t]{1,2})?([а-яіїєґёА-ЯІЇЄҐЁ'’ʼ]{2,20})\b")


def _addressed(text: str, end: int) -> bool:
    """A comma, then "ти" or a verb in the second person or the imperative, maybe after "якщо",
    "коли" or "пожалуйста": the word before the comma is whom the writer speaks to. Without the
    comma, as chats are typed, an imperative right after will do ("Люба не плач", "Оля дивись")."""
    after = ADDRESSED_AFTER.match(text, end)
    if not after:
        told = TOLD_AFTER.match(text, end)
        return told is not None and _an_imperative(told.group(1).lower())
    word = after.group(1).lower()
    return word in _SECOND_PERSON or _second_person_verb(word)


def _replied_to(text: str, start: int, end: int) -> bool:
    """The post's first word, then a comma and a word that is not another noun of a list ("Віра,
    надія, любов") nor a relative word ("Роман, который ..."): whom a reply answers."""
    if text[:start].strip():
        return False
    after = REPLY_NEXT.match(text, end)
    if not after:
        return False
    word = after.group(1).lower()
    if word in GOES_ON_ABOUT_IT or word in VIRTUES:
        return False
    return not any(p.tag.POS == "NOUN" and "nomn" in p.tag.grammemes for p in _known_parses(word))


@functools.lru_cache(maxsize=20_000)
def _an_imperative(word: str) -> bool:
    """The dictionaries read the word first as an imperative, and never as a noun."""
    parses = _known_parses(word)
    return (
        bool(parses)
        and any("impr" in p.tag.grammemes for p in parses[:2])
        and not any(p.tag.POS == "NOUN" for p in parses)
    )


@functools.lru_cache(maxsize=20_000)
def _second_person_verb(word: str) -> bool:
    return any(
        p.tag.POS == "VERB" and ("impr" in p.tag.grammemes or "2per" in p.tag.grammemes)
        for analyzer in _analyzers()
        if analyzer.word_is_known(word)  # type: ignore[attr-defined]
        for p in analyzer.parse(word)[:2]  # type: ignore[attr-defined]
    )


# "Віра, надія, любов", "Любов і пам'ять": a first name that is also a word, at the start of a
# sentence and followed by ordinary words, is the word.
WORD_AFTER = re.compile(r"(?:,\s{1,2}|\s{1,2}(?:і|й|и|та|да)\s{1,2})[а-яіїєґё]")
# "Надія тільки на них", "Вера в лучшее", "Любовь к родине": a function word next.
FUNCTION_AFTER = re.compile(r"\s{1,2}([а-яіїєґё'’ʼ]{1,12})\b")
# A business, a channel or a work named in quotes: "кафе «Калина»", "роман «Сад
# Гетсиманський»"; "Роман «Война и мир»" is the novel, the genre word before its title.
IN_QUOTES = re.compile(r"[«\"“„]([^»\"”“\n]{1,60})[»\"”“]")
# A company, a squad or a kindergarten's group named in quotes right after its word ("рота
# «Тигри Да Вінчі»", "група «Ясочка»"); not a list after a colon ("з 3-ї роти: «Лисий», ...").
GROUP_NAMED_CUE = re.compile(
    r"(?<![\w'’ʼ])(?:рот[аиуіе]|ротою|загін|загону|підрозділ\w{0,2}|подразделени\w{0,2}|"
    r"battalion|brigade|груп[аиуі]|групп[аыуе])\s{1,2}$",
    re.IGNORECASE,
)
NAMED_IN_QUOTES_CUE = re.compile(
    # Whole words only: "полоненого «Сашка»" does not end in the cue "го".
    r"(?<![\w'’ʼ])(?:кафе|ресторан\w{0,3}|бар|трц|тц|магазин\w{0,3}|фонд\w{0,3}|компані\w{0,3}|клінік\w{0,3}|"
    r"клиник\w{0,3}|готел\w{0,3}|гостиниц\w{0,3}|салон\w{0,3}|аптек\w{0,3}|кав[ʼ'’]ярн\w{0,3}|"
    r"кофейн\w{0,3}|піцері\w{0,3}|кінотеатр\w{0,3}|кинотеатр\w{0,3}|театр\w{0,3}|канал\w{0,3}|"
    r"журнал\w{0,3}|газет\w{0,3}|видавництв\w{0,3}|фільм\w{0,3}|фильм\w{0,3}|книг\w{0,3}|"
    # A page, a group or a public page of a network: "сторінка «Сумські новини»".
    r"сторінк\w{0,3}|страниц\w{0,3}|паблік\w{0,3}|паблик\w{0,3}|спільнот\w{0,3}|"
    r"сообществ\w{0,3}|page|"
    r"пісн\w{0,3}|песн\w{0,3}|роман\w{0,3}|повіст\w{0,3}|вірш\w{0,3}|бф|го|тов|пп|ооо|омбр|"
    r"бригад\w{0,3}|полк\w{0,2}|батальйон\w{0,2}|батальон\w{0,2}|покажуть|показують|покажут|"
    r"звучатим\w{0,4}|звучатиме|прозвучить|співа\w{0,4}|пел\w{0,2}|заспівал\w{0,2}|заспіва\w{1,3}|"
    r"спел\w{0,2}|виконал\w{0,2}|виконав|исполнил\w{0,2}|митинг\w{0,2}|"
    r"мітинг\w{0,2}|акці\w{0,2}|акци\w{0,2}|концерт\w{0,2}|sang|sing|sings|song|film|movie|"
    r"book|novel|band|charity|foundation|fund|"
    # A play, an opera, a series; a housing estate or a business centre: "виставу «Наталка
    # Полтавка»", "возле ЖК «Radu»".
    r"вистав\w{0,3}|спектакл\w{0,3}|п[ʼ'’]єс\w{0,2}|пьес\w{0,2}|опер\w{1,3}|оперет\w{0,3}|"
    r"мюзикл\w{0,3}|балет\w{0,3}|серіал\w{0,3}|сериал\w{0,3}|мультфільм\w{0,3}|мультфильм\w{0,3}|"
    r"play|opera|musical|series|жк|бц|комплекс\w{0,2}|"
    # Excerpts from a work; an animal shelter: "уривки з «Енеїди»", "притулок «Остап»".
    r"уривк\w{0,3}\s(?:з|із)|уривок\s(?:з|із)|отрывк\w{0,3}\sиз|отрывок\sиз|excerpts?\sfrom|"
    r"притул\w{0,3}|приют\w{0,2}|shelter|"
    # What one watches, reads or listens to: "переглянула «Захар Беркут»", "прочитал «Тараса
    # Бульбу»", "watched "Cyborgs"".
    r"переглян\w{0,4}|подивил\w{0,3}|подивився|подивитись|дочитал\w{0,2}|дочитав|прочитал\w{0,2}|"
    r"прочитав|перечитал\w{0,2}|перечитав|посмотрел\w{0,2}|пересмотрел\w{0,2}|прочла|прочёл|"
    r"прочел|послухал\w{0,2}|послухав|послушал\w{0,2}|watched|rewatched|"
    # What a club discusses or reads: "обговорюємо «Тигролови»", "обсуждаем «Белую гвардию»".
    r"обговорю\w{1,4}|обговори\w{1,4}|обсужда\w{1,4}|обсуди\w{1,4}|читаємо|читаем|discuss\w{0,3})"
    r"[:\s]{1,3}$",
    re.IGNORECASE,
)
TITLES_BEFORE = re.compile(
    r"(?<![\w'’ʼ])(?:книг\w{0,3}|книж\w{1,4}|книжок|фільм\w{0,3}|фильм\w{0,3}|пісн\w{0,3}|песн\w{0,3}|"
    r"вірш\w{0,3}|стих\w{0,3}|твор\w{0,3}|роман\w{0,2}|books?|films?|songs?|novels?)\b",
    re.IGNORECASE,
)


def _sentence_before(text: str, start: int) -> str:
    """The sentence's text before start, at most 80 characters."""
    before = text[max(0, start - 80) : start]
    end = max(before.rfind(mark) for mark in ".!?\n")
    return before[end + 1 :]


# Two capitalised words joined by "і", "и", "та", "and" inside quotes are a title ("«Ромео і
# Джульєтта»", "«Война и мир»"); no one quotes a person's name so.
TITLE_WITH_AND = re.compile(
    rf"[{_UPPER}A-Z][{_LOWER}a-z\-]{{1,30}}\s(?:і|и|та|й|and|&)\s[{_UPPER}A-Z][{_LOWER}a-z\-]{{1,30}}"
)


def _a_title_with_and(quoted: str) -> bool:
    """(Two first names so joined are people who signed: "«Сергій і Оля»".)"""
    title = TITLE_WITH_AND.fullmatch(quoted)
    return bool(title) and not (
        _first_name_any(quoted.split()[0]) and _first_name_any(quoted.split()[-1])
    )


TITLE_MORE = re.compile(r"\s{0,2}(?:,|та|і|и|and)\s{1,2}[«\"“„]([^»\"”“\n]{1,60})[»\"”“]")
GENRE_BEFORE_TITLE = re.compile(r"\s{1,2}[«\"“„]")
GENRE_WORDS = frozenset({"роман", "романа", "роману", "романом"})
QUOTED = re.compile(rf"[«„“\"]([{_UPPER}][{_LOWER}\-]{{2,30}})[»“”\"]")
# The words for someone whose surname follows: a prisoner, a neighbour, a serviceman.
WHOSE_BEFORE = re.compile(
    r"(?:^|[\s«\"“(])(?:полонен(?:ого|ої|ому|им)|пленн(?:ого|ой|ому|ым)|сусід(?:а|ові|ом)?|сусідк[аиу]|"
    r"соседа?|соседк[аиу]|побратим(?:а|ові|ом)?|сослуживц(?:а|у)|бійц(?:я|ю|ем)|бойц(?:а|у|ом)|"
    r"солдат(?:а|ові|у|ом)?|військов(?:ого|ому)|военн(?:ого|ому)|рядов(?:ого|ому)|сержант(?:а|ові)?|"
    r"лейтенант(?:а|ові|ом|у)?|капітан(?:а|ові|ом)?|капитан(?:а|у|ом)?|майор(?:а|ові|у|ом)?|"
    r"полковник(?:а|ові|у|ом)?|генерал(?:а|ові|у|ом)?|прокурор(?:а|ові|у|ом)?|"
    r"следовател(?:я|ю|ем)|слідч(?:ого|ому|им))\s{1,2}$"
    # In lower case only: "набережная Лейтенанта Шмидта" is a street.
)
# Words of a unit and its people, within a few words of the quoted one.
SERVICE_NEAR = re.compile(
    r"побратим|бригад|батальйон|батальон|\bрот[аиіу]\b|взвод|позивн|позывн|сослуживц|"
    r"підрозділ|подраздел|brigade|battalion|squad|"
    # A unit by its number or its letters: "47-я держится", "з 95-ї", "57 ОМПБр", "ДШВ".
    r"\b\d{1,3}-(?:я|й|ї|а)\b|\b\d{1,3}\s?(?:ОМБр|ОШБр|ОГШБр|ОМПБр|ОМехБр|ОТБр|ДШБр|ОАеМБр)\b",
    re.IGNORECASE,
)
_QUOTED_WORD = rf"[«\"“]((?-i:[{_UPPER}][{_LOWER}\-]{{1,30}}))[»\"”]"
QUOTED_AFTER_ROLE = re.compile(
    r"(?<![\w'’ʼ-])(?:(?:команд[иі]р|комбат|ротн|взводн|старшин|сержант|снайпер|кулеметник|"
    r"пулеметчик|навідник|наводчик|гранатометник|розвідник|разведчик|боєць|бійц|боец|бойц|"
    r"офіцер|офицер|вояк)\w{0,3}\s{1,2}"
    + _QUOTED_WORD
    + r"|(?:той\s+самий|тот\s+самый|той\s+же|тот\s+же|та\s+сама|та\s+же)\s{1,2}"
    + _QUOTED_WORD
    + r",?\s{1,2}(?=що|який|яка|который|которая|кто|хто))",
    re.IGNORECASE,
)
ROLE_NICKNAME = re.compile(
    r"(?<![\w'’ʼ-])(?i:команд[иі]р|комбат|ротн(?:ий|ый)|взводн(?:ий|ый)|старшина|сержант)"
    rf"\s{{1,2}}([{_UPPER}][{_LOWER}]{{2,20}})\b(?![-«\"“])"
)
# What a commander commands: "командир Батальйону", "Командир Роти" name no one.
UNIT_WORDS = frozenset(
    {
        *("батальйон", "батальон", "бригада", "рота", "взвод", "полк", "відділення"),
        *("отделение", "частина", "часть", "штаб", "дивізія", "дивизия", "корпус", "група"),
        *("группа", "екіпаж", "экипаж", "розрахунок", "расчёт", "расчет", "батарея", "загін"),
        *("отряд", "підрозділ", "подразделение", "сектор", "зміна", "смена", "танк", "гармата"),
    }
)
CALLED_OUT = re.compile(rf",\s{{0,2}}[«\"“]([{_UPPER}A-Z][{_LOWER}a-z\-]{{1,30}})[»\"”]\s{{0,2}}!")
# A place named after a person ("Shevchenko Street", "Chopin Airport", "St. Volodymyr Church"):
# the words a name stands before when it names a place, not someone (not "Hall" or "Bridge",
# which are also surnames).
EN_STREET_AFTER = re.compile(
    r"\s{1,2}(?:Street|St\b|Avenue|Ave\b|Road|Square|Lane|Boulevard|Park|Airport|Church|"
    r"Cathedral|University|Station|Museum|Theatre|Theater|Stadium|Metro)\b"
)
# What a place is, after its name, in either case: "Shevchenko Street", "Kyiv-Pasazhyrskyi station".
PLACE_WORD_AFTER_LATIN = re.compile(
    EN_STREET_AFTER.pattern + r"|\s{1,2}(?i:station|street|square|avenue|road|park|mall|market)\b"
)
# ... or one word later: "Ivana Franka Ave", where "Ivana" is the street's, no one's first name.
EN_STREET_AFTER_NEXT = re.compile(r"\s[A-Z][a-z]{2,20}" + EN_STREET_AFTER.pattern)
# A business named by two capitalised words, then what it is, in lower case: "Ocean Plaza mall".
EN_BUSINESS_AFTER = re.compile(
    r"\s{1,2}(?:mall|shopping\s(?:centre|center|mall)|supermarket|market|hotel|cinema|cafe|café|"
    r"restaurant|store)\b"
)
# "Hero of the 110th Brigade", "Order of Courage": a title.
EN_OF_AFTER = re.compile(r"\s{1,2}of\s")
ON_BEFORE = re.compile(r"(?:^|\s)(?:на|біля|возле|около|по|район\w{0,2})\s{1,2}$", re.IGNORECASE)
# "Мы из Каменского", "родом з Вишневого": after "from", a word declined like an adjective that
# is only a surname in the genitive, alone, is the town named like one (Каменское, Вишневе):
# people are rarely "from" someone ("з Коваленком" is "with").
ADJECTIVE_SURNAME = re.compile(r"(?:ськ|цьк|зьк|ск|цк|зк|ов|ев|ёв|єв|ін|ин|н)ого$")
FROM_BEFORE = re.compile(r"(?:^|\s)(?:з|із|зі|из|изо|родом\s+з|родом\s+из)\s{1,2}$", re.IGNORECASE)
FROM_OR_OFF_BEFORE = re.compile(r"(?:^|\s)(?:з|із|зі|из|изо|с|со)\s{1,2}$", re.IGNORECASE)
LIST_SEP = re.compile(r"\s{0,2}[,;]\s{1,2}|\s{1,2}(?:і|й|и|та|and)\s{1,2}")
RECIPIENT = re.compile(
    r"\b(?:отримувач\w{0,2}|одержувач\w{0,2}|получател\w{0,2}|recipient|на\s+ім[ʼ'’]я|на\s+имя)"
    r"\s{0,2}[:\-–—]?\s{0,2}"
    r"([а-яіїєґёa-z'’ʼ\-]{2,30}(?:\s{1,2}[а-яіїєґёa-z'’ʼ\-]{2,30}){0,2})",
    re.IGNORECASE,
)
# "Слава" is a name, except in the greetings everyone writes; so the wish "Дай Бог" ("Дай" is
# also a surname).
GREETING = re.compile(
    r"(?:Слава|Slava)\s+(?:Україні|Україна|Украине|ЗСУ|ВСУ|Героям|героям|Богу|богу|нації|Ісусу|Ukraini|"
    r"Ukraine|Heroyam)"
    r"|(?i:дай)\s{1,2}(?:Бог|Боже|бог|боже)\b"
)
# A settlement of two words in the feminine accusative after "в" or in a list it began: "в Нову
# Водолагу", "в Липці, Стару Криничну" (the second read as an adjective too).
FEMININE_PAIR = re.compile(rf"[{_UPPER}][{_LOWER}]+[ую]\s([{_UPPER}][{_LOWER}]+[ую])\b")
# A second street after the first, joined: "вул. Сковороди та Франка" (both streets).
STREET_AND = re.compile(r"\s{1,2}(?:та|і|й|и|and)\s{1,2}")


def _before(text: str, start: int) -> str:
    """The few characters before a word (a window, so that scanning stays linear)."""
    return text[max(0, start - 24) : start]


def sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (or a line, a list's item)."""
    return _sentence_start(text, start)


def _sentence_start(text: str, start: int) -> bool:
    before = _before(text, start).rstrip(' \t«"“(')
    return not before or before[-1] in ".!?\n:—–-•*"


def _after_an_emoji(text: str, start: int) -> bool:
    """An emoji (a pictograph, with its variation selector) just before the word, as one ends
    a sentence without a full stop: "світла знову нема 😤 Віра в ..."."""
    before = text[max(0, start - 6) : start].rstrip(" \ufe0f\u200d")
    return bool(before) and (ord(before[-1]) > 0xFFFF or unicodedata.category(before[-1]) == "So")


def _function_word_after(text: str, end: int) -> bool:
    after = FUNCTION_AFTER.match(text, end)
    return bool(after) and _is_function_word(after.group(1))  # type: ignore[union-attr]


@functools.lru_cache(maxsize=50_000)
def _is_function_word(word: str) -> bool:
    # Particles, conjunctions, adverbs and "к" ("Любовь к родине"); not "з"/"с", which follow
    # a person as often ("Лена с 5 этажа").
    return word == "к" or any(
        p.tag.POS in ("PRCL", "CONJ", "ADVB")
        for analyzer in _analyzers()
        for p in analyzer.parse(word)[:2]  # type: ignore[attr-defined]
    )


_ALL_CAPS = re.compile(rf"\b[{_UPPER}]{{4,}}(?:-[{_UPPER}]{{2,}})?\b")
_VOWELS = frozenset("АЕЄИІЇОУЮЯЁЫЭ")


# Two or three Latin words in capitals side by side: a name as forms and passports write it
# ("IRYNA PAVLENKO"). One alone is more often a shout or an abbreviation ("URGENT", "NATO").
_LATIN_CAPS_RUN = re.compile(r"\b[A-Z]{3,15}(?:\s{1,2}[A-Z]{3,20}){1,2}\b")


def _title_caps(text: str) -> str:
    """Words written in capitals ("ШУКАЄМО ВАСИЛЯ ТКАЧУКА", "IRYNA PAVLENKO") as the
    dictionary reads them, in title case; the same length, so spans stay where they were.
    Short ones stay: "ЗСУ", "ГУР"."""
    if _ALL_CAPS.search(text):
        text = _ALL_CAPS.sub(_title_word, text)
    if _LATIN_CAPS_RUN.search(text):
        text = _LATIN_CAPS_RUN.sub(_latin_title_run, text)
    if _LATIN_CAPS_BESIDE.search(text):
        text = _LATIN_CAPS_BESIDE.sub(_latin_caps_beside, text)
    return text


# A surname in capitals beside a first name, as lists and forms write it: "HNATIUK Oleksandr",
# "Oleksandr HNATIUK".
_LATIN_CAPS_BESIDE = re.compile(
    r"\b(?:[A-Z]{4,20}\s{1,2}[A-Z][a-z]{2,20}|[A-Z][a-z]{2,20}\s{1,2}[A-Z]{4,20})\b"
)


def _latin_caps_beside(m: re.Match[str]) -> str:
    """The word in capitals in title case when the other is a first name and it reads as a
    surname ("MELNYK Yurii"); as it was otherwise ("NATO Summit", "URGENT Help")."""
    a, gap, b = re.split(r"(\s+)", m.group(0))
    caps, other = (a, b) if a.isupper() else (b, a)
    surname = caps.title()
    if (
        other in ENGLISH_NOT_NAMES
        or surname in ENGLISH_NOT_NAMES
        or not (_latin_first_name(other) or english_first_name(other))
        or not (is_latin_person_word(surname) or english_surname(surname))
    ):
        return m.group(0)
    return surname + gap + b if caps is a else a + gap + surname


def _latin_title_run(m: re.Match[str]) -> str:
    """The run in title case when every word of it reads as a name ("IRYNA PAVLENKO"), else
    as it was ("NATO AND USA", "URGENT HELP")."""
    run = m.group(0)
    words = [w.title() for w in run.split()]
    if any(w in ENGLISH_NOT_NAMES for w in words):
        return run
    firsts = [w for w in words if _latin_first_name(w) or english_first_name(w)]
    if firsts and all(
        w in firsts or LATIN_SURNAME_ENDING.search(w.lower()) or english_surname(w) for w in words
    ):
        return run.title()
    return run


def _title_word(m: re.Match[str]) -> str:
    word = m.group(0)
    # Abbreviations have few vowels ("МКЧХ", "ОМБР"); names have them ("ОЛЕГ", "ТКАЧУКА").
    if sum(ch in _VOWELS for ch in word) < 0.2 * len(word):
        return word
    return word.title()


# A brigade, a library or a street "named after" someone: "92 ОШБр імені Івана Сірка",
# "бібліотека імені Франка", "24 ОМБр імені короля Данила", "школа имени Пушкина". The namesake
# is history, not a person in the post. (Not "від імені", "от имени", "по имени": on behalf of,
# by the name of.)
NAMESAKE_BEFORE = re.compile(
    r"(?<!від\s)(?<!від\s\s)(?<!от\s)(?<!по\s)(?<!з\s)(?<!із\s)(?<!с\s)"
    r"(?<![\w'’ʼ])(?:імені|имени|ім\.|им\.)\s{1,2}"
    r"(?:[а-яіїєґё'’ʼ]{3,15}\s{1,2})?(?:[«\"“]\s?)?(?:[А-ЯІЇЄҐЁA-Z]\.\s?){0,2}$",
    re.IGNORECASE,
)


# A soldier called by his call sign alone, right after the word for a soldier: "раненому бойцу
# Байкер", "канал нашого побратима Дизеля" (a word the dictionaries read as a thing or do not
# know; a first name there is the name rules', a place is a place: "захисника України").
SOLDIER_THEN_WORD = re.compile(
    r"(?<![\w'’ʼ-])(?i:бійц(?:ю|я|ем|еві)|бойц(?:у|а|ом)|побратим(?:а|у|ові|ом)?"
    r"|захисник(?:а|у|ові)|воїн(?:а|у|ові)|командир(?:а|у|ові)?|комбат(?:а|у)?)\s{1,2}"
    rf"([{_UPPER}][{_LOWER}'’ʼ]{{2,20}})(?![\w'’ʼ-])"
)
_UNIT_WORD = re.compile(
    r"(?:рот|взвод|батальй?он|бригад|відділенн|отделени|частин|част|груп|підрозділ|подразделени"
    r"|штаб|полк|дивізі|дивизи|сил|армі|арми|україн|украин|зсу|нгу|тро)"
)
_SOLDIER_STEMS = ("бійц", "бойц", "побратим", "захисник", "воїн", "омандир", "омбат")


def _callsigns_after_a_soldier(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in needles.finditer(SOLDIER_THEN_WORD, text):
        word = m.group(1)
        if (
            _NEXT_CAPITALISED.match(text, m.end())
            or is_a_place(word)
            or _place_reading(word)
            or _UNIT_WORD.match(word.lower())
        ):
            continue  # a full name follows (the name rules'), a place, a unit ("командира Роти")
        if word_status(word) in (OTHER, UNKNOWN) and word.lower() not in NOT_NAMES:
            out.append((m.start(1), m.end(1), "callsign"))
    return out


# "Поле" (a field) named by the word before it is a place ("Павлове Поле", "Дике Поле"); "Поля"
# alone may be a Полина.
_FIELD_WORDS = frozenset({"Поле", "Поля", "Полі", "Полю", "Полем"})


def name_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of every name ("name") and nickname ("callsign") found, but none
    inside the title of a work, a business or a unit named in quotes ("93 ОМБр «Холодний
    Яр»", "співали «Stefania»"), and none that a thing is named after ("імені Івана Сірка")."""
    spans = list(_name_spans(text))
    if spans and "\n" in text:
        spans += _list_head_surnames(text, spans)
    if len(spans) >= 2 and ", " in text:
        spans += _sentence_head_surnames(text, spans)
    if spans and "(" in text:
        spans += _before_a_bracketed_name(text, spans)
    spans += _first_name_and_surname(text, spans)
    if any(stem in text for stem in _SOLDIER_STEMS):
        spans += _callsigns_after_a_soldier(text)
    if any(c in _CE_HINTS for c in text) or any(n in text for n in _CE_PLAIN_NAMES):
        spans += _central_european_names(text)
    if "озивн" in text or "озывн" in text:
        spans += _before_a_call_sign_cue(text, spans)
    titled = _titled(text) + _adjective_places(text, spans) if spans else []
    if any(text[start:end].isascii() for start, end, kind in spans if kind == "name"):
        spans += _latin_names_again(text, spans)
    for start, end, kind in spans:
        if any(a <= start and end <= b for a, b in titled):
            continue
        if kind == "name" and (
            _a_town_by_its_context(text, start, end) or _a_town_alone(text, start, end)
        ):
            continue
        if (
            kind == "name"
            and text[start:end] in _FIELD_WORDS
            and _WORD_BEFORE.search(text, max(0, start - 24), start)
        ):
            continue  # "на Павловом Поле", "район Павлова Поля": a district, not a Поля
        if kind == "name" and OCCUPIED_BEFORE.search(text, max(0, start - 24), start):
            continue  # "в оккупированной Каховке": a town
        if kind == "name" and NAMESAKE_BEFORE.search(text, max(0, start - 36), start):
            # The namesake is in the genitive; a name in another case after it is someone
            # else's ("института имени Штернберга Владимир Сурдин").
            after = _after_genitive(text, start, end)
            if after is not None:
                yield after, end, kind
            continue
        yield start, end, kind


# The given names most common among Zakarpattia's Hungarians and Slovaks and Bukovyna's
# Romanians (written in Latin letters there, and read by no dictionary here), their diacritics
# folded: with a capitalised word beside them they are a person, in either order ("Kovács
# Zoltán", "Ion Popescu", "Jána Hudáka").
CENTRAL_EUROPEAN_FIRST_NAMES = frozenset(
    {
        *("zoltan", "gabor", "ferenc", "istvan", "laszlo", "sandor", "attila", "janos"),
        *("jozsef", "tibor", "csaba", "bela", "imre", "lajos", "miklos", "tamas", "gyula"),
        *("gyorgy", "arpad", "zsolt", "balazs", "bence", "levente", "geza", "kalman", "denes"),
        *("erzsebet", "katalin", "ildiko", "zsuzsanna", "zsuzsa", "erzsi", "judit", "agnes"),
        *("marta", "eva", "ilona", "piroska", "margit", "terez", "krisztina", "timea", "reka"),
        *("jan", "jozef", "stefan", "lubomir", "lubos", "milos", "miroslav", "dusan", "juraj"),
        *("maria", "zuzana", "jana", "lucia", "katarina", "ivana", "helena", "anna", "viera"),
        *("ion", "ioan", "vasile", "gheorghe", "mihai", "constantin", "dumitru", "nicolae"),
        *("petru", "costel", "florin", "marius", "adrian", "ionut", "ilie", "grigore"),
        *("ioana", "elena", "mihaela", "florica", "aurelia", "viorica", "rodica", "doina"),
    }
)
# The endings Hungarian and Slovak put on a name in a sentence ("Zoltánt", "Zoltánnak",
# "Jána", "Jánovi"), longest first.
_CE_NAME_ENDINGS = ("nak", "nek", "nal", "nel", "val", "vel", "ovi", "om", "ot", "et", "t", "a", "")
# Read only where a letter of those languages is, or a given name that needs none.
_CE_HINTS = frozenset("ÁÉÍÓÖŐÚÜŰČĎĽŇŘŠŤŽĂÂÎȘȚŞŢáéíóöőúüűčďěľĺňřšťžůýăâîșțşţ")
_CE_PLAIN_NAMES = ("Ion", "Ioan", "Vasile", "Gheorghe", "Mihai", "Dumitru", "Nicolae", "Ilona")
_DIGIT_NEXT = re.compile(r"\s{0,2}\d")
CE_CAPITALISED = re.compile(
    r"(?<![\w'’-])[A-ZÁÉÍÓÖŐÚÜŰČĎĽŇŘŠŤŽĂÂÎȘȚŞŢ][a-záéíóöőúüűčďěľĺňřšťžůýăâîșțşţ]{1,20}(?![\w'’-])"
)


def _ce_first_name(word: str) -> bool:
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c)
    )
    return any(
        folded.endswith(ending)
        and folded[: len(folded) - len(ending)] in CENTRAL_EUROPEAN_FIRST_NAMES
        for ending in _CE_NAME_ENDINGS
    )


def _central_european_names(text: str) -> list[tuple[int, int, str]]:
    """A Hungarian, Slovak or Romanian given name in Latin letters, with the capitalised word
    right beside it (the surname, before or after it), or alone: "Kovács Zoltánt", "Ion (…)"."""
    words = list(needles.finditer(CE_CAPITALISED, text))
    out: list[tuple[int, int, str]] = []
    for at, m in enumerate(words):
        if not _ce_first_name(m.group(0)) or _DIGIT_NEXT.match(text, m.end()):
            continue  # (not a month's abbreviation: "Jan 15")
        start, end = m.start(), m.end()
        before = words[at - 1] if at else None
        after = words[at + 1] if at + 1 < len(words) else None
        if (
            before is not None
            and text[before.end() : start] == " "
            and not _ce_first_name(before.group(0))
        ):
            start = before.start()
        elif after is not None and text[end : after.start()] == " ":
            end = after.end()
        out.append((start, end, "name"))
    return out


def _first_name_and_surname(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """A first name and a surname side by side, in one case, that other rules left half or
    wholly readable: "Юрко Семенів" (a dictionary also reads "Юрко" as an adverb), "с Костей
    Скромным" (in the instrumental, a first name and an adjective's form: in the middle of a
    sentence, capitalised, a surname)."""
    out: list[tuple[int, int, str]] = []
    masked = {start: end for start, end, kind in spans if kind == "name"}
    for m in needles.finditer(CAPITAL_PAIR, text):
        first, second = m.group(1), m.group(2)
        if m.start(1) in masked or m.end(1) > m.start(2) - 1 or len(second) < 3:
            continue
        if is_a_place(first) or is_a_place(second):
            continue
        parses = _known_parses(first)
        names = [p for p in parses if "Name" in p.tag.grammemes]
        if not names or any(p.tag.POS in _JOINING_WORDS for p in parses):
            continue  # ("Але Джонсі", "Ось Воланд", "Коли Пікассо": a conjunction, a particle)
        cases = {g for p in names for g in p.tag.grammemes & _CASES}
        surname_masked = masked.get(m.start(2)) == m.end(2)
        if surname_masked:
            if any(
                "Surn" in p.tag.grammemes and p.tag.grammemes & cases for p in _known_parses(second)
            ):
                out.append((m.start(1), m.end(2), "name"))
            continue
        # (not the genitive, which streets and things named after someone take: "вулиця Михайла
        # Грушевського")
        oblique = cases - {"nomn", "voct", "gent"}
        if not oblique or _sentence_start(text, m.start(1)) or m.start(2) in masked:
            continue
        adjective = [
            p.tag.grammemes
            for p in _known_parses(second)
            if "ADJF" in p.tag.grammemes and "plur" not in p.tag.grammemes
        ]
        if (
            any(g & oblique for g in adjective)
            and not ("gent" in cases and any("gent" in g for g in adjective))
            and not _adjective_and_thing(first, second)
        ):
            out.append((m.start(1), m.end(2), "name"))
    return out


WORD_BEFORE_CALL_SIGN_CUE = re.compile(
    rf"(?<![\w'’ʼ-])((?-i:[{_UPPER}][{_LOWER}]{{2,20}})),?\s{{1,2}}(?=(?:позивн|позывн)\w{{0,4}}\b)",
    re.IGNORECASE,
)


def _before_a_call_sign_cue(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """The word right before "позывной" is whose call sign it is: "командир некий Соколов
    позывной Граф" (a surname a dictionary also reads as a falcon's)."""
    found = {start for start, _end, _kind in spans}
    out = []
    for m in needles.finditer(WORD_BEFORE_CALL_SIGN_CUE, text):
        word = m.group(1)
        if (
            m.start(1) not in found
            and word_status(word) in (PERSON, AMBIGUOUS, UNKNOWN)
            and not is_a_place(word)
            and not _sentence_start(text, m.start(1))
            and not PLACE_BEFORE.search(_before(text, m.start(1)))
        ):  # ("з Черкас, позивний": where he is from)
            out.append((m.start(1), m.end(1), "name"))
    return out


_WORD_BEFORE_BRACKET = re.compile(rf"([{_UPPER}][{_LOWER}]{{2,20}})\s{{1,2}}\($")


def _before_a_bracketed_name(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """The word before a first name in brackets is the same person's surname, when the
    dictionaries may read it as a person's or do not know it: "оцей Кущ (Толік)"."""
    out = []
    found = {start for start, _end, _kind in spans}
    for start, end, kind in spans:
        if kind != "name" or text[start - 1 : start] != "(" or text[end : end + 1] != ")":
            continue
        before = _WORD_BEFORE_BRACKET.search(text, max(0, start - 26), start)
        if before is None or before.start(1) in found:
            continue
        word = before.group(1)
        if (
            word_status(word) in (PERSON, AMBIGUOUS, UNKNOWN)
            and not is_a_place(word)
            and not _sentence_start(text, before.start(1))
        ):
            out.append((before.start(1), before.end(1), "name"))
    return out


# Where someone is from, then their unit: "из Кременчуга, 12 бригада", "з Кропивницького, 3-я
# рота". (Not after "от"/"від", which people follow: "от Петрова, 65 бригада".)
HOMETOWN_BEFORE = re.compile(r"(?:^|[\s(])(?:из|з|із|зі)\s{1,2}$", re.IGNORECASE)
UNIT_AFTER = re.compile(
    r",\s{1,2}(?:\d{1,3}(?:-?(?:я|й|ї|а|ой|ей|го|ої))?\s{1,2}(?:бригад|батальйон|батальон|рот|"
    r"полк|ОМБр|ОШБр|ОГШБр|ОМПБр|ОМехБр|ОТБр|ДШБр|ОАеМБр)|в/ч)",
    re.IGNORECASE,
)
# Only a place is occupied: "в окупованій Каховці", "в оккупированной Каховке".
OCCUPIED_BEFORE = re.compile(r"(?:окупован|оккупированн)\w{0,4}\s{1,2}$", re.IGNORECASE)
# ... or between a birth year and the unit: "1989 р.н., Миколаїв, 79 бригада".
BIRTH_YEAR_COMMA_BEFORE = re.compile(r"(?:р\.\s?н\.?|г\.\s?р\.?|\b(?:19|20)\d\d),\s{1,2}$")
# A town between commas after a time and before where in it: "в 11:00, Николаев, кладбище ...",
# "о 10:00, Миколаїв, цвинтар ...".
TIME_COMMA_BEFORE = re.compile(r"\b\d{1,2}[:.]\d{2},\s{1,2}$")
PLACE_WORD_AFTER = re.compile(
    r",\s{1,2}(?:кладбищ|кладовищ|цвинтар|церк|церков|храм|собор|морг|ритуальн|вул\.|вулиц|ул\.|"
    r"улиц|просп|пл\.|площ)",
    re.IGNORECASE,
)


# A town alone between a comma or a full stop and the next, as ads and notices name where:
# "пр. Мира 47, Николаев, вечером", "за 32 000. Николаев. Пишите" (or after "сьогодні",
# "завтра"); not someone greeted, thanked or to call ("Привет, Николаев, ..."), and not a word
# the Russian dictionary reads first as a first name ("Лена", "Артём", "Бахмут": left as they
# were).
TOWN_ALONE_BEFORE = re.compile(
    r"(?:^|[\d.,;!?)]\s{1,2}|(?i:сьогодні|завтра|вчора|сегодня|вчера)\s{1,2})$"
)
TOWN_ALONE_AFTER = re.compile(r"\s{0,2}(?:[,.;!?\n]|$)")
NOT_A_TOWN_BEFORE = re.compile(
    r"(?i:звон\w*|дзвон\w*|пиш\w*|телеф\w*|привет\w*|привіт\w*|дякую|спасибо|обращ\w*"
    r"|зверт\w*|контакт\w*|питати|спросить|\bя|\bмене|\bменя|\bзвати|\bзовут)\W{0,3}\s{0,2}$"
)


@functools.lru_cache(maxsize=20_000)
def _russian_reads_a_first_name_first(word: str) -> bool:
    """Read first as a first name by the Russian dictionary ("Артём", also a town in Russia's far
    east; "Лена", also a river; "Бахмут", which it also reads as a name): the town alone is
    left to its other rules. A surname and a town ("Николаев") is a town alone."""
    _uk, ru = _analyzers()
    if not ru.word_is_known(word.lower()):  # type: ignore[attr-defined]
        return False
    return "Name" in ru.parse(word)[0].tag.grammemes  # type: ignore[attr-defined]


def _a_town_alone(text: str, start: int, end: int) -> bool:
    word = text[start:end]
    if not WORD.fullmatch(word) or not _a_place(word) or _russian_reads_a_first_name_first(word):
        return False
    before = text[max(0, start - 24) : start]
    return (
        TOWN_ALONE_BEFORE.search(before) is not None
        and TOWN_ALONE_AFTER.match(text, end) is not None
        and NOT_A_TOWN_BEFORE.search(before) is None
        # (a number after it is a person's phone or birth year: "Николаев, 1991, пропал")
        and PHONE_NEXT.match(text, end) is None
    )


def _a_town_by_its_context(text: str, start: int, end: int) -> bool:
    """A single word that is a surname and a town's name, which its neighbours say is the town:
    after "из"/"з" and before a comma and a unit ("з Кропивницького, 3-я рота"), or between
    commas after a time and before a cemetery, a church or a street ("о 10:30, Миколаїв,
    цвинтар"). The word must read as a place or an adjective (what towns named after people
    are), and never first as a first name."""
    word = text[start:end]
    if not WORD.fullmatch(word) or _first_name_first(word):
        return False
    before = text[max(0, start - 12) : start]
    if HOMETOWN_BEFORE.search(before) and UNIT_AFTER.match(text, end):
        parses = _known_parses(word)
        return _a_place(word) or any(
            p.tag.POS == "ADJF" and "gent" in p.tag.grammemes for p in parses
        )
    if BIRTH_YEAR_COMMA_BEFORE.search(before) and UNIT_AFTER.match(text, end):
        # (a town named after someone is their possessive, "Миколаїв"; never a surname in
        # Ukrainian, as "Сірий" is, which may be a call sign)
        uk, _ru = _analyzers()
        parses = uk.parse(word) if uk.word_is_known(word.lower()) else []  # type: ignore[attr-defined]
        return _a_place(word) or (
            any(p.tag.POS == "ADJF" and "nomn" in p.tag.grammemes for p in parses)
            and not any("Surn" in p.tag.grammemes for p in parses)
        )
    if TIME_COMMA_BEFORE.search(before) and PLACE_WORD_AFTER.match(text, end):
        parses = _known_parses(word)
        return _a_place(word) or any(p.tag.POS == "ADJF" for p in parses)
    return False


CAPITAL_THEN_LOWER = re.compile(
    rf"(?<![\w'’ʼ-])(?=([{_UPPER}][{_LOWER}]{{2,20}}) ([{_LOWER}]{{3,20}})\b)"
)
CAPITAL_PAIR = re.compile(
    # (the thing may be a word of two letters: "Холодний Яр")
    rf"(?<![\w'’ʼ-])(?=([{_UPPER}][{_LOWER}]{{2,20}}) ([{_UPPER}][{_LOWER}]{{1,20}})\b)"
)
_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct"})


def _adjective_places(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Two-word places, an adjective and the thing it names, agreeing ("Жовті Води", "у
    Кривому Розі", "Біла Церква"): no one's name. (Not when the thing is also a first name
    of the same word: "Сірий Роман" may be someone.)"""
    out: list[tuple[int, int]] = []
    starts = {start for start, _end, kind in spans if kind == "name"}
    if not starts:
        return out
    for m in needles.finditer(CAPITAL_PAIR, text):
        if m.start(1) not in starts and m.start(2) not in starts:
            continue  # (only a pair the names take a word of is looked up)
        adjective, thing = m.group(1), m.group(2)
        if word_status(adjective) == UNKNOWN or word_status(thing) == UNKNOWN:
            continue
        if _adjective_and_thing(adjective, thing):
            out.append((m.start(1), m.end(2)))
    # A place's adjective before a word in lower case that agrees with it: an institution or a
    # thing of that place ("Вінницької обласної лікарні", "у Полтавській колонії"), though the
    # adjective is also a surname.
    for m in needles.finditer(CAPITAL_THEN_LOWER, text):
        if m.start(1) in starts and _adjective_and_thing(m.group(1), m.group(2), lower=True):
            out.append((m.start(1), m.end(1)))
    return out


@functools.lru_cache(maxsize=20_000)
def _adjective_and_thing(adjective: str, thing: str, *, lower: bool = False) -> bool:
    """Whether the capitalised adjective agrees with the thing after it; ``lower``: a word in
    lower case, a thing or an adjective (a place's "обласної лікарні"), which must then be
    read as nothing else (not a verb, not a person)."""
    if any("Name" in p.tag.grammemes for p in _known_parses(adjective)):
        return False  # "Ірина Чорна": "Ірина" is also "Ірин" (Ira's), but a first name first
    if lower and not PLACE_ADJECTIVE.search(adjective.lower()):
        return False
    thing_parses = _known_parses(thing)
    # (a word that in these posts is almost always a thing is one here too: "Верховна Рада")
    names = (
        set()
        if thing.lower() in NOT_NAMES
        else {p.normal_form for p in thing_parses if "Name" in p.tag.grammemes}
    )
    things = [
        p
        for p in thing_parses
        if ({"NOUN", "inan"} <= p.tag.grammemes or (lower and "ADJF" in p.tag.grammemes))
        and p.normal_form not in names
    ]
    if lower and len(things) < len(thing_parses):
        return False  # also a verb, an adverb or a person: "Ковальська сказала"
    # In the locative, a thing of the same word as a first name is still a place: people are
    # seldom said to be in someone ("у Тихому Гаю"; "у Сірому Романі" is no one's phrase).
    located = [
        p
        for p in thing_parses
        if {"NOUN", "inan", "loct"} <= p.tag.grammemes and p.normal_form in names
    ]
    if not things and not located:
        return False
    for a in _known_parses(adjective):
        if "ADJF" not in a.tag.grammemes:
            continue
        for t in things:
            shared = a.tag.grammemes & t.tag.grammemes
            # (the Ukrainian dictionary marks only the plural: "Ріг" has no "sing")
            if shared & _CASES and ("plur" in a.tag.grammemes) == ("plur" in t.tag.grammemes):
                return True
        if not lower and any(
            "loct" in a.tag.grammemes and ("plur" in a.tag.grammemes) == ("plur" in t.tag.grammemes)
            for t in located
        ):
            return True
    return False


def _english_pair_side(m: re.Match[str]) -> bool:
    first, last = m.group(1), m.group(3)
    return (english_first_name(first) and first not in ENGLISH_NOT_NAMES) or (
        english_surname(last) and last not in ENGLISH_NOT_NAMES
    )


LATIN_NAME_WORD = re.compile(r"[A-Z][a-z]{2,20}")
LATIN_CAPITAL_BESIDE = re.compile(r"[A-Z][\w'’-]*[ \t]{1,2}$|^[ \t]{1,2}[A-Z]")


def _latin_names_again(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A first name in Latin letters found in a name is the same person's wherever the post
    repeats it alone ("Ewan "Tank" Fraser ... Ewan taught maths"): a first name the name lists
    know, or the first of a name around a nickname in quotes."""
    words = set()
    for start, end, kind in spans:
        first = LATIN_NAME_WORD.match(text, start, end)
        if kind != "name" or not first or first.group(0) in ENGLISH_NOT_NAMES:
            continue
        word = first.group(0)
        if english_first_name(word) or _latin_first_name(word) or NICK_BETWEEN.match(text, start):
            words.add(word)
    found = [(start, end) for start, end, _kind in spans]
    out = []
    for word in words:
        for m in re.finditer(rf"(?<![\w@./'’-]){word}(?![\w@'’-])", text):
            if any(a <= m.start() < b for a, b in found) or (
                LATIN_CAPITAL_BESIDE.search(text[max(0, m.start() - 22) : m.start()])
                or LATIN_CAPITAL_BESIDE.search(text[m.end() : m.end() + 3])
            ):
                continue  # already hidden; or part of a longer run of capitals ("LeBron James")
            out.append((m.start(), m.end(), "name"))
    return out


def _after_genitive(text: str, start: int, end: int) -> int | None:
    """Where the first word of the span that cannot be in the genitive starts, if any."""
    for word in re.finditer(r"[^\s.]{2,}", text[start:end]):  # (initials are the namesake's)
        if not _genitive_reading(word.group(0)):
            return start + word.start()
    return None


@functools.lru_cache(maxsize=20_000)
def _genitive_reading(word: str) -> bool:
    return not any(a.word_is_known(word.lower()) for a in _analyzers()) or any(  # type: ignore[attr-defined]
        "gent" in p.tag.grammemes and "plur" not in p.tag.grammemes
        for analyzer in _analyzers()
        for p in analyzer.parse(word)  # type: ignore[attr-defined]
    )


def _titled(text: str) -> list[tuple[int, int]]:
    """Quoted titles after the word that says what they name (each quote is found first, and
    only the few characters before it are read: scanning stays linear and cheap)."""
    out: list[tuple[int, int]] = []
    position = 0
    while m := IN_QUOTES.search(text, position):
        position = m.end()
        if (
            not NAMED_IN_QUOTES_CUE.search(text, max(0, m.start() - 24), m.start())
            and not GROUP_NAMED_CUE.search(text, max(0, m.start() - 16), m.start())
            and not (
                # A list of quoted titles after the word for them earlier in the sentence:
                # "віддам книжки для школи: «Захар Беркут», «Марія»".
                TITLE_MORE.match(text, position)
                and TITLES_BEFORE.search(_sentence_before(text, m.start()))
            )
            and not _a_title_with_and(m.group(1))
        ):
            continue
        out.append((m.start(1), m.end(1)))
        while more := TITLE_MORE.match(text, position):  # "«Стефанія», «Червона калина»"
            out.append((more.start(1), more.end(1)))
            position = more.end()
    return out


# A word written wholly in Latin letters that look like Cyrillic ones ("Tapac", "Bopoнa" is
# already folded), beside a Cyrillic word: "Бойко Tapac" is Тарас, to hide it from filters.
_LOOKALIKE_WORD = re.compile(r"(?<![\w@./_#-])[ABCEHKMOPTX][aceiopxykmth]{2,15}(?![\w@/_-])")
_LOOKALIKE_TO_CYRILLIC = str.maketrans("ABCEHKMOPTXaceiopxykmth", "АВСЕНКМОРТХасеіорхукмтн")
_LATIN_BESIDE = re.compile(r"[A-Za-z][,;]?\s{1,2}$|^[,;]?\s{1,2}[A-Za-z]")
_CYRILLIC_BESIDE = re.compile(r"[а-яіїєґё][,;]?\s{1,2}$|^[,;]?\s{1,2}[А-ЯІЇЄҐЁа-яіїєґё]", re.I)


def _fold_lookalike_words(text: str) -> str:
    """Latin words beside Cyrillic ones, read in Cyrillic when that reading is a word the
    dictionary knows first as a first name ("Tapac"; not "App", "Time", "Cap")."""
    return _LOOKALIKE_WORD.sub(lambda m: _lookalike_name(m, text), text)


def _lookalike_name(m: re.Match[str], text: str) -> str:
    word = m.group(0)
    before, after = text[max(0, m.start() - 3) : m.start()], text[m.end() : m.end() + 3]
    if not (_CYRILLIC_BESIDE.search(before) or _CYRILLIC_BESIDE.search(after)) or (
        _LATIN_BESIDE.search(before) or _LATIN_BESIDE.search(after)
    ):
        return word  # (not in a run of Latin words: "Hardcore и Hype FC")
    cyrillic = word.translate(_LOOKALIKE_TO_CYRILLIC)
    low = cyrillic.lower()
    if (
        len(word) >= 4
        and any(a.word_is_known(low) for a in _analyzers())  # type: ignore[attr-defined]
        and _first_name_first(low)
    ):
        return cyrillic
    return word


def _name_spans(text: str) -> Iterator[tuple[int, int, str]]:
    original, text = text, _title_caps(text)
    if _LOOKALIKE_WORD.search(text):
        text = _fold_lookalike_words(text)
    words = []
    place_end = -1  # where the last word read as a place ended
    street_end = -1  # where the last word of a street's or settlement's name ended
    pet_end = -1  # where the last pet's name ended ("цуценят: Джек, Марта і Бублик")
    low = text.lower()
    # (every run of the virtues names Надія or Любов: the text is read for it only then)
    virtue_runs = (
        [(v.start(), v.end()) for v in needles.finditer(VIRTUE_RUN, text)]
        if any(stem in low for stem in ("наді", "надеж", "любов", "любв"))
        else []
    )
    if any(virtue in low for virtue in ("віра", "надія", "любов", "вера", "надежда")):
        virtue_runs += _virtue_sentences(text)
    saint_end = -1  # where the last word of a saint's name ended ("церкви Святого Миколая")
    streets_end = -1  # where the last street of a list of streets ended
    town_end = -1  # where the last word a dictionary reads as a place ended
    pair_end = -1  # where a settlement of two feminine words after "в" ended
    for m in needles.finditer(WORD, text):
        if _pet_name(text, m.start(), pet_end):
            pet_end = m.end()
            continue
        # A saint is no one in the post: "церкви Святого Миколая", "на Святого Миколая", "св.
        # Юрія"; the saint's word itself, and the name after it, word after word.
        if (
            (SAINT_WORD.fullmatch(m.group(0)) and _CAPITAL_NEXT.match(text, m.end()))
            or (
                _SAINT_HINT.search(_before(text, m.start()))
                and SAINT_BEFORE.search(_before(text, m.start()))
            )
            or (saint_end >= 0 and text[saint_end : m.start()] == " ")
        ):
            saint_end = m.end()
            continue
        if PET_WORD.fullmatch(m.group(0)) and _CAPITAL_NEXT.match(text, m.end()):
            continue  # "Кот Барсик": the animal, before its name
        status = word_status(m.group(0))
        if status in (OTHER, UNKNOWN) and diminutive_of_name(m.group(0)):
            # "Вовчик", "Егорку"; at a sentence's start only when called ("Вовчик, скинь")
            # or from somewhere ("Вовчик з Оболоні обіцяв"), or when no dictionary knows the
            # word at all ("Артемко про це не знає": not a wolf cub's "Вовчик").
            sentence_start = _sentence_start(text, m.start())
            status = (
                PERSON
                if not sentence_start
                or status == UNKNOWN
                or text.startswith(",", m.end())
                or FROM_A_PLACE_AFTER.match(text, m.end())
                else BESIDE_ONLY
            )
        if (
            m.group(0).lower() in VIRTUES
            and VIRTUE_AFTER.match(text, m.end())
            and (_sentence_start(text, m.start()) or _after_an_emoji(text, m.start()))
        ):
            status = OTHER  # "Вера в лучшее", "Надежда есть"; not "чи буде Надія в гуморі"
        if m.group(0).lower() in VIRTUES_KEPT and VIRTUE_KEPT_BEFORE.search(
            _before(text, m.start())
        ):
            status = OTHER
        # After a place preposition, or in a list that one began ("в Києві, Львові, Дніпрі").
        place = bool(PLACE_BEFORE.search(_before(text, m.start()))) or (
            place_end >= 0
            and bool(LIST_SEP.fullmatch(text[place_end : m.start()]))
            # (not a surname before a first name: "під Авдіївкою, Русу Віталій Іонович")
            and not _first_name_next(text, m.end())
        )
        # "з Юрою", "с Костей": with someone, in the instrumental; "з" is "from" only before
        # the genitive.
        if (
            place
            and status in (FIRST_NAME_AND_THING, AMBIGUOUS)
            and COMITATIVE_BEFORE.search(_before(text, m.start()))
            and not _sentence_start(text, m.start())
            and _first_name_in(m.group(0), frozenset({"ablt"}))
            # (a place's reading only behind a Ukrainian first name's: "с Израилем" is a country)
            and (_first_name(m.group(0)) or not _place_reading(m.group(0)))
            # (not the virtues: "живемо з Надією на перемогу", with hope)
            and not m.group(0).lower().startswith(_VIRTUE_PREFIXES)
        ):
            place, status = False, PERSON
        # (a word no dictionary knows, after "в", is a place too: "в Циркуни, Липці")
        if place and status in (FIRST_NAME_AND_THING, AMBIGUOUS, OTHER, UNKNOWN):
            place_end = m.end()
        if m.start() < pair_end:
            place_end = m.end()
            continue  # the pair's second word
        if (
            place
            and word_status(m.group(0)) != PERSON
            and (pair := FEMININE_PAIR.match(text, m.start()))
            and _feminine_accusative_adjective(pair.group(1))
            and not _first_name_any(m.group(0))
            and not _first_name_any(pair.group(1))
        ):
            place_end, pair_end = m.end(), pair.end()
            continue
        if status != OTHER and GREETING.match(text, m.start()):
            status = OTHER
        if status != OTHER and (
            (m.group(0).lower() in GENRE_WORDS and GENRE_BEFORE_TITLE.match(text, m.end()))
            or any(a <= m.start() < b for a, b in virtue_runs)
        ):
            status = OTHER
        if (
            status == FIRST_NAME_AND_THING
            and _sentence_start(text, m.start())
            and (WORD_AFTER.match(text, m.end()) or _function_word_after(text, m.end()))
            and not _addressed(text, m.end())
            and not _replied_to(text, m.start(), m.end())
        ):
            status = OTHER  # (not "Роман, ти обіцяв", "Слава, ты завтра на смене?": called)
        if (
            status != OTHER
            and FRONT_AFTER.match(text, m.end())
            and PLACE_ADJECTIVE.search(m.group(0).lower())
        ):
            status = OTHER  # "Лиманський напрямок", "Запорожское направление": the front's
        if (
            status == PERSON
            and place
            and (
                _inanimate_reading(m.group(0))
                or _a_person_only_in_the_plural(m.group(0))
                # (from near somewhere: "из-под Каменской" is the town, not a Каменская)
                or (
                    FROM_UNDER_BEFORE.search(_before(text, m.start())) is not None
                    and not _first_name(m.group(0))
                )
            )
        ):
            # "з-під Покровська", "з Луцька": the town, not Покровська or Луцька; "в Олешках":
            # a first name read only in the plural ("Олешки") after "в" is a town.
            status = OTHER
        if status == FIRST_NAME_AND_THING:
            # "у Києві", "під Бахмутом", "район Таирова": after these it is a place.
            status = AMBIGUOUS if place else PERSON
        elif status == AMBIGUOUS and place:
            status = OTHER
        # "вул. Шевченка", "Вулиця Богдана Хмельницького", "с. Нова Ушиця": a street or a
        # settlement, whose name may be a person's, word after word.
        settlement = (
            bool(SETTLEMENT_BEFORE.search(_before(text, m.start())))
            or (
                street_end >= 0
                and text[street_end : m.start()] == " "
                # (but a first name called by its nominative with a capitalised word after it
                # is someone named after the place: "хутора Низи Максим Торчаков"; streets and
                # towns named after people take the genitive, "вул. Богдана Хмельницького")
                and not (
                    _first_name_in(m.group(0), frozenset({"nomn"}))
                    and _NEXT_CAPITALISED.match(text, m.end()) is not None
                )
            )
            # (a surname in the genitive, as streets are named, never a first name called by
            # its nominative: "вул. Шевченка і Марія" is a woman)
            or (
                street_end >= 0
                and bool(STREET_AND.fullmatch(text, street_end, m.start()))
                and surname_in_genitive(m.group(0))
                and not _first_name_in(m.group(0), frozenset({"nomn"}))
            )
        )
        # Streets listed after the word for streets: "на вулицях Чарівна, Гоголя, Тургенєва".
        if (
            not settlement
            and streets_end >= 0
            and LIST_SEP.fullmatch(text, streets_end, m.start())
            and (surname_in_genitive(m.group(0)) or status in (UNKNOWN, OTHER, BESIDE_ONLY))
            and not _first_name_next(text, m.end())
        ):
            settlement = True
        if settlement:
            street_end = m.end()
            if STREETS_BEFORE.search(_before(text, m.start())) or (
                streets_end >= 0 and (LIST_SEP.fullmatch(text, streets_end, m.start()))
            ):
                streets_end = m.end()
        if status != OTHER and (settlement or REGION_AFTER.match(text, m.end())):
            status = OTHER
        # A capitalised word no dictionary knows, in mid-sentence, with a surname's ending;
        # anywhere, with an ending only surnames have ("Гелашвілі", "Цхакая", "Григорян").
        if status == UNKNOWN and (
            FOREIGN_SURNAME_ENDING.search(m.group(0).lower())
            or (not _sentence_start(text, m.start()) and SURNAME_ENDING.search(m.group(0).lower()))
        ):
            status = PERSON
        # Right after a town and a comma, a surname in the genitive alone is the street or the
        # district named after someone: "Одесса, Таирова, возле ЖК", "Київ, Шевченка".
        after_town = (
            town_end >= 0
            and bool(TOWN_COMMA.fullmatch(text, town_end, m.start()))
            and (surname_in_genitive(m.group(0)) or not _known_parses(m.group(0)))
        )
        if TOWN_COMMA.match(text, m.end()) and _a_place(m.group(0)):
            town_end = m.end()
        if (
            status == PERSON
            and (ON_BEFORE.search(_before(text, m.start())) or after_town)
            and not _first_name(m.group(0))
        ):
            # "на Таирова", "біля Гагаріна", "в районе Таирова": a street, unless a name is
            # beside ("на Коваленка Дмитра").
            status = BESIDE_ONLY
        if status == PERSON and (
            (
                FROM_BEFORE.search(_before(text, m.start()))
                and ADJECTIVE_SURNAME.search(m.group(0).lower())
                and _genitive_surname_only(m.group(0))
            )
            # (so a word no dictionary knows, in a surname's genitive, after "з" or the Russian
            # "с" that takes the genitive: "забрати з Маковецкого", "самовывоз с Маковецкого"
            # are the district or the street named after him)
            or (
                FROM_OR_OFF_BEFORE.search(_before(text, m.start()))
                and unknown_surname_in_genitive(m.group(0))
            )
        ):
            status = BESIDE_ONLY  # "из Каменского"; "из Каменского Ивана" is a name
        # At a sentence's start, a word that is also a surname ("ЛИСИЦА ВЛАДИМИР") is part of
        # the name that follows it, and nothing otherwise (the run decides).
        # (Not a kin word before the name: "Чоловік Ярема Стасюк" is her husband's name.)
        if (
            status == OTHER
            and _sentence_start(text, m.start())
            and m.group(0).lower() not in NOT_NAMES
            and not KIN_WORD.fullmatch(m.group(0))
            and _surname_reading(m.group(0))
        ):
            status = BESIDE_ONLY
        # A capitalised word that is also a thing or a place ("Мороз", "Ковель", "Сокаль"), in
        # mid-sentence: a name only right beside a name (the run decides).
        # (Not when the whole word was in capitals: there every word is capitalised, and only
        # a word that can be a surname joins: "ЗАГИНУВ НАШ ДРУГ СЕРГІЙ".)
        if (
            status == OTHER
            and m.group(0).lower() not in NOT_NAMES
            and len(m.group(0)) > 2
            and not _sentence_start(text, m.start())
            and not place
            and not KIN_WORD.fullmatch(m.group(0))
            and (not original[m.start() : m.end()].isupper() or _surname_reading(m.group(0)))
        ):
            status = BESIDE_ONLY
        # Right after the word for whom it is ("полоненого Ярошенка", "сусіда Дмитренка",
        # "пленного Мороза"), a word that can be a surname is one, even if it is also a place
        # or a thing.
        if (
            status in (BESIDE_ONLY, AMBIGUOUS, UNKNOWN)
            and WHOSE_BEFORE.search(_before(text, m.start()))
            and (
                (status == UNKNOWN and SURNAME_ENDING.search(m.group(0).lower()))
                or _surname_reading(m.group(0))
            )
        ):
            status = PERSON
        # A hashtag is a word on its own: a place or a thing tagged ("#ЗСУ #Бахмут Назарчук
        # Віталій") joins no name after it; a name tagged is still one.
        if text[m.start() - 1 : m.start()] == "#" and word_status(m.group(0)) != PERSON:
            status = OTHER
        if status != OTHER:
            words.append((m.start(), m.end(), status))
    # Names run together in camel case ("СвітланаАндрійчук", as in a hashtag or a nickname): the
    # whole, when a part is known only as a name; brands ("ПриватБанку") stay readable.
    for m in needles.finditer(CAMEL, text):
        if any(word_status(part) == PERSON for part in CAMEL_PART.findall(m.group(0))):
            yield m.start(), m.end(), "name"
    # Adjacent name words are one name ("Коваленко Олег Петрович"); a word no dictionary knows
    # next to a known name is part of it ("Олег Кривошапко").
    yield from _listed(text, words)
    yield from _lower_case_names(text)
    yield from _possessives(text)
    yield from _chat_names(text)
    yield from _listed_people(text)
    yield from _adjective_nicknames(text)
    for start, end in _runs(text, words):
        yield start, end, "name"
        yield from _bracketed_nickname(text, end)
    yield from _initialled(text)
    # A list written "Surname, First name", as forms and spreadsheets do: "Marchuk, Vasyl".
    for m in needles.finditer(LATIN_SURNAME_COMMA_FIRST, text):
        surname, first = m.group(1), m.group(2)
        if (
            LATIN_SURNAME_ENDING.search(surname.lower())
            and surname not in ENGLISH_NOT_NAMES
            and is_latin_person_word(surname)
            and first not in ENGLISH_NOT_NAMES
            and (_latin_first_name(first) or english_first_name(first))
        ):
            yield m.start(), m.end(), "name"
    # An initial before a transliterated surname: "O. Levytskyi", "T. H. Shevchuk".
    for m in itertools.chain(
        needles.finditer(LATIN_INITIAL_SURNAME, text),
        needles.finditer(LATIN_SURNAME_INITIAL, original),
    ):
        surname = m.group(1).title()
        if surname not in ENGLISH_NOT_NAMES and (
            is_latin_person_word(surname) or english_surname(surname)
        ):
            yield m.start(), m.end(), "name"
    # A nickname in quotes among servicemen: "хто був з «Боцманом» і „Зубром“", "хто знав
    # «Їжака» з 128 бригади": a word that names a living being (a beast, a role), never a
    # thing or a place ("кафе «Калина»", «Азов»).
    # In a list of such nicknames ("«Лисий», «Барсук», «Вишня»") one that is a living being
    # makes the others nicknames too, unless a dictionary reads them as a place or a body.
    if needles.search(QUOTED, text) and needles.search(SERVICE_NEAR, text):
        quoted_list: list[re.Match[str]] = []
        ends: list[re.Match[str] | None] = [*needles.finditer(QUOTED, text), None]
        for quote in ends:
            if quote is not None and (
                not quoted_list or LIST_SEP.fullmatch(text, quoted_list[-1].end(), quote.start())
            ):
                quoted_list.append(quote)
                continue
            nicknames = [
                q
                for q in quoted_list
                if SERVICE_NEAR.search(text, max(0, q.start() - 60), q.end() + 60)
                and not PET_NEAR.search(text, max(0, q.start() - 60), q.end() + 60)
                and _living_nickname(q.group(1))
            ]
            for q in quoted_list:
                if q in nicknames or (
                    nicknames and len(quoted_list) >= 3 and not _place_reading(q.group(1))
                ):
                    yield q.start(1), q.end(1), "callsign"
            quoted_list = [quote] if quote is not None else []
    # Someone known by the unit they are from: "хто знає Шамана з в/ч А1234", "Моряка з 72-ї"
    # (a word that is no place: "з Харкова з 93-ї" is where).
    if "в/ч" in text or needles.search(SERVICE_NEAR, text):
        for m in needles.finditer(BY_THE_UNIT, text):
            group = 1 if m.group(1) else 2
            word = m.group(group)
            if (
                not _sentence_start(text, m.start(group))
                and not _place_reading(word)
                and not PLACE_BEFORE.search(_before(text, m.start(group)))
                and not FROM_BEFORE.search(_before(text, m.start(group)))
            ):
                yield m.start(group), m.end(group), "callsign"
    # A nickname in quotes after the role of whom it names: "їх командир «Тайга»", "снайпер
    # «Лис»"; or after "the same" and a clause about them: "тот самый «Шаман», который".
    if "«" in text or '"' in text or "“" in text:
        for m in needles.finditer(QUOTED_AFTER_ROLE, text):
            group = m.lastindex or 1
            if not _place_reading(m.group(group)):
                yield m.start(group), m.end(group), "callsign"
    # A commander called by a common noun, unquoted: "Командир Борода просить передати" (a name
    # or a place after the word is found as one; the unit's own words are no nickname).
    for m in needles.finditer(ROLE_NICKNAME, text):
        word = m.group(1)
        if (
            word_status(word) == OTHER
            and not _place_reading(word)
            and not any(p.normal_form in UNIT_WORDS for p in _known_parses(word))
            and not _a_verb(word)
        ):
            yield m.start(1), m.end(1), "callsign"
    # A nickname in quotes, called out: "Бережи себе, «Тайфун»!"
    for m in needles.finditer(CALLED_OUT, text):
        yield m.start(1), m.end(1), "callsign"
    # A nickname in quotes after "RIP" or "вічна пам'ять": "RIP 'Doc' — combat medic".
    if any(cue in text for cue in MEMORIAL_HINTS):
        for m in needles.finditer(MEMORIAL_NICKNAME, text):
            yield m.start(1), m.end(1), "callsign"
    # Someone's surname or name after "пан", "пані", "господин", "Mrs": "госпоже Ковтун", "Mrs
    # Kowalczyk" (a word that is also a thing, or a surname no reading-back knows).
    for m in needles.finditer(HONORIFIC, text):
        word = m.group(1)
        if word not in NOT_AFTER_HONORIFIC and word.lower() not in NOT_NAMES and not _a_place(word):
            yield m.start(1), m.end(1), "name"
    # A name run into a hashtag after a word: "#шукаюНазарчука" ("#шукаюБрата" is a word).
    for m in needles.finditer(HASHTAG_NAME, text):
        if any(word_status(part) == PERSON for part in CAMEL_PART.findall(m.group(1))):
            yield m.start(1), m.end(1), "name"
    for m in needles.finditer(LIST_ITEM, text):
        # (not a greeting or a wish after a number's full stop: "кв. 8. Слава Україні"; not a
        # step of instructions, which opens with a verb: "4. Повідомити Омбудсмана")
        if not GREETING.match(text, m.start(1)) and not _only_a_verb(m.group(1).split()[0]):
            yield m.start(1), m.end(1), "name"
    for m in needles.finditer(CUE, text):
        # (in lower case, a word the dictionaries know only as a word is none: "имя матери")
        if not _pet_name(text, m.start(1), -1) and not (
            m.group(1)[:1].islower() and _only_a_word(m.group(1))
        ):
            yield m.start(1), m.end(1), "name"
    for m in needles.finditer(LATIN_CUE, text):
        if not _pet_name(text, m.start(1), -1):
            yield m.start(1), m.end(1), "name"
    for m in needles.finditer(KIN_APPOSITION, text):
        word = m.group(2)
        # In the kin word's case ("Муж Сидориной" is whose husband); a first name the dictionary
        # also knows as an abbreviation will do ("сестра Іра"), and a name no dictionary knows
        # ("жену Лению", "дочка Анаїт", "дружина Lenie"), unless a place.
        cases = {"accs", "gent"} if m.group("kin")[-1:] in "уаУА" else {"nomn"}
        if (
            _first_name_in(word, frozenset(cases))
            or _a_name_but_for_an_abbreviation(word)
            or (
                (
                    (word[:1].isascii() and word not in ENGLISH_NOT_NAMES)
                    or (
                        not word[:1].isascii()
                        and word_status(word) == UNKNOWN
                        # (not whose kin: "Муж Сидориной" is her husband)
                        and not OBLIQUE_SURNAME_ENDING.search(word)
                    )
                )
                and not _a_place(word)
            )
        ):
            yield m.start(2), m.end(2), "name"
    for m in needles.finditer(EN_KIN_APPOSITION, text):
        word = m.group(1)
        if (
            (english_first_name(word) or _latin_first_name(word))
            and not _a_place(word)
            # (a kitten's brother is a kitten: "two kittens … Their brother Bill")
            and not _a_pet_near(text, max(0, m.start() - 150), m.end(1) + 40)
        ):
            yield m.start(1), m.end(1), "name"
    for m in needles.finditer(SELF_NAMED, text):
        word = m.group(1)
        if _first_name_in(word, frozenset({"nomn"})) and not _a_place(word):
            yield m.start(1), m.end(1), "name"
    for m in needles.finditer(POSSESSED_NAME, text):
        word = m.group(1)
        # (the pronoun's case is the name's: a nominative one takes a nominative name)
        nominative = m.group(0).split()[0].lower() in POSSESSIVES_NOMINATIVE
        if nominative:
            first = _first_name_in(word, frozenset({"nomn"})) and not _a_place(word)
        else:
            # (a dictionary may read a name's case only as a place's: "Юре" as the Jura's)
            # (never an adjective: "нашей Солнечной системы")
            parses = _known_parses(word)
            first = not any(p.tag.POS == "ADJF" for p in parses) and (
                _first_name_any(word)
                or any(
                    p.tag.POS == "NOUN" and _first_name_any(p.normal_form.capitalize())
                    for p in parses
                )
            )
        if first or (diminutive_of_name(word) and not _a_place(word)):
            yield m.start(1), m.end(1), "name"
    yield from _nicknamed_list(text)
    if (sign := needles.search(SIGN_OFF, text)) and _a_name_but_for_an_abbreviation(sign.group(1)):
        yield sign.start(1), sign.end(1), "name"
    if (sign := needles.search(LATIN_SIGN_OFF, text)) and _contact_name(sign.group(1)):
        yield sign.start(1), sign.end(1), "name"
    if (sign := needles.search(SIGN_OFF_PHONE, text)) and (
        word_status(sign.group(1)) in (PERSON, FIRST_NAME_AND_THING, AMBIGUOUS, UNKNOWN)
        or diminutive_of_name(sign.group(1))
    ):
        yield sign.start(1), sign.end(1), "name"
    for m in needles.finditer(LIKENESS, text):
        group = 1 if m.group(1) else 2
        word = m.group(group)
        if (
            _first_name_any(word)
            if group == 1
            else word not in ENGLISH_NOT_NAMES
            and (english_first_name(word) or _latin_first_name(word))
        ):
            yield m.start(group), m.end(group), "name"
    for m in needles.finditer(FAMILY, text):
        group = 1 if m.group(1) else 2
        word = m.group(group)
        if word[:1].isupper() and (
            is_latin_person_word(word) if group == 2 else _family_surname(word)
        ):
            yield m.start(group), m.end(group), "name"
    for m in needles.finditer(RECIPIENT, text):
        yield from _recipient(text, m)
    for m in needles.finditer(NICKNAME, text):
        if PET_NEAR.search(text, max(0, m.start() - 80), m.start()):
            continue
        yield m.start(1), m.end(1), "callsign"
    if " " in text:
        yield from _particle_names(text)
    for m in needles.finditer(NICK_BETWEEN, text):
        # (in Latin letters, an English first name or surname on either side will do: "Ewan
        # "Tank" Fraser")
        if (
            is_person_or_unknown(m.group(1))
            or is_person_or_unknown(m.group(3))
            or (m.group(1).isascii() and m.group(3).isascii() and _english_pair_side(m))
        ):
            yield m.start(1), m.end(1), "name"
            yield m.start(2), m.end(2), "callsign"
            yield m.start(3), m.end(3), "name"
    for cue in needles.finditer(LIST_CUE, text):
        position = cue.end()
        while item := LIST_WORD.match(text, position):
            yield item.start(1), item.end(1), "name"
            position = item.end()
    if ":" in text:
        yield from _named_after_a_cue(text)
    if any(hint in text for hint in _EN_NAME_CUE_HINTS):
        for m in needles.finditer(EN_NAME_CUE, text):
            yield m.start(1), m.end(1), "name"
    for m in needles.finditer(CONTACT, text):
        first = list(_contact(text, m, m.group(2), m.end(2)))
        yield from first
        # A second one to reach the same way: "пишіть Олі або Ірі"; any word, after a name and
        # before the number to call both on ("contact Mark or Jen on 07700 …").
        if other := CONTACT_OTHER.match(text, m.end(2)):
            if first and PHONE_NEXT.match(text, other.end()):
                if other.group(1) not in ENGLISH_NOT_NAMES:
                    yield other.start(1), other.end(1), "name"
            else:
                yield from _contact(text, m, other.group(1), other.end(1))
    yield from _lower_case_latin_names(text)
    latin = _latin_words(text)
    latin_places = _latin_place_pairs(text, latin)
    latin = [w for w in latin if w[0] not in latin_places]
    for (a_start, a_end), (b_start, b_end) in itertools.pairwise(latin):
        if text[a_end:b_start].strip() == "" and b_start - a_end <= 2:
            a, b = text[a_start:a_end], text[b_start:b_end]
            if (
                GREETING.match(text, a_start)
                or EN_STREET_AFTER.match(text, b_end)
                or EN_STREET_AFTER.match(text, a_end)
            ):
                continue  # "Slava Ukraini"; "Lva Tolstoho Street", "Shevchenko Park" are places
            if (
                EN_BUSINESS_AFTER.match(text, b_end)
                and not english_first_name(a)
                and not _plainly_a_first_name(a)
            ):
                continue  # "Ocean Plaza mall", "Sky Mall cinema": a business, not "Ivan Moroz"
            if a in LATIN_HONORIFICS:
                continue  # "Mrs Wiśniewska": the title stays readable, the name is found after it
            if a in EN_BEFORE_NAME:
                # "Text Bohdan", "Dear Olena": the verb or the greeting stays readable
                if b not in ENGLISH_NOT_NAMES and is_latin_person_word(b):
                    yield b_start, b_end, "name"
                continue
            # "James Whitfield", "Mark Hope", "Tom O'Brien": an English first name and surname.
            english = english_first_name(a) and english_surname(b)
            first = a not in ENGLISH_NOT_NAMES and is_latin_person_word(a)
            if english or first or (b not in ENGLISH_NOT_NAMES and is_latin_person_word(b)):
                yield a_start, b_end, "name"
                yield from _bracketed_nickname(text, b_end)
    for start, end in latin:
        word = text[start:end]
        # A surname alone among Cyrillic words, with an ending no other word has ("написано
        # Shevchuk замість Shevchyk"); not a place's ("Kyiv-Pasazhyrskyi station"; in English
        # text, a town: "church, Kremenchuk").
        if (
            UNMISTAKABLE_LATIN_SURNAME_ENDING.search(word.lower())
            and (
                _CYRILLIC_BESIDE.search(text, max(0, start - 4), start)
                or _CYRILLIC_BESIDE.search(text[end : end + 4])
                # (or next in a list of capitalised words: "surnames: Kovalchuk, Yarema, Sydorchuk")
                or (
                    (listed := LATIN_LISTED_BEFORE.search(text, max(0, start - 24), start))
                    is not None
                    and is_latin_person_word(listed.group(1))
                    and not _a_place(listed.group(1))
                )
            )
            and word not in ENGLISH_NOT_NAMES
            and not PLACE_WORD_AFTER_LATIN.match(text, end)
            and not any(_a_place(part) for part in word.split("-"))
        ):
            yield start, end, "name"
            continue
        # One transliterated first name in mid-sentence ("I'm Kateryna, sister of ..."); not
        # where one goes through ("only through Georgia", "via Moldova").
        if (
            len(word) > 3
            and word not in ENGLISH_NOT_NAMES
            and not LATIN_ROUTE_BEFORE.search(text, max(0, start - 10), start)
            and _latin_first_name(word)
            and not EN_STREET_AFTER.match(text, end)
            and not EN_STREET_AFTER_NEXT.match(text, end)
            and not EN_OF_AFTER.match(text, end)
        ):
            yield start, end, "name"
            # (after one word in quotes only: "Mykola (Kharkiv)" is where he is)
            if QUOTED_AFTER.match(text, end):
                yield from _bracketed_nickname(text, end)


def _nicknamed_list(text: str) -> Iterator[tuple[int, int, str]]:
    """Two or more people listed one after another, each a word and a nickname in quotes
    ("Гречишкин «Сова», Топал «Молдаван», Бахчеван «Грек»"): each word a surname no dictionary
    knows or reads as a surname, each nickname a call sign; one of the words at least must look
    like a surname (not "Київстар «Безлім», Водафон «Супер»", tariffs)."""
    if "«" not in text and '"' not in text and "“" not in text:
        return
    runs: list[list[re.Match[str]]] = []
    for m in needles.finditer(NICKNAMED, text):
        if runs and NICKNAMED_NEXT.fullmatch(text, runs[-1][-1].end(), m.start()):
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        heads = [m.group(1) for m in run]
        if len(run) < 2 or not any(
            _surname_reading(w) or SURNAME_ENDING.search(w.lower()) for w in heads
        ):
            continue
        for m in run:
            if word_status(m.group(1)) == UNKNOWN or _surname_reading(m.group(1)):
                yield m.start(1), m.end(1), "name"
                if not _a_place(m.group(2)):
                    yield m.start(2), m.end(2), "callsign"


def _contact(text: str, m: re.Match[str], word: str, end: int) -> Iterator[tuple[int, int, str]]:
    """The one to write to or call after CONTACT's verb: ``word``, ending at ``end``."""
    # After a kinship word any first name's reading will do ("жене Алле", also "алле!").
    named = _contact_name(word) or (
        bool(m.group("kin"))
        and word[:1].isupper()
        and not word[:1].isascii()
        and _first_name_any(word)
    )
    # An English first name that is also a word, with a number to text or call it on:
    # "text Grace on 07700 912 446" ("Hope" alone stays a word); or with another name and the
    # number after that ("contact Mark or Jen on 07700 …").
    other = CONTACT_OTHER.match(text, end)
    named = named or (
        word in ENGLISH_NOT_NAMES
        and english_first_name(word)
        and bool(PHONE_NEXT.match(text, end) or (other and PHONE_NEXT.match(text, other.end())))
    )
    # A word no dictionary knows, with the number or handle to reach them right after:
    # "телефонуйте Дімасу: 067...", "пишите Кирюхе: @kir_k".
    named = named or (
        not word[:1].isascii()
        and word_status(word) == UNKNOWN
        and bool(REACH_NEXT.match(text, end))
    )
    # A short first name the dictionary also knows as an abbreviation, written in lower case
    # after its capital, as an abbreviation never is ("напишіть Ірі", not "ІРА").
    named = named or _a_name_but_for_an_abbreviation(word)
    if named and not PET_NEAR.search(text, max(0, m.start() - 40), m.start()):
        yield end - len(word), end, "name"


# A place's name transliterated, after a preposition of place: "z Nova Odesa", "from Stara
# Ushytsia", "near Nova Kakhovka". Two capitalised words whose second reads back as a thing or a
# place, and never as someone ("from Ivan Moroz" is a man: Мороз is also a surname).
LATIN_PLACE_BEFORE = re.compile(
    r"(?:^|\s)(?:z|iz|zi|from|in|near|u|v|vo|pid|bilia|do)\s{1,2}$"
    # and after an address, the town it is in: "12 Lesi Ukrainky St, apt 3, Nova Odesa"
    r"|\b(?:St|Str|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Lane|(?:apt|flat)\.?\s{0,2}\d{1,4}[a-z]?)"
    r"\.?,\s{1,2}$",
    re.IGNORECASE,
)


def _latin_place_pairs(text: str, latin: list[tuple[int, int]]) -> set[int]:
    """The starts of both words of each such pair."""
    out: set[int] = set()
    for (a_start, a_end), (b_start, b_end) in itertools.pairwise(latin):
        if text[a_end:b_start] != " " or not LATIN_PLACE_BEFORE.search(_before(text, a_start)):
            continue
        a, b = text[a_start:a_end], text[b_start:b_end]
        if english_first_name(a) or _plainly_a_first_name(a):
            continue  # "thanks to Will Harper", "from Ivan Moroz"
        if _a_place(b) or (
            not is_latin_person_word(b) and _inanimate_reading(latin_readings(b)[0])
        ):
            out.update((a_start, b_start))
    return out


def _initialled(text: str) -> Iterator[tuple[int, int, str]]:
    """Surnames with initials, before or after them. A word before initials that a dictionary
    knows and never as someone is no surname ("Подяка О. В. Гребенюк" thanks О. В. Гребенюк): the
    initials are then read again as the start of the name after them."""
    position = 0
    while m := SURNAME_INITIALS.search(text, position):
        word = SURNAME_BEFORE_INITIALS.match(text, m.start())
        if word and _known_not_animate(word.group(1)):
            position = word.end()
            continue
        yield m.start(), m.end(), "name"
        yield from _bracketed_nickname(text, m.end())
        position = m.end()


SURNAME_BEFORE_INITIALS = re.compile(rf"([{_UPPER}][{_LOWER}]+)\s{{1,2}}(?=[{_UPPER}A-Z]\.)")
REACH_NEXT = re.compile(r"\s{0,2}[:\-–—]\s{0,2}(?:[+(]?\d|@\w)")
PHONE_NEXT = re.compile(r",?\s{1,2}(?:on|at)?\s{0,2}[:\-–—]?\s{0,2}[+(]?\d")
MEMORIAL_NICKNAME = re.compile(
    r"(?:\bRIP\b|\bR\.I\.P\.?|(?i:rest\s+in\s+peace|in\s+memory\s+of|вічна\s+пам[ʼ'’]ять|"
    r"світла\s+пам[ʼ'’]ять|вечная\s+память|светлая\s+память|царство\s+небесне|"
    r"царствие\s+небесное))[\s,:—–-]{1,3}[«\"“'‘]"
    rf"([{_UPPER}A-Z][{_LOWER}a-z\-]{{1,30}})[»\"”'’]"
)
LATIN_HONORIFICS = frozenset({"Mrs", "Miss", "Pan", "Pani", "Panie", "Herr", "Frau", "Sir", "Lady"})
# Read first, and cheaply: whether the post has the words at all.
MEMORIAL_HINTS = ("RIP", "R.I.P", "eace", "emory", "ам'ять", "амʼять", "ам’ять", "амять", "арств")
_HONORIFIC = (
    r"(?:(?i:пан|пана|пану|паном|пане|пані|панові|панею|господин|господина|господину|"
    r"господином|госпожа|госпожи|госпоже|госпожу|госпожой)|Mr|Mrs|Ms|Miss|Pan|Pani|Panie|Herr|"
    r"Frau|(?i:pan|pani|paní|panu|panem))"
)
HONORIFIC = re.compile(
    # (the letter it starts with first: most places fail there at once)
    rf"(?=[ПпГгMPHFp])(?<![\w'’ʼ-]){_HONORIFIC}\.?\s{{1,2}}"
    rf"([{_UPPER}{_LATIN_UPPER}][{_LOWER}{_LATIN_LOWER}]+"
    rf"(?:-[{_UPPER}{_LATIN_UPPER}][{_LOWER}{_LATIN_LOWER}]+)?)"
)
# Titles and offices after "пан" or "Mr" ("пане Президенте", "Mr President").
NOT_AFTER_HONORIFIC = frozenset(
    {
        "President",
        "Prime",
        "Minister",
        "Mayor",
        "Speaker",
        "Ambassador",
        "Secretary",
        "Chairman",
        "Justice",
        "Ukraine",
        "World",
        "Universe",
        "Президент",
        "Президенте",
        "Президента",
        "Президенту",
        "Міністр",
        "Міністре",
        "Министр",
        "Посол",
        "Голова",
        "Голово",
        "Мер",
        "Бог",
        "Боже",
        "Господь",
    }
)
HASHTAG_NAME = re.compile(rf"(?<=#)[{_LOWER}]{{2,20}}((?:[{_UPPER}][{_LOWER}]{{2,}})+)")
QUOTED_AFTER = re.compile(
    # (in brackets too: 'Oleksii ("Kedr")')
    r"\s{0,2}(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]{1,4}\s{0,2})?\(?[«\"“„]"
)
REGION_WORD = re.compile(r"(?:щин|ччин)(?:а|и|і|у|ою)$")


def _bracketed_nickname(text: str, end: int) -> Iterator[tuple[int, int, str]]:
    """A word in brackets right after a name is their nickname ("Олійник («Батя»)"), unless it
    is a place ("Artem Yakovenko (Kherson)", "Коваль (Бахмут)")."""
    bracket = BRACKETED.match(text, end)
    if bracket is None and text[end : end + 1] == ",":
        # Or between commas, among a unit's words: 'Dmytro …, "Fox", 3rd Assault Brigade' (not
        # a book's title after its author: "…, «Інтернат», 2017").
        bracket = COMMA_QUOTED.match(text, end)
        if bracket and not SERVICE_NEAR.search(text, bracket.end(), bracket.end() + 60):
            bracket = None
    if bracket and not _a_place(bracket.group(1)):
        yield bracket.start(1), bracket.end(1), "callsign"


def is_a_place(word: str) -> bool:
    """A dictionary reads the word as a place, or it names a region ("Полтава", "Мелитополь",
    "Донеччини")."""
    return _a_place(word)


@functools.lru_cache(maxsize=20_000)
def _a_person_only_in_the_plural(word: str) -> bool:
    """ "Олешках" (Олешки, the town) read as a first name only in the plural; a surname in the
    plural is a family ("у Кузьменків"), someone."""
    people = [p for p in _known_parses(word) if p.tag.grammemes & _PERSON]
    return (
        bool(people)
        and all("plur" in p.tag.grammemes for p in people)
        and not any("Surn" in p.tag.grammemes for p in people)
    )


@functools.lru_cache(maxsize=50_000)
def _a_place(word: str) -> bool:
    readings = latin_readings(word)[:4] if word[:1].isascii() else (word,)
    if REGION_WORD.search(readings[0].lower()):
        return True  # "Тернопільщина", "Донеччини": a region
    return any(
        p.tag.grammemes & {"Geox"}
        for analyzer in _analyzers()
        for reading in readings
        if analyzer.word_is_known(reading.lower())  # type: ignore[attr-defined]
        for p in analyzer.parse(reading)[:3]  # type: ignore[attr-defined]
    )


TOWN_COMMA = re.compile(r",\s{1,2}")
# A saint's word before their name, in any case: "Святого Миколая", "св. Юрія", "преподобного".
_SAINT = (
    r"(?:свят(?:ий|ого|ому|им|ім|ій|ої|а|у|ою|ая|ой|ую)|святител\w{1,3}|преподобн\w{1,4}|"
    r"великомучени\w{1,4})"
)
SAINT_WORD = re.compile(_SAINT, re.IGNORECASE)
_SAINT_HINT = re.compile(r"[Сс]в|реподоб|еликомуч")
SAINT_BEFORE = re.compile(rf"(?:^|[\s(«\"“])(?:{_SAINT}|св\.)\s{{1,2}}$", re.IGNORECASE)
_CAPITAL_NEXT = re.compile(r"\s{1,2}[«\"“]?[А-ЯІЇЄҐЁA-Z]")


@functools.lru_cache(maxsize=20_000)
def _living_nickname(word: str) -> bool:
    """The dictionary's first readings of the word are of a living being and none of a place,
    an organisation or a thing ("Зубром", "Їжака", "Батя"; not "Калина", "Азов", "Грім")."""
    low = word.lower()
    parses = [
        p
        for analyzer in _analyzers()
        if analyzer.word_is_known(low)  # type: ignore[attr-defined]
        for p in analyzer.parse(word)[:4]  # type: ignore[attr-defined]
    ]
    if any(
        p.tag.grammemes & _NOT_PERSON
        or (p.normal_form == low and {"NOUN", "inan"} <= p.tag.grammemes)
        for p in parses
    ):
        return False
    # One being: "«Военкоры»" (war reporters) is a channel.
    return any(
        {"NOUN", "anim"} <= p.tag.grammemes and "plur" not in p.tag.grammemes for p in parses
    )


# A list of names introduced after the animals are spoken of: "we have five puppies ... Meet
# Bublyk, Latka and Dzhek", "У притулку 6 котиків. Знайомтесь: Мурчик, Хвостик і ...".
MEET_LIST_BEFORE = re.compile(
    r"\b(?:meet|знайомтесь|знайомтеся|познайомтесь|знакомьтесь|познакомьтесь)\s{0,2}[:\-–—]?\s{1,2}"
    r"(?:[\w'’ʼ-]{2,20}(?:\s{0,2},\s{1,2}|\s{1,2}(?:and|і|й|и|та)\s{1,2})){0,5}$",
    re.IGNORECASE,
)
_MEET_HINT = ("eet", "EET", "найом", "наком")


@functools.lru_cache(maxsize=64)
def _says_meet(text: str) -> bool:
    """(read once a text: most never introduce anyone so)"""
    return any(hint in text for hint in _MEET_HINT)


def _in_a_pets_meet_list(text: str, start: int) -> bool:
    return (
        _says_meet(text)
        and bool(MEET_LIST_BEFORE.search(text[max(0, start - 90) : start]))
        and bool(PET_NEAR.search(text, max(0, start - 200), start))
    )


def _pet_name(text: str, start: int, pet_end: int) -> bool:
    """The word at ``start`` names a pet: after "кіт", "собака", "відгукується на", after
    "кличка" with a pet word not far before, or next in a list of pets' names."""
    before = _before(text, start)
    return bool(
        PET_BEFORE.search(before)
        or (pet_end >= 0 and LIST_SEP.fullmatch(text[pet_end:start]))
        or (PET_NAME_CUE.search(before) and _a_pet_near(text, max(0, start - 80), start))
        or (text[start - 1 : start] in '«"“„' and start > 0 and _pet_in_the_sentence(text, start))
        or (
            PET_TAG_BEFORE.search(before) is not None
            and PET_NEAR.search(text, max(0, start - 160), start) is not None
        )
        or (
            before.rstrip()[-1:] in (":", "-", "–", "—", "r", "m", "d")
            and ANIMAL_KIN_BEFORE.search(before)
            and not FULL_NAME_AT.match(text, start)
            and PET_OR_LITTER.search(text, max(0, start - 160), start) is not None
        )
        or _in_a_pets_meet_list(text, start)
    )


# A call sign's cue: the word after it is a person's nickname, even a pet's word ("позывной Пес").
CALLSIGN_CUE_BEFORE = re.compile(
    r"(?:позивн|позывн|callsign|call\s+sign)\w{0,4}\s{0,2}[:\-–—]?\s{0,2}[«\"“]?$", re.IGNORECASE
)


def _a_pet_near(text: str, lo: int, hi: int) -> bool:
    """A pet word between ``lo`` and ``hi`` that is not someone's call sign."""
    return any(
        not CALLSIGN_CUE_BEFORE.search(text, max(0, m.start() - 16), m.start())
        for m in PET_NEAR.finditer(text, lo, hi)
    )


_SENTENCE_END = re.compile(r".*[.!?\n]", re.DOTALL)


def _pet_in_the_sentence(text: str, start: int) -> bool:
    """A pet word earlier in the sentence: a name in quotes there is the animal's ("Нашли собаку,
    овчарка, в ошейнике с надписью «Рекс»")."""
    window = text[max(0, start - 100) : start]
    if end := _SENTENCE_END.match(window):
        window = window[end.end() :]
    return bool(PET_NEAR.search(window))


def _latin_words(text: str) -> list[tuple[int, int]]:
    """The capitalised Latin words that may be names: not a pet's name, and not in a run of
    capitalised words that follows an article ("the Third Geneva Convention"). One pass: a
    word one or two spaces after the previous one is in that word's run."""
    out = []
    runs: list[list[tuple[int, int]]] = []
    in_thing = False
    previous_end = -1
    for m in needles.finditer(LATIN_WORD, text):
        adjacent = (
            previous_end >= 0
            and 1 <= m.start() - previous_end <= 2
            and not text[previous_end : m.start()].strip()
        )
        thing = EN_THING_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
        # ("Forwarded from Kseniia Marchenko": after "from", "in", "that" or "this", a first
        # name is someone: "we learned that Oksana Melnyk ...", "is this Taras from Lviv?")
        here = thing is not None and not (
            thing.group(0).strip().lower() in ("from", "in", "that", "this")
            and m.group(0) not in ENGLISH_NOT_NAMES
            and (_plainly_a_first_name(m.group(0)) or english_first_name(m.group(0)))
        )
        in_thing = here or (adjacent and in_thing)
        previous_end = m.end()
        if not adjacent:
            runs.append([])
        runs[-1].append((m.start(), m.end()))
        if not in_thing and not _pet_name(text, m.start(), -1):
            out.append((m.start(), m.end()))
    titles = {word for run in runs if _a_title_run(text, run) for word in run}
    return [word for word in out if word not in titles] if titles else out


_LOWER_WORD_BEFORE = re.compile(r"[a-z][a-z,]*\s{1,2}$")


# A name with a particle in lower case before its surname: "Joost van Dijk", "Ursula von der
# Leyen", "Maria da Silva".
PARTICLE_NAME = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{2,15}) ((?:van|von|de|da|di|du|del|della|der|den|le|la|ten|ter|bin|"
    r"ibn|al)(?: (?:der|den|la|los|las))?) ([A-Z][a-z]{2,20})(?![\w'’-])"
)
_PLACE_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|to|near|into)\s{1,2}$", re.IGNORECASE)
LATIN_LISTED_BEFORE = re.compile(r"([A-Z][a-z'’]{2,20}),\s{1,2}$")
LATIN_ROUTE_BEFORE = re.compile(r"\b(?:through|via|across|into|in|near)\s{1,2}$", re.IGNORECASE)
_LATIN_LIST_BESIDE = re.compile(r"[A-Za-z'’)],\s{1,2}$|^,\s{1,2}[A-Z]")


# People's names in the plural, a few words, then a colon: "прізвища та звідки:", "Surnames I
# could make out:". (With no word between, LIST_CUE reads the list.)
NAMES_THEN_COLON = re.compile(
    r"\b(?:прізвища|фамилии|імена|имена|names|surnames)(?:\s{1,2}[^\W\d_]{1,12}){1,4}\s{0,2}:",
    re.IGNORECASE,
)
# An item's first word: "Гончар" in "Гончар зі Львова", "Levchuk" in "and Levchuk".
ITEM_NAME = re.compile(
    rf"\s{{0,2}}(?:(?:і|и|й|та|and)\s{{1,2}})?([{_UPPER}A-Z][{_LOWER}a-z'’]+"
    rf"(?:-[{_UPPER}A-Z][{_LOWER}a-z]+)?)(?![\w'’-])"
)
_ITEMS_END = re.compile(r"[.!?…](?:\s|$)|\n")


# A name in Latin letters after the words that say it is one, or a priest's title: "Name:
# Chinedu Okafor", "my name is Tunde Bakare", "Father Roman Hladkyi" (whatever the words are:
# "Roman" is also a novel, "Hladkyi" an adjective read back).
EN_NAME_CUE = re.compile(
    r"(?:\b(?i:name)\s{0,2}:|\b(?i:my|his|her|their)\s(?i:name)\s(?i:is|was)"
    r"|\b(?:Father|Fr\.|Rev\.|Reverend|Pastor|Deacon))"
    r"\s{1,2}(?!Christmas\b|Time\b|Frost\b)([A-Z][a-z'’-]{1,30}(?:\s[A-Z][a-z'’-]{1,30})?)"
    r"(?![\w'’-])"
)
_EN_NAME_CUE_HINTS = ("ame", "AME", "Father", "Fr.", "Rev", "Pastor", "Deacon")


def _named_after_a_cue(text: str) -> Iterator[tuple[int, int, str]]:
    """After such a cue, each item of the list to the sentence's end opens with someone's name,
    whatever the item adds after it ("Гончар зі Львова, Ткачук з Рівного, Мельник...")."""
    for cue in needles.finditer(NAMES_THEN_COLON, text):
        end = _ITEMS_END.search(text, cue.end())
        stop = end.start() if end else len(text)
        position = cue.end()
        while position < stop:
            comma = text.find(",", position, stop)
            item_end = stop if comma < 0 else comma
            item = ITEM_NAME.match(text, position, item_end)
            if item is not None and not _a_place_or_thing(item.group(1)):
                yield item.start(1), item.end(1), "name"
            position = item_end + 1


def _a_place_or_thing(word: str) -> bool:
    """A place, or a word the dictionaries read only as a thing ("Київ", "Харків")."""
    reading = latin_readings(word)[0] if word[:1].isascii() else word
    if is_a_place(word):
        return True
    parses = _known_parses(reading)
    return bool(parses) and all(
        "inan" in p.tag.grammemes or not p.tag.grammemes & _PERSON for p in parses
    )


def _particle_names(text: str) -> Iterator[tuple[int, int, str]]:
    """A particle name whose first word is an English first name, or that stands in a list
    beside other Latin names ("Tom Baker, Joost van Dijk, ..."); not a place after "in", "to"
    ("in Santiago de Chile")."""
    for m in needles.finditer(PARTICLE_NAME, text):
        first = m.group(1)
        listed = _LATIN_LIST_BESIDE.search(
            text[max(0, m.start() - 3) : m.start()]
        ) or _LATIN_LIST_BESIDE.search(text[m.end() : m.end() + 4])
        if first in ENGLISH_NOT_NAMES or (
            not listed and _PLACE_PREPOSITION_BEFORE.search(text[max(0, m.start() - 8) : m.start()])
        ):
            continue
        if english_first_name(first) or listed:
            yield m.start(), m.end(), "name"


def _a_title_run(text: str, run: list[tuple[int, int]]) -> bool:
    """Three or more capitalised Latin words in the middle of a sentence, none of them a first
    name, are a title or an organisation, not a person: "via Bring Them Home"."""
    if len(run) < 3 or not _LOWER_WORD_BEFORE.search(text[max(0, run[0][0] - 30) : run[0][0]]):
        return False
    return not any(
        english_first_name(word) or _latin_first_name(word)
        for word in (text[start:end] for start, end in run)
    )


@functools.lru_cache(maxsize=20_000)
def _plainly_a_first_name(word: str) -> bool:
    """Read back into Cyrillic letter by letter, the word is a first name as it is written, in
    its own form ("Kseniia" is Ксенія; "Germany" reads as a plural of Герман, no one's name)."""
    plain = latin_readings(word)[0]
    return word_status(plain) in (PERSON, FIRST_NAME_AND_THING) and any(
        "Name" in p.tag.grammemes and p.normal_form == plain.lower() for p in _known_parses(plain)
    )


def _lower_case_latin_names(text: str) -> Iterator[tuple[int, int, str]]:
    """A transliterated name in lower case, as chat is ("ivan petrenko", "savchuk yurii"): a
    surname's ending beside a first name that reads back into Cyrillic."""
    for m in needles.finditer(LOWER_LATIN_PAIR, text):
        a, b = m.group(1), m.group(2)
        for first, last in ((a, b), (b, a)):
            if (
                first.capitalize() not in ENGLISH_NOT_NAMES
                and _lower_latin_surname(last)
                and _latin_first_name(first.capitalize())
            ):
                yield m.start(1), m.end(2), "name"
                break
    # One transliterated first name alone, in lower case ("ask mykola, he knows", "serhii"):
    # a word of five letters or more, spelled as Ukrainian is transliterated and English is not
    # ("y" between consonants, "ii", "kh", "zh"), whose reading back into Cyrillic is a first
    # name and nothing else ("maxim", "felix" stay words).
    for m in needles.finditer(LOWER_LATIN_WORD, text):
        word = m.group(0).capitalize()
        if (
            UKRAINIAN_SPELLING.search(m.group(0))
            and word not in ENGLISH_NOT_NAMES
            and _latin_status(word) == PERSON
            and _latin_first_name(word)
        ):
            yield m.start(), m.end(), "name"


LOWER_LATIN_WORD = re.compile(r"(?<![\w@./:#_'’-])[a-z]{5,15}(?![\w@/_'’-]|\.[a-z])")
UKRAINIAN_SPELLING = re.compile(r"[bcdfghklmnprstvz]y[bcdfghklmnprstvz]|ii|iy|yi|kh|zh|iu|yy")


def latin_name_part(word: str) -> bool:
    """A lower-case Latin word that is a transliterated first name ("oksana") or a surname
    ("kravets", "savchuk"): a part of a username built from a name."""
    return (
        word.capitalize() not in ENGLISH_NOT_NAMES and _latin_first_name(word.capitalize())
    ) or _lower_latin_surname(word)


def _lower_latin_surname(word: str) -> bool:
    """An unmistakable surname's ending ("savchuk"), or a wider one ("lytvyn", "moroz" is not:
    no ending) on a word that reads back into Cyrillic as a surname."""
    if LOWER_LATIN_SURNAME_ENDING.search(word):
        return True
    return (
        bool(LATIN_SURNAME_ENDING.search(word))
        and word.capitalize() not in ENGLISH_NOT_NAMES
        and is_latin_person_word(word.capitalize())
    )


LOWER_WORD = re.compile(r"(?<![\w@./'’ʼ-])[а-яіїєґё][а-яіїєґё'’ʼ]{2,20}(?![\w@'’ʼ-])")


def _lower_case_names(text: str) -> Iterator[tuple[int, int, str]]:
    """Names written in lower case, as chat is ("руденко сергій", "таксистом ігорем"): words
    that the dictionaries know as nothing but a name, surname or patronymic, so that "надія",
    "марта" (March) or "слава" stay words; beside one, a surname no dictionary knows or one that
    is also a word ("константин гуща")."""
    words = [(m.start(), m.end()) for m in needles.finditer(LOWER_WORD, text)]
    taken = -1
    for i, (start, end) in enumerate(words):
        if start < taken:
            continue
        word = text[start:end]
        if not _only_person(word) and not (
            # Called, then spoken to, opening a sentence: "олюсь, ти бачила".
            text.startswith(",", end)
            and _sentence_start(text, start)
            and _first_name_first(word)
            and _addressed(text, end)
        ):
            continue
        # Grow the name over neighbours one space apart that may be surnames.
        first, last = i, i
        while first > 0 and _joins(text, words[first - 1], words[first], words[first - 1]):
            first -= 1
        while last + 1 < len(words) and _joins(text, words[last], words[last + 1], words[last + 1]):
            last += 1
        taken = words[last][1]
        yield words[first][0], taken, "name"


@functools.lru_cache(maxsize=50_000)
def _first_name_first(word: str) -> bool:
    """The likeliest reading of a word is a first name: in every dictionary that knows it, or,
    for a word none knows, in a guess from its ending that it is a name called ("олюсь")."""
    knowing = [a for a in _analyzers() if a.word_is_known(word)]  # type: ignore[attr-defined]
    if knowing:
        return all(
            "Name" in analyzer.parse(word)[0].tag.grammemes  # type: ignore[attr-defined]
            for analyzer in knowing
        )
    # A guess only when it is a name's vocative, the form one calls someone by ("олюсь").
    return any(
        {"Name", "voct"} <= analyzer.parse(word)[0].tag.grammemes  # type: ignore[attr-defined]
        for analyzer in _analyzers()
    )


# Whose someone is, by their first name: "сашкова мама", "Танин брат", "Петина жена".
POSSESSIVE_KIN = re.compile(
    # (-ов- with its ending only: "любов батька" is love)
    rf"(?<![\w'’ʼ-])([{_UPPER}{_LOWER}]{{2,15}}(?:ов(?=а|е|ого|ому|ій|у|ої|им|ою|и)|ів|ин|їн))"
    r"(?:а|е|ого|ому|ій|у|і|ої|им|ою|и)?"
    r"\s{1,2}(?:мама|мами|мамі|маму|мати|матір|матері|тато|тата|батько|батька|брат|брата|братові|"
    r"сестра|сестри|сестрі|сестру|дружина|дружини|жінка|жінки|чоловік|чоловіка|син|сина|донька|"
    r"доньки|дочка|бабуся|бабусі|дідусь|хлопець|дівчина|мать|папа|отец|жена|жены|муж|мужа|сын|"
    r"дочь|бабушка|дедушка|девушка|парень)\b",
)


# (in quotes, a nickname in Latin letters too: "той самий «Shaman» з 47-ї")
BY_THE_UNIT = re.compile(
    rf"(?<=\s)(?:([{_UPPER}][{_LOWER}]{{2,20}})|[«\"“]([{_UPPER}A-Z][{_LOWER}a-z]{{2,20}})[»\"”])"
    r"\s{1,2}(?:з|із|зі|с|из|від|от)\s{1,2}"
    r"(?:в/ч|в\.ч\.|\d{1,3}-(?:ї|й|я|ой|ей|го|ої)\b|\d{1,3}\s?(?:ОМБр|ОШБр|ОГШБр|ОМПБр|ОМехБр|ОТБр|ДШБр)\b)"
)
# A chat log: each line opens with its speaker ("[10:05] Олег: ...", "Санёк 🎣: ...",
# "@olha_k: ..."), the message follows.
SPEAKER = re.compile(
    rf"^[ \t]{{0,3}}(?:\[\d{{1,2}}:\d{{2}}\][ \t]{{0,2}})?"
    rf"(?:@[\w.]{{2,32}}|(?P<speaker>[{_UPPER}A-Z][{_LOWER}a-z]{{1,20}}"
    rf"(?:[ ][{_UPPER}A-Z][{_LOWER}a-z]{{1,20}}\.?)?))"
    r"(?:[ \t]{1,2}[^\w\s:]{1,3})?:[ \t]{1,2}",
    re.MULTILINE,
)
SPEAKER_WORD = re.compile(rf"[{_UPPER}A-Z][{_LOWER}a-z]+")
CALLED_FIRST = re.compile(rf"([{_UPPER}][{_LOWER}]{{2,20}})(,|[ \t](?![ \t]*[,:]))")
CALLED_LAST = re.compile(
    rf",[ \t]{{1,2}}([{_UPPER}][{_LOWER}]{{2,20}})[ \t]{{0,3}}(?:[!?.…)]|$|[^\w\s,])"
)


def _a_nickname_adjective(word: str) -> bool:
    """ "Рыжий", "Малий": an adjective in the masculine or feminine nominative, and never a
    thing (a list's "Ванна:" is the bathroom), a nickname."""
    parses = _known_parses(word)
    return not any({"NOUN", "inan"} <= p.tag.grammemes for p in parses) and any(
        "ADJF" in p.tag.grammemes
        and "nomn" in p.tag.grammemes
        and ("masc" in p.tag.grammemes or "femn" in p.tag.grammemes)
        for p in parses[:2]
    )


def _calls_someone(word: str) -> bool:
    """A word a speaker calls someone by: a first name in any case (the vocative "Степане"), or
    a pet form of one ("Зоечка", "Лідусь"), never an ordinary word or a place."""
    return word_status(word) != OTHER and (_first_name_any(word) or diminutive_of_name(word))


def _chat_names(text: str) -> Iterator[tuple[int, int, str]]:
    """Speakers of a chat log and the people they call: a speaker's word a dictionary reads as a
    name or only guesses at as one ("Димон"), a nickname that is an adjective when the post is
    a chat of two lines or more; the first word of a message when it calls someone ("Іро, вже
    виходжу", "Зоечка не хвилюйся"), and the last after a comma ("тримайся, Лідусь ❤️")."""
    if ":" not in text:
        return
    speakers = list(needles.finditer(SPEAKER, text))
    if not speakers:
        return
    chat = len(speakers) >= 2
    for m in speakers:
        if m.group("speaker"):
            for w in SPEAKER_WORD.finditer(m.group("speaker")):
                word = w.group(0)
                if word[:1].isascii():
                    continue
                status = word_status(word)
                if (
                    status in (PERSON, FIRST_NAME_AND_THING, AMBIGUOUS)
                    or (status == UNKNOWN and _calls_someone(word))
                    or (chat and status == OTHER and _a_nickname_adjective(word))
                ):
                    yield m.start("speaker") + w.start(), m.start("speaker") + w.end(), "name"
        first = CALLED_FIRST.match(text, m.end())
        if first and (
            (first.group(2) == "," and _calls_someone(first.group(1)))
            or (
                word_status(first.group(1)) in (OTHER, UNKNOWN)
                and diminutive_of_name(first.group(1))
            )
        ):
            yield first.start(1), first.end(1), "name"
        if chat:
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            for last in CALLED_LAST.finditer(text, m.end(), line_end):
                if _calls_someone(last.group(1)):
                    yield last.start(1), last.end(1), "name"


def _possessives(text: str) -> Iterator[tuple[int, int, str]]:
    for m in needles.finditer(POSSESSIVE_KIN, text):
        stem = m.group(1)[:-2]
        word_end = m.end(1) + len(re.match(r"[а-яіїєґё]*", text[m.end(1) :]).group(0))  # type: ignore[union-attr]
        if len(stem) >= 2 and any(
            _first_name_any(candidate) and word_status(candidate) == PERSON
            for candidate in (
                stem[:1].upper() + stem[1:] + ending for ending in ("о", "а", "я", "")
            )
        ):
            yield m.start(1), word_end, "name"


def _joins(text: str, left: tuple[int, int], right: tuple[int, int], new: tuple[int, int]) -> bool:
    """Whether ``new`` (left or right) joins the name: one space apart, and a name too."""
    if text[left[1] : right[0]] != " ":
        return False
    word = text[new[0] : new[1]]
    other = text[left[0] : left[1]] if new == right else text[right[0] : right[1]]
    return _only_person(word) or _surname_like(word) or _guessed_surname_agreeing(word, other)


_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct", "voct"})


@functools.lru_cache(maxsize=50_000)
def _guessed_surname_agreeing(word: str, name: str) -> bool:
    """A word no dictionary knows, whose likeliest guess is a surname in the case of the first
    name beside it ("с димой кравцом": Кравец in the instrumental, as Дима)."""
    if any(a.word_is_known(word) for a in _analyzers()):  # type: ignore[attr-defined]
        return False
    name_cases = {
        grammeme
        for analyzer in _analyzers()
        if analyzer.word_is_known(name)  # type: ignore[attr-defined]
        for p in analyzer.parse(name)  # type: ignore[attr-defined]
        if "Name" in p.tag.grammemes
        for grammeme in p.tag.grammemes & _CASES
    }
    for analyzer in _analyzers():
        guess = analyzer.parse(word)[0].tag.grammemes  # type: ignore[attr-defined]
        if "Surn" in guess and guess & name_cases:
            return True
    return False


@functools.lru_cache(maxsize=200_000)
def _surname_like(word: str) -> bool:
    """A lower-case word that may be a surname: one with a surname reading, or one that no
    dictionary knows with a surname's ending."""
    if word in NOT_NAMES:
        return False
    uk, ru = _analyzers()
    if not uk.word_is_known(word) and not ru.word_is_known(word):  # type: ignore[attr-defined]
        return bool(SURNAME_ENDING.search(word))
    return _surname_reading(word)


@functools.lru_cache(maxsize=200_000)
def _only_person(word: str) -> bool:
    if word in NOT_NAMES:
        return False
    known = False
    for analyzer in _analyzers():
        if not analyzer.word_is_known(word):  # type: ignore[attr-defined]
            continue
        known = True
        for tag in analyzer.tag(word):  # type: ignore[attr-defined]
            if not tag.grammemes & _PERSON:
                return False
    return known


def _listed(text: str, words: list[tuple[int, int, int]]) -> Iterator[tuple[int, int, str]]:
    """Words in a list of names ("Ткачука, Лисицу, Гончарова") that are also things or places:
    a surname that is also a thing beside a listed name, an ordinary word between two."""
    named = {i for i, (_s, _e, status) in enumerate(words) if status == PERSON}
    for i, (start, end, status) in enumerate(words):
        if status not in (AMBIGUOUS, BESIDE_ONLY) or i in named:
            continue
        before = i > 0 and i - 1 in named and LIST_SEP.fullmatch(text[words[i - 1][1] : start])
        after = i + 1 < len(words) and LIST_SEP.fullmatch(text[end : words[i + 1][0]])
        after_any = after and words[i + 1][2] in (PERSON, AMBIGUOUS)
        after_person = after and words[i + 1][2] == PERSON
        if (before and after_any) or (status == AMBIGUOUS and (before or after_person)):
            named.add(i)
            yield start, end, "name"


# Three or more single capitalised words in a list: "Грім, Тихий і Борода з другої роти".
PEOPLE_LIST = re.compile(
    rf"(?<![\w'’ʼ-])(?:[{_UPPER}][{_LOWER}]{{2,20}},\s{{1,2}}){{1,5}}[{_UPPER}][{_LOWER}]{{2,20}}"
    rf"\s{{1,2}}(?:і|й|и|та)\s{{1,2}}[{_UPPER}][{_LOWER}]{{2,20}}(?![\w'’ʼ-])"
)


def _listed_people(text: str) -> Iterator[tuple[int, int, str]]:
    """A list is of one kind of thing: near a unit's words, when one of its words is someone's
    name and none is a place, an organisation or a word that is no noun, the others are people
    too, by their nicknames ("Грім, Тихий і Борода з другої роти": Тихий is a surname, Грім and
    Борода call signs). "Тихий, Атлантичний і Індійський" are not nouns."""
    for m in needles.finditer(PEOPLE_LIST, text):
        if not SERVICE_NEAR.search(text, max(0, m.start() - 60), m.end() + 60):
            continue  # (among servicemen only: a dictionary does not know every town)
        members = list(WORD.finditer(text, m.start(), m.end()))
        # The list is the subject of what people do ("Гром, Бармалей и Малой вышли"): its
        # members may then be adjectives standing as nicknames, and need no one's known name.
        verb = _VERB_NEXT.match(text, m.end())
        acting = verb is not None and _a_verb(verb.group(1))
        if any(
            not (_noun_not_place(w.group(0)) or (acting and _adjective_only(w.group(0))))
            for w in members
        ):
            continue
        named = [
            word_status(w.group(0)) in (PERSON, FIRST_NAME_AND_THING, AMBIGUOUS) for w in members
        ]
        if not acting and not any(word_status(w.group(0)) == PERSON for w in members):
            continue
        for w, is_name in zip(members, named, strict=True):
            yield w.start(), w.end(), "name" if is_name else "callsign"


# An item of a list written one to a line after a dash, a bullet or a number.
LIST_LINE = re.compile(r"(?m)^[ \t]{0,3}(?:[—–•*-]|\d{1,3}[.)])[ \t]{1,3}")
# A capitalised word alone at the head of an item: before a comma, a dash or the line's end.
ITEM_HEAD = re.compile(
    rf"([{_UPPER}][{_LOWER}]{{2,20}}(?:-[{_UPPER}][{_LOWER}]+)?)"
    r"(?=[ \t]{0,2}(?:[,;(]|[—–-][ \t]|$))",
    re.MULTILINE,
)


def _list_head_surnames(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """In a list written one item to a line, of which at least two other items open with a
    name ("— Гнатюк Олег, Рівне"), a capitalised word alone at an item's head, which no
    dictionary reads as a place or an ordinary word, is a surname too ("— Романюта, ім'я не
    чути"). A town or a thing at the head stays readable ("— Житомир, 5 человек",
    "— Ковдри, 20 шт.")."""
    items = list(needles.finditer(LIST_LINE, text))
    if len(items) < 3:
        return []
    name_starts = {start for start, _end, kind in spans if kind == "name"}
    out: list[tuple[int, int, str]] = []
    # Consecutive lines are one list.
    lists: list[list[re.Match[str]]] = []
    for m in items:
        if lists and text.count("\n", lists[-1][-1].start(), m.start()) == 1:
            lists[-1].append(m)
        else:
            lists.append([m])
    for group in lists:
        named = [m.end() in name_starts for m in group]
        if sum(named) < 2:
            continue
        for m, is_named in zip(group, named, strict=True):
            if is_named or not (head := ITEM_HEAD.match(text, m.end())):
                continue
            word = head.group(1)
            if word_status(word) in (UNKNOWN, AMBIGUOUS, BESIDE_ONLY) and not _a_place(word):
                out.append((head.start(1), head.end(1), "name"))
    return out


# A capitalised word and a comma at a sentence's start, then the list it opens.
HEAD_AND_COMMA = re.compile(rf"(?<![\w'’ʼ-])([{_UPPER}][{_LOWER}]{{2,20}}),\s{{1,2}}")
COMMA_NEXT = re.compile(r",\s{1,2}")


def _sentence_head_surnames(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """At a sentence's start, a word with a surname's shape before a comma and a list of at
    least two names, one after the other ("Ивасюк, Гайдамака, Лозинский …"), is a surname too,
    when no dictionary reads it as a place or an ordinary word ("Київ, Гайдамака, Лозинський"
    keeps Київ)."""
    end_of: dict[int, int] = {}
    for start, end, kind in sorted(spans):
        if kind == "name":
            end_of.setdefault(start, end)  # (the shortest name at a place)
    out: list[tuple[int, int, str]] = []
    for m in needles.finditer(HEAD_AND_COMMA, text):
        word, first = m.group(1), m.end()
        if m.start(1) in end_of or first not in end_of or not _sentence_start(text, m.start(1)):
            continue
        after = COMMA_NEXT.match(text, end_of[first])
        if not after or after.end() not in end_of:
            continue
        if (
            word_status(word) in (UNKNOWN, PERSON, AMBIGUOUS, BESIDE_ONLY)
            and not _a_place(word)
            and (_surname_reading(word) or SURNAME_ENDING.search(word.lower()))
        ):
            out.append((m.start(1), m.end(1), "name"))
    return out


_VERB_NEXT = re.compile(r"\s{1,2}([а-яіїєґё'’ʼ]{3,20})\b")


@functools.lru_cache(maxsize=20_000)
def _only_a_verb(word: str) -> bool:
    """Every reading the dictionaries know of the word is a verb, in any form ("Повідомити",
    "Напишіть", "Сообщить")."""
    parses = _known_parses(word)
    return bool(parses) and all(p.tag.POS in ("VERB", "INFN") for p in parses)


@functools.lru_cache(maxsize=20_000)
def _a_verb(word: str) -> bool:
    """Every reading the dictionaries know of the word is a verb, one in the plural ("вышли",
    "повернулися", "тримаються")."""
    parses = _known_parses(word)
    return (
        bool(parses)
        and all(p.tag.POS == "VERB" for p in parses)
        and any("plur" in p.tag.grammemes for p in parses)
    )


@functools.lru_cache(maxsize=20_000)
def _noun_not_place(word: str) -> bool:
    """The word can be a noun (or no dictionary knows it), and is never a place or an
    organisation."""
    if word.lower() in NOT_NAMES or _a_place(word):
        return False
    parses = _known_parses(word)
    if any(p.tag.grammemes & _NOT_PERSON for p in parses):
        return False
    return not parses or any(p.tag.POS == "NOUN" for p in parses)


# Words of servicemen and their nicknames anywhere in the post.
NICKNAME_CONTEXT = re.compile(
    r"позивн|позывн|кличк|прізвиськ|прозвищ|\bв/ч\b|бійц|бойц|побратим|сослуживц|бригад|"
    r"батальйон|батальон|\bрот[аиіу]\b|взвод|підрозділ|подраздел"
)  # (searched in the text in lower case: faster than ignoring case)
# A capitalised word with an adjective's ending (the dictionary decides), as WORD finds words.
ADJECTIVE_WORD = re.compile(
    rf"(?<![{_UPPER}{_LOWER}])[{_UPPER}][{_LOWER}]+"
    rf"(?:ий|ій|ой|ый|ого|ому|им|ым|ая|яя|ої|ую|юю|ею|ей|а|я)(?![{_UPPER}{_LOWER}-])"
)
_NEXT_WORD = re.compile(r"\s{1,2}[«\"“]?([^\W\d_]+)")


def _adjective_nicknames(text: str) -> Iterator[tuple[int, int, str]]:
    """A capitalised adjective standing alone, as a noun, where servicemen and nicknames are
    spoken of: "Бойцы Хмурого из в/ч 3057", "Второй — «Малой»" (the nicknames Хмурый and
    Малой). Not an adjective before the noun it describes ("Московского региона", "Тихий
    океан"), after a place's preposition ("в Покровском"), or opening a sentence."""
    context = None  # whether servicemen are spoken of, read once a candidate is found
    for m in needles.finditer(ADJECTIVE_WORD, text):
        word = m.group(0)
        quoted = text[m.start() - 1 : m.start()] in ("«", '"', "“")
        if not _adjective_only(word):
            continue
        if context is None:
            context = bool(NICKNAME_CONTEXT.search(text.lower()))
        if (
            not context
            or (not quoted and _sentence_start(text, m.start()))
            or PLACE_BEFORE.search(_before(text, m.start()))
        ):
            continue
        after = _NEXT_WORD.match(text, m.end() + (1 if text[m.end() : m.end() + 1] in '»"”' else 0))
        if after and _can_be_described(after.group(1)):
            continue
        if _beside_an_adjective(text, m):
            continue  # "Тихий, Атлантичний і Індійський океани": they describe what follows
        yield m.start(), m.end(), "callsign"


_ADJECTIVE_BEFORE = re.compile(
    rf"([{_UPPER}][{_LOWER}]+)(?:,\s{{1,2}}|\s{{1,2}}(?:і|й|и|та)\s{{1,2}})$"
)
_ADJECTIVE_AFTER = re.compile(
    rf"(?:,\s{{1,2}}|\s{{1,2}}(?:і|й|и|та)\s{{1,2}})([{_UPPER}][{_LOWER}]+)"
)


def _beside_an_adjective(text: str, m: re.Match[str]) -> bool:
    """The word is in a list of capitalised adjectives."""
    before = _ADJECTIVE_BEFORE.search(text, max(0, m.start() - 30), m.start())
    after = _ADJECTIVE_AFTER.match(text, m.end())
    return bool(
        (before and _adjective_only(before.group(1))) or (after and _adjective_only(after.group(1)))
    )


@functools.lru_cache(maxsize=20_000)
def _adjective_only(word: str) -> bool:
    """Every reading the dictionaries know is a full adjective, singular, neither an ordinal nor
    a pronoun's, and one is masculine or feminine ("Хмурого", "Малой"; not "Третья", "Наш",
    "Голубое")."""
    parses = _known_parses(word)
    return (
        bool(parses)
        and all(
            p.tag.POS == "ADJF" and not p.tag.grammemes & {"plur", "Anum", "Apro"} for p in parses
        )
        # Someone's, not a village's ("деревня Голубое" is neuter).
        and any(p.tag.grammemes & {"masc", "femn"} for p in parses)
    )


@functools.lru_cache(maxsize=20_000)
def _can_be_described(word: str) -> bool:
    """The word is likeliest a noun or an adjective (what an adjective before it describes)."""
    low = word.lower()
    knowing = [a for a in _analyzers() if a.word_is_known(low)]  # type: ignore[attr-defined]
    return any(
        analyzer.parse(word)[0].tag.POS in ("NOUN", "ADJF")  # type: ignore[attr-defined]
        for analyzer in knowing or _analyzers()
    )


def _recipient(text: str, m: re.Match[str]) -> Iterator[tuple[int, int, str]]:
    """The name after "отримувач" / "получатель" / "на ім'я", in any case and capitals: its
    words up to the first that is no name."""
    position, last = m.start(1), None
    for word in re.finditer(r"\S+", m.group(1)):
        bare = word.group(0).strip(",.;:")
        if not bare or not is_person_or_unknown(bare[:1].upper() + bare[1:].lower()):
            break
        last = m.start(1) + word.start() + len(bare)
    if last is not None:
        yield position, last, "name"


@functools.lru_cache(maxsize=50_000)
def _genitive_surname_only(word: str) -> bool:
    """Every reading of the word is a surname's, and one is in the genitive ("Каменского");
    no first name ("Петра"), no patronymic."""
    parses = _known_parses(word)
    return (
        bool(parses)
        and all("Surn" in p.tag.grammemes for p in parses)
        and any("gent" in p.tag.grammemes for p in parses)
    )


def names_a_car(span: str) -> bool:
    """Words before a car's plate that are its make, model or colour: one of them a dictionary
    also reads as a thing or a quality ("Ланос", "Шкоді", "Сірий"), or none a first name
    ("Тойота Камрі"); "Петренко Іван" before a plate is the driver."""
    words = re.findall(rf"[{_UPPER}A-Z][{_LOWER}a-z]+", span)
    return bool(words) and (
        any(_thing_or_quality(w) for w in words)
        or not any(_first_name_any(w) or english_first_name(w) for w in words)
    )


@functools.lru_cache(maxsize=20_000)
def _thing_or_quality(word: str) -> bool:
    return any(
        ("NOUN" in p.tag.grammemes and "inan" in p.tag.grammemes) or p.tag.POS == "ADJF"
        for p in _known_parses(word)
    )


@functools.lru_cache(maxsize=20_000)
def _only_a_word(word: str) -> bool:
    """A dictionary knows the word, and never as a first name, surname or patronymic."""
    parses = _known_parses(word)
    return bool(parses) and not any(p.tag.grammemes & _PERSON for p in parses)


@functools.lru_cache(maxsize=20_000)
def surname_in_genitive(word: str) -> bool:
    """A dictionary reads the word as a surname in the genitive, declined ("Кирова", "Гоголя",
    "Шевченка"; not "Петренко", the same in every case): a street named after someone, as "на
    Кирова 7" is."""
    return any(
        {"Surn", "gent"} <= p.tag.grammemes and not p.tag.grammemes & {"plur", "Fixd"}
        for p in _known_parses(word)
    )


# The genitive endings of surnames declined as adjectives or possessives: "-ського", "-ова",
# "-іна".
_SURNAME_GENITIVE_ENDING = re.compile(
    r"(?:[сц]ького|зького|[сц]кого|зкого|ова|ева|єва|ёва|іна|ина|їна)$"
)


def unknown_surname_in_genitive(word: str) -> bool:
    """No dictionary knows the word, and it ends as a surname's genitive does ("Маковецкого")."""
    return bool(_SURNAME_GENITIVE_ENDING.search(word.lower())) and not _known_parses(word)


@functools.lru_cache(maxsize=50_000)
def _surname_reading(word: str) -> bool:
    return any(
        "Surn" in tag.grammemes
        for analyzer in _analyzers()
        for tag in analyzer.tag(word)  # type: ignore[attr-defined]
    )


@functools.lru_cache(maxsize=50_000)
def _family_surname(word: str) -> bool:
    """A family's name in the plural or possessive ("Шевчуків", "Іванових", "Коваленків") is a
    surname once its ending is taken off (and "о" put back for "-енко")."""
    if word_status(word) in (PERSON, AMBIGUOUS, FIRST_NAME_AND_THING):
        return True
    low = word.lower()
    for ending in _PLURAL_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            stem = word[: len(word) - len(ending)]
            for candidate in (stem, stem + "о", stem + "а", stem + "ов", stem + "ий"):
                if word_status(candidate) in (PERSON, AMBIGUOUS):
                    return True
            if SURNAME_ENDING.search(stem.lower()):
                return True
    return False


def _known_in_ukrainian(word: str) -> bool:
    uk, _ru = _analyzers()
    return bool(uk.word_is_known(word.lower()))  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=50_000)
def _latin_first_name(word: str) -> bool:
    readings = latin_readings(word)
    if word_status(readings[0]) not in (PERSON, FIRST_NAME_AND_THING) and _known_in_ukrainian(
        readings[0]
    ):
        return False
    return any(
        word_status(reading) in (PERSON, FIRST_NAME_AND_THING) and _first_name(reading)
        for reading in readings
    )


@functools.lru_cache(maxsize=50_000)
def _first_name(word: str) -> bool:
    uk, _ru = _analyzers()
    return any("Name" in p.tag.grammemes for p in uk.parse(word)[:4])  # type: ignore[attr-defined]


def _runs(text: str, words: list[tuple[int, int, int]]) -> Iterator[tuple[int, int]]:
    """Runs of words one space apart that hold at least one word known only as a name."""
    run: list[int] | None = None  # start, end, holds a known name
    for start, end, status in words:
        if run is not None and text[run[1] : start].strip(" ") == "" and start - run[1] <= 2:
            run[1] = end
            run[2] = run[2] or status == PERSON
            continue
        if run is not None and run[2]:
            yield run[0], run[1]
        run = [start, end, status == PERSON]
    if run is not None and run[2]:
        yield run[0], run[1]


# Words for who someone is, not their surname, before a first name and patronymic
# ("генерала Олега Вікторовича", "брата Петра Івановича").
_RELATION_OR_TITLE = re.compile(
    r"(?:президент|прем|міністр|министр|генерал|полковник|підполковник|подполковник|майор|"
    r"капітан|капитан|лейтенант|сержант|старшин|солдат|рядов|командир|комбриг|комбат|"
    r"директор|голов|глав|мер|депутат|нардеп|суддя|судья|прокурор|слідч|следовател|адвокат|"
    r"лікар|врач|доктор|професор|профессор|отц|отець|батюшк|владик|пан|пані|господин|"
    r"брат|сестр|мам|тат|батьк|отец|син|сын|доч|донь|дружин|жен|чоловік|муж|кум|дяд|тітк|"
    r"тет|бабус|дідус|дедушк|онук|внук|сусід|сосед|друг|товариш|побратим|колег|"
    # (and who someone is to others: "нашого Героя Василя ...", "Хозяйка Валентина ...")
    r"геро|хозя|хазя|господар|власни|староста|старост|комендант|куратор)",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(rf"(?<![\w'’ʼ-])([{_UPPER}][{_LOWER}'’ʼ]{{2,20}})\s$")


def surname_before(text: str, start: int, first: str) -> int | None:
    """Where a surname begins right before a first name and patronymic that start at
    ``start`` ("на Мельника Олега Вікторовича": "Мельника", though a dictionary reads it as a
    miller first): a capitalised word in the first name's case that a dictionary reads as a
    living being or a surname, and not as a place, an organisation, a title or a relative."""
    m = _WORD_BEFORE.search(text, max(0, start - 24), start)
    if not m:
        return None
    word = m.group(1)
    if _RELATION_OR_TITLE.match(word) or _place_reading(word) or is_a_place(word):
        return None
    cases = {
        g
        for p in _known_parses(first)
        if "Name" in p.tag.grammemes
        for g in p.tag.grammemes & _CASES
    }
    parses = _known_parses(word)
    if any(p.tag.POS in _FUNCTION_WORDS or p.tag.POS == "VERB" for p in parses):
        return None  # "Коли Олена Олегівна сказала": "when", not a surname
    for p in parses:
        grammemes = p.tag.grammemes
        if (
            grammemes & cases
            and "plur" not in grammemes  # "Замовники Луки Олександровича": his customers
            and ("Surn" in grammemes or {"NOUN", "anim"} <= grammemes)
        ):
            return m.start(1)
    return None
