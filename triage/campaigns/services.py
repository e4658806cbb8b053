"""Decide a campaign once (issue 15).

A cluster's *verdict* is what moderators made of it: ``removed`` once every copy was removed
(one by one or in bulk), ``kept`` once every copy was kept. It is kept while new copies wait
and cleared when moderators disagree (a copy of a removed campaign kept, or the reverse).

A copy that joins a cluster with a verdict is handled by the group's campaign rule:

- removed campaign: queued first (``Post.campaign`` = copy, which lifts its rank above every
  score) with the campaign's rule chosen; or, with ``Group.campaign_auto_remove``, removed by
  Varta with its own decision (``automatic``, ``follows`` the moderator's decision), audit event
  and platform action;
- kept campaign: queued as usual, marked "similar to a kept post" (campaigns mutate: a kept
  cluster never keeps new copies by itself).

Everything done automatically is listed by the queue's "Removed automatically" filter and can be
undone one post at a time (any moderator) or a day at a time (``auto_removals_undo_day``).

A cluster that gains ``Group.surge_copies`` copies within ``Group.surge_minutes`` is a *surge*
(``surges_detect``): its waiting copies go first in the queue (``Post.campaign`` = surge), every
queue page shows a banner while it lasts, the report counts it, and the bot tells the admins'
Telegram chat, if one is set (``surge_alert``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Group, GroupRule, Membership, Role
from triage.audit.services import audit_record
from triage.campaigns.verdicts import (
    KEPT,
    REMOVED,
    Counts,
    verdicts_refresh,
)
from triage.lib.labels import category_label
from triage.lib.masking import mask_plain
from triage.lib.rq import enqueue
from triage.models import (
    Campaign,
    Cluster,
    Decision,
    DecisionAction,
    Post,
    PostStatus,
    PostToDecide,
    Source,
)
from triage.models.writes import rows_update
from triage.platforms import secrets
from triage.platforms.telegram import Bot, TelegramError, TelegramUnreachable
from triage.queue.services import (
    DecisionInput,
    DecisionRefused,
    decisions_follow_up,
    decisions_write,
    post_undo,
)


def campaign_copies(
    *, group_id: int, joined: Mapping[int, list[int]], created: Iterable[int]
) -> dict[str, int]:
    """Apply the campaign rule to posts that just joined clusters (``joined``: cluster ->
    newcomers). A cluster made just now (``created``) of new copies and earlier posts gets the
    verdict of those earlier posts first. Returns how many copies were queued first, removed
    automatically and marked similar to a kept post. Call under the group's clustering lock."""
    if not joined:
        return {"copy": 0, "auto": 0, "similar_kept": 0}
    newcomers = {pid for ids in joined.values() for pid in ids}
    made = [c for c in created if c in joined]
    if made:
        tallies: dict[int, dict[str, int]] = {}
        for cluster_id, status in (
            Post.objects.filter(cluster_id__in=made)
            .exclude(pk__in=newcomers)
            .values_list("cluster_id", "status")
        ):
            tally = tallies.setdefault(cluster_id, {})
            tally[status] = tally.get(status, 0) + 1
        verdicts_refresh(
            dict.fromkeys(tallies, ""),
            {
                c: Counts(**{k: v for k, v in t.items() if k in _COUNTED})
                for c, t in tallies.items()
            },
        )
    decided = {
        row["pk"]: row
        for row in Cluster.objects.filter(pk__in=list(joined), verdict__in=[REMOVED, KEPT]).values(
            "pk", "verdict", "verdict_decision_id", "verdict_rule_id"
        )
    }
    done = {"copy": 0, "auto": 0, "similar_kept": 0}
    group = Group.objects.get(pk=group_id)
    for cluster_id, row in decided.items():
        waiting = Post.objects.filter(
            pk__in=joined[cluster_id], status=PostStatus.PENDING, campaign=""
        )
        if row["verdict"] == KEPT:
            done["similar_kept"] += waiting.update(campaign=Campaign.SIMILAR_KEPT)
        elif group.campaign_auto_remove:
            # Never without a person for what an API token sent: the token's holder chose its
            # text and its ids. Those copies go first in the queue, as with the setting off.
            done["auto"] += _auto_remove(group, row, waiting.exclude(source=Source.API))
            done["copy"] += waiting.filter(source=Source.API).update(campaign=Campaign.COPY)
        else:
            done["copy"] += waiting.update(campaign=Campaign.COPY)
    return done


# How long a surge's count is carried forward by its newcomers before its copies are counted
# again (see surges_detect).
SURGE_RECOUNT = timedelta(minutes=1)


