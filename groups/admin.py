"""Django admin for staff: read-only for groups and their members, rules and templates.

Every change to a group (roles, settings, rules, templates) goes through groups.services, which
keeps the owner rules and writes the audit log; the admin would bypass both. Staff look here;
they change things on the group's own pages.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from groups.models import Group, GroupRule, Membership, ReplyTemplate


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(ReadOnly, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class GroupRuleInline(ReadOnly, admin.TabularInline):
    model = GroupRule
    extra = 0


@admin.register(Group)
class GroupAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "slug", "platform", "retention_days", "created_at"]
    search_fields = ["name", "slug"]
    list_filter = ["platform"]
    inlines = [MembershipInline, GroupRuleInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["user", "group", "role", "created_at"]
    list_filter = ["role", "group"]
    search_fields = ["user__username", "user__email", "group__name"]
    autocomplete_fields = ["user", "group"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "group", "language", "is_default"]
    list_filter = ["language", "group"]
