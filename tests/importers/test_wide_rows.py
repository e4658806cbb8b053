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
