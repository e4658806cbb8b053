"""An import of reported posts: one batch, run by a background job, with its per-row errors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from triage.models.lease import Leased


class ImportBatch(Leased):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        # The file could not be read at all (broken JSON, no text column, ...);
        # nothing was imported.
        REFUSED = "refused", _("Refused")
        # The job died (worker killed, database gone); resumable.
        FAILED = "failed", _("Failed")

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    format = models.CharField(_("format"), max_length=20)
    requested_format = models.CharField(max_length=20, default="auto")
    filename = models.CharField(max_length=300, blank=True, default="")
    # Where the uploaded bytes wait for the job; removed once the batch is done.
    stored_path = models.CharField(max_length=500, blank=True, default="")
    file_sha256 = models.CharField(max_length=64, blank=True, default="")
    file_size = models.PositiveBigIntegerField(default=0)
    options = models.JSONField(default=dict, blank=True)  # column mapping, delimiter, ...

    total_rows = models.PositiveIntegerField(null=True, blank=True)
    # Rows below this number were committed; a resumed run starts here.
    rows_done = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    job_id = models.CharField(max_length=100, blank=True, default="")
    # Workers that claimed the batch since it last committed a chunk: a file that kills its
    # worker every time (out of memory) fails after MAX_IMPORT_ATTEMPTS, not resumed for ever.
    attempts = models.PositiveSmallIntegerField(default=0)
    # heartbeat_at (Leased): a running batch whose heartbeat is older than
    # VARTA_IMPORT_LEASE_SECONDS lost its worker and may be resumed.

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"import {self.pk} ({self.format}, {self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REFUSED}

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.total_rows:
            return 0
        return min(100, int(100 * self.rows_done / self.total_rows))


class ImportRowError(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="row_errors")
    row_number = models.PositiveIntegerField()
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["row_number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "row_number"], name="importrowerror_unique_row"
            )
        ]

    def __str__(self) -> str:
        return f"row {self.row_number}: {self.reason}"
