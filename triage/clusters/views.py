"""The cluster page: every copy of a campaign, its spread, and the way to decide it whole."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from groups.decorators import group_view
from groups.models import Group, Membership
from triage.access import get_cluster
from triage.models import CampaignSignature, Post


@group_view()
def cluster_detail(
    request: HttpRequest, group: Group, membership: Membership, cluster_id: int
) -> HttpResponse:
    cluster = get_cluster(membership, cluster_id)
    posts = list(Post.objects.filter(cluster=cluster).order_by("imported_at", "id")[:500])
    scores = [p.score for p in posts if p.score is not None]
    return render(
        request,
        "triage/cluster.html",
        {
            "cluster": cluster,
            "posts": posts,
            "authors": len({p.author for p in posts if p.author}),
            "score_min": min(scores) if scores else None,
            "score_max": max(scores) if scores else None,
            "criteria": json.dumps({"kind": "cluster", "cluster": cluster.pk}),
            "can_decide": membership.can_moderate,
            "shared": CampaignSignature.objects.filter(
                cluster=cluster, withdrawn_at__isnull=True
            ).first(),
        },
    )
