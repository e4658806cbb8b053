"""Undo of one decision (the toast, the key u, the pane's button) and the suggested rule r
cites: who may undo what and for how long, what is written, and hostile requests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import client_for
from groups.models import Membership, Role
from tests.factories import make_post
from triage.models import AuditEvent, Decision, PlatformAction, PostStatus
from triage.queue.services import (
    DecisionInput,
    DecisionRefused,
    post_decide,
    post_undo,
    suggested_rule,
)

pytestmark = pytest.mark.django_db


def member(user, group):
    return Membership.objects.select_related("group", "user").get(user=user, group=group)


def decide(user, group, post, action="keep", code="pow-info", note=""):
    rule_id = group.rules.get(code=code).pk if action == "remove" else None
    post.refresh_from_db()
    return post_decide(
        membership=member(user, group),
        post_id=post.pk,
        expected_version=post.version,
        data=DecisionInput(action, rule_id=rule_id, note=note),
    )


def test_a_moderator_undoes_their_own_removal_and_its_platform_action_is_cancelled(
    group, moderator
):
    post = make_post(group, category="pow_solicitation")
    removal = decide(moderator, group, post, "remove")
    assert PlatformAction.objects.filter(post=post).exclude(status="cancelled").exists()
    undone = post_undo(membership=member(moderator, group), decision_id=removal.pk)
    assert undone.status == PostStatus.PENDING
    assert undone.decided_at is None
    assert undone.version == removal.post_version + 1
    reopen = Decision.objects.get(post=post, action="reopen")
    assert (reopen.from_status, reopen.to_status) == ("removed", "pending")
    assert str(removal.pk) in reopen.note
    assert set(PlatformAction.objects.filter(post=post).values_list("status", flat=True)) == {
        "cancelled"
    }
    event = AuditEvent.objects.get(group=group, action="post.reopen")
    assert event.payload == {
        "decision": reopen.pk,
        "undoes": removal.pk,
        "from": "removed",
        "to": "pending",
    }
    # The post can be decided again at once.
    decide(moderator, group, post, "keep")
    post.refresh_from_db()
    assert post.status == PostStatus.KEPT


def test_an_admins_escalated_post_goes_back_to_escalated(group, moderator, admin_user):
    post = make_post(group)
    decide(moderator, group, post, "escalate", note="admins, please look")
    keep = decide(admin_user, group, post, "keep")
    undone = post_undo(membership=member(admin_user, group), decision_id=keep.pk)
    assert undone.status == PostStatus.ESCALATED


def test_a_decision_decided_again_since_cannot_be_undone(group, moderator, admin_user):
    post = make_post(group)
    keep = decide(moderator, group, post, "keep")
    decide(admin_user, group, post, "remove")  # an admin overturned it
    with pytest.raises(DecisionRefused, match="can no longer be undone"):
        post_undo(membership=member(moderator, group), decision_id=keep.pk)
    with pytest.raises(DecisionRefused, match="can no longer be undone"):
        post_undo(membership=member(admin_user, group), decision_id=keep.pk)
    post.refresh_from_db()
    assert post.status == PostStatus.REMOVED


def test_a_moderator_cannot_undo_someone_elses_decision_an_admin_can(
    group, moderator, admin_user, owner
):
    Membership.objects.filter(group=group, user=owner).update(role=Role.MODERATOR)
    post = make_post(group)
    keep = decide(owner, group, post, "keep")
    with pytest.raises(DecisionRefused):
        post_undo(membership=member(moderator, group), decision_id=keep.pk)
    assert post_undo(membership=member(admin_user, group), decision_id=keep.pk).status == (
        PostStatus.PENDING
    )


def test_a_moderators_own_decision_older_than_a_day_is_the_admins(group, moderator, admin_user):
    post = make_post(group)
    keep = decide(moderator, group, post, "keep")
    Decision.objects.filter(pk=keep.pk).update(created_at=timezone.now() - timedelta(hours=25))
    with pytest.raises(DecisionRefused, match="older than 24 hours"):
        post_undo(membership=member(moderator, group), decision_id=keep.pk)
    assert post_undo(membership=member(admin_user, group), decision_id=keep.pk).status == (
        PostStatus.PENDING
    )


def test_an_undo_is_not_undone_and_viewers_undo_nothing(group, moderator, viewer):
    post = make_post(group)
    keep = decide(moderator, group, post, "keep")
    with pytest.raises(DecisionRefused):
        post_undo(membership=member(viewer, group), decision_id=keep.pk)
    post_undo(membership=member(moderator, group), decision_id=keep.pk)
    reopen = Decision.objects.get(action="reopen")
    with pytest.raises(DecisionRefused):
        post_undo(membership=member(moderator, group), decision_id=reopen.pk)


@pytest.mark.parametrize("bad", [0, -1, 2**63, 10**30, 999_999])
def test_ids_that_name_no_decision_are_refused(group, moderator, bad):
    with pytest.raises(DecisionRefused, match="does not exist"):
        post_undo(membership=member(moderator, group), decision_id=bad)


def test_another_groups_decision_is_refused_as_if_it_did_not_exist(
    group, other_group, moderator, outsider
):
    theirs = make_post(other_group)
    keep = decide(outsider, other_group, theirs, "keep")
    with pytest.raises(DecisionRefused, match="does not exist"):
        post_undo(membership=member(moderator, group), decision_id=keep.pk)
    theirs.refresh_from_db()
    assert theirs.status == PostStatus.KEPT


def test_the_undo_endpoint_answers_json_redirects_and_refuses_hostile_requests(
    group, other_group, moderator, outsider, moderator_client, viewer_client
):
    post = make_post(group)
    keep = decide(moderator, group, post, "keep")
    url = f"/g/{group.slug}/decisions/{keep.pk}/undo/"
    assert moderator_client.get(url).status_code == 405
    assert viewer_client.post(url).status_code == 403
    response = moderator_client.post(url, HTTP_ACCEPT="application/json")
    assert response.json() == {"ok": True, "post": post.pk, "status": "pending"}
    again = moderator_client.post(url, HTTP_ACCEPT="application/json")
    assert again.status_code == 409
    assert "can no longer be undone" in again.json()["error"]
    plain = moderator_client.post(url, follow=True)
    assert "can no longer be undone" in plain.content.decode()
    huge = moderator_client.post(
        f"/g/{group.slug}/decisions/{10**40}/undo/", HTTP_ACCEPT="application/json"
    )
    assert huge.status_code == 409
    theirs = decide(outsider, other_group, make_post(other_group), "keep")
    cross = moderator_client.post(
        f"/g/{group.slug}/decisions/{theirs.pk}/undo/", HTTP_ACCEPT="application/json"
    )
    assert cross.status_code == 409
    assert "does not exist" in cross.json()["error"]
    assert (
        moderator_client.post(f"/g/{other_group.slug}/decisions/{theirs.pk}/undo/").status_code
        == 404
    )


def test_the_decide_answer_names_the_undo_and_the_pane_offers_it(
    group, moderator, moderator_client
):
    post = make_post(group)
    response = moderator_client.post(
        f"/g/{group.slug}/posts/{post.pk}/decide/",
        {"action": "keep", "version": "0"},
        HTTP_ACCEPT="application/json",
    )
    body = response.json()
    decision = Decision.objects.get(post=post)
    assert body["decision"] == decision.pk
    assert body["undo"] == f"/g/{group.slug}/decisions/{decision.pk}/undo/"
    assert body["done"] == f"Post {post.pk} kept."
    assert body["moved"] == ["pending", "kept"]  # the page moves one post between its counts
    pane = moderator_client.get(f"/g/{group.slug}/posts/{post.pk}/?partial=1").content.decode()
    assert f"/decisions/{decision.pk}/undo/" in pane
    assert "Undo my decision" in pane


def test_the_suggested_rule_is_the_categorys_usual_then_the_moderators_last(
    group, moderator, admin_user
):
    me = member(moderator, group)
    rules = list(group.rules.filter(is_active=True))
    post = make_post(group, category="extortion_scam")
    assert suggested_rule(membership=me, post=post, rules=rules) is None
    # The moderator's last removal, of another category.
    decide(moderator, group, make_post(group, category="enemy_media"), "remove", "enemy-media")
    assert suggested_rule(membership=me, post=post, rules=rules).code == "enemy-media"
    # The group's moderators mostly cite "scam" for extortion scams: that wins.
    for code in ("scam", "scam", "personal-data"):
        decide(admin_user, group, make_post(group, category="extortion_scam"), "remove", code)
    assert suggested_rule(membership=me, post=post, rules=rules).code == "scam"
    # A rule switched off is never suggested.
    group.rules.filter(code="scam").update(is_active=False)
    rules = list(group.rules.filter(is_active=True))
    assert suggested_rule(membership=me, post=post, rules=rules).code == "personal-data"
    pane = post_pane_html(moderator, group, post)
    assert "data-suggested" in pane


def post_pane_html(user, group, post):
    return client_for(user).get(f"/g/{group.slug}/posts/{post.pk}/?partial=1").content.decode()
