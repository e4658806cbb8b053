"""Small builders for test data (posts made directly, without an import)."""

from __future__ import annotations

import hashlib
import itertools

from triage.models import Post

_seq = itertools.count(1)


def make_post(group, text: str = "", **fields) -> Post:
    n = next(_seq)
    text = text or f"Звичайний допис номер {n} про волонтерську допомогу"
    defaults = {
        "source": "paste",
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "dedupe_key": hashlib.sha256(f"{text}\x00{n}".encode()).hexdigest(),
    }
    defaults.update(fields)
    return Post.objects.create(group=group, text=text, **defaults)
