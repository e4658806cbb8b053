"""The import API for bots and scripts: POST one post or up to 1,000 to a group.

Authenticated by a per-group bearer token (groups.models.ApiToken). A missing or
unknown token is 401; a valid token of another group is 404, exactly like a
group that does not exist. Rate-limited per token.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, Throttled
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle
from pydantic import Field

from groups.access import get_api_token
from groups.models import ApiToken
from triage.importers.formats.jsonfmt import row_from_object
from triage.importers.services import api_import


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = get_api_token(token)
        if found is not None:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found


class TokenRateThrottle(SimpleRateThrottle):
    """VARTA_API_RATE_LIMIT requests per API token (django-ninja's sliding window, kept in the
    shared cache so that every web process counts together). The rate is read per request, so
    a changed setting applies without a restart of the module."""

    scope = "api-token"

    def __init__(self) -> None:  # the rate is not fixed at import time
        pass

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.VARTA_API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        return None if token is None else f"throttle_{self.scope}_{token.pk}"


api = NinjaAPI(
    title="Varta import API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
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


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    # ninja adds Retry-After; the body says the limit in the setting's own words.
    limit = settings.VARTA_API_RATE_LIMIT
    return api.create_response(
        request, {"detail": f"Too many requests: at most {limit} for this token."}, status=429
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


@api.post(
    "/groups/{slug}/posts",
    response={200: ImportOut},
    summary="Import one post or a batch of posts",
)
def import_posts(request: HttpRequest, slug: str, payload: BatchIn | PostIn) -> ImportOut:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if token.group.slug != slug:
        raise HttpError(404, "Not found.")
    items = payload.posts if isinstance(payload, BatchIn) else [payload]
    if not 1 <= len(items) <= settings.VARTA_API_MAX_POSTS:
        raise HttpError(413, f"Send 1 to {settings.VARTA_API_MAX_POSTS} posts per request.")
    rows = [row_from_object(i, item.dict(exclude_none=True)) for i, item in enumerate(items)]
    body = json.dumps([item.dict() for item in items], default=str, sort_keys=True)
    batch, result = api_import(token=token, rows=rows, body=body)
    out = ImportOut(batch=batch.pk, created=[], duplicates=[], rejected=[])
    for index, (status, value) in sorted(result.outcomes.items()):
        if status == "created":
            out.created.append(Outcome(index=index, id=int(value)))
        elif status == "duplicate":
            out.duplicates.append(Outcome(index=index, id=int(value)))
        else:
            out.rejected.append(Outcome(index=index, reason=str(value)))
    return out
