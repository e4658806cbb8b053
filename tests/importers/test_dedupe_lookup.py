"""A chunk finds the posts it repeats through the two unique indexes, whatever the group's size.

Each index is partial (posts with an external id; posts without one), and neither database
uses a partial index for a thousand ids unless the query states its condition: without it, every
chunk of an import read every post of the group (a seq scan on PostgreSQL once the table is
analysed, the group's batch index on SQLite), 70 ms a chunk at 50,000 posts.
"""

from __future__ import annotations

import re

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


def _lookup_plans(group, rows: list[ParsedRow]) -> list[str]:
    """PostgreSQL's plans, as run (EXPLAIN ANALYZE), of the two lookups a chunk makes."""
    with CaptureQueriesContext(connection) as queries:
        _ingest(group, rows)
    lookups = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and "dedupe_key" in q["sql"] and "FOR UPDATE" in q["sql"]
    ]
    plans = []
    with connection.cursor() as cursor:
        for sql in lookups:
            cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def _flat(plan: str) -> str:
    return re.sub(r"[()]|::\w+", "", plan)


@pytest.mark.parametrize("analysed", [False, True])
def test_postgresql_looks_each_external_id_up_in_the_index(group, analysed):
    """Given ``external_id IN (...)``, PostgreSQL without statistics of the group (a new group,
    or a table not analysed since the import began: a first import) took the group's rows
    through the index's first columns and filtered them by the thousand ids, so each chunk read
    every post the import had written: quadratic in the import's size. Each id is now its own
    look-up in the unique index, before and after ANALYZE, and no row is read to be thrown
    away."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's lookups are the ones read here")
    for start in range(0, 3000, 1000):
        _ingest(group, _rows(start, ids=True, count=500) + _rows(start + 500, ids=False, count=500))
    if analysed:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE triage_post")
    again = _rows(2000, ids=True, count=300) + _rows(2700, ids=False, count=300)
    plans = _lookup_plans(group, [*again, *_rows(9000, ids=True, count=5)])
    assert len(plans) == 2, plans
    by_id, by_key = plans
    assert "CROSS JOIN LATERAL" not in by_id  # the plan, not the query
    assert "Index Scan using post_unique_external_id" in by_id, by_id
    assert "external_id = k.key" in _flat(by_id), by_id
    assert "Rows Removed by Filter" not in by_id, by_id
    assert "FOR UPDATE" not in by_key  # the plan, not the query
    assert "dedupe_key" in by_key  # the other lookup, by key
    assert counts_of(group) == {1: 2405, 2: 600}  # each of the 600 repeats got its report


def counts_of(group) -> dict[int, int]:
    counts: dict[int, int] = {}
    for count in Post.objects.filter(group=group).values_list("report_count", flat=True):
        counts[count] = counts.get(count, 0) + 1
    return counts


@pytest.mark.django_db(transaction=True)
def test_the_postgresql_lookup_locks_what_it_finds(group):
    """The repeats' rows are locked for the chunk's transaction (FOR UPDATE inside the LATERAL
    join), as the ORM's select_for_update locked them: another import adding a report to the
    same post waits for this one instead of losing one of the two reports."""
    import psycopg
    from django.conf import settings

    from triage.importers.ingest import _existing

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's lookups are the ones read here")
    _ingest(group, _rows(0, ids=True))
    db = settings.DATABASES["default"]
    other = psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db["HOST"],
        port=db["PORT"] or 5432,
    )
    try:
        with transaction.atomic():
            found = list(_existing(group.pk, "csv", {"ext-1", "ext-404"}, set()))
            assert [p.text for p in found] == ["Допис номер 1"]
            for external_id, locked in (("ext-1", True), ("ext-2", False)):
                try:
                    other.execute(
                        "SELECT id FROM triage_post WHERE external_id = %s FOR UPDATE NOWAIT",
                        [external_id],
                    )
                    taken = False
                except psycopg.errors.LockNotAvailable:
                    taken = True
                other.rollback()
                assert taken is locked, external_id
    finally:
        other.close()
