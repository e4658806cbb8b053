"""The one place that decides who may do what in which group.

Every view, API route, job and export asks here. A group the user may not see
answers 404 (``Http404``), never 403: an outsider must not learn that a group,
post or export exists. A member whose role is too low for an action in a group
they can see gets ``PermissionDenied`` (403), since they already know the group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from groups.models import ROLE_RANK, ApiToken, Group, Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    AnyUser = User | AnonymousUser


def get_membership(user: AnyUser, group: Group) -> Membership | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return Membership.objects.filter(user=user, group=group).first()


def get_group_for_user(
    user: AnyUser, slug: str, *, min_role: str = Role.VIEWER
) -> tuple[Group, Membership]:
    """Return the group named by ``slug`` and the user's membership in it.

    Raises Http404 when the user is not a member (or the group does not exist),
    and PermissionDenied when the user is a member with a role below ``min_role``.
    """
    if min_role not in ROLE_RANK:
        raise ValueError(f"unknown role {min_role!r}")
    if not user.is_authenticated or not user.is_active:
        raise Http404
    membership = (
        Membership.objects.select_related("group").filter(user=user, group__slug=slug).first()
    )
    if membership is None:
        raise Http404
    if not membership.has_role(min_role):
        raise PermissionDenied
    return membership.group, membership


def get_membership_for_user_id(user_id: int | None, group_id: int, *, min_role: str) -> Membership:
    """For jobs: re-check, when the job runs, that its user may still act in the group.

    A job is enqueued by a user; by the time it runs, the user may have been
    removed from the group, demoted or deactivated. Raises PermissionDenied then.
    """
    membership = (
        Membership.objects.select_related("group", "user")
        .filter(user_id=user_id or 0, group_id=group_id, user__is_active=True)
        .first()
    )
    if membership is None or not membership.has_role(min_role):
        raise PermissionDenied(f"user {user_id} may no longer act in group {group_id}")
    return membership


def get_group_for_user_id(user_id: int, group_id: int, *, min_role: str) -> Group:
    """For jobs: the group, if its user may still act in it (see get_membership_for_user_id)."""
    return get_membership_for_user_id(user_id, group_id, min_role=min_role).group


def groups_for_user(user: AnyUser) -> QuerySet[Group]:
    if not user.is_authenticated or not user.is_active:
        return Group.objects.none()
    return Group.objects.filter(memberships__user=user).order_by("name")


def can(membership: Membership | None, min_role: str) -> bool:
    return membership is not None and membership.has_role(min_role)


def get_api_token(plain: str) -> ApiToken | None:
    """The active API token with this value, or None (the API answers 401 then)."""
    if not plain.startswith(ApiToken.PREFIX) or len(plain) > 200:
        return None
    return (
        ApiToken.objects.select_related("group")
        .filter(token_sha256=ApiToken.digest(plain), revoked_at__isnull=True)
        .first()
    )


def get_api_token_for(membership: Membership, token_id: int) -> ApiToken:
    """One of the member's group's API tokens (404 for another group's, or none)."""
    token = ApiToken.objects.filter(pk=token_id, group_id=membership.group_id).first()
    if token is None:
        raise Http404
    return token
