"""Hostile and malformed input: clear errors, nothing lost, nothing half-done."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.importers.conftest import DATA
from triage.models import AuditEvent, ImportBatch, Post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.json", b'[{"text": "one"}, {"text": "two"', "broken"),
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"   \n\n", "empty"),
        ("notext.csv", "Автор,Дата\nІван,2024-01-01\n".encode(), "No text column"),
        ("garbage.json", b"{\xff\xfe\x00 not json", "JSON"),
        ("fake.xlsx", b"PK\x03\x04 this is not a zip at all", "ZIP"),
        ("renamed.xlsx", b"text\nhello\n", "not an Excel workbook"),
        (
            "tg.json",
            json.dumps(
                {"name": "x", "type": "personal_chat", "id": 1, "messages": {"not": "a list"}}
            ).encode(),
            "no posts",
        ),
        ("list.json", b'"just a string"', "list of posts"),
    ],
)
def test_unreadable_files_are_refused_clearly_and_import_nothing(
    group, run_import, tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    batch = run_import(path)
    assert batch.status == "refused"
    assert message.lower() in batch.error.lower()
    assert not Post.objects.exists()
    assert AuditEvent.objects.filter(group=group, action="import.refused").exists()


def test_a_broken_json_at_the_end_imports_nothing_from_the_start(group, run_import, tmp_path):
    good = ",".join(json.dumps({"text": f"post {i}", "id": str(i)}) for i in range(2500))
    path = tmp_path / "cut.json"
    path.write_text("[" + good + ', {"text": "cut sh', encoding="utf-8")
    batch = run_import(path)
    assert batch.status == "refused"
    assert Post.objects.count() == 0


def test_html_rtl_nul_and_huge_posts(group, run_import, tmp_path, settings):
    settings.VARTA_MAX_POST_CHARS = 20_000
    rows = [
        {"text": "<script>alert('x')</script><img src=x onerror=alert(1)>", "id": "h1"},
        {"text": "\u202eevil reversed\u202c and zero\u200bwidth", "id": "h2"},
        {"text": "NUL\x00inside", "id": "h3"},
        {"text": "x" * 1_000_000, "id": "h4"},
        {"text": "=cmd|' /C calc'!A0", "id": "h5"},
        {"text": 12345, "id": "h6"},
        {"text": {"nested": "object"}, "id": "h7"},
        {"text": "ok", "id": "h8", "posted_at": "not a date", "permalink": "javascript:alert(1)"},
    ]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    batch = run_import(path)
    assert batch.status == "done"
    assert Post.objects.get(external_id="h1").text.startswith(
        "<script>"
    )  # stored as is, shown escaped
    assert Post.objects.get(external_id="h2").text.startswith("\u202e")
    assert Post.objects.get(external_id="h3").text == "NULinside"
    assert Post.objects.get(external_id="h6").text == "12345"
    errors = {e.row_number: e.reason for e in batch.row_errors.all()}
    assert "longer than 20,000 characters" in errors[4]
    assert "text: must be a string" in errors[7]
    assert "posted at" in errors[8]
    assert "http(s) URL" in errors[8]
    assert (batch.imported, batch.rejected) == (5, 3)


def test_wrong_column_types_in_csv_are_rejected_per_row(group, run_import, tmp_path):
    path = tmp_path / "types.csv"
    path.write_text(
        "text,report_count,posted_at,url\nfine,2,2026-01-01,https://x.org/1\nbad count,two,,\n"
        "bad date,1,31.02.2026,\nbad url,1,,ftp://x\nnegative,-5,,\n",
        encoding="utf-8",
    )
    batch = run_import(path)
    assert batch.imported == 1
    assert batch.rejected == 4
    assert sorted(batch.row_errors.values_list("row_number", flat=True)) == [3, 4, 5, 6]


def test_broken_encoding_is_refused(group, run_import, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("text\nпривіт\n".encode() + b"\x98\x98\xff\n")
    batch = run_import(path)
    assert batch.status == "refused"
    assert "UTF-8" in batch.error


def test_duplicate_rows_in_one_file_become_one_post(group, run_import, tmp_path):
    path = tmp_path / "dups.csv"
    path.write_text(
        "text,author\nsame text,Ann\nSAME   text,ann\nsame text,Bob\n", encoding="utf-8"
    )
    batch = run_import(path)
    assert (batch.imported, batch.duplicates) == (2, 1)
    assert Post.objects.get(author="Ann").report_count == 2


def test_upload_size_and_row_limits(group, run_import, tmp_path, settings):
    settings.VARTA_MAX_UPLOAD_BYTES = 100
    path = tmp_path / "big.csv"
    path.write_text("text\n" + "a post\n" * 50, encoding="utf-8")
    too_big = run_import(path)
    assert too_big.status == "refused"
    assert "larger than the limit" in too_big.error
    settings.VARTA_MAX_UPLOAD_BYTES = 10_000
    settings.VARTA_MAX_ROWS_PER_BATCH = 10
    batch = run_import(path)
    assert batch.status == "refused"
    assert "more than 10 rows" in batch.error
    assert not Post.objects.exists()


def test_import_posts_command(group, capsys):
    call_command(
        "import_posts",
        str(DATA / "posts_uk.csv"),
        str(DATA / "telegram_single.json"),
        "--group",
        group.slug,
    )
    out = capsys.readouterr().out.strip().splitlines()[-1]
    assert out == "imported=5 duplicates=1 rejected=0"


def test_import_posts_command_refuses_clearly(group, tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="1 of 2 files were refused"):
        call_command("import_posts", str(broken), str(DATA / "posts.json"), "--group", group.slug)
    captured = capsys.readouterr()
    assert "imported=2 duplicates=0 rejected=1" in captured.out
    assert "broken.json" in captured.err
    with pytest.raises(CommandError, match="No group"):
        call_command("import_posts", str(DATA / "posts.json"), "--group", "nope")
    with pytest.raises(CommandError, match="not a moderator"):
        call_command(
            "import_posts",
            str(DATA / "posts.json"),
            "--group",
            group.slug,
            "--user",
            "viktor_viewer",
        )
    with pytest.raises(CommandError):
        call_command("import_posts", str(tmp_path / "missing.csv"), "--group", group.slug)


def test_the_job_refuses_an_import_by_a_member_demoted_meanwhile(group, moderator, run_import):
    from django.core.exceptions import PermissionDenied

    from groups.models import Membership
    from triage.importers.services import batch_create, batch_run, open_upload

    with open(DATA / "posts_uk.csv", "rb") as handle:
        batch = batch_create(
            group=group, user=moderator, chunks=open_upload(handle), filename="x.csv"
        )
    Membership.objects.filter(user=moderator, group=group).update(role="viewer")
    with pytest.raises(PermissionDenied):
        batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.imported == 0
    assert batch.status == "refused"  # not left queued for ever
    assert batch.stored_path == ""  # and the uploaded file is gone


def _telegram_account(chats, contacts=0):
    return {
        "about": "Here is the data you requested.",
        "contacts": {
            "list": [
                {"first_name": f"Контакт {i}", "phone_number": "+380"} for i in range(contacts)
            ]
        },
        "chats": {"list": chats},
    }


def _chat(messages, **fields):
    return {**fields, "messages": messages}


def _message(mid, text):
    return {"id": mid, "type": "message", "date": "2026-11-20T10:00:00", "from": "A", "text": text}


def test_a_chat_without_an_id_takes_nothing_from_the_chat_before(group, run_import, tmp_path):
    """In a full-account export, "Saved messages" has no id: its messages must not become
    copies (and false reports) of the previous chat's, nor carry its id to the bot."""
    data = _telegram_account(
        [
            _chat(
                [_message(1, "Шукаю брата, пишіть"), _message(2, "Хто бачив?")],
                name="Група",
                type="public_supergroup",
                id=1234567890,
            ),
            _chat(
                [_message(1, "моя нотатка"), _message(2, "ще нотатка")],
                name="Saved",
                type="saved_messages",
            ),
            _chat([_message(7, "третій чат")], name="Канал", type="public_channel", id=555),
        ]
    )
    path = tmp_path / "result.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    batch = run_import(path)
    assert (batch.format, batch.imported, batch.duplicates) == ("telegram", 5, 0)
    posts = {p.text: p for p in Post.objects.filter(group=group)}
    assert posts["моя нотатка"].external_id == "1"
    assert not posts["моя нотатка"].external_id.startswith("1234567890:")
    assert posts["третій чат"].external_id == "555:7"
    assert posts["третій чат"].permalink == "https://t.me/c/555/7"  # its type was kept
    assert all(p.report_count == 1 for p in posts.values())


