"""Small builders for test data (posts made directly, without an import)."""

from __future__ import annotations

import hashlib
import itertools

from triage.models import Post, PostSignature, UnclusteredPost

_seq = itertools.count(1)


def make_post(group, text: str = "", *, minhash: bytes | None = None, **fields) -> Post:
    """A post as an import leaves it: on the intake sweep's list until clustered. Given a
    ``minhash`` (b"" for text too short to compare), it is clustered already, with that
    signature."""
    n = next(_seq)
    text = text or f"Звичайний допис номер {n} про волонтерську допомогу"
    defaults = {
        "source": "paste",
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "dedupe_key": hashlib.sha256(f"{text}\x00{n}".encode()).hexdigest(),
    }
    defaults.update(fields)
    post = Post.objects.create(group=group, text=text, **defaults)
    if minhash is None:
        UnclusteredPost.objects.create(post=post, imported_at=post.imported_at)
    else:
        PostSignature.objects.create(post=post, minhash=minhash)
    return post
