"""Group pages: home and switcher, members, settings (rules and reply templates)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from groups import services
from groups.access import can, get_api_token_for, groups_for_user
from groups.decorators import group_view
from groups.forms import (
    AddMemberForm,
    ApiTokenForm,
    GroupSettingsForm,
    ReplyTemplateForm,
    RoleForm,
    RuleForm,
)
from groups.models import ApiToken, Group, GroupRule, Membership, ReplyTemplate, Role
from triage.scoring.thresholds import thresholds_explained


@login_required
def home(request: HttpRequest) -> HttpResponse:
    groups = list(groups_for_user(request.user))
    if len(groups) == 1:
        return redirect("group_home", slug=groups[0].slug)
    return render(request, "groups/home.html", {"groups": groups})


@login_required
def switch(request: HttpRequest) -> HttpResponse:
    """The header's group switcher (a GET form, so it works without JavaScript)."""
    slug = request.GET.get("group", "")
    if not groups_for_user(request.user).filter(slug=slug).exists():
        raise Http404
    return redirect("group_home", slug=slug)


@group_view()
def group_home(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    # The queue is where moderators spend their day.
    return redirect("queue", slug=group.slug)


def _members_context(group: Group, membership: Membership, add_form: AddMemberForm) -> dict:
    members = group.memberships.select_related("user").order_by("user__username")
    owners = sum(1 for m in members if m.role == Role.OWNER)
    return {
        "members": members,
        "owners": owners,
        "add_form": add_form,
        "role_form": RoleForm(membership=membership),
        "is_admin": can(membership, Role.ADMIN),
        "is_owner": membership.role == Role.OWNER,
    }


@group_view()
def members(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    add_form = AddMemberForm(membership=membership)
    if request.method == "POST":
        if not can(membership, Role.ADMIN):
            raise PermissionDenied
        add_form = AddMemberForm(request.POST, membership=membership)
        if add_form.is_valid():
            try:
                new = services.membership_add(
                    actor_membership=membership,
                    identifier=add_form.cleaned_data["identifier"],
                    role=add_form.cleaned_data["role"],
                )
            except ValidationError as exc:
                add_form.add_error("identifier", exc)
            else:
                messages.success(
                    request,
                    _("%(user)s was added as %(role)s.")
                    % {"user": new.user.get_username(), "role": new.get_role_display()},
                )
                return redirect("group_members", slug=group.slug)
    return render(request, "groups/members.html", _members_context(group, membership, add_form))


def _target(group: Group, membership_id: int) -> Membership:
    target = Membership.objects.filter(pk=membership_id, group=group).first()
    if target is None:
        raise Http404
    return target


@require_POST
@group_view(min_role=Role.ADMIN)
def member_role(
    request: HttpRequest, group: Group, membership: Membership, membership_id: int
) -> HttpResponse:
    target = _target(group, membership_id)
    form = RoleForm(request.POST, membership=membership)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("group_members", slug=group.slug)
    try:
        services.membership_set_role(
            actor_membership=membership, membership_id=target.pk, role=form.cleaned_data["role"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Role changed."))
    return redirect("group_members", slug=group.slug)


@require_POST
@group_view()
def member_remove(
    request: HttpRequest, group: Group, membership: Membership, membership_id: int
) -> HttpResponse:
    target = _target(group, membership_id)
    leaving = target.pk == membership.pk
    try:
        services.membership_remove(actor_membership=membership, membership_id=target.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("group_members", slug=group.slug)
    if leaving:
        messages.success(request, _("You left the group."))
        return redirect("home")
    messages.success(request, _("Member removed."))
    return redirect("group_members", slug=group.slug)


@group_view(min_role=Role.ADMIN)
def group_settings(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    form = GroupSettingsForm(instance=Group.objects.get(pk=group.pk), membership=membership)
    if request.method == "POST":
        form = GroupSettingsForm(
            request.POST, instance=Group.objects.get(pk=group.pk), membership=membership
        )
        if form.is_valid():
            services.group_update_settings(actor_membership=membership, values=form.cleaned_data)
            messages.success(request, _("Settings saved."))
            return redirect("group_settings", slug=group.slug)
    templates = list(group.reply_templates.all())
    return render(
        request,
        "groups/settings.html",
        {
            "form": form,
            "rules": group.rules.all(),
            "templates": templates,
            "unfilled": [t for t in templates if services.reply_has_placeholder(t)],
            "thresholds": thresholds_explained(group),
        },
    )


@group_view(min_role=Role.ADMIN)
def rule_edit(
    request: HttpRequest, group: Group, membership: Membership, rule_id: int | None = None
) -> HttpResponse:
    instance = GroupRule.objects.filter(group=group, pk=rule_id).first() if rule_id else None
    if rule_id and instance is None:
        raise Http404
    form = RuleForm(request.POST or None, instance=instance, group=group)
    if request.method == "POST" and form.is_valid():
        services.rule_save(actor_membership=membership, rule_id=rule_id, values=form.cleaned_data)
        messages.success(request, _("Rule saved."))
        return redirect("group_settings", slug=group.slug)
    return render(request, "groups/rule_form.html", {"form": form, "rule": instance})


@group_view(min_role=Role.ADMIN)
def template_edit(
    request: HttpRequest, group: Group, membership: Membership, template_id: int | None = None
) -> HttpResponse:
    instance = (
        ReplyTemplate.objects.filter(group=group, pk=template_id).first() if template_id else None
    )
    if template_id and instance is None:
        raise Http404
    form = ReplyTemplateForm(request.POST or None, instance=instance, group=group)
    if request.method == "POST" and form.is_valid():
        services.reply_template_save(
            actor_membership=membership, template_id=template_id, values=form.cleaned_data
        )
        messages.success(request, _("Reply template saved."))
        return redirect("group_settings", slug=group.slug)
    return render(request, "groups/template_form.html", {"form": form, "template": instance})


@require_POST
@group_view(min_role=Role.ADMIN)
def template_delete(
    request: HttpRequest, group: Group, membership: Membership, template_id: int
) -> HttpResponse:
    if not ReplyTemplate.objects.filter(group=group, pk=template_id).exists():
        raise Http404
    services.reply_template_delete(actor_membership=membership, template_id=template_id)
    messages.success(request, _("Reply template deleted."))
    return redirect("group_settings", slug=group.slug)


_SHOW_ONCE = "varta-new-api-token"


@never_cache
@group_view(min_role=Role.ADMIN)
def token_list(request: HttpRequest, group: Group, membership: Membership) -> HttpResponse:
    if request.method == "POST":
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Name the token after the bot or script that will use it."))
        else:
            _token, plain = services.token_create(
                membership=membership, name=form.cleaned_data["name"]
            )
            # Shown once, on the page the redirect leads to: reloading it neither posts the
            # form again (a second token) nor shows the token again.
            request.session[_SHOW_ONCE] = plain
        return redirect("api_tokens", slug=group.slug)
    created = request.session.pop(_SHOW_ONCE, None)
    return render(
        request,
        "triage/imports/tokens.html",
        {"tokens": ApiToken.objects.filter(group=group), "created": created},
    )


@require_POST
@group_view(min_role=Role.ADMIN)
def token_revoke_view(
    request: HttpRequest, group: Group, membership: Membership, token_id: int
) -> HttpResponse:
    get_api_token_for(membership, token_id)
    if services.token_revoke(membership=membership, token_id=token_id):
        messages.success(request, _("Token revoked."))
    return redirect("api_tokens", slug=group.slug)
