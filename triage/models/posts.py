"""Reported posts and comments: one row per item, however many times it is reported."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    PASTE = "paste", _("Paste")
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("XLSX")
    JSON = "json", _("JSON")
    JSONL = "jsonl", _("JSON Lines")
    TELEGRAM = "telegram", _("Telegram export")
    FACEBOOK = "facebook", _("Facebook export")
    API = "api", _("HTTP API")


class PostStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    REMOVED = "removed", _("Removed")
    KEPT = "kept", _("Kept")
    ESCALATED = "escalated", _("Escalated")


class Campaign(models.TextChoices):
    """Why a post is where it is in the queue because of its cluster's earlier decision
    (triage.campaigns)."""

    NONE = "", _("none")
    COPY = "copy", _("Copy of a removed campaign")
    AUTO = "auto", _("Removed automatically")
    SIMILAR_KEPT = "similar_kept", _("Similar to a kept post")
    SURGE = "surge", _("Part of a surge")
    BANK = "bank", _("Matches a campaign removed by another group")


# Added to the rank of a copy of a removed campaign, or of a surge: above every score (an
# unscored copy's too), so that it is first in the queue's default order (and its cluster's
# head).
CAMPAIGN_LIFT = 3.0


class Post(models.Model):
    # No index of its own: every composite index below starts with the group. (Each index of
    # this table is written again on every score, cluster and decision update on PostgreSQL.)
    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, related_name="posts", db_index=False
    )
    batch = models.ForeignKey(
        "triage.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # The platform's own id (Telegram: "<chat id>:<message id>"); "" when unknown.
    external_id = models.CharField(_("external id"), max_length=200, blank=True, default="")
    # Without an external id, sha256 of the normalised text and author: the same
    # text from the same author is the same post.
    dedupe_key = models.CharField(max_length=64, blank=True, default="")
    # Comments and replies are items too, tied to their post.
    # Indexed only where set (Meta.indexes), like the claim and the cluster.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
        db_index=False,
    )
    parent_external_id = models.CharField(max_length=200, blank=True, default="")
    is_comment = models.BooleanField(default=False)

    author = models.CharField(_("author"), max_length=300, blank=True, default="")
    author_external_id = models.CharField(max_length=200, blank=True, default="")
    permalink = models.URLField(_("permalink"), max_length=1000, blank=True, default="")
    text = models.TextField(_("text"))
    # sha256 of the text as imported; survives the retention purge as evidence.
    text_sha256 = models.CharField(max_length=64)
    forwarded_from = models.CharField(max_length=300, blank=True, default="")
    media = models.JSONField(default=list, blank=True)  # placeholders only, never files
    # Perceptual hashes of the post's photos, 32 bytes each (triage.campaigns.images): computed
    # in memory at import, the photos themselves never kept.
    image_hashes = models.BinaryField(default=b"", db_default=b"", blank=True, editable=False)

    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True, db_index=True)
    report_count = models.PositiveIntegerField(_("reports"), default=1)
    report_reasons = models.JSONField(default=list, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.PENDING
    )
    # Scoring (filled by triage.scoring); NULL until scored.
    score = models.FloatField(_("score"), null=True, blank=True)
    # The queue's sort key, computed by the database: the score, or -1 while
    # unscored (so unscored posts sort last), lifted above every score for a copy of a
    # removed campaign. A stored generated column, so the queue index holds it and every
    # backend can use that index for ORDER BY.
    rank = models.GeneratedField(
        expression=Coalesce(models.F("score"), models.Value(-1.0))
        + models.Case(
            models.When(
                campaign__in=[Campaign.COPY, Campaign.SURGE, Campaign.BANK],
                then=models.Value(CAMPAIGN_LIFT),
            ),
            default=models.Value(0.0),
            output_field=models.FloatField(),
        ),
        output_field=models.FloatField(),
        db_persist=True,
    )
    # Set when the post joined a cluster that had been decided (triage.campaigns).
    campaign = models.CharField(
        _("campaign"),
        max_length=20,
        choices=Campaign.choices,
        blank=True,
        default="",
        db_default="",
    )
    category = models.CharField(_("category"), max_length=40, blank=True, default="")
    reasons = models.JSONField(default=list, blank=True)
    model_version = models.CharField(max_length=40, blank=True, default="")
    scored_at = models.DateTimeField(null=True, blank=True)

    # Optimistic concurrency: every state change bumps it; a decision names the
    # version it saw and is refused if it moved.
    version = models.PositiveIntegerField(default=0)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    claimed_until = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    # Near-duplicate clustering (triage.clusters.services). The queue shows one row per
    # cluster: its head, the best-ranked pending copy.
    # Indexed only where set (Meta.indexes): most posts are in no cluster, and a full index
    # both costs every insert and, once the database has measured it, looks useless to
    # SQLite's planner, which then scans the table for one cluster's copies.
    cluster = models.ForeignKey(
        "triage.Cluster",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        db_index=False,
    )
    is_cluster_head = models.BooleanField(default=True)
    # Its MinHash signature is not here but in PostSignature, written when it is clustered:
    # an update of this row (about 1 KB, with its text) reaches ten of its indexes, 50-70 ms
    # a chunk of 1,000 on PostgreSQL, where inserting the signatures elsewhere takes 10.

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="post_unique_external_id",
            ),
            models.UniqueConstraint(
                fields=["group", "dedupe_key"],
                condition=models.Q(external_id=""),
                name="post_unique_dedupe_key",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=1),
                name="post_score_is_probability",
            ),
        ]
        indexes = [
            # The queue: pending posts of a group by rank (score, unscored last),
            # then reports, then age. triage.queue.selectors orders by exactly these columns.
            models.Index(
                fields=[
                    "group",
                    "status",
                    "is_cluster_head",
                    "-rank",
                    "-report_count",
                    "imported_at",
                    "id",
                ],
                name="post_queue_order",
            ),
            # The queue's other orders (triage.queue.selectors.SORTS): newest and oldest (one
            # index, read either way), and the most reported.
            models.Index(
                fields=["group", "status", "is_cluster_head", "imported_at", "id"],
                name="post_queue_time",
            ),
            models.Index(
                fields=[
                    "group",
                    "status",
                    "is_cluster_head",
                    "-report_count",
                    "-rank",
                    "imported_at",
                    "id",
                ],
                name="post_queue_reports",
            ),
            # The intake sweep's look for new posts a killed worker left unscored: a small
            # partial index, since almost every post is scored (the unclustered ones are
            # listed in UnclusteredPost).
            models.Index(
                fields=["imported_at"],
                condition=models.Q(scored_at__isnull=True),
                name="post_unscored",
            ),
            models.Index(fields=["group", "author"], name="post_group_author"),
            models.Index(
                fields=["cluster"],
                condition=models.Q(cluster__isnull=False),
                name="post_cluster",
            ),
            # A cluster's head, one row of however many copies (the surges on every queue
            # page read it: through post_cluster, a family of 20,000 copies took 12 ms).
            models.Index(
                fields=["cluster"],
                condition=models.Q(is_cluster_head=True),
                name="post_cluster_head",
            ),
            models.Index(
                fields=["parent"],
                condition=models.Q(parent__isnull=False),
                name="post_parent",
            ),
            models.Index(
                fields=["claimed_by"],
                condition=models.Q(claimed_by__isnull=False),
                name="post_claimed_by",
            ),
            models.Index(
                fields=["group", "cluster"],
                condition=models.Q(cluster__isnull=False),
                name="post_group_cluster",
            ),
            models.Index(fields=["group", "batch"], name="post_group_batch"),
            models.Index(fields=["group", "parent_external_id"], name="post_group_parent_ext"),
        ]

    def __str__(self) -> str:
        return f"post {self.pk} in {self.group_id}"

    @property
    def is_decided(self) -> bool:
        return self.status != PostStatus.PENDING


class PostToDecide(NamedTuple):
    """What a decision made in bulk reads of a post: its decision's snapshot (status and version
    before, the model's verdict) and its platform action (where it came from). A plain tuple:
    a model instance each (Django's ``from_db``, deferred fields) cost a 10,000-post bulk
    removal a tenth of its time."""

    pk: int
    status: str
    version: int
    cluster_id: int | None
    score: float | None
    category: str
    model_version: str
    reasons: Any
    external_id: str
    author_external_id: str
    source: str

    @classmethod
    def read(cls, posts: models.QuerySet[Post]) -> list[PostToDecide]:
        """The posts in id order (lock them first with ``select_for_update``)."""
        return [cls(*row) for row in posts.order_by("id").values_list(*cls._fields)]


class AuthorNote(models.Model):
    """Moderators' note on an author of the group (the author drawer): one per author, the
    latest text; every change is audited (without the text)."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    author = models.CharField(max_length=300)
    note = models.TextField(max_length=2000, blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "author"], name="authornote_one_per_author")
        ]

    def __str__(self) -> str:
        return f"note on an author of group {self.group_id}"
