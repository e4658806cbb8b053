"""The queue's side-panel counts: counted again after each decision, and never making a reader
wait where counting is slow (a group of a million posts took 3 s on SQLite, 0.7 s on
PostgreSQL, on every first look after a decision)."""

from __future__ import annotations

import django_rq
import pytest
from rq import SimpleWorker

from tests.factories import make_post
from triage.queue import selectors
from triage.queue.selectors import queue_counts, queue_counts_forget

pytestmark = pytest.mark.django_db


def pending(group) -> int:
    return queue_counts(group_id=group.pk)["status"].get("pending", 0)


def test_a_small_group_is_counted_again_at_once_after_a_decision(group):
    make_post(group)
    assert pending(group) == 1
    make_post(group)
    assert pending(group) == 1  # kept for COUNTS_SECONDS
    queue_counts_forget(group.pk)  # as a decision does
    assert pending(group) == 2
    assert queue_counts(group_id=group.pk)["ms"] >= 0


def test_a_slow_group_shows_its_last_counts_while_one_job_counts_again(
    group, redis_conn, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(selectors, "COUNTS_INLINE_MS", -1)  # every count is "slow"
    queue = django_rq.get_queue("default")
    make_post(group, category="spam")
    assert pending(group) == 1  # nothing to show yet: counted there and then
    assert queue.count == 0

    make_post(group, category="spam")
    queue_counts_forget(group.pk)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):  # three readers, one job
            assert pending(group) == 1
    assert queue.count == 1
    assert queue.jobs[0].func_name == "triage.jobs.queue_counts_job"

    SimpleWorker([queue], connection=redis_conn).work(burst=True)
    counts = queue_counts(group_id=group.pk)
    assert counts["status"]["pending"] == 2
    assert counts["category"]["spam"] == 2
    assert queue.count == 0  # fresh again: nothing more to ask


def test_the_counts_are_counted_where_the_cache_is_unreachable(group, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get_many", lambda keys: {})
    make_post(group)
    assert pending(group) == 1
    make_post(group)
    assert pending(group) == 2


def test_the_group_overview_shows_the_same_kept_counts(group, moderator):
    from conftest import client_for

    make_post(group)
    client = client_for(moderator)
    html = client.get(f"/g/{group.slug}/overview/").content.decode()
    assert '<dd data-count="pending">1</dd>' in html
    make_post(group, status="removed")
    queue_counts_forget(group.pk)
    html = client.get(f"/g/{group.slug}/overview/").content.decode()
    assert '<dd data-count="removed">1</dd>' in html
    assert queue_counts(group_id=group.pk)["status"] == {"pending": 1, "removed": 1}


def test_the_platforms_backlog_is_kept_with_the_counts(group, moderator):
    from conftest import client_for
    from triage.models import PlatformAction

    post = make_post(group, status="removed")
    PlatformAction.objects.create(group=group, post=post, kind="manual_remove")
    assert queue_counts(group_id=group.pk)["platform"]["waiting"] == 1
    html = client_for(moderator).get(f"/g/{group.slug}/queue/").content.decode()
    assert 'data-platform-waiting="1"' in html
    PlatformAction.objects.filter(post=post).update(status="done")
    queue_counts_forget(group.pk)
    assert queue_counts(group_id=group.pk)["platform"]["waiting"] == 0


def test_counts_kept_by_older_code_are_not_read(group):
    from django.core.cache import cache

    make_post(group)
    cache.set(f"queue-counts:{group.pk}", {"status": {"pending": 99}, "category": {}}, 600)
    cache.set(f"queue-counts-fresh:{group.pk}", True, 600)
    counts = queue_counts(group_id=group.pk)
    assert counts["status"] == {"pending": 1}
    assert "platform" in counts
