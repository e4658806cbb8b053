"""The Model page (everyone sees it; admins retrain and roll back) and group keyword rules."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.decorators import group_view
from groups.models import Group, KeywordRule, Membership, Role
from triage.access import get_keyword_rule, get_model_version
from triage.audit.services import audit_record
from triage.models import Decision, ModelVersion
from triage.scoring.corpus import CATEGORIES, REMOVE, load_corpus
from triage.scoring.evaluate import metrics
from triage.scoring.explain import weights_summary
from triage.scoring.keywords import MAX_RULES, BadPattern, compile_rule
from triage.scoring.services import (
    ModelUnavailable,
    active_version,
    evaluate_on,
    load_pipeline,
    model_rollback,
    retrain_request,
)


def _agreement(group: Group) -> dict:
    """The model's scores at decision time against moderators' last 500 final decisions."""
    rows = list(
        Decision.objects.filter(group=group, action__in=["remove", "keep"], score__isnull=False)
        .order_by("-created_at")
        .values_list("action", "score")[:500]
    )
    if not rows:
        return {"posts": 0}
    y = [1 if a == "remove" else 0 for a, _ in rows]
    import numpy as np

    return metrics(
        y,
        np.array([s for _, s in rows]),
        thresholds=(float(group.review_threshold), float(group.removal_threshold)),
    )


def _held_out_at_group_thresholds(active: ModelVersion, group: Group, held: dict) -> dict:
    """The held-out metrics with precision and recall at this group's thresholds (training
    measured them at its own). Scoring the held-out posts takes a moment: cached."""
    thresholds = (float(group.review_threshold), float(group.removal_threshold))
    measured_at = (
        held.get("review", {}).get("threshold"),
        held.get("removal", {}).get("threshold"),
    )
    if measured_at == thresholds:
        return held
    key = f"varta:held-out:{active.version}:{thresholds[0]}:{thresholds[1]}"
    cached = cache.get(key)
    if cached is None:
        try:
            pipeline = load_pipeline(active)
        except ModelUnavailable:
            return held
        examples = [e for e in load_corpus() if e.held_out]
        cached = evaluate_on(
            pipeline, [e.text for e in examples], [e.category for e in examples], thresholds
        )
        cache.set(key, cached, 7 * 24 * 3600)
    return cached


@group_view()
def model_page(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    active = active_version(group.pk)
    weights = None
    if active is not None:
        try:
            weights = weights_summary(load_pipeline(active), top=12)
        except ModelUnavailable as exc:
            messages.error(request, str(exc))
    history = ModelVersion.objects.filter(Q(group=group) | Q(group__isnull=True)).order_by(
        "-created_at"
    )[:30]
    held = (active.metrics.get("held_out", {}) if active else {}) or {}
    if active is not None and held.get("roc_auc") is not None:
        held = _held_out_at_group_thresholds(active, group, held)
    return render(
        request,
        "triage/model/page.html",
        {
            "active": active,
            "held": held,
            "confusion": held.get("confusion"),
            "weights": weights,
            "history": history,
            "agreement": _agreement(group),
        },
    )


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
    errors: list[str] = []
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        pattern = request.POST.get("pattern", "").replace("\x00", "").strip()
        category = request.POST.get("category", "")
        try:
            weight = float(request.POST.get("weight", "0.2").replace(",", "."))
        except ValueError:
            weight = 99.0
        if kind not in KeywordRule.Kind.values:
            errors.append(_("Choose word, phrase or regular expression."))
        if not -1 <= weight <= 1:
            errors.append(_("The weight is a number from -1 to 1."))
        if category and category not in CATEGORIES:
            errors.append(_("Unknown category."))
        if group.keyword_rules.count() >= MAX_RULES:
            errors.append(
                _("A group has at most %(n)s keyword rules; delete one first.") % {"n": MAX_RULES}
            )
        if not errors:
            try:
                compile_rule(kind, pattern)
            except BadPattern as exc:
                errors.append(str(exc))
        if not errors:
            with transaction.atomic():
                rule = KeywordRule.objects.create(
                    group=group, kind=kind, pattern=pattern, weight=weight, category=category
                )
                audit_record(
                    group=group,
                    actor=membership.user,
                    action="keyword_rule.create",
                    obj=rule,
                    object_type="keyword_rule",
                    payload={
                        "kind": kind,
                        "pattern": pattern,
                        "weight": weight,
                        "category": category,
                    },
                )
            messages.success(
                request, _("Keyword rule added; it applies to posts scored from now on.")
            )
            return redirect("keyword_rules", slug=group.slug)
    return render(
        request,
        "triage/model/keywords.html",
        {
            "rules": group.keyword_rules.all(),
            "kinds": KeywordRule.Kind.choices,
            "categories": CATEGORIES,
            "remove_categories": REMOVE,
            "errors": errors,
            "values": request.POST,
        },
    )


@require_POST
@group_view(min_role=Role.ADMIN)
def keyword_rule_delete(
    request: HttpRequest, group: Group, membership: Membership, rule_id: int
) -> HttpResponse:
    rule = get_keyword_rule(membership, rule_id)
    with transaction.atomic():
        audit_record(
            group=group,
            actor=membership.user,
            action="keyword_rule.delete",
            object_type="keyword_rule",
            object_id=rule.pk,
            payload={"pattern": rule.pattern},
        )
        rule.delete()
    return redirect("keyword_rules", slug=group.slug)
