"""Queue, review pane, decisions and reveals. Thin: parse, one service call, respond."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, Membership, Role
from triage.access import get_post
from triage.campaigns.services import surges_active
from triage.lib.inputs import parse_id, parse_ids
from triage.models import Campaign, Post, PostStatus
from triage.queue.forms import (
    QueueFilterForm,
    decision_input,
    query_without_search,
    queue_filters,
)
from triage.queue.selectors import (
    Cursor,
    QueueFilters,
    author_profile,
    group_overview,
    post_pane,
    queue_counts,
    queue_counts_forget,
    queue_live,
    queue_page,
)
from triage.queue.services import (
    DecisionRefused,
    author_note_set,
    post_decide,
    post_open,
    post_reveal,
    post_undo,
)


def _pane(
    request: HttpRequest, membership: Membership, post_id: int, filters: QueueFilters, **kw: bool
) -> dict:
    post = post_open(membership=membership, post=get_post(membership, post_id))
    pane = post_pane(membership=membership, post=post, **kw)
    query = query_without_search(filters, request.session)
    return {**pane, "filters": filters, "query": urlencode(query)}


@group_view()
def queue(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    filters = queue_filters(request.GET, membership=membership, session=request.session)
    if request.GET.get("q"):
        # An old link with the search text in it: once more, as a token.
        for error in filters.errors:
            messages.error(request, error)
        return _to_queue(request, group, filters, parse_id(request.GET.get("post", "")))
    page = queue_page(group_id=group.pk, filters=filters, cursor=request.GET.get("after", ""))
    post_id = parse_id(request.GET.get("post", ""))
    pane = _pane(request, membership, post_id, filters) if post_id is not None else {}
    query = query_without_search(filters, request.session)
    counts = queue_counts(group_id=group.pk)
    return render(
        request,
        "triage/queue.html",
        {
            **pane,
            "page": page,
            "filters": filters,
            "query": urlencode(query),
            "next_url": f"?{urlencode({**query, 'after': page.next_cursor})}"
            if page.next_cursor
            else "",
            "counts": counts,
            "platform": counts["platform"],
            "status_choices": PostStatus.choices,
            "campaign_choices": [(v, label) for v, label in Campaign.choices if v],
            "surges": surges_active(group=group),
            # MAX, not ORDER BY ... LIMIT 1: given the group as a parameter, SQLite sorted the
            # group's every post through another index for the latter (170 ms at a million).
            "latest": Post.objects.filter(group_id=group.pk).aggregate(latest=Max("pk"))["latest"]
            or 0,
            "sort_choices": QueueFilterForm.base_fields["sort"].choices,  # type: ignore[attr-defined]
            "selected": pane.get("post"),
            "pane": bool(pane),
            "can_decide": membership.can_moderate,
            "rules": group.rules.filter(is_active=True),
            # Each row links to its post and cluster: the stems reversed once, not per row.
            "posts_base": reverse("post_detail", args=[group.slug, 0]).removesuffix("0/"),
            "clusters_base": reverse("cluster_detail", args=[group.slug, 0]).removesuffix("0/"),
        },
    )


@group_view()
def post_detail(
    request: HttpRequest, group: Group, membership: Membership, post_id: int
) -> HttpResponse:
    filters = queue_filters(request.GET, session=request.session)
    context = _pane(request, membership, post_id, filters)
    template = "triage/_pane.html" if request.GET.get("partial") else "triage/post.html"
    return render(request, template, context)


@require_POST
@group_view(min_role=Role.MODERATOR)
def post_reveal_view(
    request: HttpRequest, group: Group, membership: Membership, post_id: int
) -> HttpResponse:
    """Show a post's personal data to this member, and record that they saw it."""
    post = get_post(membership, post_id)
    post_reveal(membership=membership, post=post)
    filters = queue_filters(request.GET, session=request.session)
    context = _pane(request, membership, post_id, filters, reveal=True)
    template = "triage/_pane.html" if request.POST.get("partial") else "triage/post.html"
    return render(request, template, context)


@require_POST
@group_view(min_role=Role.MODERATOR)
def post_decide_view(
    request: HttpRequest, group: Group, membership: Membership, post_id: int
) -> HttpResponse:
    post = get_post(membership, post_id)
    data, version = decision_input(request.POST)
    filters = queue_filters(request.POST)
    wants_json = request.headers.get("accept", "").startswith("application/json")
    try:
        if version is None:
            raise DecisionRefused(_("The form is out of date. Reload the post."))
        decision = post_decide(
            membership=membership, post_id=post.pk, expected_version=version, data=data
        )
    except DecisionRefused as exc:
        if wants_json:
            return JsonResponse({"ok": False, "error": str(exc)}, status=409)
        messages.error(request, str(exc))
        return _to_queue(request, group, filters, post.pk)
    queue_counts_forget(group.pk)
    following = queue_page(
        group_id=group.pk,
        filters=filters,
        cursor=Cursor.after(post, filters.sort).encode(),
        limit=1,
    ).posts
    next_id = following[0].pk if following else None
    if wants_json:
        return JsonResponse(
            {
                "ok": True,
                "next": next_id,
                "decision": decision.pk,
                # The page moves one post between its status counts without a reload.
                "moved": [decision.from_status, decision.to_status],
                "undo": reverse("decision_undo", args=[group.slug, decision.pk]),
                "done": _DONE[decision.action] % {"id": post.pk},
            }
        )
    messages.success(request, _("Decision saved."))
    return _to_queue(request, group, filters, next_id)


