"""An import from start to end: store the file, read it all once (refuse or count), write in chunks.

Nothing lost, nothing half-done:
- a file that cannot be read (broken JSON, unreadable bytes, no text column) is
  refused in the first pass, before anything is written;
- rows are then written in chunks, each in one transaction together with the
  batch's counters and ``rows_done``; a worker killed mid-import leaves a batch
  that resumes at ``rows_done``: no duplicates, no missing rows;
- the one place new posts are handed on (scoring, clustering) is ``posts_hand_on``.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone
from rq.exceptions import DuplicateJobError
from rq.timeouts import BaseTimeoutException

from groups.access import get_group_for_user_id
from groups.models import ApiToken, Group, Role
from triage.audit.services import audit_record
from triage.importers.formats.registry import (
    FORMATS,
    SOURCE,
    detect_format,
    iter_rows,
    row_marks,
)
from triage.importers.ingest import ChunkResult, ingest_chunk, link_parents
from triage.importers.rows import ImportRefused, ParsedRow
from triage.lib.masking import mask_plain
from triage.lib.rq import enqueue
from triage.models import ImportBatch, Post
from triage.models.lease import LostLease

logger = logging.getLogger(__name__)

CHUNK = 1000
TABLES = ("csv", "xlsx")  # formats whose columns a person maps before the import runs
Progress = Callable[[ImportBatch], None]


def _upload_dir() -> Path:
    path = Path(settings.IMPORT_UPLOAD_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_upload(chunks: Iterable[bytes]) -> tuple[Path, str, int]:
    """Write the upload under IMPORT_UPLOAD_DIR with a random name; refuse it if too large."""
    limit = settings.VARTA_MAX_UPLOAD_BYTES
    target = _upload_dir() / f"{secrets.token_hex(16)}.upload"
    digest = hashlib.sha256()
    size = 0
    with open(target, "wb") as out:
        for chunk in chunks:
            size += len(chunk)
            if size > limit:
                out.close()
                target.unlink(missing_ok=True)
                raise ImportRefused(
                    f"The file is larger than the limit of {limit // (1024 * 1024)} MB."
                )
            digest.update(chunk)
            out.write(chunk)
    if size == 0:
        target.unlink(missing_ok=True)
        raise ImportRefused("The file is empty.")
    return target, digest.hexdigest(), size


def batch_create(
    *,
    group: Group,
    user: Any,
    chunks: Iterable[bytes],
    filename: str,
    requested_format: str = "auto",
    options: dict[str, Any] | None = None,
) -> ImportBatch:
    """Record a new import of the given bytes. A refusal is recorded too, with its reason."""
    if requested_format not in ("auto", *FORMATS):
        raise ImportRefused(f"Unknown format {requested_format!r}.")
    try:
        path, sha, size = store_upload(chunks)
    except ImportRefused as exc:
        # Too large or empty: nothing was kept, but the attempt is on record.
        return _refused_upload(group, user, filename, requested_format, str(exc))
    batch = ImportBatch(
        group=group,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        requested_format=requested_format,
        filename=Path(filename or "").name[:300],
        stored_path=str(path),
        file_sha256=sha,
        file_size=size,
        options=options or {},
    )
    try:
        batch.format = (
            detect_format(path, filename) if requested_format == "auto" else requested_format
        )
    except ImportRefused as exc:
        batch.format = requested_format
        batch.status = ImportBatch.Status.REFUSED
        # A refusal may quote the file ("…call his mother +380…"): never its personal data,
        # here or in the audit event that keeps it for good.
        batch.error = mask_plain(str(exc))
        batch.stored_path = ""
        path.unlink(missing_ok=True)
    with transaction.atomic():
        batch.save()
        audit_record(
            group=group,
            actor=batch.created_by,
            action="import.start"
            if batch.status != ImportBatch.Status.REFUSED
            else "import.refused",
            obj=batch,
            object_type="import",
            payload={"format": batch.format, "size": size, "sha256": sha, "error": batch.error},
        )
    return batch


def batch_start(
    *,
    group: Group,
    user: Any,
    upload: UploadedFile | None = None,
    pasted: str = "",
    requested_format: str = "auto",
) -> ImportBatch:
    """A new import of an uploaded file or of pasted posts. Tables wait for their column
    mapping (batch_map_columns); anything else readable is queued at once."""
    chunks: Iterable[bytes]
    if upload is not None:
        chunks, filename = upload.chunks(), upload.name or "upload"
    else:
        chunks, filename, requested_format = [pasted.encode("utf-8")], "pasted.txt", "text"
    batch = batch_create(
        group=group,
        user=user,
        chunks=chunks,
        filename=filename,
        requested_format=requested_format,
    )
    if batch.status != ImportBatch.Status.REFUSED and batch.format not in TABLES:
        batch_enqueue(batch.pk)
    return batch


def batch_map_columns(*, batch: ImportBatch, mapping: dict[str, int], has_header: bool) -> None:
    """Which column is which, as the moderator chose it; then the import is queued."""
    batch.options = {**batch.options, "mapping": mapping, "has_header": has_header}
    batch.save(update_fields=["options"])
    batch_enqueue(batch.pk)


def _refused_upload(
    group: Group, user: Any, filename: str, requested_format: str, error: str
) -> ImportBatch:
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            group=group,
            created_by=user if getattr(user, "is_authenticated", False) else None,
            requested_format=requested_format,
            format=requested_format,
            filename=Path(filename or "").name[:300],
            status=ImportBatch.Status.REFUSED,
            error=mask_plain(error),
            finished_at=timezone.now(),
        )
        audit_record(
            group=group,
            actor=batch.created_by,
            action="import.refused",
            obj=batch,
            object_type="import",
            payload={"error": batch.error},
        )
    return batch


def _check_access(batch: ImportBatch) -> None:
    if batch.created_by_id is not None:
        get_group_for_user_id(batch.created_by_id, batch.group_id, min_role=Role.MODERATOR)
        return
    token_id = (batch.options or {}).get("api_token")
    if token_id is None:
        return  # the command line: whoever runs manage.py may
    if not ApiToken.objects.filter(
        pk=token_id, group_id=batch.group_id, revoked_at__isnull=True
    ).exists():
        raise PermissionDenied("the API token of this import was revoked")


def _finish(batch: ImportBatch, status: str, error: str = "", *, claimed: bool = False) -> None:
    """End the batch, delete its file, audit it. ``claimed``: only if this worker still holds
    the batch (a worker that lost it must not end it under the one that took over)."""
    path = Path(batch.stored_path) if batch.stored_path else None
    error = mask_plain(error)
    rows = batch.still_mine() if claimed else ImportBatch.objects.filter(pk=batch.pk)
    now = timezone.now()
    if not rows.update(status=status, error=error, finished_at=now, stored_path=""):
        return
    batch.status, batch.error, batch.finished_at, batch.stored_path = status, error, now, ""
    if path is not None:
        path.unlink(missing_ok=True)
    audit_record(
        group=batch.group,
        actor=batch.created_by,
        action="import.finish" if status == ImportBatch.Status.DONE else "import.refused",
        obj=batch,
        object_type="import",
        payload={
            "imported": batch.imported,
            "duplicates": batch.duplicates,
            "rejected": batch.rejected,
            "rows": batch.total_rows,
            "error": error,
        },
    )


def api_import(
    *, token: ApiToken, rows: list[ParsedRow], body: str
) -> tuple[ImportBatch, ChunkResult]:
    """One API request's posts: written, counted and audited in one transaction, then handed
    on like any import's."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            group=token.group,
            status=ImportBatch.Status.RUNNING,
            format="api",
            requested_format="api",
            filename=f"api:{token.name}"[:300],
            file_sha256=hashlib.sha256(body.encode()).hexdigest(),
            file_size=len(body),
            options={"api_token": token.pk},
            total_rows=len(rows),
        )
        result = ingest_chunk(batch=batch, rows=rows, source="api", count_reports=True)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.DONE,
            rows_done=len(rows),
            imported=result.imported,
            duplicates=result.duplicates,
            rejected=result.rejected,
            finished_at=timezone.now(),
        )
        link_parents(group_id=token.group_id, post_ids=result.new_ids)
        audit_record(
            group=token.group,
            actor=None,
            action="import.api",
            obj=batch,
            object_type="import",
            payload={
                "token": token.prefix,
                "imported": result.imported,
                "duplicates": result.duplicates,
                "rejected": result.rejected,
            },
        )
        posts_hand_on(group_id=token.group_id, post_ids=result.new_ids)
    return batch, result


