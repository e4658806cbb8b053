"""The platform outbox: what a removal still has to do on Facebook or Telegram."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformAction(models.Model):
    class Kind(models.TextChoices):
        TELEGRAM_DELETE = "telegram_delete", _("Delete the Telegram message")
        TELEGRAM_BAN = "telegram_ban", _("Ban the author on Telegram")
        TELEGRAM_RESTRICT = "telegram_restrict", _("Restrict the author on Telegram")
        MANUAL_REMOVE = "manual_remove", _("Remove on the platform by hand")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        NOT_POSSIBLE = "not_possible", _("Not possible")
        CANCELLED = "cancelled", _("Cancelled")

    # The post's group, copied for platformaction_work; without a constraint or an index of
    # its own, as Decision.group (see there).
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # Indexed by platformaction_one_per_post_kind, which begins with it.
    post = models.ForeignKey(
        "triage.Post", on_delete=models.CASCADE, related_name="platform_actions", db_index=False
    )
    # Without a database constraint: see Decision.follows.
    decision = models.ForeignKey(
        "triage.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    chat_id = models.BigIntegerField(null=True, blank=True)
    message_id = models.BigIntegerField(null=True, blank=True)
    target_user_id = models.BigIntegerField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A worker that claimed the action holds it until then; after that a crashed
    # worker's claim is taken back (see triage.platforms.runner).
    leased_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "kind"], name="platformaction_one_per_post_kind"
            )
        ]
        indexes = [
            models.Index(fields=["group", "status", "kind"], name="platformaction_work"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} post {self.post_id}: {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.IN_PROGRESS, self.Status.FAILED)
