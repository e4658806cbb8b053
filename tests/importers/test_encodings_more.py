"""Files in the encodings people's tools save in are read right, or refused: never read as
mojibake. Real sentences, encoded here in each encoding."""

from __future__ import annotations

import codecs
import contextlib

import pytest

from triage.importers.decoding import detect_encoding, open_text
from triage.importers.rows import ImportRefused
from triage.models import Post

UK = (
    "text,author\n"
    '"Шукаємо брата, зник під Покровськом. Пишіть у приват",Олена\n'
    '"Продам дрова, дуб, доставка по району",Микола\n'
)
RU = (
    "text,author\n"
    '"Ищем брата, пропал под Покровском. Пишите в личку",Елена\n'
    '"Продам дрова недорого, доставка по району",Николай\n'
)
CAPS = "text\nТЕРМІНОВО!!! ШУКАЄМО БРАТА, ЗНИК ПІД ПОКРОВСЬКОМ, ПИШІТЬ У ПРИВАТ\n"

CASES = [
    ("cp1251", lambda t: t.encode("cp1251"), "cp1251"),
    ("UTF-8 BOM before Windows-1251", lambda t: codecs.BOM_UTF8 + t.encode("cp1251"), "cp1251"),
    ("koi8-u", lambda t: t.encode("koi8-u"), "koi8-u"),
    ("utf-16 with BOM", lambda t: t.encode("utf-16"), "utf-16"),
    ("utf-16-le without BOM", lambda t: t.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be without BOM", lambda t: t.encode("utf-16-be"), "utf-16-be"),
    ("utf-8", lambda t: t.encode("utf-8"), "utf-8-sig"),
    ("utf-8 with BOM", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
]


@pytest.mark.parametrize("text", [UK, RU, CAPS], ids=["uk", "ru", "capitals"])
@pytest.mark.parametrize(("name", "encode", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_encoding_is_detected_and_read_back_exactly(tmp_path, text, name, encode, expected):
    path = tmp_path / "posts.csv"
    path.write_bytes(encode(text))
    assert detect_encoding(path) == expected
    with open_text(path) as handle:
        assert handle.read() == text


def test_koi8_r_russian_reads_the_same_through_koi8_u(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_bytes(RU.encode("koi8-r"))
    with open_text(path) as handle:
        assert handle.read() == RU


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["koi8-u", "utf-16", "utf-16-le"])
def test_a_csv_import_in_another_encoding_keeps_its_text(group, run_import, tmp_path, encoding):
    path = tmp_path / "posts.csv"
    path.write_bytes(UK.encode(encoding))
    batch = run_import(path)
    assert batch.status == "done", batch.error
    texts = set(Post.objects.filter(group=group).values_list("text", flat=True))
    assert "Шукаємо брата, зник під Покровськом. Пишіть у приват" in texts
    assert "Продам дрова, дуб, доставка по району" in texts


@pytest.mark.parametrize(
    "data",
    [
        b"",
        codecs.BOM_UTF8,
        b"text\nhello world\n",  # ASCII: read as it is
    ],
)
def test_empty_bom_only_and_ascii_files_do_not_break_detection(tmp_path, data):
    path = tmp_path / "posts.csv"
    path.write_bytes(data)
    detect_encoding(path)  # no exception
    with open_text(path) as handle:
        assert handle.read() in ("", "text\nhello world\n")


def test_utf8_with_broken_bytes_is_still_refused_not_read_as_koi8(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("text\nпривіт\n".encode() + b"\x98\x98\xff\n")
    with pytest.raises(ImportRefused):
        detect_encoding(path)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_bytes_are_refused_not_read_as_some_one_byte_encoding(tmp_path, seed):
    import random

    rng = random.Random(seed)
    path = tmp_path / "noise.csv"
    path.write_bytes(bytes(rng.randrange(128, 256) for _ in range(4000)))
    with pytest.raises(ImportRefused, match="encoding Varta does not read"):
        detect_encoding(path)


def test_a_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    with pytest.raises(ImportRefused):
        detect_encoding(path)


# Short files: a handful of letters, where either one-byte reading can look like a language.
SHORT = [
    "text\nПривіт\n",
    "text\nПродам дрова\n",
    "text\nШукаємо Петра з Полтави, тел 0671234567\n",
    "text\nТерміново!\n",
    "text\nДякую всім\n",
    "text\nКуплю гараж\n",
    "text\nЗагубився кіт Мурчик\n",
    "text\nSale iPhone 13 ціна 300$\n",
    "text\nПРОДАМ ГАРАЖ\n",
    "text\nОК\n",
    "text\nЯ\n",
    "text\nІван, Київ\n",
]


def test_short_koi8_is_not_read_as_windows_1251(tmp_path):
    # The red team's case: "Привіт" in KOI8-U was read as Windows-1251, 'рТЙЧ¦Ф'.
    path = tmp_path / "short.csv"
    path.write_bytes("text\nПривіт\n".encode("koi8-u"))
    assert detect_encoding(path) == "koi8-u"
    with open_text(path) as handle:
        assert handle.read() == "text\nПривіт\n"


def test_mostly_latin_koi8_with_a_few_letters_is_refused_naming_the_encodings(tmp_path):
    # Was read as Windows-1251: "Sale iPhone 13 Г¦ОБ 300$".
    path = tmp_path / "latin.csv"
    path.write_bytes("text\nSale iPhone 13 ціна 300$\n".encode("koi8-u"))
    with pytest.raises(ImportRefused, match="Windows-1251 or KOI8; save it as UTF-8"):
        detect_encoding(path)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-u"])
@pytest.mark.parametrize("text", SHORT)
def test_a_short_file_is_read_exactly_or_refused_never_misread(tmp_path, text, encoding):
    path = tmp_path / "short.csv"
    path.write_bytes(text.encode(encoding))
    try:
        detected = detect_encoding(path)
    except ImportRefused as exc:
        # Too few letters to tell ("Я" alone is no language's text either): say so.
        message = str(exc).lower()
        assert "koi8" in message
        assert "save it as utf-8" in message
        return
    assert detected == encoding
    with open_text(path) as handle:
        assert handle.read() == text


def test_most_short_files_are_still_read(tmp_path):
    read = 0
    for n, text in enumerate(SHORT):
        for encoding in ("cp1251", "koi8-u"):
            path = tmp_path / f"short-{n}-{encoding}.csv"
            path.write_bytes(text.encode(encoding))
            with contextlib.suppress(ImportRefused):
                read += detect_encoding(path) == encoding
    assert read >= 0.6 * 2 * len(SHORT), read


def test_a_short_windows_1251_post_with_the_red_teams_words_is_still_read(tmp_path):
    path = tmp_path / "short.csv"
    path.write_bytes("text\nSale iPhone 13 ціна 300$\n".encode("cp1251"))
    assert detect_encoding(path) == "cp1251"
