"""Writes for groups: create, members and roles, settings, rules, reply templates, API tokens.

Each service checks the acting member's role itself (views check too), runs in one
transaction and records an audit event in the group's chain.
"""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from groups import defaults
from groups.models import (
    ROLE_RANK,
    ApiToken,
    Group,
    GroupRule,
    Membership,
    Platform,
    ReplyTemplate,
    Role,
)
from triage.audit.services import audit_record
from triage.scoring.thresholds import suggested_thresholds

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SETTINGS_FIELDS = (
    "name",
    "description",
    "platform",
    "review_threshold",
    "removal_threshold",
    "retention_days",
    "require_two_factor",
    "campaign_auto_remove",
    "campaign_bank",
    "surge_copies",
    "surge_minutes",
)


@transaction.atomic
def group_create(
    *,
    name: str,
    slug: str,
    platform: str = Platform.FACEBOOK,
    description: str = "",
    owner: User | None = None,
    actor: User | None = None,
) -> Group:
    """Create a group with the default rules and the default reply templates, and the review
    and removal thresholds the active base model measured (triage.scoring.thresholds)."""
    review, removal = suggested_thresholds()
    group = Group(
        name=name,
        slug=slug,
        platform=platform,
        description=description,
        review_threshold=review,
        removal_threshold=removal,
    )
    group.full_clean()
    group.save()
    # Rules are created in Ukrainian, the language of the groups Varta serves;
    # admins rename them on the settings page.
    with override("uk"):
        for position, (code, title, description_text) in enumerate(defaults.DEFAULT_RULES):
            GroupRule.objects.create(
                group=group,
                code=code,
                title=str(title),
                description=str(description_text),
                position=position,
            )
    ReplyTemplate.objects.create(
        group=group,
        name=defaults.DEFAULT_REPLY_NAME,
        language=ReplyTemplate.Language.UK,
        body=defaults.DEFAULT_REPLY_UK,
        is_default=True,
    )
    ReplyTemplate.objects.create(
        group=group,
        name=defaults.DEFAULT_REPLY_NAME,
        language=ReplyTemplate.Language.EN,
        body=defaults.DEFAULT_REPLY_EN,
        is_default=True,
    )
    audit_record(
        group=group,
        actor=actor,
        action="group.create",
        obj=group,
        payload={
            "name": name,
            "slug": slug,
            "platform": platform,
            "review_threshold": str(review),
            "removal_threshold": str(removal),
        },
    )
    if owner is not None:
        Membership.objects.create(user=owner, group=group, role=Role.OWNER)
        audit_record(
            group=group,
            actor=actor,
            action="membership.add",
            object_type="user",
            object_id=owner.pk,
            payload={"username": owner.get_username(), "role": Role.OWNER},
        )
    return group


def _require(actor_membership: Membership, min_role: str) -> None:
    if not actor_membership.has_role(min_role):
        raise PermissionDenied


def _check_may_grant(actor_membership: Membership, role: str) -> None:
    # Admins manage moderators and viewers (and other admins); only owners can
    # make or unmake owners.
    if role not in ROLE_RANK:
        raise ValidationError(_("Unknown role."))
    if role == Role.OWNER and actor_membership.role != Role.OWNER:
        raise PermissionDenied


def find_user(identifier: str) -> User:
    """An existing, active user by username or e-mail (case-insensitive)."""
    identifier = identifier.strip()
    if not identifier:
        raise ValidationError(_("Enter a username or an e-mail address."))
    users = get_user_model().objects.filter(
        Q(username__iexact=identifier) | Q(email__iexact=identifier), is_active=True
    )
    found = list(users[:2])
    if len(found) != 1:
        # One message for "none" and "ambiguous": do not help enumerate accounts.
        raise ValidationError(_("No single active user has that username or e-mail."))
    return found[0]


