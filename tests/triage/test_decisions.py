"""Single decisions: rules, notes, roles, claims, and never twice."""

from __future__ import annotations

import pytest

from groups.models import Membership
from tests.factories import make_post
from triage.models import AuditEvent, Decision, PostStatus
from triage.queue.services import DecisionInput, DecisionRefused, post_claim, post_decide

pytestmark = pytest.mark.django_db


def member(user, group):
    return Membership.objects.select_related("group", "user").get(user=user, group=group)


def rule(group, code="pow-info"):
    return group.rules.get(code=code)


def test_moderator_removes_a_post_citing_a_rule(group, moderator):
    post = make_post(
        group,
        score=0.93,
        category="pow_solicitation",
        model_version="v1",
        reasons=[{"label": "хто впізнає", "weight": 1.2, "spans": [[0, 3]]}],
    )
    d = post_decide(
        membership=member(moderator, group),
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("remove", rule_id=rule(group).pk, note="copy of a viral post"),
    )
    post.refresh_from_db()
    assert post.status == PostStatus.REMOVED
    assert post.version == 1
    assert post.decided_at is not None
    assert d.rule_title == rule(group).title
    # The decision keeps what the model said at that moment.
    assert (d.score, d.category, d.model_version) == (0.93, "pow_solicitation", "v1")
    assert d.reasons[0]["label"] == "хто впізнає"
    event = AuditEvent.objects.get(group=group, action="post.decide")
    assert event.payload["score"] == 0.93
    assert event.payload["model_version"] == "v1"
    assert post.text not in str(event.payload)


def test_removal_without_a_rule_is_refused(group, moderator):
    post = make_post(group)
    with pytest.raises(DecisionRefused, match="rule"):
        post_decide(
            membership=member(moderator, group),
            post_id=post.pk,
            expected_version=0,
            data=DecisionInput("remove"),
        )
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING


def test_a_rule_of_another_group_is_refused(group, other_group, moderator):
    post = make_post(group)
    foreign = other_group.rules.first()
    with pytest.raises(DecisionRefused):
        post_decide(
            membership=member(moderator, group),
            post_id=post.pk,
            expected_version=0,
            data=DecisionInput("remove", rule_id=foreign.pk),
        )


def test_escalation_needs_a_note(group, moderator):
    post = make_post(group)
    with pytest.raises(DecisionRefused, match="note"):
        post_decide(
            membership=member(moderator, group),
            post_id=post.pk,
            expected_version=0,
            data=DecisionInput("escalate", note="   "),
        )
    post_decide(
        membership=member(moderator, group),
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("escalate", note="Could be a relative; admins decide"),
    )
    post.refresh_from_db()
    assert post.status == PostStatus.ESCALATED


def test_only_admins_decide_escalated_posts(group, moderator, admin_user):
    post = make_post(group, status=PostStatus.ESCALATED)
    with pytest.raises(DecisionRefused, match="admins"):
        post_decide(
            membership=member(moderator, group),
            post_id=post.pk,
            expected_version=0,
            data=DecisionInput("keep"),
        )
    post_decide(
        membership=member(admin_user, group),
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("keep"),
    )
    post.refresh_from_db()
    assert post.status == PostStatus.KEPT


def test_viewer_cannot_decide(group, viewer):
    post = make_post(group)
    with pytest.raises(DecisionRefused):
        post_decide(
            membership=member(viewer, group),
            post_id=post.pk,
            expected_version=0,
            data=DecisionInput("keep"),
        )


@pytest.mark.parametrize("action", ["", "delete", "REMOVE", "reopen", "<script>"])
def test_unknown_actions_are_refused(group, moderator, action):
    post = make_post(group)
    with pytest.raises(DecisionRefused):
        post_decide(
            membership=member(moderator, group),
            post_id=post.pk,
            expected_version=0,
            data=DecisionInput(action),
        )


def test_an_overlong_note_is_refused(group, moderator):
    post = make_post(group)
    with pytest.raises(DecisionRefused, match="too long"):
        post_decide(
            membership=member(moderator, group),
            post_id=post.pk,
            expected_version=0,
            data=DecisionInput("keep", note="x" * 2001),
        )


def test_a_second_decision_on_the_same_version_is_refused_and_names_the_first(
    group, moderator, admin_user
):
    post = make_post(group)
    post_decide(
        membership=member(moderator, group),
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("keep"),
    )
    with pytest.raises(DecisionRefused, match="maria_moderator already decided"):
        post_decide(
            membership=member(admin_user, group),
            post_id=post.pk,
            expected_version=0,
            data=DecisionInput("remove", rule_id=rule(group).pk),
        )
    post.refresh_from_db()
    assert post.status == PostStatus.KEPT
    assert Decision.objects.filter(post=post).count() == 1


def test_a_post_of_another_group_cannot_be_decided(group, other_group, moderator):
    foreign = make_post(other_group)
    with pytest.raises(DecisionRefused, match="does not exist"):
        post_decide(
            membership=member(moderator, group),
            post_id=foreign.pk,
            expected_version=0,
            data=DecisionInput("keep"),
        )
    foreign.refresh_from_db()
    assert foreign.status == PostStatus.PENDING


def test_a_claim_by_someone_else_blocks_the_decision(group, moderator, admin_user):
    post = make_post(group)
    claimed = post_claim(membership=member(admin_user, group), post_id=post.pk)
    assert claimed.claimed_by == admin_user
    # The moderator's own claim attempt does not take it over.
    assert post_claim(membership=member(moderator, group), post_id=post.pk).claimed_by == admin_user
    with pytest.raises(DecisionRefused, match="andrii_admin is reviewing"):
        post_decide(
            membership=member(moderator, group),
            post_id=post.pk,
            expected_version=0,
            data=DecisionInput("keep"),
        )
    # The claimer decides; the claim is released.
    post_decide(
        membership=member(admin_user, group),
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("keep"),
    )
    post.refresh_from_db()
    assert post.claimed_by is None


def test_an_expired_claim_does_not_block(group, moderator, admin_user):
    from datetime import timedelta

    from django.utils import timezone

    post = make_post(
        group, claimed_by=admin_user, claimed_until=timezone.now() - timedelta(seconds=1)
    )
    post_decide(
        membership=member(moderator, group),
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("keep"),
    )
    post.refresh_from_db()
    assert post.status == PostStatus.KEPT


def test_viewers_do_not_claim(group, viewer):
    post = make_post(group)
    assert post_claim(membership=member(viewer, group), post_id=post.pk).claimed_by is None
