"""The floor of an import: the CSV's rows written in the cheapest way the database has, 1,000 a
transaction, through ``values_insert``, which the import itself uses: ``COPY`` on PostgreSQL
(since 6 December: with ``bulk_create`` the floor took 17.6 s for 50,000 rows, more than the
whole import), one ``executemany`` on SQLite (since a later session that day; before, a bare
``bulk_create``, which the import then beat), without a model instance per row (since 7
December, when the import stopped building them). Shared by bench/_import_worker.py and
bench/_pipeline_worker.py (after their ``django.setup()``)."""

from __future__ import annotations

import csv
import hashlib

from django.db import transaction

from groups.models import Group
from triage.models import Post
from triage.models.writes import values_insert

FIELDS = ("group", "source", "external_id", "text", "author", "text_sha256")


def raw_insert(group: Group, path: str) -> int:
    """Rows written."""
    rows = 0
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        batch: list[tuple[int, str, str, str, str, str]] = []
        for ext, text, author, _reports in reader:
            sha = hashlib.sha256(text.encode()).hexdigest()
            batch.append((group.pk, "csv", ext, text, author, sha))
            if len(batch) == 1000:
                with transaction.atomic():
                    values_insert(Post, FIELDS, batch)
                rows += len(batch)
                batch = []
        if batch:
            with transaction.atomic():
                values_insert(Post, FIELDS, batch)
            rows += len(batch)
    return rows
