"""The import API for bots and scripts: POST one post or up to 1,000 to a group.

Authenticated by a per-group bearer token (groups.models.ApiToken). A missing or
unknown token is 401; a valid token of another group is 404, exactly like a
group that does not exist. Rate-limited per token.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, Throttled, ValidationError
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
    posts: list[PostIn] = Field(..., min_length=1, description="1 to 1,000 posts.")


class Outcome(Schema):
    index: int
    id: int | None = None
    reason: str | None = None


class ImportOut(Schema):
    batch: int
    created: list[Outcome]
    duplicates: list[Outcome]
    rejected: list[Outcome]


# What a value of the wrong type should have been, by pydantic's error type.
EXPECTED = {
    "string_type": gettext_lazy("text"),
    "int_type": gettext_lazy("a whole number"),
    "int_parsing": gettext_lazy("a whole number"),
    "int_from_float": gettext_lazy("a whole number"),
    "finite_number": gettext_lazy("a finite number"),
    "list_type": gettext_lazy("a list"),
    "dict_type": gettext_lazy("a JSON object"),
    "model_type": gettext_lazy("a JSON object"),
    "model_attributes_type": gettext_lazy("a JSON object"),
}
# The names a field path is made of; anything else in pydantic's location is its own.
FIELDS = frozenset({"posts"} | set(PostIn.model_fields))
MAX_PROBLEMS = 20


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A body that does not fit the schema, said as field paths and plain messages.

    pydantic's own errors name its internals (the union's branches as
    ``function-wrap[_run_root_validator()]``, type names, links to its docs); none of that
    reaches the client.
    """
    problems = _problems(exc.errors)
    shown = "; ".join(f"{field}: {message}" for field, message in problems[:3])
    if len(problems) > 3:
        shown += " " + _("(and %(n)d more)") % {"n": len(problems) - 3}
    return api.create_response(
        request,
        {
            "detail": _("The request is not valid: %(problems)s") % {"problems": shown},
            "errors": [
                {"field": field, "message": message} for field, message in problems[:MAX_PROBLEMS]
            ],
        },
        status=422,
    )


def _problems(errors: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    by_path: dict[tuple[str | int, ...], list[str]] = {}
    for error in errors:
        by_path.setdefault(_path(error.get("loc", ())), []).append(str(error.get("type", "")))
    # The body is one post or a batch, and pydantic tries both: keep the batch's errors when
    # the body has "posts" (any error under it but its absence), the single post's otherwise.
    batch = {path: kinds for path, kinds in by_path.items() if path[:1] == ("posts",)}
    sent_a_batch = any(path != ("posts",) or kinds != ["missing"] for path, kinds in batch.items())
    chosen = batch if sent_a_batch else {p: k for p, k in by_path.items() if p[:1] != ("posts",)}
    return [(_field(path), _message(path, kinds)) for path, kinds in chosen.items()]


def _path(loc: Iterable[Any]) -> tuple[str | int, ...]:
    """The field names and list indexes of a pydantic location: no "body", no parameter name,
    no union branch or validator names."""
    return tuple(p for p in loc if isinstance(p, int) or (isinstance(p, str) and p in FIELDS))


def _field(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else part
    return out or "body"


def _message(path: tuple[str | int, ...], kinds: list[str]) -> str:
    if not path:
        return _('Send one post as a JSON object, or a batch as {"posts": [...]}.')
    if "missing" in kinds:
        return _("This field is required.")
    if "too_short" in kinds:
        return _("Send at least one post.")
    expected = list(dict.fromkeys(str(EXPECTED[k]) for k in kinds if k in EXPECTED))
    if expected:
        return _("Must be %(expected)s.") % {"expected": _(" or ").join(expected)}
    return _("This value is not valid.")


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
    if len(items) > settings.VARTA_API_MAX_POSTS:  # none at all is refused by BatchIn, as 422
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