@transaction.atomic
def membership_add(*, actor_membership: Membership, identifier: str, role: str) -> Membership:
    _require(actor_membership, Role.ADMIN)
    _check_may_grant(actor_membership, role)
    group = actor_membership.group
    user = find_user(identifier)
    if Membership.objects.filter(group=group, user=user).exists():
        raise ValidationError(_("%(user)s is already a member.") % {"user": user.get_username()})
    membership = Membership.objects.create(group=group, user=user, role=role)
    audit_record(
        group=group,
        actor=actor_membership.user,
        action="membership.add",
        object_type="user",
        object_id=user.pk,
        payload={"username": user.get_username(), "role": role},
    )
    return membership


def _lock_owners(group: Group) -> int:
    # Lock every owner row: two admins demoting the last two owners at once must
    # not both succeed.
    return len(
        list(
            Membership.objects.select_for_update()
            .filter(group=group, role=Role.OWNER)
            .values_list("pk", flat=True)
        )
    )


@transaction.atomic
def membership_set_role(
    *, actor_membership: Membership, membership_id: int, role: str
) -> Membership:
    _require(actor_membership, Role.ADMIN)
    _check_may_grant(actor_membership, role)
    group = actor_membership.group
    owners = _lock_owners(group)
    target = (
        Membership.objects.select_for_update()
        .select_related("user")
        .get(pk=membership_id, group=group)
    )
    if target.role == role:
        return target
    if target.role == Role.OWNER:
        if actor_membership.role != Role.OWNER:
            raise PermissionDenied
        if owners <= 1:
            raise ValidationError(_("The group must keep at least one owner."))
    old = target.role
    target.role = role
    target.save(update_fields=["role"])
    audit_record(
        group=group,
        actor=actor_membership.user,
        action="membership.role",
        object_type="user",
        object_id=target.user_id,
        payload={"username": target.user.get_username(), "from": old, "to": role},
    )
    return target


@transaction.atomic
def membership_remove(*, actor_membership: Membership, membership_id: int) -> None:
    group = actor_membership.group
    owners = _lock_owners(group)
    target = (
        Membership.objects.select_for_update()
        .select_related("user")
        .get(pk=membership_id, group=group)
    )
    # Anyone may leave; removing others takes an admin, removing an owner an owner.
    if target.pk != actor_membership.pk:
        _require(actor_membership, Role.ADMIN)
        if target.role == Role.OWNER and actor_membership.role != Role.OWNER:
            raise PermissionDenied
    if target.role == Role.OWNER and owners <= 1:
        raise ValidationError(_("The last owner cannot be removed."))
    username = target.user.get_username()
    user_id = target.user_id
    target.delete()
    audit_record(
        group=group,
        actor=actor_membership.user,
        action="membership.remove",
        object_type="user",
        object_id=user_id,
        payload={"username": username},
    )


def _changes(instance: Any, fields: tuple[str, ...], values: dict[str, Any]) -> dict[str, Any]:
    changed = {}
    for field in fields:
        if field in values and getattr(instance, field) != values[field]:
            changed[field] = {"from": str(getattr(instance, field)), "to": str(values[field])}
            setattr(instance, field, values[field])
    return changed


@transaction.atomic
def group_update_settings(*, actor_membership: Membership, values: dict[str, Any]) -> Group:
    _require(actor_membership, Role.ADMIN)
    group = Group.objects.select_for_update().get(pk=actor_membership.group_id)
    if actor_membership.role != Role.OWNER:
        # Only an owner weakens what protects the owners' own accounts.
        values = {k: v for k, v in values.items() if k != "require_two_factor"}
    changed = _changes(group, SETTINGS_FIELDS, values)
    if changed:
        group.full_clean()
        group.save(update_fields=list(changed))
        audit_record(
            group=group,
            actor=actor_membership.user,
            action="group.settings",
            obj=group,
            payload={"changed": changed},
        )
    return group


