"""Exports of a report and of the posts in its period: CSV, XLSX, JSON; redacted by default."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Q, QuerySet
from openpyxl import Workbook

from triage.lib.exports import csv_rows, json_lines, safe_cell
from triage.lib.masking import mask_plain, redact_name
from triage.models import Decision, DecisionAction, Post
from triage.reports.selectors import Report

FORMATS = ("csv", "xlsx", "json")
CHUNK = 1000
POST_HEADER = [
    "post_id",
    "imported_at",
    "source",
    "author",
    "text",
    "score",
    "category",
    "status",
    "decision",
    "moderator",
    "rule",
    "decided_at",
    "platform_state",
    "permalink",
    "text_sha256",
]


def posts_in_period(report: Report) -> QuerySet[Post]:
    """Posts imported or decided in the period."""
    period = report.period
    decided_ids = Decision.objects.filter(
        group=report.group, created_at__range=(period.start_dt, period.end_dt)
    ).values("post_id")
    return (
        Post.objects.filter(group=report.group)
        .filter(Q(imported_at__range=(period.start_dt, period.end_dt)) | Q(pk__in=decided_ids))
        .order_by("id")
    )


def _latest_decisions(post_ids: list[int]) -> dict[int, Decision]:
    latest: dict[int, Decision] = {}
    for d in (
        Decision.objects.filter(post_id__in=post_ids)
        .exclude(action=DecisionAction.REOPEN)
        .order_by("created_at", "id")
    ):
        latest[d.post_id] = d
    return latest


def post_rows(report: Report, *, redact: bool, links: bool) -> Iterator[list[Any]]:
    """One row per post, read in chunks with one decisions query per chunk."""
    qs = posts_in_period(report)
    last_id = 0
    while True:
        chunk = list(qs.filter(pk__gt=last_id).prefetch_related("platform_actions")[:CHUNK])
        if not chunk:
            return
        last_id = chunk[-1].pk
        decisions = _latest_decisions([p.pk for p in chunk])
        for post in chunk:
            last = decisions.get(post.pk)
            text, author = post.text, post.author
            if redact:
                text, author = mask_plain(text), redact_name(author)
            yield [
                post.pk,
                post.imported_at.isoformat(),
                post.source,
                author,
                text,
                post.score,
                post.category,
                post.status,
                last.action if last else "",
                last.actor_name if last else "",
                last.rule_title if last else "",
                post.decided_at.isoformat() if post.decided_at else "",
                platform_state(post),
                post.permalink if links else "",
                post.text_sha256,
            ]


def platform_state(post: Post) -> str:
    """Whether a removal was carried out on the platform: "kind:status; ..." per action."""
    return "; ".join(f"{a.kind}:{a.status}" for a in post.platform_actions.all())


def write_csv(report: Report, *, redact: bool, links: bool) -> Iterator[str]:
    yield from csv_rows(["field", "value"], ([k, v] for k, v in report.summary_rows()))
    yield "\n"
    yield from csv_rows(POST_HEADER, post_rows(report, redact=redact, links=links))


def write_json(report: Report, *, redact: bool, links: bool) -> Iterator[str]:
    summary = json.dumps(dict(report.summary_rows()), ensure_ascii=False, default=str)
    yield '{"summary": ' + summary + ', "posts": '
    yield from json_lines(
        dict(zip(POST_HEADER, row, strict=True))
        for row in post_rows(report, redact=redact, links=links)
    )
    yield "}\n"


def write_xlsx(report: Report, *, redact: bool, links: bool) -> IO[bytes]:
    """An XLSX in a temporary file (write-only mode: memory stays flat)."""
    book = Workbook(write_only=True)
    summary = book.create_sheet("summary")
    summary.append(["field", "value"])
    for key, value in report.summary_rows():
        summary.append([safe_cell(key), safe_cell(value)])
    posts = book.create_sheet("posts")
    posts.append(POST_HEADER)
    for row in post_rows(report, redact=redact, links=links):
        posts.append([safe_cell(v) for v in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - returned open, for the response to stream
    book.save(handle)
    handle.seek(0)
    return handle
