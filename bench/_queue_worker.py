"""One database's queue figures; prints one JSON line. Run by bench/queue.py."""

from __future__ import annotations

import hashlib
import json
import os
import random
import statistics
import sys
import time

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import WORDS  # noqa: E402
from bench.pipeline import COPIES, Texts  # noqa: E402
from groups.models import Group, GroupRule, Membership, Role  # noqa: E402
from groups.services import group_create  # noqa: E402
from triage.bulk.services import bulk_create, bulk_preview, bulk_run, bulk_undo  # noqa: E402
from triage.clusters.services import posts_cluster  # noqa: E402
from triage.lib.masking import forget_spans  # noqa: E402
from triage.models import Cluster, Post  # noqa: E402
from triage.queue.selectors import queue_counts_forget  # noqa: E402
from triage.queue.services import DecisionInput  # noqa: E402

POSTS = int(os.environ.get("BENCH_QUEUE_POSTS", "1000000"))
BULK_REPEATS = max(1, int(os.environ.get("VARTA_BENCH_BULK_REPEATS", "3")))
CATEGORIES = [
    "pow_solicitation",
    "doxxing",
    "spam",
    "ordinary",
    "news_discussion",
    "counter_messaging",
]


def ensure_db() -> None:
    if connection.vendor == "postgresql":
        import psycopg

        name = connection.settings_dict["NAME"]
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                c.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def forget_copies(clusters: list[Cluster]) -> None:
    """Delete bulk runs' copies and their clusters; their decisions and platform actions go
    with them, their audit events stay (the log keeps everything). The databases are kept
    between runs: until 7 December each run left its removals' 10,000 copies per removal, and
    after 40 of them PostgreSQL's floor page, newest first, walked past 400,000 of them (138 ms
    against the queue page's 30)."""
    for cluster in clusters:
        with transaction.atomic():
            Post.objects.filter(cluster=cluster).delete()
            cluster.delete()


def populate(group: Group) -> None:
    # What earlier runs' bulk removals left (the copies' ids are "copy-<cluster>-<n>").
    forget_copies(
        list(
            Cluster.objects.filter(
                pk__in=Post.objects.filter(
                    group=group, source="api", external_id__startswith="copy-"
                ).values("cluster_id")
            )
        )
    )
    have = Post.objects.filter(group=group).count()
    rng = random.Random(7)
    now = timezone.now()
    batch = []
    for i in range(have, POSTS):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
        batch.append(
            Post(
                group=group,
                source="csv",
                external_id=f"bench-{i}",
                text=text,
                text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                report_count=rng.randint(1, 30),
                score=rng.random() if rng.random() > 0.05 else None,
                category=rng.choice(CATEGORIES),
                status="pending" if rng.random() > 0.3 else rng.choice(["removed", "kept"]),
                imported_at=now,
            )
        )
        if len(batch) == 20000:
            with transaction.atomic():
                Post.objects.bulk_create(batch)
            batch = []
    if batch:
        Post.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        # What autovacuum would have done since the last run (this machine's PostgreSQL runs
        # with it off): each run's bulk removal and undo leave 30,000 dead row versions and
        # stale statistics, and a database reused unvacuumed measured 83 s for the removal.
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as c:
            c.execute("ANALYZE")


