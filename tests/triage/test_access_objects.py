"""triage.access: every getter gives a member their group's object, and 404 for any other."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.utils import timezone

from groups.models import KeywordRule, Membership
from tests.factories import make_post
from triage import access
from triage.models import BulkOperation, Cluster, ImportBatch, ModelVersion


def _version(group, name):
    return ModelVersion.objects.create(
        group=group,
        version=name,
        status=ModelVersion.Status.RETIRED,
        training_data_sha256="0" * 64,
        artifact_path=f"{name}.joblib",
        artifact_sha256="0" * 64,
    )


def _cluster(group):
    now = timezone.now()
    return Cluster.objects.create(group=group, first_seen=now, last_seen=now)


MAKERS = {
    "get_post": lambda g: make_post(g, "допис"),
    "get_cluster": lambda g: _cluster(g),
    "get_bulk_operation": lambda g: BulkOperation.objects.create(group=g, action="keep"),
    "get_import_batch": lambda g: ImportBatch.objects.create(group=g, format="csv"),
    "get_model_version": lambda g: _version(g, f"v-{g.slug}"),
    "get_keyword_rule": lambda g: KeywordRule.objects.create(
        group=g, pattern="обмін", category="extortion_scam"
    ),
}


@pytest.mark.parametrize("getter", sorted(MAKERS))
def test_a_member_gets_their_groups_object_and_404_for_another_groups(
    getter, group, other_group, moderator
):
    membership = Membership.objects.get(group=group, user=moderator)
    mine, theirs = MAKERS[getter](group), MAKERS[getter](other_group)
    get = getattr(access, getter)
    assert get(membership, mine.pk) == mine
    with pytest.raises(Http404):
        get(membership, theirs.pk)
    with pytest.raises(Http404):
        get(membership, max(mine.pk, theirs.pk) + 1000)


def test_every_group_may_use_the_shared_base_model_version(group, moderator):
    membership = Membership.objects.get(group=group, user=moderator)
    base = _version(None, "base-1")
    assert access.get_model_version(membership, base.pk) == base


def test_evidence_is_made_of_a_cluster_or_a_bulk_operation_of_the_group(
    group, other_group, moderator
):
    membership = Membership.objects.get(group=group, user=moderator)
    cluster = _cluster(group)
    op = BulkOperation.objects.create(group=group, action="keep")
    assert access.get_evidence_subject(membership, "cluster", cluster.pk) == cluster
    assert access.get_evidence_subject(membership, "bulk", op.pk) == op
    with pytest.raises(Http404):
        access.get_evidence_subject(membership, "post", cluster.pk)
    with pytest.raises(Http404):
        access.get_evidence_subject(membership, "cluster", _cluster(other_group).pk)
