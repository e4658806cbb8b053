"""Versions of the scoring model: what was trained on what, how well it does, which is live."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelVersion(models.Model):
    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")  # trained, being evaluated
        ACTIVE = "active", _("Active")  # scores this group's posts
        RETIRED = "retired", _("Retired")  # was active; can be rolled back to
        REJECTED = "rejected", _("Rejected")  # worse than the active one; see notes

    # NULL group: the base model trained on the shipped corpus alone, used by
    # groups that have no model of their own yet.
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="model_versions",
    )
    version = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CANDIDATE)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    training_data_sha256 = models.CharField(max_length=64)
    counts = models.JSONField(default=dict, blank=True)  # rows per label / category / source
    metrics = models.JSONField(default=dict, blank=True)
    library_versions = models.JSONField(default=dict, blank=True)
    artifact_path = models.CharField(max_length=500)  # relative to settings.MODEL_DIR
    artifact_sha256 = models.CharField(max_length=64)
    notes = models.TextField(blank=True, default="")
    promoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("model version")
        verbose_name_plural = _("model versions")
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(status="active"),
                name="modelversion_one_active_per_group",
            ),
            # NULLs are distinct in a unique index: the base model needs its own.
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="active", group__isnull=True),
                name="modelversion_one_active_base",
            ),
        ]

    def __str__(self) -> str:
        return self.version