def batch_refuse(batch: ImportBatch, error: str) -> None:
    """Refuse a batch that is still waiting (its columns cannot be read, say)."""
    _finish(batch, ImportBatch.Status.REFUSED, error)


def batch_run(*, batch_id: int, progress: Progress | None = None) -> ImportBatch:
    """Read and write the batch; safe to run again after a crash (it resumes)."""
    batch = ImportBatch.objects.select_related("group").get(pk=batch_id)
    if batch.is_finished:
        return batch
    try:
        _check_access(batch)
    except PermissionDenied:
        # Refused for good (and its file deleted), not left queued: whoever started it may no
        # longer import here, or its API token was revoked.
        _finish(
            batch, ImportBatch.Status.REFUSED, "who started this import may no longer import here"
        )
        raise
    path = Path(batch.stored_path)
    if not batch.stored_path or not path.is_file():
        _finish(batch, ImportBatch.Status.FAILED, "the uploaded file is gone; upload it again")
        return batch
    # Claim the batch: a second job for it (a duplicate, or a resume while the
    # first worker still lives) finds it claimed and leaves it alone.
    if not ImportBatch.claim(
        batch.pk,
        lease=_lease(),
        started_at=batch.started_at or timezone.now(),
        attempts=F("attempts") + 1,
    ):
        return batch
    batch.refresh_from_db()
    if batch.attempts > MAX_IMPORT_ATTEMPTS:
        # Its workers died each time before committing another chunk (a kill, out of memory):
        # the sweep would start it again every few minutes, for ever.
        _finish(
            batch,
            ImportBatch.Status.FAILED,
            f"The import stopped {MAX_IMPORT_ATTEMPTS} times without getting further (its "
            "worker was stopped, perhaps out of memory); it is not tried again. Split the "
            "file, or save it as CSV, and upload it again.",
            claimed=True,
        )
        return batch
    try:
        if batch.total_rows is None:
            total = _count_rows(path, batch)
            ImportBatch.objects.filter(pk=batch.pk).update(total_rows=total)
            batch.total_rows = total
        _write(batch, path, progress)
    except LostLease:
        return batch  # another worker took the batch over (this one was too slow): it goes on
    except ImportRefused as exc:
        _finish(batch, ImportBatch.Status.REFUSED, str(exc), claimed=True)
        return batch
    except (UnicodeError, RecursionError) as exc:
        # Parsers turn what they expect into ImportRefused; these are files broken in ways
        # nobody expects (a UTF-16 file cut mid-character, a line nested 100,000 deep).
        _finish(
            batch,
            ImportBatch.Status.REFUSED,
            f"The file could not be read ({type(exc).__name__}).",
            claimed=True,
        )
        return batch
    except (DatabaseError, BaseTimeoutException):
        raise  # the database or the job's time limit, not the file: the sweep resumes it
    except Exception as exc:
        # Anything else would leave the batch "running" and the sweep restarting it for ever.
        logger.exception("import batch %s failed", batch.pk)
        _finish(
            batch,
            ImportBatch.Status.FAILED,
            f"The import failed ({type(exc).__name__}).",
            claimed=True,
        )
        return batch
    batch.refresh_from_db()
    link_parents(group_id=batch.group_id)
    _finish(batch, ImportBatch.Status.DONE, claimed=True)
    return batch


