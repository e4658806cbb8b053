"""Exactly once: new posts a killed worker left unscored or unclustered are queued again by the
intake sweep and finished, and nothing is scored or clustered twice."""

from __future__ import annotations

from datetime import timedelta

import django_rq
import pytest
from django.utils import timezone
from rq import SimpleWorker

from tests.factories import make_post
from tests.triage.test_clustering import COPIES, UNRELATED
from triage.clusters import services as clustering
from triage.importers.services import intake_resume_stale, posts_hand_on
from triage.models import Cluster, ClusterBand, Post, UnclusteredPost

pytestmark = pytest.mark.django_db


def _drain(redis_conn):
    queues = [django_rq.get_queue(name) for name in ("default", "intake")]
    SimpleWorker(queues, connection=redis_conn).work(burst=True)


def _age(posts, minutes=5):
    """As if imported minutes ago: the posts, and the sweep's list, which the import wrote with
    the post's time."""
    long_ago = timezone.now() - timedelta(minutes=minutes)
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(imported_at=long_ago)
    UnclusteredPost.objects.filter(post_id__in=[p.pk for p in posts]).update(imported_at=long_ago)


def test_new_posts_are_scored_and_clustered_on_the_intake_queue(
    group, base_model, redis_conn, django_capture_on_commit_callbacks
):
    posts = [make_post(group, text) for text in COPIES + UNRELATED]
    with django_capture_on_commit_callbacks(execute=True):
        posts_hand_on(group_id=group.pk, post_ids=[p.pk for p in posts])
    assert django_rq.get_queue("intake").count == 2
    assert django_rq.get_queue("default").count == 0
    _drain(redis_conn)
    assert not Post.objects.filter(scored_at__isnull=True).exists()
    assert not Post.objects.filter(signature__isnull=True).exists()
    assert Cluster.objects.get().size == len(COPIES)


def test_a_clustering_chunk_that_died_midway_leaves_nothing_half_done_and_the_sweep_finishes_it(
    group, base_model, redis_conn, monkeypatch
):
    posts = [make_post(group, text) for text in COPIES + UNRELATED]
    ids = [p.pk for p in posts]

    def killed(*args, **kwargs):
        raise SystemExit("worker killed")  # what a SIGTERM'd job raises, after rows were sent

    # Dies after the posts' signatures and clusters were written, before the bands.
    monkeypatch.setattr(clustering, "int_rows_insert", killed)
    with pytest.raises(SystemExit):
        clustering.posts_cluster(group_id=group.pk, post_ids=ids)
    monkeypatch.undo()
    # The chunk was one transaction: nothing of it is left.
    assert Post.objects.filter(signature__isnull=True).count() == len(posts)
    assert UnclusteredPost.objects.count() == len(posts)
    assert not Cluster.objects.exists()
    assert not ClusterBand.objects.exists()

    _age(posts)
    queued = intake_resume_stale()
    assert queued == {"score": len(posts), "cluster": len(posts)}
    _drain(redis_conn)
    assert not Post.objects.filter(signature__isnull=True).exists()
    assert not Post.objects.filter(scored_at__isnull=True).exists()
    assert Cluster.objects.get().size == len(COPIES)
    # Each post's bands once: alone or a representative, 32 rows each.
    assert ClusterBand.objects.count() == clustering.BANDS * len(posts)
    assert intake_resume_stale() == {"score": 0, "cluster": 0}


def test_the_sweep_leaves_fresh_posts_to_their_own_jobs_and_never_queues_twice(
    group, base_model, redis_conn
):
    fresh = [make_post(group, text) for text in UNRELATED]
    assert intake_resume_stale() == {"score": 0, "cluster": 0}
    _age(fresh)
    assert intake_resume_stale() == {"score": len(fresh), "cluster": len(fresh)}
    # The first sweep's jobs have not run yet: a second sweep adds no copies of them.
    assert intake_resume_stale() == {"score": 0, "cluster": 0}
    assert django_rq.get_queue("intake").count == 2


def test_a_job_that_runs_after_the_sweep_did_its_work_scores_nothing_again(
    group, base_model, redis_conn, django_capture_on_commit_callbacks
):
    posts = [make_post(group, text) for text in COPIES]
    ids = [p.pk for p in posts]
    _age(posts)
    intake_resume_stale()
    _drain(redis_conn)
    scored = dict(Post.objects.values_list("pk", "scored_at"))
    # The import's own jobs, delayed behind the sweep's, find the work done.
    with django_capture_on_commit_callbacks(execute=True):
        posts_hand_on(group_id=group.pk, post_ids=ids)
    _drain(redis_conn)
    assert dict(Post.objects.values_list("pk", "scored_at")) == scored
    assert Cluster.objects.get().size == len(COPIES)