def surges_detect(*, group: Group, joined: Mapping[int, list[int]]) -> list[int]:
    """Of the clusters that just gained copies, those with at least ``group.surge_copies``
    copies posted (or, when the platform's time is unknown, imported) in the last
    ``group.surge_minutes`` surge: their waiting copies go first
    in the queue, and a surge that begins is audited and reported to the admins' chat.
    Returns the clusters whose surge began just now."""
    if not joined:
        return []
    now = timezone.now()
    since = now - timedelta(minutes=group.surge_minutes)
    rows = list(
        Cluster.objects.filter(pk__in=list(joined)).values_list(
            "pk", "size", "surge_seen_at", "surge_copies"
        )
    )
    sizes = {pk: size for pk, size, _seen, _copies in rows}
    # A surge whose copies were counted less than SURGE_RECOUNT ago (surge_seen_at) goes on
    # counting its newcomers, without reading its copies again: a 100,000-copy campaign would
    # otherwise be counted whole for every chunk of 1,000 that joins it.
    fresh = now - SURGE_RECOUNT
    counted = {
        pk: copies + len(joined[pk])
        for pk, _size, seen, copies in rows
        if seen is not None and seen >= fresh and copies >= group.surge_copies
    }
    # Only a cluster that may be that large now is counted (its stored size predates the
    # newcomers, and a cluster made just now stores 1).
    candidates = [
        cluster_id
        for cluster_id, ids in joined.items()
        if cluster_id not in counted
        and sizes.get(cluster_id, 0) + len(ids) + 1 >= group.surge_copies
    ]
    recent = dict(counted)
    if candidates:
        # Copies posted (on the platform, when the import says) or else imported within the
        # window: an export of last month's messages imported today is no surge.
        recent |= dict(
            Post.objects.filter(cluster_id__in=candidates)
            .filter(Q(posted_at__gte=since) | Q(posted_at__isnull=True, imported_at__gte=since))
            .values("cluster_id")
            .annotate(n=Count("id"))
            .values_list("cluster_id", "n")
        )
    surging = sorted(c for c, n in recent.items() if n >= group.surge_copies)
    if not surging:
        return []
    began = sorted(
        Cluster.objects.filter(pk__in=surging)
        .filter(Q(surge_seen_at__isnull=True) | Q(surge_seen_at__lt=since))
        .values_list("pk", flat=True)
    )
    Cluster.objects.filter(pk__in=began).update(surge_started_at=now)
    # surge_seen_at is when its copies were last counted: one counted on keeps it, so that it
    # is counted again within SURGE_RECOUNT however fast its copies come. One statement each.
    rows_update(Cluster, ["surge_copies"], [(c, (recent[c],)) for c in surging if c in counted])
    rows_update(
        Cluster,
        ["surge_copies", "surge_seen_at"],
        [(c, (recent[c], now)) for c in surging if c not in counted],
    )
    # Their waiting copies go first: every one of a cluster just counted (its surge began, or
    # was last counted a while ago), the newcomers of one counted on.
    whole = [c for c in surging if c not in counted]
    newcomers = [pid for c in surging if c in counted for pid in joined[c]]
    waiting = Post.objects.filter(status=PostStatus.PENDING, campaign="")
    if whole:
        waiting.filter(cluster_id__in=whole).update(campaign=Campaign.SURGE)
    if newcomers:
        waiting.filter(pk__in=newcomers).update(campaign=Campaign.SURGE)
    for cluster_id in began:
        audit_record(
            group=group,
            actor=None,
            action="campaign.surge",
            object_type="cluster",
            object_id=cluster_id,
            payload={"copies": recent[cluster_id], "minutes": group.surge_minutes},
        )
        if group.telegram_alert_chat_id and group.telegram_bot_token:
            enqueue("surge_alert_job", cluster_id)
    return began


def surges_active(*, group: Group, limit: int = 3) -> list[dict[str, Any]]:
    """The group's surges going on now (copies still arriving that fast, or did within its
    surge minutes), biggest first, each with its waiting head's text masked."""
    since = timezone.now() - timedelta(minutes=group.surge_minutes)
    clusters = list(
        Cluster.objects.filter(group=group, surge_seen_at__gte=since).order_by(
            "-surge_copies", "-pk"
        )[:limit]
    )
    heads = {
        post.cluster_id: post
        for post in Post.objects.filter(
            cluster_id__in=[c.pk for c in clusters], is_cluster_head=True
        ).only("id", "cluster_id", "text", "category", "status")
    }
    return [
        {"cluster": c, "head": heads.get(c.pk), "minutes": group.surge_minutes} for c in clusters
    ]


