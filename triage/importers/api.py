"""The import API for bots and scripts: POST one post or up to 1,000 to a group.

Authenticated by a per-group bearer token (groups.models.ApiToken). A missing or
unknown token is 401; a valid token of another group is 404, exactly like a
group that does not exist. Rate-limited per token.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer
from pydantic import Field

from groups.models import ApiToken
from triage.audit.services import audit_record
from triage.importers.formats.jsonfmt import row_from_object
from triage.importers.ingest import ingest_chunk, link_parents
from triage.importers.pipeline import posts_hand_on
from triage.importers.tokens import token_for
from triage.models import ImportBatch


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_for(token)
        if found is not None:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=time_now())
        return found


def time_now() -> Any:
    from django.utils import timezone

    return timezone.now()


api = NinjaAPI(
    title="Varta import API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    description=(
        "Send reported posts to a group's queue. Authenticate with the group's token: "
        "`Authorization: Bearer varta_...` (admins create tokens under Settings → API tokens)."
    ),
)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE; say so in the API's own terms."""
    megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return api.create_response(
        request,
        {"detail": f"The request is over {megabytes:g} MB: send fewer posts per request."},
        status=413,
    )


class PostIn(Schema):
    text: str = Field(..., description="The post's text (at most VARTA_MAX_POST_CHARS).")
    external_id: str | int | None = Field(None, description="The platform's id; dedupes reports.")
    author: str | None = None
    permalink: str | None = None
    posted_at: str | int | None = Field(None, description="ISO 8601 or a unix timestamp.")
    reported_at: str | int | None = None
    report_count: int | None = None
    report_reason: str | list[str] | None = None
    parent_id: str | int | None = Field(None, description="External id of the post it replies to.")


class BatchIn(Schema):
    posts: list[PostIn] = Field(..., description="1 to 1,000 posts.")


class Outcome(Schema):
    index: int
    id: int | None = None
    reason: str | None = None


class ImportOut(Schema):
    batch: int
    created: list[Outcome]
    duplicates: list[Outcome]
    rejected: list[Outcome]


_RATE = re.compile(r"^(\d+)/(s|m|h)$")


def _rate_limit(token: ApiToken) -> None:
    match = _RATE.match(settings.VARTA_API_RATE_LIMIT)
    if not match:
        return
    limit, unit = int(match.group(1)), match.group(2)
    window = {"s": 1, "m": 60, "h": 3600}[unit]
    slot = int(time.time() // window)
    key = f"api-rate:{token.pk}:{slot}"
    cache.add(key, 0, window + 5)
    if cache.incr(key) > limit:
        raise HttpError(429, f"Too many requests: at most {limit} per {unit} for this token.")


@api.post(
    "/groups/{slug}/posts",
    response={200: ImportOut},
    summary="Import one post or a batch of posts",
)
def import_posts(request: HttpRequest, slug: str, payload: BatchIn | PostIn) -> ImportOut:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if token.group.slug != slug:
        raise HttpError(404, "Not found.")
    _rate_limit(token)
    items = payload.posts if isinstance(payload, BatchIn) else [payload]
    if not 1 <= len(items) <= settings.VARTA_API_MAX_POSTS:
        raise HttpError(413, f"Send 1 to {settings.VARTA_API_MAX_POSTS} posts per request.")
    rows = [row_from_object(i, item.dict(exclude_none=True)) for i, item in enumerate(items)]
    body = json.dumps([item.dict() for item in items], default=str, sort_keys=True)
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
            finished_at=time_now(),
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
    out = ImportOut(batch=batch.pk, created=[], duplicates=[], rejected=[])
    for index, (status, value) in sorted(result.outcomes.items()):
        if status == "created":
            out.created.append(Outcome(index=index, id=int(value)))
        elif status == "duplicate":
            out.duplicates.append(Outcome(index=index, id=int(value)))
        else:
            out.rejected.append(Outcome(index=index, reason=str(value)))
    return out
