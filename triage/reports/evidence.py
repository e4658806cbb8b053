"""Evidence packages: one cluster or one bulk operation as a ZIP with a manifest.

For reporting a campaign to the platform or to the authorities. It holds the
posts' text as imported (that is the evidence), so it is admin-only, needs a
stated reason, and is audited. The manifest lists every file's sha256, and every
post's text sha256 is the one recorded at import, so the package can be checked.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from typing import IO, Any

from django.utils import timezone

from groups.models import Group
from triage.models import Decision, DecisionAction, Post

MAX_POSTS = 20_000


def evidence_posts(*, group: Group, kind: str, object_id: int) -> list[Post]:
    if kind == "cluster":
        qs = Post.objects.filter(group=group, cluster_id=object_id)
    elif kind == "bulk":
        ids = Decision.objects.filter(group=group, bulk_id=object_id).values("post_id")
        qs = Post.objects.filter(group=group, pk__in=ids)
    else:
        raise ValueError(kind)
    return list(qs.order_by("imported_at", "id")[:MAX_POSTS])


def evidence_package(
    *, group: Group, kind: str, object_id: int, reason: str, actor: str
) -> IO[bytes]:
    posts = evidence_posts(group=group, kind=kind, object_id=object_id)
    decisions: dict[int, list[dict[str, Any]]] = {}
    for d in Decision.objects.filter(post__in=posts).order_by("created_at", "id"):
        decisions.setdefault(d.post_id, []).append(
            {
                "action": d.action,
                "by": d.actor_name,
                "at": d.created_at.isoformat(),
                "rule": d.rule_title,
                "score": d.score,
                "category": d.category,
                "model_version": d.model_version,
                "bulk": d.bulk_id,
            }
        )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - returned open, for the response to stream
    files: dict[str, str] = {}
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        rows = []
        for post in posts:
            record = {
                "post_id": post.pk,
                "source": post.source,
                "external_id": post.external_id,
                "permalink": post.permalink,
                "author": post.author,
                "posted_at": post.posted_at.isoformat() if post.posted_at else None,
                "reported_at": post.reported_at.isoformat() if post.reported_at else None,
                "imported_at": post.imported_at.isoformat(),
                "report_count": post.report_count,
                "text_sha256": post.text_sha256,
                "text_purged": post.purged_at is not None,
                "score": post.score,
                "category": post.category,
                "model_version": post.model_version,
                "status": post.status,
                "decisions": decisions.get(post.pk, []),
            }
            rows.append(record)
            if post.purged_at is None:
                name = f"posts/{post.pk}.txt"
                data = post.text.encode("utf-8")
                zf.writestr(name, data)
                files[name] = hashlib.sha256(data).hexdigest()
        posts_json = json.dumps(rows, ensure_ascii=False, indent=2).encode("utf-8")
        zf.writestr("posts.json", posts_json)
        files["posts.json"] = hashlib.sha256(posts_json).hexdigest()
        manifest = {
            "generator": "Varta",
            "group": group.slug,
            "kind": kind,
            "id": object_id,
            "created_at": timezone.now().isoformat(),
            "created_by": actor,
            "reason": reason,
            "posts": len(posts),
            # A package holds at most MAX_POSTS posts, the first imported; it says so.
            "limit": MAX_POSTS,
            "truncated": len(posts) == MAX_POSTS,
            "removed": sum(1 for p in posts if p.status == "removed"),
            "decisions_removing": sum(
                1
                for p in posts
                for d in decisions.get(p.pk, [])
                if d["action"] == DecisionAction.REMOVE
            ),
            "files": files,
            "note": (
                "Each posts/<id>.txt is the text as imported; "
                "its sha256 equals text_sha256 in posts.json."
            ),
        }
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    handle.seek(0)
    return handle
