"""A real worker killed in the middle of clustering and of scoring: what it committed is whole,
the intake sweep queues the rest, and every post ends up clustered and scored exactly once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import django_rq
import pytest
from django.db.models import Count
from django.utils import timezone

from tests.factories import make_post
from tests.platforms.test_worker_crash import database_url
from tests.triage.test_clustering import VIRAL
from triage.clusters.minhash import BANDS
from triage.clusters.services import CHUNK
from triage.importers.services import intake_resume_stale
from triage.lib.rq import enqueue
from triage.models import Cluster, ClusterBand, Post, PostSignature, UnclusteredPost

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
POSTS = 6 * CHUNK
WORDS = [
    "шукаємо",
    "волонтерів",
    "збір",
    "донори",
    "кров",
    "лікарня",
    "район",
    "кіт",
    "пес",
    "обмін",
    "новини",
    "село",
    "фонд",
    "звіт",
    "машина",
    "дрон",
    "бригада",
    "допомога",
    "продам",
    "куплю",
    "квартира",
    "ремонт",
    "дитина",
    "школа",
    "світло",
    "вода",
]


def worker(settings, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "MODEL_DIR": str(settings.MODEL_DIR)}
    return subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "intake", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _posts(group) -> list[int]:
    rng = random.Random(13)
    ids = []
    for i in range(POSTS):
        if i % 20 == 0:
            text = f"{VIRAL} {'🙏' * (i % 4)} копія {i}"
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(25)) + f" {i}"
        ids.append(make_post(group, text).pk)
    return ids


def _kill_when(proc: subprocess.Popen, done, at_least: int) -> int:
    deadline = time.time() + 120
    while time.time() < deadline and done() < at_least:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    return done()


def _sweep_and_finish(settings) -> None:
    long_ago = timezone.now() - timedelta(minutes=5)
    Post.objects.update(imported_at=long_ago)
    UnclusteredPost.objects.update(imported_at=long_ago)  # as the import wrote it
    django_rq.get_queue("intake").empty()  # only what the sweep queues
    intake_resume_stale()
    second = worker(settings, "--burst", "--worker-class", "rq.worker.SimpleWorker")
    second.wait(timeout=300)


def test_a_worker_killed_mid_clustering_leaves_whole_chunks_and_the_sweep_clusters_the_rest(
    group, base_model, redis_conn, settings
):
    ids = _posts(group)
    Post.objects.update(scored_at=timezone.now())  # this test is about clustering
    enqueue("cluster_posts_job", group.pk, ids, queue="intake")
    first = worker(settings, "--worker-class", "rq.worker.SimpleWorker")
    clustered = _kill_when(first, lambda: PostSignature.objects.count(), CHUNK)
    # A chunk is one transaction: the dead worker's work is whole chunks, and not all of it.
    assert 0 < clustered < POSTS
    assert clustered % CHUNK == 0, clustered

    _sweep_and_finish(settings)
    assert not Post.objects.filter(signature__isnull=True).exists()
    assert not UnclusteredPost.objects.exists()
    # Exactly once: no post's bands written twice, every cluster's size its copies, one head.
    # (Each post with bands has each of its bands once: one written twice would count twice.)
    per_post = ClusterBand.objects.values("post_id").annotate(
        n=Count("band"), d=Count("band", distinct=True)
    )
    assert per_post
    assert {(row["n"], row["d"]) for row in per_post} == {(BANDS, BANDS)}
    copies = Post.objects.filter(text__startswith=VIRAL)
    assert copies.values("cluster_id").distinct().count() == 1
    cluster = Cluster.objects.get(pk=copies.values_list("cluster_id", flat=True)[0])
    assert cluster.size == copies.count() == POSTS // 20
    for c in Cluster.objects.all():
        assert Post.objects.filter(cluster=c).count() == c.size
        assert Post.objects.filter(cluster=c, is_cluster_head=True).count() == 1


def test_a_worker_killed_mid_scoring_leaves_nothing_unscored_after_the_sweep(
    group, base_model, redis_conn, settings
):
    ids = _posts(group)
    # This test is about scoring: the posts count as clustered (too short to compare).
    PostSignature.objects.bulk_create(PostSignature(post_id=pk, minhash=b"") for pk in ids)
    UnclusteredPost.objects.all().delete()
    enqueue("score_posts_job", ids[: POSTS // 2], queue="intake")
    enqueue("score_posts_job", ids[POSTS // 2 :], queue="intake")
    first = worker(settings, "--worker-class", "rq.worker.SimpleWorker")
    scored = _kill_when(
        first, lambda: Post.objects.filter(scored_at__isnull=False).count(), POSTS // 2
    )
    assert 0 < scored < POSTS
    before = dict(Post.objects.filter(scored_at__isnull=False).values_list("pk", "scored_at"))

    _sweep_and_finish(settings)
    assert not Post.objects.filter(scored_at__isnull=True).exists()
    # What the dead worker scored was not scored again.
    after = dict(Post.objects.filter(pk__in=before).values_list("pk", "scored_at"))
    assert after == before
