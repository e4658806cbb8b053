"""The live queue: new posts for the page's filters, and rows decided or claimed meanwhile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_post
from triage.models import Post
from triage.queue.selectors import LIVE_NEW_CAP, QueueFilters, queue_live

pytestmark = pytest.mark.django_db


def live_url(group, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/g/{group.slug}/queue/live/?{query}"


def test_new_posts_are_counted_for_the_pages_filters_only(group, other_group, moderator):
    shown = make_post(group, score=0.5)
    make_post(group, score=0.9, category="spam")
    make_post(group, score=0.8, category="pow_solicitation")
    make_post(other_group, score=0.9)  # another group's: never counted
    decided = make_post(group, score=0.9, status="kept")
    assert decided.status == "kept"
    everything = queue_live(
        group_id=group.pk, filters=QueueFilters(), latest=shown.pk, row_ids=[], user_id=0
    )
    assert everything["new"] == 2
    spam = queue_live(
        group_id=group.pk,
        filters=QueueFilters(category="spam"),
        latest=shown.pk,
        row_ids=[],
        user_id=0,
    )
    assert spam["new"] == 1


def test_rows_decided_or_claimed_by_others_are_reported(group, moderator, admin_user):
    mine, theirs, claimed = (make_post(group, score=0.5) for _ in range(3))
    Post.objects.filter(pk=theirs.pk).update(status="removed")
    Post.objects.filter(pk=claimed.pk).update(
        claimed_by=admin_user, claimed_until=timezone.now() + timedelta(minutes=5)
    )
    live = queue_live(
        group_id=group.pk,
        filters=QueueFilters(),
        latest=claimed.pk,
        row_ids=[mine.pk, theirs.pk, claimed.pk],
        user_id=moderator.pk,
    )
    assert live["rows"][str(mine.pk)] == {"status": "pending", "claimed_by": None}
    assert live["rows"][str(theirs.pk)]["status"] == "removed"
    assert live["rows"][str(claimed.pk)]["claimed_by"] == admin_user.username
    # One's own claim is not news.
    own = queue_live(
        group_id=group.pk,
        filters=QueueFilters(),
        latest=claimed.pk,
        row_ids=[claimed.pk],
        user_id=admin_user.pk,
    )
    assert own["rows"][str(claimed.pk)]["claimed_by"] is None


def test_the_endpoint_speaks_words_and_refuses_nothing_it_cannot_read(
    group, other_group, moderator_client, viewer_client, outsider_client
):
    first = make_post(group, score=0.5)
    row = make_post(group, score=0.6)
    Post.objects.filter(pk=row.pk).update(status="kept")
    theirs = make_post(other_group, score=0.5)
    make_post(group, score=0.7)
    body = moderator_client.get(
        live_url(group, latest=row.pk, ids=f"{first.pk},{row.pk},{theirs.pk}")
    ).json()
    assert body["new"] == 1
    assert body["message"] == "1 new post"
    assert body["rows"][str(row.pk)]["note"] == "Decided meanwhile: kept"
    assert str(theirs.pk) not in body["rows"]  # another group's post says nothing
    assert body["counts"] == {"pending": 2, "kept": 1}  # this group's posts only
    assert viewer_client.get(live_url(group, latest=0)).status_code == 200
    assert outsider_client.get(live_url(group, latest=0)).status_code == 404
    for hostile in [
        {"latest": "abc", "ids": "1,2,x,,-3,99999999999999999999999"},
        {"latest": "-5", "ids": ",".join(["7"] * 5000)},
        {"latest": "1e400", "ids": "%00"},
        {"latest": str(2**70), "status": "nonsense", "sort": "x", "score_min": "NaN"},
    ]:
        response = moderator_client.get(live_url(group, **hostile))
        assert response.status_code == 200
        assert set(response.json()) >= {"new", "rows", "message"}


def test_the_count_stops_at_the_cap(group, moderator):
    first = make_post(group, score=0.5)
    Post.objects.bulk_create(
        [
            Post(
                group=group,
                text=f"Допис {i}",
                text_sha256=f"{i:064d}",
                dedupe_key=f"{i:064d}",
                source="paste",
            )
            for i in range(LIVE_NEW_CAP + 5)
        ]
    )
    live = queue_live(
        group_id=group.pk, filters=QueueFilters(), latest=first.pk, row_ids=[], user_id=0
    )
    assert live["new"] == LIVE_NEW_CAP
    assert live["more"] is True


def test_the_queue_page_starts_the_live_count_after_its_groups_newest_post(
    group, other_group, moderator_client
):
    """``data-latest`` is the group's newest post (read as MAX, which SQLite answers from the
    table's end), never another group's newer one; an empty queue starts at 0."""
    import re

    def latest() -> int:
        page = moderator_client.get(f"/g/{group.slug}/queue/").content.decode()
        found = re.search(r'data-latest="(\d+)"', page)
        assert found is not None
        return int(found.group(1))

    assert latest() == 0
    first = make_post(group, score=0.4)
    newest = make_post(group, score=0.1, status="kept")  # decided: not on the page, still newest
    make_post(other_group, score=0.9)
    assert newest.pk > first.pk
    assert latest() == newest.pk
