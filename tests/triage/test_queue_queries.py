"""The queue costs the same number of queries however many posts, clusters and claims it shows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_post
from tests.triage.test_clustering import COPIES, cluster_all
from triage.queue.selectors import QueueFilters, queue_page

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


def test_keyset_pages_cover_every_post_once(group):
    ids = {make_post(group, score=(i % 7) / 7, report_count=i % 3 + 1).pk for i in range(57)}
    seen, cursor = [], ""
    for _ in range(10):
        page = queue_page(group_id=group.pk, filters=QueueFilters(), cursor=cursor, limit=10)
        seen += [p.pk for p in page.posts]
        cursor = page.next_cursor or ""
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 57
    assert set(seen) == ids


@pytest.mark.parametrize(
    "cursor", ["garbage", "eyJ4Ijog", "W10", "x" * 400, "WzEsIDIsICJub3QgYSBkYXRlIiwgM10"]
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
