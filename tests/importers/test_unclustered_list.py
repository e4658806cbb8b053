"""An import lists its new posts for the intake sweep (UnclusteredPost) until they are clustered,
each with the post's own import time; a post imported again is not listed twice."""

from __future__ import annotations

import pytest

from triage.clusters.services import posts_cluster
from triage.models import Post, PostSignature, UnclusteredPost

pytestmark = pytest.mark.django_db


def _csv(tmp_path, rows):
    path = tmp_path / "posts.csv"
    lines = ["external_id,author,text"] + [f"{i},a{i},{text}" for i, text in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


TEXTS = [
    "Шукаємо Дмитра з 47 бригади, поширте будь ласка",
    "Продам велосипед майже новий самовивіз з Борщагівки",
    "Збираємо на дрон для розвідників, звіт буде в коментарях",
]


def test_an_imports_new_posts_are_listed_until_clustered(group, run_import, tmp_path):
    run_import(_csv(tmp_path, enumerate(TEXTS)))
    posts = list(Post.objects.filter(group=group).order_by("id"))
    assert len(posts) == len(TEXTS)
    listed = dict(UnclusteredPost.objects.values_list("post_id", "imported_at"))
    assert listed == {p.pk: p.imported_at for p in posts}
    assert not PostSignature.objects.exists()

    # The same rows again, and one new: only the new post is listed.
    run_import(_csv(tmp_path, enumerate([*TEXTS, "Загубився кіт, рудий з білою лапкою"])))
    assert Post.objects.filter(group=group).count() == len(TEXTS) + 1
    assert UnclusteredPost.objects.count() == len(TEXTS) + 1

    posts_cluster(
        group_id=group.pk, post_ids=list(UnclusteredPost.objects.values_list("pk", flat=True))
    )
    assert not UnclusteredPost.objects.exists()
    assert PostSignature.objects.count() == len(TEXTS) + 1
