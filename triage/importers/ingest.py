"""Writing one chunk of parsed rows: validate, dedupe, insert, add reports. One transaction."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from triage.importers.rows import ParsedRow
from triage.lib.masking import mask_plain
from triage.models import ImportBatch, ImportRowError, Post, UnclusteredPost
from triage.models.writes import rows_insert, rows_update, values_insert

_SPACE = re.compile(r"\s+")


def normalise_for_dedupe(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def dedupe_key(text: str, author: str) -> str:
    raw = normalise_for_dedupe(text) + "\x00" + normalise_for_dedupe(author)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass
class ChunkResult:
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    new_ids: list[int] = field(default_factory=list)
    # Row number -> ("created" | "duplicate" | "rejected", post id or reason), for the API.
    outcomes: dict[int, tuple[str, int | str]] = field(default_factory=dict)


def _validate(row: ParsedRow) -> str:
    if row.error:
        return row.error
    if not row.text:
        return "no text"
    limit = settings.VARTA_MAX_POST_CHARS
    if len(row.text) > limit:
        return f"the post is longer than {limit:,} characters ({len(row.text):,})"
    return ""


def _merge_reasons(old: list[str], new: list[str]) -> list[str]:
    merged = list(old)
    for reason in new:
        if reason not in merged:
            merged.append(reason)
    return merged[:50]


def ingest_chunk(
    *, batch: ImportBatch, rows: list[ParsedRow], source: str, count_reports: bool
) -> ChunkResult:
    """Insert the chunk's new posts and add its repeats as reports; record rejected rows."""
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _ingest(batch, rows, source, count_reports)
        except IntegrityError:
            # Another import inserted one of these posts a moment ago: run the
            # chunk again, now seeing it as a duplicate.
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


@dataclass
class _New:
    """A post new in this chunk, before it is written: later rows of the chunk may add to its
    reports."""

    row: ParsedRow
    report_count: int
    report_reasons: list[str]
    pk: int | None = None


# What the import gives a new post; every other column takes its default.
_POST_FIELDS = (
    "group",
    "batch",
    "source",
    "external_id",
    "dedupe_key",
    "parent_external_id",
    "is_comment",
    "author",
    "author_external_id",
    "permalink",
    "text",
    "text_sha256",
    "forwarded_from",
    "media",
    "image_hashes",
    "posted_at",
    "reported_at",
    "imported_at",
    "report_count",
    "report_reasons",
)


_FOUND = ("id", "external_id", "dedupe_key", "report_count", "report_reasons")


def _existing(group_id: int, source: str, exts: set[str], dks: set[str]) -> Iterable[Post]:
    """The group's posts with these external ids (from this source) or dedupe keys, locked for
    the chunk's transaction: one query per unique index, each with the index's condition spelt
    out (neither database infers it from a thousand ids, nor uses either index for the two
    lookups joined by OR, and then they read every post of the group, for every chunk)."""
    posts = Post.objects.select_for_update().filter(group_id=group_id).only(*_FOUND)
    if exts:
        if connection.vendor == "postgresql":
            yield from _by_external_id_postgresql(group_id, source, sorted(exts))
        else:
            yield from posts.filter(source=source, external_id__in=exts).exclude(external_id="")
    if dks:
        yield from posts.filter(external_id="", dedupe_key__in=dks)


def _by_external_id_postgresql(group_id: int, source: str, keys: list[str]) -> Iterable[Post]:
    """On PostgreSQL each external id is its own look-up in the unique index (a LATERAL join
    over the ids). Given ``external_id IN (...)`` (or ``= ANY``), a planner without statistics
    of the group (a new group, or a table not analysed since the import began: a first
    import) took the group's rows through the index's first two columns and filtered them by
    the thousand ids, reading every post the import had written so far, for every chunk: an
    import quadratic in its size (50,000 rows: 26-45 ms a chunk by its end, against 5-8 ms
    looked up id by id). Sorted ids lock their rows in one order, as concurrent imports
    must."""
    table = Post._meta.db_table
    columns = ", ".join(_FOUND)
    # The table and columns are the model's own names; the values are parameters.
    sql = (
        f"SELECT {columns} FROM unnest(%s::text[]) AS k(key) CROSS JOIN LATERAL "  # noqa: S608
        f"(SELECT {columns} FROM {table} WHERE group_id = %s AND source = %s "
        "AND external_id = k.key AND external_id <> '' FOR UPDATE) AS p"
    )
    return Post.objects.raw(sql, [keys, group_id, source])


