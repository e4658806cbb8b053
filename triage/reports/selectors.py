"""Moderation reports for one group and period: figures, per-day trends, model agreement."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from groups.models import Group
from triage.appeals.selectors import appeals_figures
from triage.lib.inputs import FIRST_YEAR, LAST_YEAR, parse_day
from triage.models import AuditEvent, Cluster, Decision, DecisionAction, Post
from triage.platforms.services import platform_summary
from triage.scoring.evaluate import at_threshold

MAX_DAYS = 366


def _day(value: str) -> date:
    day = parse_day(value)
    if day is None:
        raise ValueError(f"not a date between {FIRST_YEAR} and {LAST_YEAR}: {value[:20]!r}")
    return day


@dataclass
class Period:
    since: date
    until: date

    @classmethod
    def parse(cls, since: str | None, until: str | None, *, today: date | None = None) -> Period:
        """The period from two YYYY-MM-DD strings; default the last 30 days. ValueError if bad."""
        today = today or timezone.localdate()
        end = _day(until) if until else today
        start = _day(since) if since else end - timedelta(days=29)
        if start > end:
            raise ValueError("the period starts after it ends")
        if (end - start).days >= MAX_DAYS:
            raise ValueError(f"a report covers at most {MAX_DAYS} days")
        return cls(start, end)

    @property
    def start_dt(self) -> datetime:
        return datetime.combine(self.since, time.min, timezone.get_current_timezone())

    @property
    def end_dt(self) -> datetime:
        return datetime.combine(self.until, time.max, timezone.get_current_timezone())

    def days(self) -> list[date]:
        return [self.since + timedelta(days=i) for i in range((self.until - self.since).days + 1)]


@dataclass
class Report:
    group: Group
    period: Period
    imported: int = 0
    decided: int = 0
    removed: int = 0
    kept: int = 0
    escalated: int = 0
    removed_by_category: list[tuple[str, int]] = field(default_factory=list)
    removed_by_rule: list[tuple[str, int]] = field(default_factory=list)
    per_moderator: list[tuple[str, int]] = field(default_factory=list)
    median_hours: float | None = None
    p90_hours: float | None = None
    clusters: list[Cluster] = field(default_factory=list)
    agreement: dict[str, Any] = field(default_factory=dict)
    per_day: list[dict[str, Any]] = field(default_factory=list)
    still_pending: int = 0
    platform: dict[str, Any] = field(default_factory=dict)
    appeals: dict[str, Any] = field(default_factory=dict)
    campaigns: dict[str, int] = field(default_factory=dict)

    def summary_rows(self) -> list[tuple[str, Any]]:
        rows: list[tuple[str, Any]] = [
            ("group", self.group.slug),
            ("since", self.period.since.isoformat()),
            ("until", self.period.until.isoformat()),
            ("imported", self.imported),
            ("decided", self.decided),
            ("removed", self.removed),
            ("kept", self.kept),
            ("escalated", self.escalated),
            ("pending_now", self.still_pending),
            ("median_hours_to_decision", self.median_hours),
            ("p90_hours_to_decision", self.p90_hours),
        ]
        rows += [(f"removed_category:{c or 'unscored'}", n) for c, n in self.removed_by_category]
        rows += [(f"removed_rule:{r}", n) for r, n in self.removed_by_rule]
        rows += [(f"decisions_by:{m}", n) for m, n in self.per_moderator]
        for key, value in self.agreement.items():
            rows.append((f"model_{key}", value))
        rows += [(f"appeals_{key}", value) for key, value in self.appeals.items()]
        rows += [(f"campaigns_{key}", value) for key, value in self.campaigns.items()]
        rows.append(("platform_waiting", self.platform.get("waiting")))
        rows.append(("platform_failed", self.platform.get("failed")))
        oldest = self.platform.get("oldest")
        rows.append(("platform_oldest_waiting_since", oldest.isoformat() if oldest else ""))
        return rows


def _p90(values: list[float]) -> float:
    """The 90th percentile (0 for no values), as statistics computes it inclusively."""
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def report_build(*, group: Group, period: Period) -> Report:
    rep = Report(group=group, period=period)
    posts = Post.objects.filter(group=group)
    rep.imported = posts.filter(imported_at__range=(period.start_dt, period.end_dt)).count()
    rep.still_pending = posts.filter(status="pending").count()
    decisions = Decision.objects.filter(
        group=group, created_at__range=(period.start_dt, period.end_dt)
    ).exclude(action=DecisionAction.REOPEN)
    # Posts, not decisions: a post removed, undone and removed again is one removal, counted
    # by its last decision in the period (an undo that nobody followed up counts as nothing).
    # Counted in the database: a year can hold millions of decisions.
    in_period = Decision.objects.filter(
        group=group, created_at__range=(period.start_dt, period.end_dt)
    )
    last = Decision.objects.filter(
        id__in=in_period.values("post_id").annotate(last=Max("id")).values("last")
    )
    final = dict(last.values_list("action").annotate(n=Count("id")).values_list("action", "n"))
    rep.removed = final.get(DecisionAction.REMOVE, 0)
    rep.kept = final.get(DecisionAction.KEEP, 0)
    rep.escalated = final.get(DecisionAction.ESCALATE, 0)
    rep.decided = sum(n for action, n in final.items() if action != DecisionAction.REOPEN)
    removed = last.filter(action=DecisionAction.REMOVE)
    rep.removed_by_category = list(
        removed.values_list("category")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("category", "n")
    )
    rep.removed_by_rule = list(
        removed.values_list("rule_title")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("rule_title", "n")
    )
    first_final = (
        in_period.filter(action__in=[DecisionAction.REMOVE, DecisionAction.KEEP])
        .values("post_id")
        .annotate(first=Min("created_at"), imported=Max("post__imported_at"))
        .values_list("first", "imported")
    )
    rep.per_moderator = list(
        decisions.values_list("actor_name")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("actor_name", "n")
    )
    # Hours from import to each post's first final decision in the period.
    waits = [
        (first - imported).total_seconds() / 3600
        for first, imported in first_final.iterator(chunk_size=5000)
    ]
    if waits:
        rep.median_hours = round(statistics.median(waits), 2)
        rep.p90_hours = round(_p90(waits), 2)
    rep.clusters = list(Cluster.objects.filter(group=group, size__gt=1).order_by("-size")[:10])
    rep.agreement = _agreement(group, decisions)
    rep.per_day = _per_day(group, period, decisions)

    rep.platform = platform_summary(group=group)
    rep.appeals = appeals_figures(group_id=group.pk, start=period.start_dt, end=period.end_dt)
    rep.campaigns = {
        # Surges that began in the period (each is audited once, when it begins).
        "surges": AuditEvent.objects.filter(
            group=group,
            action="campaign.surge",
            created_at__range=(period.start_dt, period.end_dt),
        ).count(),
        # Decisions, not posts: every copy Varta removed by itself, also those undone later.
        "removed_automatically": decisions.filter(automatic=True).count(),
    }
    return rep


def _agreement(group: Group, decisions: Any) -> dict[str, Any]:
    """How the model's scores agree with moderators' final decisions, at the group's thresholds."""
    rows = list(
        decisions.filter(
            action__in=[DecisionAction.REMOVE, DecisionAction.KEEP], score__isnull=False
        )
        .values_list("action", "score")
        .iterator(chunk_size=5000)
    )
    out: dict[str, Any] = {"decisions_with_score": len(rows)}
    y = np.array([1 if action == DecisionAction.REMOVE else 0 for action, _score in rows])
    scores = np.array([score for _action, score in rows])
    for name, threshold in (
        ("review", float(group.review_threshold)),
        ("removal", float(group.removal_threshold)),
    ):
        measured = at_threshold(y, scores, threshold)
        for key in ("precision", "recall"):
            value = measured[key]
            out[f"{key}_at_{name}"] = None if value is None else round(value, 3)
    return out


def _per_day(group: Group, period: Period, decisions: Any) -> list[dict[str, Any]]:
    tz = timezone.get_current_timezone()
    imported = Counter(
        dict(
            Post.objects.filter(group=group, imported_at__range=(period.start_dt, period.end_dt))
            .annotate(day=TruncDate("imported_at", tzinfo=tz))
            .values_list("day")
            .annotate(n=Count("id"))
            .values_list("day", "n")
        )
    )
    decided: Counter = Counter()
    removed: Counter = Counter()
    for day, action, n in (
        decisions.annotate(day=TruncDate("created_at", tzinfo=tz))
        .values_list("day", "action")
        .annotate(n=Count("id"))
        .values_list("day", "action", "n")
    ):
        decided[day] += n
        if action == DecisionAction.REMOVE:
            removed[day] += n
    return [
        {
            "day": d,
            "imported": imported.get(d, 0),
            "decided": decided.get(d, 0),
            "removed": removed.get(d, 0),
        }
        for d in period.days()
    ]
