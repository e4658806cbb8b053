"""The queue costs the same number of queries however many posts, clusters and claims it shows."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_post
from tests.triage.test_clustering import COPIES, cluster_all
from triage.queue.selectors import SORTS, QueueFilters, filtered_posts, queue_page

pytestmark = pytest.mark.django_db


def page_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queue_page_query_count_does_not_grow_with_rows(group, moderator_client, admin_user):
    url = f"/g/{group.slug}/queue/"
    make_post(group, score=0.5)
    moderator_client.get(url)  # the side panel's counts are cached from here on
    few = page_queries(moderator_client, url)
    for i in range(40):
        make_post(
            group,
            f"Допис {i} з телефоном 067 123 45 {i:02d}",
            score=i / 40,
            claimed_by=admin_user if i % 3 else None,
        )
    cluster_all(group, COPIES)
    many = page_queries(moderator_client, url)
    assert many == few


def test_queue_selector_is_one_query(group, django_assert_num_queries):
    for i in range(30):
        make_post(group, score=i / 30)
    with django_assert_num_queries(1):
        page = queue_page(group_id=group.pk, filters=QueueFilters(), limit=10)
        # Reading each row's cluster and claimer costs nothing more: they are joined.
        touched = [(p.cluster_id and p.cluster, p.claimed_by) for p in page.posts]
    assert len(touched) == 10
    assert page.next_cursor


def all_pages(group, sort=""):
    seen: list = []
    cursor = ""
    for _ in range(10):
        page = queue_page(
            group_id=group.pk, filters=QueueFilters(sort=sort), cursor=cursor, limit=10
        )
        seen += page.posts
        cursor = page.next_cursor or ""
        if not cursor:
            break
    return seen


@pytest.mark.parametrize("sort", ["", "reports", "newest", "oldest"])
def test_keyset_pages_cover_every_post_once_in_each_order(group, sort):
    moments = [timezone.now() - timedelta(minutes=i % 5) for i in range(57)]  # ties, on purpose
    ids = {
        make_post(
            group,
            score=None if i % 11 == 0 else (i % 7) / 7,
            report_count=i % 3 + 1,
            imported_at=moments[i],
        ).pk
        for i in range(57)
    }
    seen = all_pages(group, sort)
    assert len(seen) == len({p.pk for p in seen}) == 57
    assert {p.pk for p in seen} == ids
    key = {
        "": lambda p: (-p.rank, -p.report_count, p.imported_at, p.pk),
        "reports": lambda p: (-p.report_count, -p.rank, p.imported_at, p.pk),
        "newest": lambda p: (-p.imported_at.timestamp(), -p.pk),
        "oldest": lambda p: (p.imported_at, p.pk),
    }[sort]
    assert seen == sorted(seen, key=key)


def test_a_cursor_of_another_order_starts_from_the_top(group):
    for i in range(15):
        make_post(group, score=i / 15)
    by_score = queue_page(group_id=group.pk, filters=QueueFilters(), limit=10)
    newest = queue_page(
        group_id=group.pk, filters=QueueFilters(sort="newest"), cursor=by_score.next_cursor
    )
    assert len(newest.posts) == 15


def test_the_sort_is_chosen_in_the_queue_and_kept_in_its_links(group, moderator_client):
    for i in range(3):
        make_post(group, f"Допис {i}", score=i / 3, report_count=3 - i)
    page = moderator_client.get(f"/g/{group.slug}/queue/?sort=reports")
    assert page.context["filters"].sort == "reports"
    assert '<option value="reports" selected>' in page.content.decode()
    bad = moderator_client.get(f"/g/{group.slug}/queue/?sort=DROP%20TABLE")
    assert bad.status_code == 200
    assert bad.context["filters"].sort == ""
    assert "Unknown order" in bad.content.decode()


def forged(*values):
    raw = json.dumps(list(values)).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "eyJ4Ijog",
        "W10",
        "x" * 400,
        "WzEsIDIsICJub3QgYSBkYXRlIiwgM10",
        forged("", 0.5, 1, "not a date", 3),
        forged("", 0.5, 1, "2026-12-01T10:00:00+00:00"),  # a value short
        forged("", "0.5", 1, "2026-12-01T10:00:00+00:00", 3),  # a string for the rank
        forged("", 0.5, True, "2026-12-01T10:00:00+00:00", 3),
        forged("", 0.5, 1, "2026-12-01T10:00:00+00:00", 2**70),
        forged("", 0.5, 1, "2026-12-01T10:00:00+00:00", -1),
        forged("reports", 1, 0.5, "2026-12-01T10:00:00+00:00", 3),  # another order's
        forged("nonsense", 1),
        forged({"sort": ""}),
        forged(1e309),
    ],
)
def test_a_forged_cursor_starts_from_the_top(group, cursor):
    make_post(group, score=0.9)
    page = queue_page(group_id=group.pk, filters=QueueFilters(), cursor=cursor)
    assert len(page.posts) == 1


def test_an_escalated_copy_shows_in_the_escalated_queue_while_others_wait(group):
    from triage.clusters.heads import cluster_heads_refresh
    from triage.models import Post
    from triage.queue.selectors import filtered_posts

    copies = cluster_all(group, COPIES[:3])
    cluster_id = copies[0].cluster_id
    assert cluster_id is not None
    assert {p.cluster_id for p in copies} == {cluster_id}
    Post.objects.filter(pk=copies[0].pk).update(status="escalated")
    cluster_heads_refresh(cluster_ids=[cluster_id])
    escalated = filtered_posts(
        group_id=group.pk, filters=QueueFilters(status="escalated"), collapse=True
    )
    assert [p.pk for p in escalated] == [copies[0].pk]
    pending = filtered_posts(group_id=group.pk, filters=QueueFilters(), collapse=True)
    assert len(pending) == 1  # the two pending copies: one row


@pytest.mark.parametrize("sort", ["", "reports", "newest", "oldest"])
def test_every_order_is_read_from_an_index_not_sorted(group, sort):
    """A million pending posts sorted per page would cost seconds: each order has its index."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan is the one read here; PostgreSQL's is chosen by statistics")
    qs = filtered_posts(group_id=group.pk, filters=QueueFilters(sort=sort), collapse=True)
    plan = qs.order_by(*SORTS[sort])[:51].explain()
    assert "USING INDEX post_queue" in plan
    assert "TEMP B-TREE" not in plan
