"""A chunk finds the posts it repeats through the two unique indexes, whatever the group's size.

Each index is partial (posts with an external id; posts without one), and neither database
uses a partial index for a thousand ids unless the query states its condition: without it, every
chunk of an import read every post of the group (a seq scan on PostgreSQL once the table is
analysed, the group's batch index on SQLite), 70 ms a chunk at 50,000 posts.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from triage.importers.ingest import ingest_chunk
from triage.importers.rows import ParsedRow
from triage.models import ImportBatch, Post

pytestmark = pytest.mark.django_db


def _batch(group) -> ImportBatch:
    return ImportBatch.objects.create(group=group, format="csv", filename="x.csv")


def _rows(start: int, *, ids: bool, count: int = 5) -> list[ParsedRow]:
    return [
        ParsedRow(
            row_number=start + i,
            text=f"Допис номер {start + i}",
            external_id=f"ext-{start + i}" if ids else "",
            author=f"Автор {start + i}",
        )
        for i in range(count)
    ]


def _ingest(group, rows: list[ParsedRow]):
    with transaction.atomic():
        return ingest_chunk(batch=_batch(group), rows=rows, source="csv", count_reports=True)


def test_a_mixed_chunk_finds_its_repeats_of_both_kinds(group):
    """Rows with external ids and rows without, in one chunk: the stored posts of each kind
    are found as duplicates and get a report each; the new rows become posts."""
    _ingest(group, _rows(0, ids=True) + _rows(100, ids=False))
    again = _rows(3, ids=True, count=4) + _rows(103, ids=False, count=4)
    result = _ingest(group, again)
    assert (result.imported, result.duplicates) == (4, 4)
    counts = dict(Post.objects.filter(group=group).values_list("text", "report_count"))
    assert counts["Допис номер 3"] == counts["Допис номер 4"] == 2
    assert counts["Допис номер 103"] == counts["Допис номер 104"] == 2
    assert counts["Допис номер 5"] == counts["Допис номер 105"] == 1
    assert Post.objects.filter(group=group).count() == 14


def test_an_external_id_is_not_matched_in_another_source(group):
    _ingest(group, _rows(0, ids=True))
    with transaction.atomic():
        result = ingest_chunk(
            batch=_batch(group), rows=_rows(0, ids=True), source="jsonl", count_reports=True
        )
    assert (result.imported, result.duplicates) == (5, 0)


def test_the_lookups_read_the_unique_indexes_not_the_group(group):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan is the one read here; PostgreSQL's is chosen by statistics")
    _ingest(group, _rows(0, ids=True) + _rows(100, ids=False))
    with CaptureQueriesContext(connection) as queries:
        _ingest(group, _rows(3, ids=True) + _rows(103, ids=False))
    lookups = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and '"triage_post"."dedupe_key"' in q["sql"]
    ]
    assert len(lookups) == 2
    plans = []
    with connection.cursor() as cursor:
        for sql in lookups:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plans.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
    assert "USING INDEX post_unique_external_id" in plans[0]
    assert "USING INDEX post_unique_dedupe_key" in plans[1]
    assert not any("post_group_batch" in plan or "SCAN" in plan for plan in plans)


def test_a_telegram_report_finds_its_post_through_the_unique_index(group):
    """The bot looks up the reported message once per report."""
    from triage.platforms.intake import SOURCE, _existing

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan is the one read here; PostgreSQL's is chosen by statistics")
    with transaction.atomic():
        ingest_chunk(
            batch=_batch(group), rows=_rows(0, ids=True), source=SOURCE, count_reports=True
        )
    with CaptureQueriesContext(connection) as queries:
        found = _existing(group, ParsedRow(row_number=1, external_id="ext-2"))
    assert found is not None
    assert found.text == "Допис номер 2"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {queries.captured_queries[-1]['sql']}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "USING INDEX post_unique_external_id" in plan


def _comment(number: int, parent: str) -> ParsedRow:
    return ParsedRow(
        row_number=number,
        text=f"Коментар {number}",
        external_id=f"c-{number}",
        parent_external_id=parent,
        is_comment=True,
    )


def test_comments_find_their_posts_without_reading_the_group(group):
    """At the end of an import, and for each message the bot takes, the comments waiting for
    their post are found through the (group, parent id) index or by their own ids: the `<> ''`
    it asked for made both databases read every post of the group."""
    from triage.importers.ingest import link_parents

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan is the one read here; PostgreSQL's is chosen by statistics")
    early = _ingest(group, [_comment(1, "ext-7"), _comment(2, "ext-404")])  # before its post
    later = _ingest(group, [*_rows(5, ids=True), _comment(3, "ext-5")])
    with CaptureQueriesContext(connection) as queries:
        linked = link_parents(group_id=group.pk, post_ids=later.new_ids)
        linked += link_parents(group_id=group.pk)
    assert linked == 2  # the comment that came first, and the one that came with its post
    parents = dict(Post.objects.filter(is_comment=True).values_list("text", "parent__external_id"))
    assert parents == {"Коментар 1": "ext-7", "Коментар 2": None, "Коментар 3": "ext-5"}
    assert early.imported == 2
    lookups = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and '"parent_external_id"' in q["sql"]
    ]
    assert len(lookups) == 3
    with connection.cursor() as cursor:
        for sql in lookups:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "post_group_batch" not in plan, (sql, plan)
            assert "SCAN triage_post" not in plan, plan
