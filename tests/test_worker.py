"""The worker Varta runs: jobs in the worker's own process, the model loaded once."""

from __future__ import annotations

import gc

import django_rq
import pytest
from django.db import connections
from django_rq.workers import get_worker_class

from tests.factories import make_post
from triage.importers.services import posts_hand_on
from triage.models import Post
from triage.scoring import services
from triage.worker import Worker

pytestmark = pytest.mark.django_db


def test_the_configured_worker_is_the_projects():
    assert get_worker_class() is Worker


def test_the_model_is_loaded_once_for_every_job_a_worker_runs(
    group, base_model, redis_conn, monkeypatch, django_capture_on_commit_callbacks
):
    loads: list[tuple] = []
    real_load = services.artifact_read

    def counted_load(*args, **kwargs):
        loads.append(args)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(services, "artifact_read", counted_load)
    for n in range(3):  # three import chunks: three scoring jobs
        post = make_post(group, f"Шукаємо волонтерів на склад, зміна {n}")
        with django_capture_on_commit_callbacks(execute=True):
            posts_hand_on(group_id=group.pk, post_ids=[post.pk])
    queue = django_rq.get_queue("intake")
    assert queue.count == 6
    Worker([queue], connection=redis_conn).work(burst=True)
    assert not Post.objects.filter(scored_at__isnull=True).exists()
    assert len(loads) == 1


def test_what_a_worker_starts_with_is_set_aside_from_the_garbage_collector(redis_conn):
    """It lives as long as the worker: a full collection need not walk it again."""
    held = [object()]  # alive when the worker starts, like its modules
    gc.unfreeze()
    assert any(o is held for o in gc.get_objects())
    Worker([django_rq.get_queue("intake")], connection=redis_conn).work(burst=True)
    assert gc.get_freeze_count() > 10_000
    assert not any(o is held for o in gc.get_objects())  # frozen objects are not listed
    gc.unfreeze()
    assert any(o is held for o in gc.get_objects())


@pytest.mark.django_db(transaction=True)
def test_a_job_leaves_no_broken_connection_behind(group, redis_conn, monkeypatch):
    closed = []
    monkeypatch.setattr(
        type(connections["default"]),
        "close_if_unusable_or_obsolete",
        lambda self: closed.append(self),
    )
    queue = django_rq.get_queue("intake")
    queue.enqueue("triage.jobs.cluster_posts_job", group.pk, [make_post(group).pk])
    Worker([queue], connection=redis_conn).work(burst=True)
    # Before and after the job, as Django does around a request.
    assert len(closed) >= 2


@pytest.mark.django_db(transaction=True)
def test_a_worker_keeps_its_database_connection_between_jobs(group, redis_conn):
    """Closing the last connection to a SQLite database in WAL mode copies the WAL back into
    it: a worker that closed its connection after every job paid that once a job (9.8 s of a
    50,000-post one-worker run's 108). CONN_MAX_AGE keeps it, on SQLite as on PostgreSQL."""
    from django.db.backends.signals import connection_created

    opened: list[object] = []

    def count(sender, connection, **kwargs):
        opened.append(connection)

    queue = django_rq.get_queue("intake")
    for n in range(4):
        queue.enqueue(
            "triage.jobs.cluster_posts_job", group.pk, [make_post(group, f"Допис {n}").pk]
        )
    connections["default"].close()
    connection_created.connect(count)
    try:
        Worker([queue], connection=redis_conn).work(burst=True)
    finally:
        connection_created.disconnect(count)
    assert queue.count == 0
    assert Post.objects.filter(signature__isnull=False).count() == 4  # the four jobs ran
    assert len(opened) == 1  # one connection for the four jobs, not one for each