# What the toast after a decision says (the post's number in it).
_DONE = {
    "remove": gettext_lazy("Post %(id)s removed."),
    "keep": gettext_lazy("Post %(id)s kept."),
    "escalate": gettext_lazy("Post %(id)s escalated to the admins."),
}


@require_POST
@group_view(min_role=Role.MODERATOR)
def decision_undo_view(
    request: HttpRequest, group: Group, membership: Membership, decision_id: int
) -> HttpResponse:
    """Undo one decision (the toast's Undo, the key u, the pane's button): the post is back
    where it was, and the queue shows it again."""
    wants_json = request.headers.get("accept", "").startswith("application/json")
    filters = queue_filters(request.POST)
    try:
        post = post_undo(membership=membership, decision_id=decision_id)
    except DecisionRefused as exc:
        if wants_json:
            return JsonResponse({"ok": False, "error": str(exc)}, status=409)
        messages.error(request, str(exc))
        return redirect("queue", slug=group.slug)
    queue_counts_forget(group.pk)
    if wants_json:
        return JsonResponse({"ok": True, "post": post.pk, "status": post.status})
    messages.success(
        request,
        _("Decision undone: the post is %(status)s again.")
        % {"status": post.get_status_display().lower()},
    )
    return _to_queue(request, group, filters, post.pk)


@require_POST
@group_view()
def queue_search(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    """The filter form: its search text goes in the session, the rest in the queue's URL."""
    filters = queue_filters(request.POST, membership=membership)
    for error in filters.errors:
        messages.error(request, error)  # the list will not see what was left out here
    return _to_queue(request, group, filters, None)


def _to_queue(
    request: HttpRequest, group: Group, filters: QueueFilters, post_id: int | None
) -> HttpResponse:
    query = query_without_search(filters, request.session)
    if post_id:
        query["post"] = str(post_id)
    return redirect(f"{reverse('queue', args=[group.slug])}?{urlencode(query)}")


@group_view()
def group_overview_view(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    return render(request, "groups/group_home.html", {"overview": group_overview(group=group)})


@group_view()
def queue_live_view(request: HttpRequest, group: Group, membership: Membership) -> JsonResponse:
    """Polled by the queue page: new posts for its filters, and its rows' current state."""
    filters = queue_filters(request.GET, membership=membership, session=request.session)
    latest = parse_id(request.GET.get("latest", "")) or 0
    raw_ids = str(request.GET.get("ids", ""))[:2000].split(",")
    live = queue_live(
        group_id=group.pk,
        filters=filters,
        latest=latest,
        row_ids=parse_ids(raw_ids),
        user_id=membership.user_id,
    )
    n = live["new"]
    live["counts"] = queue_counts(group_id=group.pk)["status"]
    # Surges begin without a reload too: the banner's HTML, as the page draws it.
    surges = surges_active(group=group)
    live["surges"] = render_to_string(
        "triage/_surges.html", {"surges": surges, "group": group}, request
    )
    # What the banner says, so that the page redraws it (and a screen reader reads it) only
    # when that changed.
    live["surges_key"] = ",".join(f"{s['cluster'].pk}:{s['cluster'].surge_copies}" for s in surges)
    live["message"] = (
        ngettext("%(n)s new post", "%(n)s new posts", n) % {"n": f"{n}+" if live["more"] else n}
        if n
        else ""
    )
    labels = dict(PostStatus.choices)
    for row in live["rows"].values():
        if filters.status != "all" and row["status"] != filters.status:
            row["note"] = _("Decided meanwhile: %(status)s") % {
                "status": str(labels.get(row["status"], row["status"])).lower()
            }
        elif row["claimed_by"]:
            row["note"] = _("%(u)s is on it") % {"u": row["claimed_by"]}
        else:
            row["note"] = ""
    return JsonResponse(live)


@group_view()
def post_author_view(
    request: HttpRequest, group: Group, membership: Membership, post_id: int
) -> HttpResponse:
    """The author drawer of a post (found by the post, so that no author's name is ever in a
    URL): GET shows it, POST (moderators) saves the note on the author."""
    post = get_post(membership, post_id)
    partial = bool(request.GET.get("partial") or request.POST.get("partial"))
    error = ""
    if request.method == "POST":
        try:
            author_note_set(
                membership=membership, post=post, note=str(request.POST.get("note", ""))
            )
        except DecisionRefused as exc:
            error = str(exc)
            if not membership.can_moderate:
                return HttpResponse(error, status=403)
        else:
            if not partial:
                messages.success(request, _("Note saved."))
                return redirect("post_author", slug=group.slug, post_id=post.pk)
    context = {
        **author_profile(group_id=group.pk, post=post),
        "post": post,
        "error": error,
        "can_note": membership.can_moderate,
    }
    template = "triage/_author.html" if partial else "triage/author.html"
    return render(request, template, context, status=400 if error else 200)
