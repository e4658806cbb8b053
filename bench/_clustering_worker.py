"""One measurement of clustering alone in a fresh process; prints one JSON line.

On a fresh database (DATABASE_URL): BASE posts of the pipeline benchmark's texts (5% of them
near-copies of a few dozen viral texts) are written and clustered, then, REPEATS times, NEW more
are written and clustered in jobs of 1,000 posts, as the intake queue's clustering jobs do; each
repeat is timed alone (only ``posts_cluster``: signatures, band lookups, merges, writes, heads,
campaigns and surges). The floor is a bare datasketch MinHash (num_perm=128, character 5-grams)
of the same NEW posts, as the pipeline benchmark's floor computes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.common import bare_minhash_seconds  # noqa: E402
from bench.pipeline import COPIES, VIRAL_TEXTS, Texts  # noqa: E402
from groups.services import group_create  # noqa: E402
from triage.clusters.services import posts_cluster  # noqa: E402
from triage.models import Cluster, Post  # noqa: E402

BASE = int(os.environ.get("VARTA_BENCH_CLUSTER_BASE", "10000"))
NEW = int(os.environ.get("VARTA_BENCH_CLUSTER_NEW", "10000"))
REPEATS = int(os.environ.get("VARTA_BENCH_CLUSTER_REPEATS", "3"))
JOB = 1000


def main() -> None:
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create(username="bench")
    group = group_create(name="Bench", slug="bench", owner=user)
    gen = Texts(seed=11)
    viral = [gen.post(30, 70) for _ in range(VIRAL_TEXTS)]

    def write(count: int, tag: str) -> tuple[list[int], list[str]]:
        texts = [
            gen.near_copy(gen.rng.choice(viral)) if gen.rng.random() < COPIES else gen.post()
            for _ in range(count)
        ]
        Post.objects.bulk_create(
            [
                Post(
                    group=group,
                    source="csv",
                    external_id=f"{tag}-{i}",
                    text=text,
                    author="bench",
                    text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                )
                for i, text in enumerate(texts)
            ],
            batch_size=1000,
        )
        ids = Post.objects.filter(group=group, external_id__startswith=f"{tag}-")
        return list(ids.order_by("id").values_list("id", flat=True)), texts

    def cluster(ids: list[int]) -> float:
        started = time.perf_counter()
        for at in range(0, len(ids), JOB):
            posts_cluster(group_id=group.pk, post_ids=ids[at : at + JOB])
        return time.perf_counter() - started

    cluster(write(BASE, "base")[0])
    seconds, floors = [], []
    for repeat in range(REPEATS):
        ids, texts = write(NEW, f"new{repeat}")
        seconds.append(cluster(ids))
        floors.append(bare_minhash_seconds(texts))
    assert not Post.objects.filter(group=group, signature__isnull=True).exists()
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "posts": NEW,
                "base": BASE,
                "seconds": seconds,
                "floor_seconds": floors,
                "clusters": Cluster.objects.filter(group=group).count(),
            }
        )
    )


if __name__ == "__main__":
    main()
