"""One measurement of the campaign rule's latency in a fresh process; prints one JSON line.

Run by bench/campaigns.py on a fresh SQLite database (DATABASE_URL). A group holds
VARTA_BENCH_CAMPAIGN_GROUP unrelated posts (clustered) and one campaign whose five copies a
moderator removed. Then, REPEATS times, a chunk of CHUNK new posts is clustered as the worker's
clustering job does (``posts_cluster``): once with one more copy of the removed campaign in it
(queued first, or removed automatically), once without (the floor). Each run checks that the
copy was handled in that same pass. Prints the median seconds of each."""

from __future__ import annotations

import json
import os
import random
import statistics
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

from bench.pipeline import Texts  # noqa: E402
from groups.models import Group, Membership  # noqa: E402
from groups.services import group_create  # noqa: E402
from triage.clusters.services import posts_cluster  # noqa: E402
from triage.models import Post  # noqa: E402
from triage.queue.services import DecisionInput, post_decide  # noqa: E402

GROUP_N = int(os.environ.get("VARTA_BENCH_CAMPAIGN_GROUP", "10000"))
CHUNK = 500
REPEATS = 15
CAMPAIGN = (
    "Шукаємо хлопців з 93 бригади, які потрапили в полон під Бахмутом у березні. Хто впізнає "
    "на відео, пишіть у коментарях прізвища і звідки вони, поширте максимально, мами чекають!"
)


def posts(group: Group, texts: list[str]) -> list[int]:
    made = Post.objects.bulk_create(
        [
            Post(
                group=group,
                text=t,
                text_sha256=f"{random.getrandbits(256):064x}",
                dedupe_key=f"{random.getrandbits(256):064x}",
                source="paste",
            )
            for t in texts
        ]
    )
    return [p.pk for p in made]


def main() -> None:
    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create(username="bench")
    group = group_create(name="Bench", slug="bench", owner=user)
    membership = Membership.objects.select_related("group", "user").get(group=group, user=user)
    texts = Texts(7)
    for start in range(0, GROUP_N, 1000):
        ids = posts(group, [texts.post() for _ in range(min(1000, GROUP_N - start))])
        posts_cluster(group_id=group.pk, post_ids=ids)
    copies = posts(group, [CAMPAIGN + suffix for suffix in ["", " 🙏", " UPD", "!!", " ‼️"]])
    posts_cluster(group_id=group.pk, post_ids=copies)
    rule = group.rules.order_by("position", "id")[0]
    for pk in copies:
        post = Post.objects.get(pk=pk)
        post_decide(
            membership=membership,
            post_id=pk,
            expected_version=post.version,
            data=DecisionInput("remove", rule_id=rule.pk),
        )
    out: dict[str, list[float]] = {"floor": [], "queued": [], "removed": []}
    for repeat in range(REPEATS):
        for mode in ("floor", "queued", "removed"):
            Group.objects.filter(pk=group.pk).update(campaign_auto_remove=mode == "removed")
            batch = [texts.post() for _ in range(CHUNK - 1)]
            batch.append(texts.post() if mode == "floor" else f"Репост {repeat}: {CAMPAIGN}")
            ids = posts(group, batch)
            started = time.perf_counter()
            posts_cluster(group_id=group.pk, post_ids=ids)
            out[mode].append(time.perf_counter() - started)
            if mode != "floor":
                copy = Post.objects.get(pk=ids[-1])
                expected = ("pending", "copy") if mode == "queued" else ("removed", "auto")
                if (copy.status, copy.campaign) != expected:
                    raise SystemExit(f"the copy was not handled in the pass: {copy.campaign!r}")
    print(json.dumps({k: statistics.median(v) for k, v in out.items()} | {"chunk": CHUNK}))


if __name__ == "__main__":
    main()
