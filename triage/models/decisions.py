"""Decisions on posts, one row each, and the bulk operations that make many at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from triage.models.lease import Leased


class DecisionAction(models.TextChoices):
    REMOVE = "remove", _("Remove")
    KEEP = "keep", _("Keep")
    ESCALATE = "escalate", _("Escalate")
    # Undo of a bulk operation: the post goes back to pending.
    REOPEN = "reopen", _("Reopen")


class BulkOperation(Leased):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=DecisionAction.choices)
    rule = models.ForeignKey(
        "groups.GroupRule", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True, default="")
    # What was selected: {"kind": "ids"|"filter"|"cluster", ...}; never post text.
    criteria = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    # Posts the preview promised; the operation decides only those still pending.
    expected = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    job_id = models.CharField(max_length=100, blank=True, default="")
    # heartbeat_at (Leased): a running operation whose worker has said nothing for
    # triage.bulk.services.LEASE died, and the sweep runs it again.
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"bulk {self.action} #{self.pk}"


class Decision(models.Model):
    # The post's group, copied for the group's indexes below. Without a database constraint
    # or an index of its own: the post's foreign key already ties the row to a post of the
    # group, and Django's cascade deletes the decisions with their group (it does not need the
    # constraint). Each constraint is a lookup at commit per row written, and a 10,000-post
    # bulk removal writes 30,000 rows (a tenth of a second of its 2 s on PostgreSQL).
    group = models.ForeignKey(
        "groups.Group",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    post = models.ForeignKey("triage.Post", on_delete=models.CASCADE, related_name="decisions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True, default="")
    action = models.CharField(max_length=20, choices=DecisionAction.choices)
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    # The post's version after this decision: an undo applies only while the
    # post still has it (nobody decided again since).
    post_version = models.PositiveIntegerField()
    rule = models.ForeignKey(
        "groups.GroupRule", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule_title = models.CharField(max_length=200, blank=True, default="")
    note = models.TextField(blank=True, default="")
    bulk = models.ForeignKey(
        BulkOperation, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Made by Varta, not by a person: a copy of a removed campaign removed by the group's
    # campaign rule, following the moderator's decision ``follows`` on its cluster.
    automatic = models.BooleanField(default=False, db_default=False)
    # Without a database constraint, as PlatformAction.decision: both name decisions written
    # in the same transaction, by the thousand in a bulk removal or a campaign's automatic
    # removals. PostgreSQL checks each such row at commit with a plan it keeps for the
    # connection's life, and a plan made while the decisions table was small (a new install,
    # or statistics taken then) reads the whole table for every row: a 10,000-post removal
    # took 4.5-8 s instead of 1.9 s, longer each time. Django's SET_NULL does not need it.
    follows = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    # What the model said when the moderator decided (for audit and agreement).
    score = models.FloatField(null=True, blank=True)
    category = models.CharField(max_length=40, blank=True, default="")
    model_version = models.CharField(max_length=40, blank=True, default="")
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["group", "created_at"], name="decision_group_created"),
            models.Index(fields=["group", "actor", "created_at"], name="decision_group_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.action} post {self.post_id}"


class Appeal(models.Model):
    """An author's appeal against a removal, recorded by an admin; decided (upheld or
    overturned) by an admin other than the moderator who removed the post."""

    class Channel(models.TextChoices):
        PLATFORM = "platform", _("A message on the platform")
        EMAIL = "email", _("E-mail")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld (the removal stands)")
        OVERTURNED = "overturned", _("Overturned (the post is kept)")

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("triage.Post", on_delete=models.CASCADE, related_name="appeals")
    removal = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=4000)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(max_length=2000, blank=True, default="")

    class Meta:
        constraints = [
            # One open appeal per post at a time.
            models.UniqueConstraint(
                fields=["post"], condition=models.Q(status="open"), name="appeal_one_open_per_post"
            )
        ]
        indexes = [models.Index(fields=["group", "status", "recorded_at"], name="appeal_queue")]

    def __str__(self) -> str:
        return f"appeal {self.pk} on post {self.post_id}"
