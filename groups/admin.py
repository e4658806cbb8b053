from django.contrib import admin

from groups.models import Group, GroupRule, Membership, ReplyTemplate


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class GroupRuleInline(admin.TabularInline):
    model = GroupRule
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "platform", "retention_days", "created_at"]
    search_fields = ["name", "slug"]
    list_filter = ["platform"]
    inlines = [MembershipInline, GroupRuleInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "role", "created_at"]
    list_filter = ["role", "group"]
    search_fields = ["user__username", "user__email", "group__name"]
    autocomplete_fields = ["user", "group"]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "language", "is_default"]
    list_filter = ["language", "group"]