def _bulk_once(group: Group, membership: Membership, rule: GroupRule) -> tuple[float, float, float]:
    """Remove a new 10,000-copy cluster in bulk, undo it, and time a bare UPDATE of the same
    rows: (removal, undo, floor) in seconds."""
    now = timezone.now()
    cluster = Cluster.objects.create(group=group, size=10000, first_seen=now, last_seen=now)
    text = "Хто впізнає? Поширте максимально! Пишіть у коментарях."
    copies = [
        Post(
            group=group,
            source="api",
            external_id=f"copy-{cluster.pk}-{i}",
            text=text,
            text_sha256=hashlib.sha256(text.encode()).hexdigest(),
            cluster=cluster,
            is_cluster_head=i == 0,
            score=0.97,
            category="pow_solicitation",
        )
        for i in range(10000)
    ]
    Post.objects.bulk_create(copies, batch_size=5000)
    criteria = {"kind": "cluster", "cluster": cluster.pk}
    t = time.perf_counter()
    preview = bulk_preview(membership=membership, criteria=criteria)
    op = bulk_create(
        membership=membership,
        criteria=criteria,
        data=DecisionInput("remove", rule_id=rule.pk),
        confirmed_count=preview.decidable,
    )
    op = bulk_run(op_id=op.pk)
    bulk_seconds = time.perf_counter() - t
    assert op.decided == 10000, op.decided
    t = time.perf_counter()
    assert bulk_undo(membership=membership, op_id=op.pk) == 10000
    undo_seconds = time.perf_counter() - t
    t = time.perf_counter()
    with transaction.atomic():
        Post.objects.filter(cluster=cluster).update(status="kept")
    floor_seconds = time.perf_counter() - t
    forget_copies([cluster])
    return bulk_seconds, undo_seconds, floor_seconds


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    ensure_db()
    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench")
    group = Group.objects.filter(slug="bench").first() or group_create(
        name="Bench", slug="bench", owner=user
    )
    Membership.objects.update_or_create(user=user, group=group, defaults={"role": Role.OWNER})
    # The pages are timed as a signed-in owner would see them; a new group asks its owners
    # for a second factor first (the redirect would be timed instead), so this one does not.
    Group.objects.filter(pk=group.pk).update(require_two_factor=False)
    populate(group)
    # Production settings serve hashed static files from the collected manifest, as a server does.
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.conf import settings

    # The floor goes through the same middleware: a minimal view on the same table.
    settings.ROOT_URLCONF = "bench._urls"
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client()
    client.force_login(user)
    url = f"/g/{group.slug}/queue/"
    floor_url = f"/bench-floor/{group.slug}/"
    for warm in (url, floor_url):  # warm up: templates, caches
        status = client.get(warm).status_code
        if status != 200:
            raise SystemExit(f"{warm} answered {status}, not the page")
    for _ in range(3):
        client.get(url)
        client.get(floor_url)
    queue = timed(lambda: client.get(url), 40)
    floor = timed(lambda: client.get(floor_url), 40)

    def first_view() -> None:
        forget_spans()  # as if no one had looked at these posts since the process started
        client.get(url)

    queue_unremembered = timed(first_view, 40)

    def after_a_decision() -> None:
        queue_counts_forget(group.pk)  # what each decision does: the counts are out of date
        client.get(url)

    # Moderators decide between looks: each look after a decision finds the counts out of
    # date (until 6 December that look counted the million rows again: 3 s on SQLite).
    queue_after_decision = timed(after_a_decision, 40)
    # Deep pages by keyset: follow "next" links.
    from triage.queue.selectors import QueueFilters, queue_page

    cursor = ""
    for _ in range(20):
        cursor = (
            queue_page(group_id=group.pk, filters=QueueFilters(), cursor=cursor).next_cursor or ""
        )
    nxt = timed(lambda: client.get(url, {"after": cursor}), 40)

    # Bulk removal of a 10,000-copy cluster, every decision and audit event written: a new
    # cluster each time, BULK_REPEATS times; the medians are reported (single runs of the
    # same code differed by a third on this machine).
    membership = Membership.objects.select_related("group", "user").get(user=user, group=group)
    rule = group.rules.first()
    assert rule is not None
    bulk_runs = [_bulk_once(group, membership, rule) for _ in range(BULK_REPEATS)]
    bulk_seconds, undo_seconds, bulk_floor = (
        statistics.median(run[at] for run in bulk_runs) for at in range(3)
    )

    # Clustering throughput: 3,000 new posts of the pipeline benchmark's texts (varied
    # vocabulary, 5% near-copies of a few viral texts), new ones each run. (Until 6 December
    # they were 30 of the 21 WORDS each: every such post looks like a copy of every other, so
    # each run's posts shared bands with all the earlier runs' and the figure fell run by run.)
    gen = Texts(seed=time.time_ns() % 2**32)
    viral = [gen.post(30, 70) for _ in range(5)]
    fresh = []
    for i in range(3000):
        base = gen.near_copy(gen.rng.choice(viral)) if gen.rng.random() < COPIES else gen.post()
        fresh.append(
            Post(
                group=group,
                source="api",
                external_id=f"cl-{time.time_ns()}-{i}",
                text=base,
                text_sha256=hashlib.sha256(base.encode()).hexdigest(),
            )
        )
    made = Post.objects.bulk_create(fresh)
    t = time.perf_counter()
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in made])
    cluster_rate = len(made) / (time.perf_counter() - t)

    print(
        json.dumps(
            {
                "posts": Post.objects.filter(group=group).count(),
                "queue_p50_ms": statistics.median(queue),
                "queue_p95_ms": p95(queue),
                "queue_first_view_p95_ms": p95(queue_unremembered),
                "queue_after_decision_p95_ms": p95(queue_after_decision),
                "next_p95_ms": p95(nxt),
                "floor_p50_ms": statistics.median(floor),
                "floor_p95_ms": p95(floor),
                "bulk_seconds": bulk_seconds,
                "bulk_floor_seconds": bulk_floor,
                "undo_seconds": undo_seconds,
                "bulk_runs": bulk_runs,
                "cluster_posts_per_s": cluster_rate,
            }
        )
    )


if __name__ == "__main__":
    main()
