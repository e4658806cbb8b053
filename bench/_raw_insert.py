"""The floor of an import: the CSV's rows written with a bare ``bulk_create``, 1,000 a
transaction. Shared by bench/_import_worker.py and bench/_pipeline_worker.py (after their
``django.setup()``)."""

from __future__ import annotations

import csv
import hashlib

from django.db import transaction

from groups.models import Group
from triage.models import Post


def raw_insert(group: Group, path: str) -> int:
    """Rows written."""
    rows = 0
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        batch: list[Post] = []
        for ext, text, author, _reports in reader:
            batch.append(
                Post(
                    group=group,
                    source="csv",
                    external_id=ext,
                    text=text,
                    author=author,
                    text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                )
            )
            if len(batch) == 1000:
                with transaction.atomic():
                    Post.objects.bulk_create(batch)
                rows += len(batch)
                batch = []
        if batch:
            Post.objects.bulk_create(batch)
            rows += len(batch)
    return rows