def test_a_full_export_with_many_contacts_first_is_still_telegram(group, run_import, tmp_path):
    data = _telegram_account(
        [_chat([_message(1, "Шукаю брата")], name="Група", type="public_supergroup", id=42)],
        contacts=2000,  # ~90 KB before "chats"
    )
    path = tmp_path / "result.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert path.stat().st_size > 65536
    batch = run_import(path)
    assert (batch.format, batch.status, batch.imported) == ("telegram", "done", 1)


@pytest.mark.parametrize("name", ["deep.json", "deep.jsonl"])
def test_json_nested_without_end_is_refused_not_a_crashed_worker(group, run_import, tmp_path, name):
    path = tmp_path / name
    path.write_text('{"text": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    batch = run_import(path)
    assert batch.status == "refused"
    assert batch.error
    assert not Post.objects.exists()


def test_a_utf16_file_cut_mid_character_is_refused_not_left_running(group, run_import, tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes("text\nШукаю брата\n".encode("utf-16") + b"\x00")
    batch = run_import(path)
    assert batch.status in ("refused", "done")
    assert batch.status != "running"
    assert ImportBatch.objects.filter(status="running").count() == 0


def test_an_xlsx_that_unpacks_to_gigabytes_is_refused(group, run_import, tmp_path):
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", "<sst>" + " " * (50 * 1024 * 1024) + "</sst>")
    assert path.stat().st_size < 1024 * 1024
    batch = run_import(path)
    assert batch.status == "refused"
    assert "packed suspiciously" in batch.error


def test_an_xlsx_declaring_a_million_by_16384_cells_is_read_quickly(group, run_import, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Текст"])
    sheet.append(["Шукаю брата"])
    sheet.cell(row=3000, column=16384, value="far away")
    path = tmp_path / "wide.xlsx"
    book.save(path)
    batch = run_import(path)
    assert (batch.status, batch.imported) == ("done", 1)


def test_a_batch_taken_over_by_another_worker_writes_nothing_more(group, moderator, tmp_path):
    from django.utils import timezone

    from triage.importers.services import batch_create, open_upload
    from triage.models.lease import LostLease

    path = tmp_path / "posts.csv"
    path.write_text("text\nодин\nдва\n", encoding="utf-8")
    with open(path, "rb") as handle:
        batch = batch_create(
            group=group, user=moderator, chunks=open_upload(handle), filename="p.csv"
        )
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat_at=timezone.now())
    batch.refresh_from_db()
    batch.beat()  # this worker's claim renews
    ImportBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now())  # another took it
    with pytest.raises(LostLease):
        batch.beat()


def test_utf8_with_one_broken_byte_is_refused_not_read_as_windows_1251(group, run_import, tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes("text\nПолонений з Харкова, хто знає\nЩе один допис\n".encode() + b"\xff")
    batch = run_import(path)
    assert batch.status == "refused"
    assert "UTF-8 text with a broken byte" in batch.error
    assert not Post.objects.exists()
    # Real Windows-1251 (what Excel writes in a Ukrainian locale) is still read.
    good = tmp_path / "cp1251.csv"
    good.write_bytes("text\nПолонений з Харкова, хто знає\n".encode("cp1251"))
    assert run_import(good).imported == 1
    assert Post.objects.get().text == "Полонений з Харкова, хто знає"


def test_a_newer_export_of_the_same_chat_adds_no_reports(group, run_import, tmp_path):
    first = _chat([_message(1, "Шукаю брата")], name="Група", type="public_supergroup", id=42)
    newer = _chat(
        [_message(1, "Шукаю брата"), _message(2, "Новий допис")],
        name="Група",
        type="public_supergroup",
        id=42,
    )
    for name, chat in (("a.json", first), ("b.json", newer)):
        path = tmp_path / name
        path.write_text(json.dumps(chat, ensure_ascii=False), encoding="utf-8")
        run_import(path)
    assert Post.objects.get(external_id="42:1").report_count == 1
    assert Post.objects.count() == 2


def test_links_hidden_behind_words_are_kept_beside_the_exact_text(group, run_import, tmp_path):
    message = _message(
        5, ["Деталі ", {"type": "text_link", "text": "тут", "href": "https://t.me/+x"}]
    )
    path = tmp_path / "chat.json"
    path.write_text(
        json.dumps(_chat([message], name="Г", type="public_supergroup", id=7), ensure_ascii=False),
        encoding="utf-8",
    )
    run_import(path)
    post = Post.objects.get()
    assert post.text == "Деталі тут"
    assert "link: https://t.me/+x" in post.media


@pytest.mark.parametrize(("value", "year"), [(45000, 2023), (1_700_000_000, 2023), (1.7e12, 2023)])
def test_numbers_in_date_columns(value, year):
    from triage.importers.fields import parse_when

    assert parse_when(value).year == year


@pytest.mark.parametrize(
    "value",
    # The last four are dates, but not of a post: unix seconds and milliseconds past 2100,
    # as numbers and as text.
    [45, 5_000_000, -3, 1e20, 9e10, 1e13, "99999999999", "4200000000.5"],
)
def test_numbers_that_are_no_date_are_refused(value):
    from triage.importers.fields import parse_when

    with pytest.raises(ValueError, match="not a date"):
        parse_when(value)


def test_a_job_that_runs_out_of_time_is_resumed_later_not_failed(
    group, moderator, tmp_path, monkeypatch
):
    from rq.timeouts import JobTimeoutException

    import triage.importers.services as pipeline

    path = tmp_path / "posts.csv"
    path.write_text("text\nодин\nдва\n", encoding="utf-8")
    with open(path, "rb") as handle:
        batch = pipeline.batch_create(
            group=group, user=moderator, chunks=pipeline.open_upload(handle), filename="p.csv"
        )

    def out_of_time(*args, **kwargs):
        raise JobTimeoutException("Task exceeded maximum timeout value")

    monkeypatch.setattr(pipeline, "_write", out_of_time)
    with pytest.raises(JobTimeoutException):
        pipeline.batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "running"  # the sweep resumes it
    assert batch.stored_path  # and its file is still there


def test_a_worker_that_lost_the_batch_does_not_end_it(group, moderator, tmp_path, monkeypatch):
    from django.utils import timezone

    import triage.importers.services as pipeline

    path = tmp_path / "posts.csv"
    path.write_text("text\nодин\n", encoding="utf-8")
    with open(path, "rb") as handle:
        batch = pipeline.batch_create(
            group=group, user=moderator, chunks=pipeline.open_upload(handle), filename="p.csv"
        )

    def taken_over_then_broken(b, *args, **kwargs):
        ImportBatch.objects.filter(pk=b.pk).update(heartbeat_at=timezone.now())  # another worker
        raise ValueError("something odd in this worker")

    monkeypatch.setattr(pipeline, "_write", taken_over_then_broken)
    pipeline.batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "running"  # the worker that holds it goes on
    assert batch.stored_path
