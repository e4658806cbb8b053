"""The queue: one query that lists a group's posts in ranked order, with filters and keyset pages.

Order: score (unscored last), then report count, then age (oldest first), then
id. The index ``post_queue_order`` holds exactly this order per group, status and
cluster-head flag, so the first page and every next page are an index range scan
however many posts the group has. Pages are keyset ("after this row"), never
OFFSET: page 2,000 costs what page 1 costs.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from time import monotonic
from typing import Any

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from groups.models import Group, Membership
from groups.services import reply_render
from triage.clusters.heads import queue_rank_order
from triage.lib.masking import personal_spans
from triage.lib.rendering import reason_spans, render_text
from triage.lib.rq import enqueue
from triage.models import (
    Appeal,
    AuthorNote,
    Campaign,
    CampaignMatch,
    Cluster,
    Decision,
    ImportBatch,
    Post,
    PostStatus,
)
from triage.platforms.services import platform_summary
from triage.queue.services import decision_can_undo, redecidable_statuses, suggested_rule

PAGE_SIZE = 50
COUNTS_SECONDS = 15
# Counting slower than this is done by a job while the page shows the last counts.
COUNTS_INLINE_MS = 50
# How long the last counts are kept to be shown (counted again long before, when looked at).
COUNTS_KEPT_SECONDS = 24 * 3600


@dataclass
class QueueFilters:
    status: str = PostStatus.PENDING
    category: str = ""
    source: str = ""
    batch: int | None = None
    cluster: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    score_min: float | None = None
    score_max: float | None = None
    q: str = ""
    campaign: str = ""  # triage.models.Campaign
    sort: str = ""  # "" is the rank (see SORTS)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("errors")
        return {
            k: (v.isoformat() if isinstance(v, date) else v)
            for k, v in data.items()
            if v not in (None, "")
        }

    def as_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.as_dict().items()}

    @property
    def collapses(self) -> bool:
        # One row per cluster in the pending queue; every copy when looking at escalated or
        # decided posts, searching, or inside one cluster. (A cluster has one head, its best
        # pending copy: collapsing the escalated view to heads would hide escalated copies of
        # clusters that still have pending ones.)
        return self.status == PostStatus.PENDING and not (self.cluster or self.q)


def filtered_posts(*, group_id: int, filters: QueueFilters, collapse: bool) -> QuerySet[Post]:
    qs = Post.objects.filter(group_id=group_id)
    if filters.status != "all":
        qs = qs.filter(status=filters.status)
    if collapse and filters.collapses:
        # `__in=[True]`, not `=True`: on SQLite Django writes the latter as a bare
        # column test, which the planner cannot match to the queue index, and a
        # million-post queue is then sorted on every page.
        qs = qs.filter(is_cluster_head__in=[True])
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.batch:
        qs = qs.filter(batch_id=filters.batch)
    if filters.cluster:
        qs = qs.filter(cluster_id=filters.cluster)
    if filters.campaign:
        qs = qs.filter(campaign=filters.campaign)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        qs = qs.filter(imported_at__gte=datetime.combine(filters.date_from, time.min, tz))
    if filters.date_to:
        qs = qs.filter(imported_at__lte=datetime.combine(filters.date_to, time.max, tz))
    if filters.score_min is not None:
        qs = qs.filter(score__gte=filters.score_min)
    if filters.score_max is not None:
        qs = qs.filter(score__lte=filters.score_max)
    if filters.q:
        qs = qs.filter(_search(filters.q))
    return qs


_PHONE_LIKE = re.compile(r"\+?[\d\s().\-–—/]{6,40}")


def _search(q: str) -> Q:
    """Text or author containing the search. A phone number is found however it is written:
    "0671234567" finds "+380 67 123 45 67" and "067-123-45-67" (its digits with up to three
    other characters between them, the country code or trunk zero left off); a handle with or
    without its "@"."""
    found = Q(text__icontains=q) | Q(author__icontains=q)
    digits = re.sub(r"\D", "", q)
    if _PHONE_LIKE.fullmatch(q.strip()) and len(digits) >= 6:
        if digits.startswith("380") and len(digits) >= 12:
            digits = digits[3:]
        elif digits.startswith("0") and len(digits) == 10:
            digits = digits[1:]
        found |= Q(text__regex="[^0-9]{0,3}".join(digits))
    if q.startswith("@") and len(q) > 2:
        found |= Q(text__icontains=q[1:])
    return found


# The queue's orders, each served by an index of Post (Meta.indexes): the rank (score,
# unscored last, then reports, then age), the most reported, the newest and the oldest.
SORTS: dict[str, tuple[str, ...]] = {
    "": tuple(queue_rank_order()),
    "reports": ("-report_count", "-rank", "imported_at", "id"),
    "newest": ("-imported_at", "-id"),
    "oldest": ("imported_at", "id"),
}


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the order's values of its last post (a keyset, so a page costs the
    same at the millionth post as at the first)."""

    sort: str
    values: tuple[Any, ...]

    def encode(self) -> str:
        raw = json.dumps(
            [self.sort, *(v.isoformat() if isinstance(v, datetime) else v for v in self.values)]
        )
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, sort: str = "") -> Cursor | None:
        """None for anything that is not a cursor this module made for this order."""
        if not token or len(token) > 300:
            return None
        try:
            raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if not isinstance(raw, list) or not raw or raw[0] != sort or sort not in SORTS:
                return None
            fields = SORTS[sort]
            if len(raw) != len(fields) + 1:
                return None
            return cls(sort, tuple(_value(f, v) for f, v in zip(fields, raw[1:], strict=True)))
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, OverflowError):
            return None

    @classmethod
    def after(cls, post: Post, sort: str = "") -> Cursor:
        return cls(sort, tuple(getattr(post, f.lstrip("-")) for f in SORTS[sort]))


