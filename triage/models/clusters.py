"""Near-duplicate clusters: copies of one viral post with small edits (triage.clusters)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Cluster(models.Model):
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    size = models.PositiveIntegerField(default=1)
    # How many of its posts keep their LSH bands (see triage.clusters.services.REPRESENTATIVES):
    # kept here so that clustering a copy never counts a campaign's rows.
    representatives = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    # The campaign's verdict (triage.campaigns): "removed" once every copy was removed, "kept"
    # once every copy was kept; cleared when moderators disagree (a copy kept of a removed
    # campaign, or the reverse). ``verdict_decision`` is the moderator's decision that later
    # copies follow; ``verdict_rule`` the rule it cited.
    verdict = models.CharField(max_length=10, blank=True, default="", db_default="")
    verdict_decision = models.ForeignKey(
        "triage.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verdict_rule = models.ForeignKey(
        "groups.GroupRule", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verdict_at = models.DateTimeField(null=True, blank=True)
    # Surges (triage.campaigns): when the cluster last gained the group's surge_copies within
    # its surge_minutes (its copies counted; while a surge goes on, at most a minute apart,
    # surge_copies carried forward by the newcomers in between), and when that run of copies
    # began. A surge lasts while copies keep coming that fast, and surge_minutes after.
    surge_started_at = models.DateTimeField(null=True, blank=True)
    surge_seen_at = models.DateTimeField(null=True, blank=True)
    surge_copies = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        indexes = [
            models.Index(fields=["group", "-size"], name="cluster_group_size"),
            # The queue's surges (triage.campaigns.services.surges_active), on every page: the
            # few clusters with a surge, not every cluster of the group.
            models.Index(
                fields=["group", "surge_seen_at"],
                condition=models.Q(surge_seen_at__isnull=False),
                name="cluster_surging",
            ),
        ]

    def __str__(self) -> str:
        return f"cluster {self.pk} ×{self.size}"


class ClusterBand(models.Model):
    """One LSH band of a post's MinHash: posts sharing a band are candidate copies."""

    # Keyed by what clustering looks up, (group, hash), then the post and band that make a
    # row unique: one B-tree a row, which every lookup reads. Keyed by (post, band) with a
    # second index on (group, hash), as until migration 0029, the two B-trees cost twice as
    # much to write: 0.13 s against 0.06 s for a chunk's 32,000 rows on PostgreSQL here. A
    # surrogate id would be one more B-tree and a sequence. On SQLite the table is WITHOUT ROWID
    # (migration 0031; Django cannot say so): a rowid table would store each row twice, in
    # rowid order and in the key.
    pk = models.CompositePrimaryKey("group_id", "hash", "post_id", "band")
    group_id = models.BigIntegerField()
    band = models.PositiveSmallIntegerField()
    hash = models.BigIntegerField()
    # No foreign key in the database: its check, a trigger per row on PostgreSQL (32 rows a
    # post), cost more than a third of clustering's time there. A band is written for a post
    # in the transaction that clusters it, under the group's lock, and deleted with it by
    # Django's cascade, which then reads the whole table: Varta never deletes a post (retention
    # empties it), so no index on the post is kept for that.
    post = models.ForeignKey(
        "triage.Post",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    def __str__(self) -> str:
        return f"band {self.band} of post {self.post_id}"


class PostSignature(models.Model):
    """A post's MinHash signature (NUM_PERM uint32 values), written when it is clustered; empty
    for text too short to compare. A post without one is not clustered yet."""

    # Kept apart from the post's row so that clustering never updates that row (only a copy's
    # cluster): inserting a chunk's 1,000 signatures here costs a tenth of an update of the
    # posts. No foreign key in the database (its check is a trigger per row on PostgreSQL);
    # Django's cascade deletes it with its post, through the key.
    post = models.OneToOneField(
        "triage.Post",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="signature",
        db_constraint=False,
    )
    minhash = models.BinaryField()

    def __str__(self) -> str:
        return f"signature of post {self.post_id}"


class UnclusteredPost(models.Model):
    """A post imported and not clustered yet: written with the post, deleted when it is
    clustered. The intake sweep reads this short list to find what a killed worker left."""

    post = models.OneToOneField(
        "triage.Post",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="unclustered",
        db_constraint=False,
    )
    # The post's, for the sweep's grace period.
    imported_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["imported_at"], name="unclustered_imported_at")]

    def __str__(self) -> str:
        return f"post {self.post_id} to cluster"


class ClusteringMark(models.Model):
    """How many clustering chunks of a group have committed. Clustering looks a chunk's bands up
    before it takes the group's lock, and uses what it found only if this number has not moved
    meanwhile (triage.clusters.services.posts_cluster)."""

    # Its own row, not a column of the group: a settings form that saves the whole group would
    # write back a stale count, and a count that goes back could match an old one.
    group = models.OneToOneField(
        "groups.Group", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    chunks = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.chunks} chunks clustered in group {self.group_id}"


class CampaignSignature(models.Model):
    """A removed campaign shared with the installation's other groups (triage.campaigns.bank):
    MinHash signatures of a few of its copies, its category and the rule it was removed for.
    Never its text, its authors or anything personal: a signature cannot be read back."""

    # The group that shared it; none for one imported from another installation (``origin``).
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    origin = models.CharField(max_length=200, blank=True, default="")
    # sha256 of ``signatures``: the same campaign is kept once, however often it is imported.
    fingerprint = models.CharField(max_length=64, db_index=True)
    # The publisher's own cluster; never shown to another group.
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # NUM_PERM uint32 values per signature, laid end to end.
    signatures = models.BinaryField()
    # Perceptual hashes of its copies' photos (triage.campaigns.images), 32 bytes each, up to
    # MAX_IMAGES distinct: never the photos.
    images = models.BinaryField(default=b"", db_default=b"", blank=True)
    category = models.CharField(max_length=40, blank=True, default="")
    rule_title = models.CharField(max_length=200, blank=True, default="")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One live entry per cluster: publishing again updates nothing twice.
            models.UniqueConstraint(
                fields=["cluster"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="campaignsignature_one_live_per_cluster",
            )
        ]

    def __str__(self) -> str:
        return f"campaign signature {self.pk}"


class CampaignBand(models.Model):
    """One LSH band of a shared signature, looked up like a group's own ClusterBand."""

    entry = models.ForeignKey(CampaignSignature, on_delete=models.CASCADE, related_name="bands")
    hash = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"band of campaign signature {self.entry_id}"


class CampaignMatch(models.Model):
    """A post of a group that matched another group's shared campaign."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    post = models.OneToOneField(
        "triage.Post", on_delete=models.CASCADE, related_name="campaign_match"
    )
    entry = models.ForeignKey(
        CampaignSignature, null=True, on_delete=models.SET_NULL, related_name="matches"
    )
    # Copied from the entry, so that a withdrawn entry still explains the match.
    category = models.CharField(max_length=40, blank=True, default="")
    # Matched by a photo ("known enemy image"), not by its text.
    image = models.BooleanField(default=False, db_default=False)
    published_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["group", "created_at"], name="campaignmatch_group")]

    def __str__(self) -> str:
        return f"post {self.post_id} matches campaign {self.entry_id}"
