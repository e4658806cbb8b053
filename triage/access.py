"""A group's objects for one of its members: the one place that fetches them by id.

Every view, API call, job and export that names a post, cluster, bulk operation,
import, model version or keyword rule by id gets it here. Whoever asks has already
been let into the group by ``groups.access`` (which checks the role); an id of another
group's object, or of none, answers 404 exactly like an id that was never used, so
nobody learns what exists elsewhere.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from groups.models import KeywordRule, Membership
from triage.models import BulkOperation, Cluster, ImportBatch, ModelVersion, Post

M = TypeVar("M", bound=Model)


def _one(queryset: QuerySet[M], pk: int) -> M:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def get_post(membership: Membership, post_id: int) -> Post:
    return _one(
        Post.objects.filter(group_id=membership.group_id).select_related("cluster", "claimed_by"),
        post_id,
    )


def get_cluster(membership: Membership, cluster_id: int) -> Cluster:
    return _one(Cluster.objects.filter(group_id=membership.group_id), cluster_id)


def get_bulk_operation(membership: Membership, op_id: int) -> BulkOperation:
    return _one(
        BulkOperation.objects.filter(group_id=membership.group_id).select_related("actor", "rule"),
        op_id,
    )


def get_import_batch(membership: Membership, batch_id: int) -> ImportBatch:
    return _one(ImportBatch.objects.filter(group_id=membership.group_id), batch_id)


def get_model_version(membership: Membership, version_id: int) -> ModelVersion:
    """The group's own versions and the shared base versions (which every group uses)."""
    version = _one(ModelVersion.objects.all(), version_id)
    if version.group_id not in (None, membership.group_id):
        raise Http404
    return version


def get_keyword_rule(membership: Membership, rule_id: int) -> KeywordRule:
    return _one(KeywordRule.objects.filter(group_id=membership.group_id), rule_id)


def get_evidence_subject(
    membership: Membership, kind: str, object_id: int
) -> Cluster | BulkOperation:
    """What an evidence package may be made of: one of the group's clusters or bulk
    operations."""
    if kind == "cluster":
        return get_cluster(membership, object_id)
    if kind == "bulk":
        return get_bulk_operation(membership, object_id)
    raise Http404
