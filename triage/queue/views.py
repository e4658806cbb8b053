"""Queue, review pane, decisions and reveals. Thin: parse, one service call, respond."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from groups.services import reply_render
from triage.access import get_post
from triage.audit.services import audit_record
from triage.lib.inputs import parse_count, parse_id
from triage.lib.rendering import personal_spans, reason_spans, render_text
from triage.models import Decision, Post, PostStatus
from triage.platforms.services import platform_summary
from triage.queue.selectors import (
    Cursor,
    QueueFilters,
    group_overview,
    queue_counts,
    queue_counts_forget,
    queue_page,
)
from triage.queue.services import (
    DecisionInput,
    DecisionRefused,
    decidable_statuses,
    post_claim,
    post_decide,
    redecidable_statuses,
)


def _filters(request: HttpRequest) -> QueueFilters:
    return QueueFilters.from_dict(request.GET)


@group_view()
def queue(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    filters = _filters(request)
    if filters.q and not membership.can_moderate:
        # Searching finds text that is masked: "067 123" would tell a viewer which post holds
        # that phone number without a reveal. Viewers browse and filter, moderators search.
        filters.q = ""
        filters.errors.append(_("Text search is for moderators: it can find hidden personal data."))
    page = queue_page(group_id=group.pk, filters=filters, cursor=request.GET.get("after", ""))
    selected = None
    pane = None
    post_id = parse_id(request.GET.get("post", ""))
    if post_id is not None:
        selected = get_post(membership, post_id)
        pane = pane_context(request, group, membership, selected, filters=filters)
    counts = queue_counts(group_id=group.pk)

    query = filters.as_query()
    return render(
        request,
        "triage/queue.html",
        {
            "page": page,
            "filters": filters,
            "query": urlencode(query),
            "next_url": f"?{urlencode({**query, 'after': page.next_cursor})}"
            if page.next_cursor
            else "",
            "counts": counts,
            "platform": platform_summary(group=group),
            "status_choices": PostStatus.choices,
            "selected": selected,
            "pane": bool(pane),
            **(pane or {}),
            "can_decide": membership.can_moderate,
            "rules": group.rules.filter(is_active=True),
        },
    )


def pane_context(
    request: HttpRequest,
    group: Group,
    membership: Membership,
    post: Post,
    *,
    filters: QueueFilters | None = None,
    reveal: bool = False,
) -> dict[str, Any]:
    if membership.can_moderate and post.status in decidable_statuses(membership):
        post = post_claim(membership=membership, post_id=post.pk)
    masks = personal_spans(post.text)
    marks = reason_spans(post.reasons, len(post.text))
    templates = list(group.reply_templates.all())
    rules = list(group.rules.filter(is_active=True))
    default_rule = rules[0].title if rules else ""
    others = (
        Post.objects.filter(group=group, author=post.author)
        .exclude(pk=post.pk)
        .exclude(author="")
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
    comments = post.comments.order_by("posted_at", "id")[:20]
    claimed_by_other = (
        post.claimed_by_id is not None
        and post.claimed_by_id != membership.user_id
        and post.claimed_until is not None
        and post.claimed_until > _now()
    )
    return {
        "post": post,
        "text_html": render_text(post.text, masks=masks, marks=marks, reveal=reveal),
        "has_personal": bool(masks),
        "revealed": reveal,
        "reasons": post.reasons or [],
        "decisions": Decision.objects.filter(post=post).order_by("-created_at", "-id")[:20],
        "platform_actions": post.platform_actions.select_related("done_by").order_by("id"),
        "others": others,
        "copies": copies,
        "comments": comments,
        "replies": [
            {
                "template": t,
                "text": reply_render(t, author=post.author, group=group, rule=default_rule),
            }
            for t in templates
        ],
        "rules": rules,
        "can_decide_post": membership.can_moderate
        and post.status in redecidable_statuses(membership),
        "claimed_by_other": claimed_by_other,
        "query": urlencode(filters.as_query()) if filters else "",
        "filters": filters or QueueFilters(),
    }


def _now():
    from django.utils import timezone

    return timezone.now()


@group_view()
def post_detail(
    request: HttpRequest, group: Group, membership: Membership, post_id: int
) -> HttpResponse:
    post = get_post(membership, post_id)
    context = pane_context(request, group, membership, post, filters=_filters(request))
    template = "triage/_pane.html" if request.GET.get("partial") else "triage/post.html"
    return render(request, template, context)


@require_POST
@group_view(min_role=Role.MODERATOR)
def post_reveal(
    request: HttpRequest, group: Group, membership: Membership, post_id: int
) -> HttpResponse:
    """Show a post's personal data to this member, and record that they saw it."""
    post = get_post(membership, post_id)
    audit_record(
        group=group,
        actor=membership.user,
        action="post.reveal",
        obj=post,
        object_type="post",
        payload={"kinds": sorted({s.kind for s in personal_spans(post.text)})},
    )
    context = pane_context(request, group, membership, post, filters=_filters(request), reveal=True)
    template = "triage/_pane.html" if request.POST.get("partial") else "triage/post.html"
    return render(request, template, context)


def _decision_input(request: HttpRequest) -> DecisionInput:
    rule = request.POST.get("rule", "")
    return DecisionInput(
        action=request.POST.get("action", ""),
        rule_id=parse_id(rule),
        note=request.POST.get("note", "").replace("\x00", ""),
    )


@require_POST
@group_view(min_role=Role.MODERATOR)
def post_decide_view(
    request: HttpRequest, group: Group, membership: Membership, post_id: int
) -> HttpResponse:
    post = get_post(membership, post_id)
    version = parse_count(request.POST.get("version", ""))
    wants_json = request.headers.get("accept", "").startswith("application/json")
    filters = QueueFilters.from_dict(request.POST)
    try:
        if version is None:
            raise DecisionRefused(_("The form is out of date. Reload the post."))
        post_decide(
            membership=membership,
            post_id=post.pk,
            expected_version=version,
            data=_decision_input(request),
        )
    except DecisionRefused as exc:
        if wants_json:
            return JsonResponse({"ok": False, "error": str(exc)}, status=409)
        messages.error(request, str(exc))
        back = urlencode({**filters.as_query(), "post": str(post.pk)})
        return redirect(f"{reverse('queue', args=[group.slug])}?{back}")
    queue_counts_forget(group.pk)
    following = queue_page(
        group_id=group.pk, filters=filters, cursor=Cursor.after(post).encode(), limit=1
    ).posts
    next_id = following[0].pk if following else None
    if wants_json:
        return JsonResponse({"ok": True, "next": next_id})
    messages.success(request, _("Decision saved."))
    query = filters.as_query()
    if next_id:
        query["post"] = str(next_id)
    return redirect(f"{reverse('queue', args=[group.slug])}?{urlencode(query)}")


@group_view()
def group_overview_view(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    return render(request, "groups/group_home.html", {"overview": group_overview(group=group)})