def surge_alert(*, cluster_id: int) -> bool:
    """Tell the admins' Telegram chat of a surge: how many copies how fast, the category, the
    head's text with personal data masked, and where to find it in Varta. Audited, sent or
    not. Returns whether Telegram took it."""
    cluster = Cluster.objects.select_related("group").filter(pk=cluster_id).first()
    if cluster is None:
        return False
    group = cluster.group
    if not (group.telegram_alert_chat_id and group.telegram_bot_token):
        return False
    head = Post.objects.filter(cluster_id=cluster.pk, is_cluster_head=True).first()
    text = surge_message(group=group, cluster=cluster, head=head)
    error = ""
    try:
        Bot(secrets.decrypt(group.telegram_bot_token)).call(
            "sendMessage",
            {
                "chat_id": group.telegram_alert_chat_id,
                "text": text,
                "link_preview_options": {"is_disabled": True},
            },
        )
    except (TelegramError, TelegramUnreachable, ValueError) as exc:
        error = str(exc)[:200]
    with transaction.atomic():
        audit_record(
            group=group,
            actor=None,
            action="campaign.surge_alert",
            object_type="cluster",
            object_id=cluster.pk,
            payload={"sent": not error, "error": error},
        )
    return not error


# The longest excerpt of a surge's post in a Telegram alert.
ALERT_EXCERPT = 300


def surge_message(*, group: Group, cluster: Cluster, head: Post | None) -> str:
    """The alert's text: never a piece of personal data, never an author."""
    from django.conf import settings
    from django.urls import reverse

    lines = [
        _("Varta: a surge in “%(group)s”: %(n)d copies of one post in %(m)d minutes.")
        % {"group": group.name, "n": cluster.surge_copies, "m": group.surge_minutes}
    ]
    if head is not None:
        if head.category:
            lines.append(_("Category: %(c)s.") % {"c": category_label(head.category)})
        excerpt = mask_plain(head.text)
        if len(excerpt) > ALERT_EXCERPT:
            excerpt = excerpt[:ALERT_EXCERPT].rstrip() + "…"
        lines.append(_("Text (personal data hidden): %(t)s") % {"t": excerpt})
    path = reverse("cluster_detail", args=[group.slug, cluster.pk])
    base = settings.VARTA_BASE_URL.rstrip("/")
    lines.append(
        (_("Open: %(url)s") % {"url": base + path})
        if base
        else _("Open the cluster in Varta: %(path)s") % {"path": path}
    )
    lines.append(_("Do not comment or share it."))
    return "\n".join(lines)


_COUNTED = {"pending", "escalated", "removed", "kept"}


def _auto_remove(group: Group, verdict: Mapping[str, Any], waiting: QuerySet[Post]) -> int:
    """Remove these copies of a removed campaign as Varta, each with its decision, platform
    action and audit event naming the decision it follows."""
    posts = PostToDecide.read(waiting.select_for_update())
    if not posts:
        return 0
    rule = GroupRule.objects.filter(pk=verdict["verdict_rule_id"], group=group).first()
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(
        status=PostStatus.REMOVED,
        version=F("version") + 1,
        decided_at=timezone.now(),
        claimed_by=None,
        claimed_until=None,
        campaign=Campaign.AUTO,
    )
    decisions_write(
        group=group,
        user=None,
        posts=posts,
        data=DecisionInput(action=DecisionAction.REMOVE, rule_id=rule.pk if rule else None),
        rule=rule,
        follows=verdict["verdict_decision_id"],
    )
    return len(posts)


def auto_removals_of_day(*, group_id: int, day: date) -> list[int]:
    """Ids of the decisions by which Varta removed copies on ``day`` (the server's time zone)
    that are still the latest on their posts (nobody decided again since)."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return [
        decision_id
        for decision_id, post_version, version, status in Decision.objects.filter(
            group_id=group_id,
            automatic=True,
            created_at__gte=start,
            created_at__lt=start + timedelta(days=1),
        )
        .order_by("id")
        .values_list("id", "post_version", "post__version", "post__status")
        if post_version == version and status == PostStatus.REMOVED
    ]


def auto_removals_undo_day(*, membership: Membership, day: date) -> int:
    """Undo every automatic removal of ``day`` still standing: each post is pending again,
    first in the queue as a copy of a removed campaign. Audited once for the day, and per post
    as any undo is."""
    if not membership.has_role(Role.MODERATOR):
        raise DecisionRefused(_("Only moderators and admins can undo decisions."))
    undone = 0
    for decision_id in auto_removals_of_day(group_id=membership.group_id, day=day):
        try:
            post_undo(membership=membership, decision_id=decision_id, claim=False, follow_up=False)
        except DecisionRefused:
            continue  # decided again meanwhile: that decision stands
        undone += 1
    if undone:
        decisions_follow_up(membership.group_id)
        with transaction.atomic():
            audit_record(
                group=membership.group,
                actor=membership.user,
                action="campaign.undo_day",
                object_type="group",
                object_id=membership.group_id,
                payload={"day": day.isoformat(), "undone": undone},
            )
    return undone
