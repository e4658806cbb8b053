"""A CSV row of a million columns, or one giant cell, is refused before the csv module builds
it: in the column-mapping preview and in the import."""

from __future__ import annotations

import tracemalloc

import pytest

from triage.importers.formats.registry import preview_table
from triage.importers.formats.tabular import MAX_COLUMNS, csv_table
from triage.importers.rows import ImportRefused
from triage.models import ImportBatch


def wide(tmp_path, columns: int):
    path = tmp_path / "wide.csv"
    path.write_text("text," + "," * columns + "\nПродам дрова,x\n", encoding="utf-8")
    return path


def test_a_million_columns_are_refused_without_building_the_row(tmp_path):
    path = wide(tmp_path, 1_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused, match="more than 10,000 columns"):
            preview_table(path, "csv")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The csv module's list of a million strings alone would be over 60 MB; the line is 2 MB
    # of text (about 4 MB as a str, read once).
    assert peak < 12 * 1024 * 1024


def test_three_hundred_columns_are_read_as_the_first_hundred(tmp_path):
    path = tmp_path / "many.csv"
    header = ",".join(["text"] + [f"c{i}" for i in range(299)])
    path.write_text(header + "\nПродам дрова" + ",x" * 299 + "\n", encoding="utf-8")
    rows = list(csv_table(path))
    assert [len(r) for r in rows] == [MAX_COLUMNS, MAX_COLUMNS]
    assert rows[1][0] == "Продам дрова"
    assert len(preview_table(path, "csv")[0]) == MAX_COLUMNS


def test_a_five_megabyte_cell_is_refused_clearly(tmp_path):
    path = tmp_path / "big-cell.csv"
    path.write_text('text\n"' + "ж" * 5_000_000 + '"\n', encoding="utf-8")
    with pytest.raises(ImportRefused, match="longer than 2,000,000 characters"):
        list(csv_table(path))


def test_a_quoted_post_with_many_commas_is_still_one_cell(tmp_path):
    path = tmp_path / "commas.csv"
    post = "так, " * 2000  # 2,000 commas inside one quoted post
    path.write_text(f'text,author\n"{post}",Олена\n', encoding="utf-8")
    rows = list(csv_table(path))
    assert rows[1] == [post, "Олена"]


@pytest.mark.django_db
def test_the_import_of_such_a_file_is_refused_with_the_reason(group, run_import, tmp_path):
    batch = run_import(wide(tmp_path, 1_000_000))
    assert batch.status == ImportBatch.Status.REFUSED
    assert "more than 10,000 columns" in batch.error


def quoted_across_lines(tmp_path, lines: int):
    """The red team's file: every line has 9,999 delimiters (under the bound), but each ends
    inside quotes, so the csv module joins them all into one record of ~10,000 x lines
    columns."""
    path = tmp_path / "wide-lines.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write('text,"\n')
        for _ in range(lines):
            f.write('"' + "," * 9_999 + '"\n')
        f.write('"\nПродам дрова,x\n')
    return path


def test_a_million_columns_in_one_record_across_lines_are_refused_in_bounded_memory(tmp_path):
    path = quoted_across_lines(tmp_path, 100)  # 1 MB, 1,000,000 columns in one record
    tracemalloc.start()
    try:
        with pytest.raises(ImportRefused, match=r"lines 1-3 of the file has more than 10,000"):
            preview_table(path, "csv")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Before the bound counted records, the preview built all million cells: 8.6 MB traced
    # for this file, 203 MB for the same record at 25 MB. Now at most two lines' cells.
    assert peak < 4 * 1024 * 1024
    with pytest.raises(ImportRefused, match="more than 10,000 columns"):
        list(csv_table(path))


def test_a_record_longer_than_the_bound_across_lines_is_refused(tmp_path):
    path = tmp_path / "long-record.csv"
    line = "ж" * 100_000 + "\n"
    path.write_text('text\n"' + line * 25 + '"\n', encoding="utf-8")  # 2.5 M chars, 25 lines
    with pytest.raises(ImportRefused, match="lines 2-21 of the file is longer than 2,000,000"):
        list(csv_table(path))


def test_quoted_posts_over_many_lines_with_many_commas_are_still_one_cell_each(tmp_path):
    # Each post: 3 lines, 6,000 commas in all, inside quotes; 5 such posts are 30,000 commas
    # in the file, but each record is under the bound, and the count starts again per record.
    post = "\n".join(["так, " * 2000] * 3)
    path = tmp_path / "multi-line-commas.csv"
    path.write_text(
        "text,author\n" + "".join(f'"{post}",Олена {i}\n' for i in range(5)), encoding="utf-8"
    )
    rows = list(csv_table(path))
    assert rows[0] == ["text", "author"]
    assert rows[1:] == [[post, f"Олена {i}"] for i in range(5)]
    assert len(preview_table(path, "csv")) == 6