MAX_IMPORT_ATTEMPTS = 3


def _lease() -> timedelta:
    return timedelta(seconds=settings.VARTA_IMPORT_LEASE_SECONDS)


def _count_rows(path: Path, batch: ImportBatch) -> int:
    """The first pass: read everything, keep nothing. A broken file is refused here."""
    total = 0
    limit = settings.VARTA_MAX_ROWS_PER_BATCH
    for _row in row_marks(path, batch.format, batch.options):
        total += 1
        if total % 5000 == 0:
            batch.beat()  # a long first pass must not look like a dead worker
        if total > limit:
            raise ImportRefused(
                f"The file has more than {limit:,} rows; split it into smaller files."
            )
    if total == 0:
        raise ImportRefused("The file holds no posts.")
    return total


def _write(batch: ImportBatch, path: Path, progress: Progress | None) -> None:
    source = SOURCE.get(batch.format, batch.format)
    if (batch.options or {}).get("api_token") is not None:
        source = "api"
    # The same file imported again into the same group finds its posts as
    # duplicates, but they are not new reports. Nor is a message found again in a newer
    # export of the same chat: exports hold messages, not reports.
    count_reports = batch.format not in ("telegram", "facebook") and (
        not ImportBatch.objects.filter(
            group_id=batch.group_id, file_sha256=batch.file_sha256, status=ImportBatch.Status.DONE
        )
        .exclude(pk=batch.pk)
        .exists()
    )
    skip = batch.rows_done
    chunk: list[ParsedRow] = []
    rows = iter_rows(path, batch.format, batch.options, images=True, skip=skip)
    for index, row in enumerate(rows):
        if index < skip:
            if index % 5000 == 4999:
                batch.beat()  # re-reading a long file must not look like a dead worker
            continue  # written before the crash
        chunk.append(row)
        if len(chunk) >= CHUNK:
            _commit_chunk(batch, chunk, source, count_reports, progress)
            chunk = []
    if chunk:
        _commit_chunk(batch, chunk, source, count_reports, progress)