@transaction.atomic
def rule_save(
    *, actor_membership: Membership, rule_id: int | None, values: dict[str, Any]
) -> GroupRule:
    """Create (``rule_id=None``) or update one of the acting member's group's rules."""
    _require(actor_membership, Role.ADMIN)
    group = actor_membership.group
    fields = ("code", "title", "description", "position", "is_active")
    if rule_id is None:
        rule = GroupRule(group=group, **{f: values[f] for f in fields if f in values})
        rule.full_clean()
        rule.save()
        action = "rule.create"
        payload: dict[str, Any] = {"code": rule.code, "title": rule.title}
    else:
        rule = GroupRule.objects.select_for_update().get(pk=rule_id, group=group)
        changed = _changes(rule, fields, values)
        if not changed:
            return rule
        rule.full_clean()
        rule.save()
        action, payload = "rule.update", {"code": rule.code, "changed": changed}
    audit_record(group=group, actor=actor_membership.user, action=action, obj=rule, payload=payload)
    return rule


@transaction.atomic
def reply_template_save(
    *, actor_membership: Membership, template_id: int | None, values: dict[str, Any]
) -> ReplyTemplate:
    _require(actor_membership, Role.ADMIN)
    group = actor_membership.group
    fields = ("name", "language", "body", "is_default")
    if template_id is None:
        template = ReplyTemplate(group=group, **{f: values[f] for f in fields if f in values})
        template.full_clean()
        template.save()
        action = "reply_template.create"
        payload: dict[str, Any] = {"name": template.name}
    else:
        template = ReplyTemplate.objects.select_for_update().get(pk=template_id, group=group)
        changed = _changes(template, fields, values)
        if not changed:
            return template
        template.full_clean()
        template.save()
        # The body itself is not logged: only that it changed.
        action = "reply_template.update"
        payload = {"name": template.name, "changed": sorted(changed)}
    audit_record(
        group=group, actor=actor_membership.user, action=action, obj=template, payload=payload
    )
    return template


@transaction.atomic
def reply_template_delete(*, actor_membership: Membership, template_id: int) -> None:
    _require(actor_membership, Role.ADMIN)
    group = actor_membership.group
    template = ReplyTemplate.objects.get(pk=template_id, group=group)
    name = template.name
    template.delete()
    audit_record(
        group=group,
        actor=actor_membership.user,
        action="reply_template.delete",
        object_type="replytemplate",
        object_id=template_id,
        payload={"name": name},
    )


_PLACEHOLDER = re.compile(r"\{(author|group|rule)\}")


def reply_render(template: ReplyTemplate, *, author: str, group: Group, rule: str) -> str:
    """Fill the template's placeholders. Only these three names, only plain text.

    Not ``str.format``: a template written by an admin must not be able to
    reach object attributes (``{author.__class__}``).
    """
    values = {"author": author.strip() or _("friend"), "group": group.name, "rule": rule}
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template.body)


def reply_has_placeholder(template: ReplyTemplate) -> bool:
    return any(p in template.body for p in defaults.PLACEHOLDERS)


# API tokens: created and revoked by admins, stored as sha256, shown once.
def token_create(*, membership: Membership, name: str) -> tuple[ApiToken, str]:
    """A new token; the plain value is returned once and never stored."""
    plain = ApiToken.PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            group=membership.group,
            name=name[:100],
            prefix=plain[: len(ApiToken.PREFIX) + 6],
            token_sha256=ApiToken.digest(plain),
            created_by=membership.user,
        )
        audit_record(
            group=membership.group,
            actor=membership.user,
            action="api_token.create",
            obj=token,
            object_type="api_token",
            payload={"name": token.name, "prefix": token.prefix},
        )
    return token, plain


def token_revoke(*, membership: Membership, token_id: int) -> bool:
    with transaction.atomic():
        updated = ApiToken.objects.filter(
            pk=token_id, group_id=membership.group_id, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if updated:
            audit_record(
                group=membership.group,
                actor=membership.user,
                action="api_token.revoke",
                object_type="api_token",
                object_id=token_id,
                payload={},
            )
    return bool(updated)
