"""The Model page (everyone sees it; admins retrain and roll back) and group keyword rules."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from redis.exceptions import RedisError

from groups.decorators import group_view
from groups.models import Group, KeywordRule, Membership, Role
from triage.access import get_keyword_rule, get_model_version
from triage.scoring.corpus import CATEGORIES, REMOVE
from triage.scoring.forms import KeywordRuleForm
from triage.scoring.selectors import model_overview
from triage.scoring.services import (
    ModelUnavailable,
    keyword_rule_create,
    keyword_rule_delete,
    model_rollback,
    retrain_request,
    retrain_state,
)


@group_view()
def model_page(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    overview = model_overview(group)
    if overview["error"]:
        messages.error(request, overview["error"])
    try:
        retraining = retrain_state(group_id=group.pk)["state"] in {"queued", "running"}
    except RedisError:
        retraining = False
    return render(request, "triage/model/page.html", {**overview, "retraining": retraining})


@require_POST
@group_view(min_role=Role.ADMIN)
def model_retrain(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    if retrain_request(membership=membership):
        messages.success(
            request, _("Retraining started; the new version appears here when it is ready.")
        )
    else:
        messages.info(request, _("A retraining of this group is already queued or running."))
    return redirect("model_page", slug=group.slug)


@require_POST
@group_view(min_role=Role.ADMIN)
def model_rollback_view(
    request: HttpRequest, group: Group, membership: Membership, version_id: int
) -> HttpResponse:
    version = get_model_version(membership, version_id)
    if version.group_id is None:
        messages.error(request, _("The shared base model is managed by the server's operators."))
        return redirect("model_page", slug=group.slug)
    try:
        model_rollback(group=group, version_id=version.pk, actor=membership.user)
    except ModelUnavailable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Rolled back to %(v)s.") % {"v": version.version})
    return redirect("model_page", slug=group.slug)


@group_view(min_role=Role.ADMIN)
def keyword_rules(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    form = KeywordRuleForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        keyword_rule_create(membership=membership, data=form.cleaned_data)
        messages.success(request, _("Keyword rule added; it applies to posts scored from now on."))
        return redirect("keyword_rules", slug=group.slug)
    return render(
        request,
        "triage/model/keywords.html",
        {
            "rules": group.keyword_rules.all(),
            "kinds": KeywordRule.Kind.choices,
            "categories": CATEGORIES,
            "remove_categories": REMOVE,
            "errors": form.messages if form.is_bound else [],
            "values": request.POST,
        },
    )


@require_POST
@group_view(min_role=Role.ADMIN)
def keyword_rule_delete_view(
    request: HttpRequest, group: Group, membership: Membership, rule_id: int
) -> HttpResponse:
    keyword_rule_delete(membership=membership, rule=get_keyword_rule(membership, rule_id))
    return redirect("keyword_rules", slug=group.slug)


_PHASE_LABELS = {
    "reading": gettext_lazy("reading the corpus and this group's decisions"),
    "training": gettext_lazy("training"),
    "evaluating": gettext_lazy("measuring it on every evaluation set"),
    "deciding": gettext_lazy("comparing it with the active version"),
}


@group_view()
def model_retrain_status(
    request: HttpRequest, group: Group, membership: Membership
) -> JsonResponse:
    """The group's retraining, polled by the Model page while one is queued or running."""
    try:
        state = retrain_state(group_id=group.pk)
    except RedisError:
        state = {"state": "unknown"}
    if state["state"] == "running":
        state["text"] = _("Retraining: %(phase)s (step %(step)d of %(steps)d), %(s)d s so far.") % {
            "phase": _PHASE_LABELS[state["phase"]],
            "step": state["step"],
            "steps": state["steps"],
            "s": state["elapsed"],
        }
    elif state["state"] == "queued":
        state["text"] = _("Retraining is queued: it starts when a worker is free.")
    else:
        state["text"] = ""
    return JsonResponse(state)
