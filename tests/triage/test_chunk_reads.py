"""The scoring and clustering jobs read their chunk of posts by primary key, whatever the group's
size and whatever the database knows of it.

Given the group too (``group_id = …``), or a condition a partial index states (``scored_at IS
NULL``, ``cluster_id IS NOT NULL``, ``signature IS NULL``), a planner without statistics of the
new rows (a new group, or any group during its first large import: PostgreSQL analyses a table
a minute after it grew, at the soonest) took the group's rows, or every unscored post, through
one of those indexes and kept the ids asked for: every chunk read every post imported before it.
SQLite read the group's batch index for the clustering's chunk however many rows it held.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from triage.clusters.services import posts_cluster
from triage.models import Post, PostSignature
from triage.scoring.services import posts_score

pytestmark = pytest.mark.django_db

POSTS = 3000
CHUNK = 100


def _posts(group, other_group) -> list[int]:
    """POSTS unscored, unclustered posts in the group, and a few in another group."""
    rows = [
        Post(
            group=group,
            source="csv",
            external_id=f"p-{n}",
            text=f"Допис номер {n}: зібрати гроші на дрон для бригади, подробиці в коментарях",
            text_sha256=f"{n:064x}",
        )
        for n in range(POSTS)
    ]
    rows += [
        Post(
            group=other_group, source="csv", external_id=f"o-{n}", text=f"Інший {n}", text_sha256=""
        )
        for n in range(5)
    ]
    Post.objects.bulk_create(rows, batch_size=1000)
    return list(Post.objects.filter(group=group).order_by("id").values_list("id", flat=True))


def _reads(queries: CaptureQueriesContext) -> list[str]:
    """The SELECTs of posts and of their signatures that the job made."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT")
        and ('FROM "triage_post"' in q["sql"] or 'FROM "triage_postsignature"' in q["sql"])
    ]


def _plans(sqls: list[str]) -> list[str]:
    prefix = (
        "EXPLAIN QUERY PLAN "
        if connection.vendor == "sqlite"
        else "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) "
    )
    plans = []
    with connection.cursor() as cursor:
        for sql in sqls:
            cursor.execute(prefix + sql)
            plans.append("\n".join(str(row[-1]) for row in cursor.fetchall()))
    return plans


def _assert_by_key(plans: list[str]) -> None:
    assert plans
    for plan in plans:
        if connection.vendor == "sqlite":
            assert "post_group_batch" not in plan, plan
            assert "post_unscored" not in plan, plan
            assert "SCAN triage_post" not in plan, plan
            assert "PRIMARY KEY" in plan or "sqlite_autoindex_triage_postsignature" in plan, plan
        else:
            # Each id is looked up in the primary key; nothing read is thrown away.
            assert "_pkey" in plan, plan
            assert "Seq Scan" not in plan, plan
            assert "Rows Removed by Filter" not in plan, plan


def _analyse(analysed: bool) -> None:
    if analysed and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE triage_post")
            cursor.execute("ANALYZE triage_postsignature")


@pytest.mark.parametrize("analysed", [False, True])
def test_the_clustering_job_reads_its_chunk_by_key(group, other_group, analysed):
    ids = _posts(group, other_group)
    posts_cluster(group_id=group.pk, post_ids=ids[: POSTS // 2])  # half clustered already
    _analyse(analysed)
    chunk = ids[POSTS // 2 - CHUNK // 2 : POSTS // 2 + CHUNK // 2]  # half done, half new
    foreign = list(Post.objects.filter(group=other_group).values_list("id", flat=True))
    with CaptureQueriesContext(connection) as queries:
        done = posts_cluster(group_id=group.pk, post_ids=[*chunk, *foreign])
    # The new half only: neither the half done before nor the other group's posts.
    assert done == CHUNK // 2
    assert PostSignature.objects.filter(post__group=group).count() == POSTS // 2 + CHUNK // 2
    assert not PostSignature.objects.filter(post__group=other_group).exists()
    # The chunk's posts, and which of them are signed (not the reads of the clusters they join).
    reads = [
        sql
        for sql in _reads(queries)
        if '"triage_post"."text"' in sql
        or ('FROM "triage_postsignature"' in sql and '"minhash"' not in sql)
    ]
    assert len(reads) == 2, reads
    _assert_by_key(_plans(reads))


@pytest.mark.parametrize("analysed", [False, True])
def test_the_scoring_job_reads_its_chunk_by_key(group, other_group, analysed, base_model):
    ids = _posts(group, other_group)
    posts_score(post_ids=ids[: POSTS // 2])
    _analyse(analysed)
    chunk = ids[POSTS // 2 - CHUNK // 2 : POSTS // 2 + CHUNK // 2]
    with CaptureQueriesContext(connection) as queries:
        done = posts_score(post_ids=chunk, unscored_only=True)
    assert done == CHUNK // 2  # the half scored before is skipped
    unscored = Post.objects.filter(group=group, scored_at__isnull=True)
    assert not unscored.filter(pk__lte=chunk[-1]).exists()
    assert unscored.count() == POSTS - POSTS // 2 - CHUNK // 2
    reads = [sql for sql in _reads(queries) if '"text"' in sql or '"cluster_id"' in sql]
    assert len(reads) == 2, reads  # the posts, and the clusters of those scored
    _assert_by_key(_plans(reads))
