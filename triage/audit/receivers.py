"""The one signal receiver: a group member's login goes to each of their groups' audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from groups.models import Group
from triage.audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="varta_audit_login")
def record_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    for group in Group.objects.filter(memberships__user=user):
        audit_record(group=group, actor=user, action="auth.login", obj=user, object_type="user")