def _ingest(
    batch: ImportBatch, rows: list[ParsedRow], source: str, count_reports: bool
) -> ChunkResult:
    result = ChunkResult()
    errors: list[ImportRowError] = []
    valid: list[tuple[tuple[str, str], ParsedRow]] = []
    for row in rows:
        reason = _validate(row)
        if reason:
            reason = mask_plain(reason)
            errors.append(
                ImportRowError(batch=batch, row_number=row.row_number, reason=reason[:500])
            )
            result.outcomes[row.row_number] = ("rejected", reason[:500])
            continue
        key = (
            ("ext", row.external_id)
            if row.external_id
            else ("dk", dedupe_key(row.text, row.author))
        )
        valid.append((key, row))
    result.rejected = len(errors)
    ImportRowError.objects.bulk_create(errors, ignore_conflicts=True)

    exts = {k[1] for k, _ in valid if k[0] == "ext"}
    dks = {k[1] for k, _ in valid if k[0] == "dk"}
    existing: dict[tuple[str, str], Post] = {}
    for post in _existing(batch.group_id, source, exts, dks):
        key = ("ext", post.external_id) if post.external_id else ("dk", post.dedupe_key)
        existing[key] = post

    new: dict[tuple[str, str], _New] = {}
    touched: dict[int, Post] = {}
    duplicate_of: dict[int, tuple[str, str]] = {}
    for key, row in valid:
        found = existing.get(key) or new.get(key)
        if found is not None:
            result.duplicates += 1
            duplicate_of[row.row_number] = key
            if count_reports:
                found.report_count += 1
                found.report_reasons = _merge_reasons(found.report_reasons, row.report_reasons)
                if isinstance(found, Post):
                    touched[found.pk] = found
            continue
        new[key] = _New(row, max(1, row.report_count), row.report_reasons)
    imported_at = timezone.now()
    created = list(new.values())
    ids = values_insert(
        Post,
        _POST_FIELDS,
        [
            (
                batch.group_id,
                batch.pk,
                source,
                n.row.external_id,
                "" if n.row.external_id else key[1],
                n.row.parent_external_id,
                n.row.is_comment,
                n.row.author,
                n.row.author_external_id,
                n.row.permalink,
                n.row.text,
                hashlib.sha256(n.row.text.encode("utf-8")).hexdigest(),
                n.row.forwarded_from,
                n.row.media,
                n.row.image_hashes,
                n.row.posted_at,
                n.row.reported_at,
                imported_at,
                n.report_count,
                n.report_reasons,
            )
            for key, n in new.items()
        ],
    )
    for n, post_id in zip(created, ids, strict=True):
        n.pk = post_id
    result.imported = len(created)
    result.new_ids = ids
    # On the intake sweep's list until clustered (see UnclusteredPost).
    rows_insert(UnclusteredPost, ["post", "imported_at"], [(i, imported_at) for i in ids])
    first_row = {}
    for key, row in valid:
        if row.row_number not in duplicate_of and key in new:
            first_row[row.row_number] = new[key].pk or 0
    for number, post_id in first_row.items():
        result.outcomes[number] = ("created", post_id)
    for number, key in duplicate_of.items():
        original = existing.get(key) or new.get(key)
        result.outcomes[number] = ("duplicate", original.pk if original and original.pk else 0)
    if touched:
        Post.objects.bulk_update(
            list(touched.values()), ["report_count", "report_reasons"], batch_size=500
        )
    return result


def link_parents(*, group_id: int, post_ids: list[int] | None = None) -> int:
    """Point comments at their posts by external id, whichever arrived first."""
    # Comments still waiting for their post. `> ''` rather than `<> ''`: a range of the
    # (group, parent_external_id) index, where `<> ''` made both databases read every post of
    # the group, at the end of every import and for every message the bot took.
    waiting = Post.objects.filter(
        group_id=group_id, parent__isnull=True, parent_external_id__gt=""
    ).values_list("id", "parent_external_id", "source")
    if post_ids is None:
        pending = list(waiting)
    else:
        new_externals = list(
            Post.objects.filter(pk__in=post_ids)
            .exclude(external_id="")
            .values_list("external_id", flat=True)
        )
        # The new posts that are comments, and the comments that waited for a new post: two
        # queries, each through its own index (joined by OR, they read the group).
        # By their ids alone: asked for the group too, SQLite reads the group's posts instead.
        new_posts = Post.objects.filter(pk__in=post_ids).values_list(
            "id", "parent_external_id", "source", "group_id", "parent_id"
        )
        found = {
            pk: (pk, parent_external, source)
            for pk, parent_external, source, group, parent in new_posts
            if group == group_id and parent is None and parent_external
        }
        if new_externals:
            found |= {row[0]: row for row in waiting.filter(parent_external_id__in=new_externals)}
        pending = [found[pk] for pk in sorted(found)]
    linked = 0
    for start in range(0, len(pending), 1000):
        part = pending[start : start + 1000]
        parents = dict(
            Post.objects.filter(
                group_id=group_id, external_id__in={p for _, p, _ in part}
            ).values_list("external_id", "id")
        )
        links = [
            (comment_id, (parent_id,))
            for comment_id, parent_external_id, _source in part
            if (parent_id := parents.get(parent_external_id)) and parent_id != comment_id
        ]
        rows_update(Post, ["parent"], links)  # one statement, not one per comment
        linked += len(links)
    return linked
