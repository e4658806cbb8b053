from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from triage.models import AuditEvent, ImportBatch, Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    # Staff see metadata, not the text: the admin is no back door around masking.
    list_display = ["id", "group", "source", "status", "score", "category", "report_count"]
    list_filter = ["status", "source", "group"]
    exclude = ["text", "author", "author_external_id", "permalink"]
    readonly_fields = ["text_sha256", "dedupe_key"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["id", "group", "format", "status", "imported", "duplicates", "rejected"]
    list_filter = ["status", "format"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["id", "group", "seq", "created_at", "actor_name", "action", "object_type"]
    list_filter = ["action", "group"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
