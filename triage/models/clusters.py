"""Near-duplicate clusters: copies of one viral post with small edits (triage.clusters)."""

from __future__ import annotations

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
    # its surge_minutes, and when that run of copies began. A surge lasts while copies keep
    # coming that fast, and surge_minutes after.
    surge_started_at = models.DateTimeField(null=True, blank=True)
    surge_seen_at = models.DateTimeField(null=True, blank=True)
    surge_copies = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        indexes = [models.Index(fields=["group", "-size"], name="cluster_group_size")]

    def __str__(self) -> str:
        return f"cluster {self.pk} ×{self.size}"


class ClusterBand(models.Model):
    """One LSH band of a post's MinHash: posts sharing a band are candidate copies."""

    group_id = models.BigIntegerField()
    band = models.PositiveSmallIntegerField()
    hash = models.BigIntegerField()
    post = models.ForeignKey("triage.Post", on_delete=models.CASCADE, related_name="+")

    class Meta:
        # Lookups ask for a group's hashes (any band; a hash is 64 random bits,
        # so a match in another band is checked like any candidate).
        indexes = [models.Index(fields=["group_id", "hash"], name="clusterband_hash")]

    def __str__(self) -> str:
        return f"band {self.band} of post {self.post_id}"