def _commit_chunk(
    batch: ImportBatch,
    chunk: list[ParsedRow],
    source: str,
    count_reports: bool,
    progress: Progress | None,
) -> None:
    with transaction.atomic():
        result = ingest_chunk(batch=batch, rows=chunk, source=source, count_reports=count_reports)
        # LostLease rolls this chunk back: the worker that holds the batch writes it.
        batch.beat(
            attempts=0,  # it got further: a later crash starts the count again
            rows_done=F("rows_done") + len(chunk),
            imported=F("imported") + result.imported,
            duplicates=F("duplicates") + result.duplicates,
            rejected=F("rejected") + result.rejected,
        )
        posts_hand_on(group_id=batch.group_id, post_ids=result.new_ids)
    batch.refresh_from_db()
    if progress is not None:
        progress(batch)


def posts_hand_on(*, group_id: int, post_ids: list[int]) -> None:
    """The one place new posts are handed on: scoring, then clustering, on the "intake"
    queue (when the surrounding transaction commits)."""
    if post_ids:
        enqueue("score_posts_job", post_ids, queue="intake")
        enqueue("cluster_posts_job", group_id, post_ids, queue="intake")


# Posts one sweep job takes on for a group; the next sweep takes the rest.
SWEEP_LIMIT = 20_000


def intake_resume_stale() -> dict[str, int]:
    """Posts imported more than the grace period ago and still not scored or not clustered
    (their worker was killed mid-job, or Redis lost the job): queued again, one job per group
    and kind, never two at once (a backlogged queue is not flooded with copies). Both jobs
    skip what is done by then, so each post is scored and clustered once."""
    cutoff = timezone.now() - timedelta(seconds=settings.VARTA_INTAKE_GRACE_SECONDS)
    stale = Post.objects.filter(imported_at__lt=cutoff, purged_at__isnull=True)
    queued = {"score": 0, "cluster": 0}
    work = (
        ("score", "score_posts_job", stale.filter(scored_at__isnull=True).exclude(text="")),
        # Read from UnclusteredPost's short list, not from the posts.
        (
            "cluster",
            "cluster_posts_job",
            Post.objects.filter(unclustered__imported_at__lt=cutoff, purged_at__isnull=True),
        ),
    )
    for kind, job, posts in work:
        for group_id in posts.values_list("group_id", flat=True).distinct():
            ids = list(
                posts.filter(group_id=group_id)
                .order_by("id")
                .values_list("id", flat=True)[:SWEEP_LIMIT]
            )
            args = (ids,) if kind == "score" else (group_id, ids)
            try:
                enqueue(job, *args, queue="intake", job_id=f"intake-{kind}-{group_id}", unique=True)
            except DuplicateJobError:
                continue  # the last sweep's job for this group has not run yet
            queued[kind] += len(ids)
    return queued


def batch_enqueue(batch_id: int) -> None:
    """Queue the batch's import; one job id per batch, so queueing it again replaces it."""
    job_id = f"import-{batch_id}"
    ImportBatch.objects.filter(pk=batch_id).update(job_id=job_id)
    enqueue("import_batch_job", batch_id, job_id=job_id, timeout=6 * 3600)


def batch_resume_stale() -> list[int]:
    """Batches whose worker died (running, heartbeat stale), or whose job was lost before it
    started (queued, no job alive): queue them again. A batch that waits for its column
    mapping has no job yet and waits on."""
    abandoned = ImportBatch.abandoned(_lease(), resume_jobless=False)
    ids = list(
        ImportBatch.objects.filter(pk__in=abandoned)
        .exclude(stored_path="")
        .values_list("pk", flat=True)
    )
    for batch_id in ids:
        batch_enqueue(batch_id)
    return ids


def open_upload(handle: IO[bytes]) -> Iterable[bytes]:
    while chunk := handle.read(1 << 16):
        yield chunk
