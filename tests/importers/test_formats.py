"""Every format with files written for the project, and the real samples when ../shared is there."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from tests.importers.conftest import DATA
from triage.importers.formats.registry import detect_format
from triage.models import Post

pytestmark = pytest.mark.django_db


def texts(group):
    return list(Post.objects.filter(group=group).order_by("id").values_list("text", flat=True))


def test_csv_with_ukrainian_headers_dedupes_and_adds_reports(group, run_import):
    batch = run_import(DATA / "posts_uk.csv")
    assert (batch.status, batch.format, batch.imported, batch.duplicates, batch.rejected) == (
        "done",
        "csv",
        2,
        1,
        0,
    )
    post = Post.objects.get(group=group, external_id="fb-1")
    assert post.author == "Оксана"
    assert post.permalink == "https://www.facebook.com/groups/g/posts/1/"
    assert post.report_count == 4  # 3 from the file, +1 for the repeated row
    assert post.report_reasons == ["Персональні дані", "Фейк"]


def test_windows_1251_with_semicolons_is_read_without_garbling(group, run_import):
    batch = run_import(DATA / "posts_cp1251.csv")
    assert batch.imported == 2
    assert texts(group)[0] == "Ищем брата, пропал под Бахмутом"
    post = Post.objects.get(group=group, author="Ирина")
    assert post.posted_at.day == 12


def test_tab_separated_with_bom_links_the_comment_to_its_post(group, run_import):
    run_import(DATA / "posts_bom.tsv")
    comment = Post.objects.get(group=group, external_id="c1")
    assert comment.is_comment
    assert comment.parent == Post.objects.get(group=group, external_id="p1")


def test_xlsx_is_read_in_streaming_mode(group, run_import, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Текст", "Автор", "ID", "Скарги"])
    sheet.append(["Хто впізнає? Поширте!", "Ганна", 1001, 2])
    sheet.append(["Загубився пес", "Іван", 1002, None])
    sheet.append([None, None, None, None])
    path = tmp_path / "posts.xlsx"
    book.save(path)
    batch = run_import(path)
    assert (batch.format, batch.imported, batch.error) == ("xlsx", 2, "")
    assert Post.objects.get(group=group, external_id="1001").report_count == 2


def test_json_list_with_field_names_in_two_languages(group, run_import):
    batch = run_import(DATA / "posts.json")
    assert (batch.imported, batch.rejected) == (2, 1)
    assert Post.objects.get(group=group, external_id="j2").author == "Адмін"
    assert batch.row_errors.get().reason == "no text"


def test_json_lines_rejects_bad_lines_and_keeps_the_rest(group, run_import):
    batch = run_import(DATA / "posts.jsonl")
    assert batch.format == "jsonl"
    assert (batch.imported, batch.rejected) == (2, 2)
    reasons = sorted(e.reason for e in batch.row_errors.all())
    assert any("not valid JSON" in r for r in reasons)
    assert any("report count" in r for r in reasons)


def test_telegram_single_chat_export(group, run_import):
    batch = run_import(DATA / "telegram_single.json")
    assert batch.format == "telegram"
    # The service message and the photo without a caption are not posts.
    assert batch.imported == 3
    first = Post.objects.get(group=group, external_id="1234567890:2")
    # Text flattened exactly: no spaces added between the parts.
    assert first.text == "Хто впізнає? Мій син у полоні, t.me/enemy_channel"
    assert first.author_external_id == "user111"
    assert first.posted_at.timestamp() == 1763625660
    assert first.permalink == "https://t.me/c/1234567890/2"
    reply = Post.objects.get(group=group, external_id="1234567890:3")
    assert reply.parent == first
    assert Post.objects.get(group=group, external_id="1234567890:5").forwarded_from == "Z-канал"


def test_telegram_full_account_export(group, run_import):
    batch = run_import(DATA / "telegram_full.json")
    assert batch.imported == 4
    assert Post.objects.get(group=group, external_id="555:7").permalink == ""


def test_facebook_export_mojibake_is_repaired(group, run_import):
    batch = run_import(DATA / "facebook_posts.json")
    assert batch.format == "facebook"
    assert batch.imported == 2
    post = Post.objects.get(group=group, text__startswith="Шукаємо")
    assert post.text == "Шукаємо сина, 93 бригада. Поширте!"
    assert post.author == "Олена Коваль"
    batch = run_import(DATA / "facebook_comments.json")
    comment = Post.objects.get(group=group, is_comment=True)
    assert comment.author == "Олена Коваль"
    assert "0671234567" in comment.text


def test_pasted_text_splits_posts_and_takes_the_first_url_as_permalink(group, run_import):
    batch = run_import(DATA / "paste.txt")
    assert batch.imported == 3
    first = Post.objects.get(group=group, text__startswith="Хто")
    assert first.permalink == "https://www.facebook.com/groups/g/posts/10/"
    assert first.text == "Хто впізнає цього хлопця?\nПоширте!"
    assert "Третій допис\nдругий рядок" in texts(group)


def test_running_the_same_file_again_creates_no_duplicates_and_no_new_reports(group, run_import):
    run_import(DATA / "posts_uk.csv")
    before = Post.objects.get(group=group, external_id="fb-1").report_count
    again = run_import(DATA / "posts_uk.csv")
    assert (again.imported, again.duplicates) == (0, 3)
    assert Post.objects.filter(group=group).count() == 2
    assert Post.objects.get(group=group, external_id="fb-1").report_count == before


def test_posts_of_one_group_never_dedupe_against_another(group, other_group, outsider, run_import):
    run_import(DATA / "posts_uk.csv")
    batch = run_import(DATA / "posts_uk.csv", target=other_group, user=outsider)
    assert batch.imported == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("posts_uk.csv", "csv"),
        ("posts_bom.tsv", "csv"),
        ("posts.json", "json"),
        ("posts.jsonl", "jsonl"),
        ("telegram_single.json", "telegram"),
        ("facebook_posts.json", "facebook"),
        ("paste.txt", "text"),
    ],
)
def test_format_detection(name, expected):
    assert detect_format(DATA / name) == expected


def test_the_real_telegram_samples_import(group, run_import, shared_fixtures):
    totals = {}
    for path in sorted((shared_fixtures / "telegram").glob("*.json")):
        batch = run_import(path)
        assert batch.status == "done", (path.name, batch.error)
        totals[path.name] = batch.imported + batch.duplicates
    assert totals["chat-miner_single_export.json"] >= 1
    assert totals["chat-analytics_DM_2A_7M.json"] >= 1
    # The sanitised real export mixes text lists with links: flattened, not "[...]".
    assert not Post.objects.filter(group=group, text__startswith="[").exists()


def test_spam_samples_import_as_pasted_lines(group, run_import, shared_fixtures, tmp_path):
    lines = (
        (shared_fixtures / "spam" / "tg-spam_spam-samples.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    paste = tmp_path / "spam.txt"
    paste.write_text("\n---\n".join(line for line in lines[:50] if line.strip()), encoding="utf-8")
    batch = run_import(paste)
    assert batch.imported + batch.duplicates + batch.rejected == len(
        [line for line in lines[:50] if line.strip()]
    )


def test_column_mapping_chosen_by_the_admin_is_used(group, run_import, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("col_a,col_b\nAuthor Name,The actual post text\n", encoding="utf-8")
    refused = run_import(path)
    assert refused.status == "refused"
    assert "No text column" in refused.error
    batch = run_import(path, options={"mapping": {"text": 1, "author": 0}})
    assert batch.imported == 1
    assert Post.objects.get(group=group).author == "Author Name"