def _value(field_name: str, raw: Any) -> Any:
    """A cursor's value, checked for its field's type (ValueError otherwise)."""
    name = field_name.lstrip("-")
    if name == "imported_at":
        moment = parse_datetime(raw) if isinstance(raw, str) else None
        if moment is None:
            raise ValueError(raw)
        return moment
    if name == "rank":
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise ValueError(raw)
        return float(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw < 2**63:
        raise ValueError(raw)
    return raw


def _after(cursor: Cursor) -> Q:
    """Posts after the cursor in its order: for the order's fields f1..fn, the first field
    that differs is beyond the cursor's value. The leading bound on f1 lets the index seek."""
    fields = SORTS[cursor.sort]
    found = Q()
    for i, field_name in enumerate(fields):
        name = field_name.lstrip("-")
        beyond = "lt" if field_name.startswith("-") else "gt"
        step = Q(**{f"{name}__{beyond}": cursor.values[i]})
        for earlier, value in zip(fields[:i], cursor.values[:i], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        found |= step
    first = fields[0].lstrip("-")
    bound = "lte" if fields[0].startswith("-") else "gte"
    return Q(**{f"{first}__{bound}": cursor.values[0]}) & found


@dataclass
class QueuePage:
    posts: Sequence[Post]
    next_cursor: str | None
    filters: QueueFilters


def queue_page(
    *, group_id: int, filters: QueueFilters, cursor: str = "", limit: int = PAGE_SIZE
) -> QueuePage:
    """One page of the queue. Three queries at most, whatever the page size."""
    qs = (
        filtered_posts(group_id=group_id, filters=filters, collapse=True)
        .select_related("cluster", "claimed_by")
        .defer("media", "image_hashes")
        # "Known enemy image" on a shared campaign's match: looked up (by the match's unique
        # post) only for the page's posts placed by the bank, in the same query.
        .annotate(
            known_image=Case(
                When(
                    campaign__in=[Campaign.BANK, Campaign.AUTO],
                    then=Exists(CampaignMatch.objects.filter(post_id=OuterRef("pk"), image=True)),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )
    sort = filters.sort if filters.sort in SORTS else ""
    after = Cursor.decode(cursor, sort)
    if after is not None:
        qs = qs.filter(_after(after))
    posts = list(qs.order_by(*SORTS[sort])[: limit + 1])
    more = len(posts) > limit
    posts = posts[:limit]
    next_cursor = Cursor.after(posts[-1], sort).encode() if more and posts else None
    return QueuePage(posts=posts, next_cursor=next_cursor, filters=filters)


def queue_counts(*, group_id: int) -> dict[str, Any]:
    """Counts per status and per category (pending), and what is still to be carried out on
    the platform, for the side panel and the live poll.

    Counting a million rows on every page view would cost more than the page; the counts are
    kept in the cache and counted again once COUNTS_SECONDS have passed or a decision was made
    (``queue_counts_forget``), and the page says they may lag. A group whose counting took
    longer than COUNTS_INLINE_MS (hundreds of thousands of posts: seconds on SQLite) is shown
    its last counts while a job counts again, so that no reader waits for it; a smaller group
    is counted again there and then.
    """
    key, fresh = _counts_keys(group_id)
    cached = cache.get_many([key, fresh])
    counts = cached.get(key)
    if counts is not None and fresh in cached:
        return counts
    if counts is not None and counts.get("ms", 0) > COUNTS_INLINE_MS:
        if cache.add(f"queue-counts-asked:{group_id}", 1, COUNTS_SECONDS):
            enqueue("queue_counts_job", group_id)  # once a period, however many readers
        return counts
    return queue_counts_refresh(group_id=group_id)


def queue_counts_refresh(*, group_id: int) -> dict[str, Any]:
    """Count a group's posts now and keep the counts (and how long counting took)."""
    started = monotonic()
    base = Post.objects.filter(group_id=group_id)
    by_status = dict(base.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    by_category = dict(
        base.filter(status=PostStatus.PENDING)
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    # And what is still to be carried out on the platform (a backlog of tens of thousands of
    # manual removals after a campaign took 18 ms a page on PostgreSQL to count).
    platform = platform_summary(group_id=group_id)
    ms = round((monotonic() - started) * 1000)
    counts = {"status": by_status, "category": by_category, "platform": platform, "ms": ms}
    key, fresh = _counts_keys(group_id)
    cache.set(key, counts, COUNTS_KEPT_SECONDS)
    cache.set(fresh, True, COUNTS_SECONDS)
    return counts


def queue_counts_forget(group_id: int) -> None:
    """A decision changed the counts: they are counted again at the next look (the last ones
    stay to be shown meanwhile, where counting is slow)."""
    cache.delete(_counts_keys(group_id)[1])


def _counts_keys(group_id: int) -> tuple[str, str]:
    # (v2: with the platform's summary; counts kept by the code before are not read)
    return f"queue-counts:v2:{group_id}", f"queue-counts-fresh:v2:{group_id}"


def group_overview(*, group: Group) -> dict[str, Any]:
    """Counts per status and the latest imports, for the group's home page (the queue's
    counts: kept, never counted on every view of a million posts)."""
    counts = queue_counts(group_id=group.pk)["status"]
    return {
        "status_counts": [
            (value, label, counts.get(value, 0)) for value, label in PostStatus.choices
        ],
        "total": sum(counts.values()),
        "recent_imports": list(ImportBatch.objects.filter(group=group)[:5]),
    }


def post_pane(*, membership: Membership, post: Post, reveal: bool = False) -> dict[str, Any]:
    """Everything the review pane shows of one post: its text masked (or revealed), the
    model's reasons, history, the author's other posts, copies, comments and replies."""
    group = membership.group
    masks = personal_spans(post.text)
    rules = list(group.rules.filter(is_active=True))
    default_rule = rules[0].title if rules else ""
    others = (
        Post.objects.filter(group=group, author=post.author)
        .exclude(pk=post.pk)
        .order_by("-imported_at")[:10]
        if post.author
        else []
    )
    copies = (
        Post.objects.filter(cluster_id=post.cluster_id)
        .exclude(pk=post.pk)
        .order_by("-imported_at")[:10]
        if post.cluster_id
        else []
    )
    decisions = list(Decision.objects.filter(post=post).order_by("-created_at", "-id")[:20])
    last = decisions[0] if decisions else None
    can_decide_post = membership.can_moderate and post.status in redecidable_statuses(membership)
    suggested = (
        suggested_rule(membership=membership, post=post, rules=rules) if can_decide_post else None
    )
    campaign = (
        Cluster.objects.filter(pk=post.cluster_id)
        .select_related("verdict_decision", "verdict_rule")
        .first()
        if post.campaign and post.cluster_id
        else None
    )
    return {
        "post": post,
        "suggested_rule": suggested,
        # Why the post is first in the queue, or was removed by Varta (triage.campaigns).
        "campaign": campaign,
        "bank_match": CampaignMatch.objects.filter(post=post).first() if post.campaign else None,
        "appeal_channels": Appeal.Channel.choices,
        "undoable": last if last and decision_can_undo(last, membership, post) else None,
        "text_html": render_text(
            post.text,
            masks=masks,
            marks=reason_spans(post.reasons, len(post.text)),
            reveal=reveal,
        ),
        "has_personal": bool(masks),
        "revealed": reveal,
        "reasons": post.reasons or [],
        "decisions": decisions,
        "platform_actions": post.platform_actions.select_related("done_by").order_by("id"),
        "others": others,
        "copies": copies,
        "comments": post.comments.order_by("posted_at", "id")[:20],
        "replies": [
            {
                "template": template,
                "text": reply_render(template, author=post.author, group=group, rule=default_rule),
            }
            for template in group.reply_templates.all()
        ],
        "rules": rules,
        "can_decide_post": can_decide_post,
        "claimed_by_other": post.claimed_by_id is not None
        and post.claimed_by_id != membership.user_id
        and post.claimed_until is not None
        and post.claimed_until > timezone.now(),
    }


# New posts counted by the live queue, at most (more shows as "1000+").
LIVE_NEW_CAP = 1000
LIVE_ROWS = 100


def queue_live(
    *, group_id: int, filters: QueueFilters, latest: int, row_ids: Sequence[int], user_id: int
) -> dict[str, Any]:
    """What changed since a queue page was drawn: how many posts matching its filters arrived
    after its newest post (``latest``), and the state of the rows it shows (decided or
    claimed by someone else meanwhile). Cheap whatever the group's size: the new posts are
    read by id from the group's index, the rows by primary key."""
    arrived = (
        Post.objects.filter(group_id=group_id, pk__gt=latest)
        .order_by("pk")
        .values("pk")[: LIVE_NEW_CAP + 1]
    )
    new = (
        filtered_posts(group_id=group_id, filters=filters, collapse=True)
        .filter(pk__in=arrived)
        .count()
    )
    now = timezone.now()
    rows = {}
    for pk, status, claimer_id, claimer, until in Post.objects.filter(
        group_id=group_id, pk__in=list(row_ids)[:LIVE_ROWS]
    ).values_list("pk", "status", "claimed_by_id", "claimed_by__username", "claimed_until"):
        claimed = claimer_id is not None and claimer_id != user_id and until and until > now
        rows[str(pk)] = {"status": status, "claimed_by": claimer if claimed else None}
    return {"new": min(new, LIVE_NEW_CAP), "more": new > LIVE_NEW_CAP, "rows": rows}


AUTHOR_POSTS = 20


def author_profile(*, group_id: int, post: Post) -> dict[str, Any]:
    """The author drawer: what this group knows of the post's author (by the name the platform
    gave): their posts here with status and last decision, removals and reports counted, first
    and last seen, and the moderators' note. Read through the (group, author) index."""
    if not post.author:
        return {"author": "", "posts": [], "stats": None, "note": None}
    theirs = Post.objects.filter(group_id=group_id, author=post.author)
    stats = theirs.aggregate(
        total=Count("id"),
        removed=Count("id", filter=Q(status=PostStatus.REMOVED)),
        kept=Count("id", filter=Q(status=PostStatus.KEPT)),
        pending=Count("id", filter=Q(status=PostStatus.PENDING)),
        escalated=Count("id", filter=Q(status=PostStatus.ESCALATED)),
        reports=Sum("report_count"),
        first=Min("imported_at"),
        last=Max("imported_at"),
    )
    recent = list(theirs.order_by("-imported_at", "-id").defer("media")[:AUTHOR_POSTS])
    last_decision: dict[int, Decision] = {}
    for decision in Decision.objects.filter(post__in=recent).order_by("created_at", "id"):
        last_decision[decision.post_id] = decision
    return {
        "author": post.author,
        "posts": [(p, last_decision.get(p.pk)) for p in recent],
        "stats": stats,
        "note": AuthorNote.objects.filter(group_id=group_id, author=post.author)
        .select_related("updated_by")
        .first(),
    }
