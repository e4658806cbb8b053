"""Appeals: recorded by an admin on a removed post, decided by another admin than the one who
removed it; an overturn keeps the post; audited without the text; counted in reports."""

from __future__ import annotations

from datetime import timedelta

import pytest

from groups.models import Membership
from tests.factories import make_post
from triage.appeals.selectors import appeals_figures
from triage.appeals.services import appeal_decide, appeal_record
from triage.models import Appeal, AuditEvent, PlatformAction, PostStatus
from triage.queue.services import DecisionInput, DecisionRefused, post_decide

pytestmark = pytest.mark.django_db

APPEAL = "Я просто шукав брата, його телефон +380 67 123 45 67, поверніть допис"


def member(user, group):
    return Membership.objects.select_related("group", "user").get(user=user, group=group)


def removed(group, by):
    post = make_post(group, "Хто бачив мого брата?", category="pow_solicitation")
    post_decide(
        membership=member(by, group),
        post_id=post.pk,
        expected_version=0,
        data=DecisionInput("remove", rule_id=group.rules.first().pk),
    )
    post.refresh_from_db()
    return post


def test_an_overturned_appeal_keeps_the_post_and_everything_is_audited(
    group, moderator, admin_user, owner
):
    post = removed(group, moderator)
    appeal = appeal_record(
        membership=member(admin_user, group), post=post, text=APPEAL, channel="platform"
    )
    decided = appeal_decide(
        membership=member(owner, group), appeal_id=appeal.pk, outcome="overturned", note="так"
    )
    assert decided.status == "overturned"
    post.refresh_from_db()
    assert post.status == PostStatus.KEPT
    assert post.decisions.order_by("-id").first().note.startswith(f"Appeal {appeal.pk}")
    assert set(PlatformAction.objects.filter(post=post).values_list("status", flat=True)) == {
        "cancelled"
    }
    events = AuditEvent.objects.filter(action__startswith="appeal.").order_by("id")
    assert [e.action for e in events] == ["appeal.record", "appeal.decide"]
    assert all(APPEAL not in str(e.payload) for e in events)
    assert events[1].payload == {"post": post.pk, "outcome": "overturned"}


def test_the_moderator_who_removed_it_never_decides_its_appeal(group, admin_user, owner):
    post = removed(group, admin_user)
    appeal = appeal_record(membership=member(owner, group), post=post, text=APPEAL, channel="email")
    with pytest.raises(DecisionRefused, match="another admin"):
        appeal_decide(membership=member(admin_user, group), appeal_id=appeal.pk, outcome="upheld")
    upheld = appeal_decide(membership=member(owner, group), appeal_id=appeal.pk, outcome="upheld")
    assert upheld.status == "upheld"
    post.refresh_from_db()
    assert post.status == PostStatus.REMOVED
    with pytest.raises(DecisionRefused, match="decided already"):
        appeal_decide(membership=member(owner, group), appeal_id=appeal.pk, outcome="overturned")


def test_only_removed_posts_only_admins_one_open_appeal(group, moderator, admin_user, owner):
    pending = make_post(group)
    with pytest.raises(DecisionRefused, match="Only a removed post"):
        appeal_record(membership=member(owner, group), post=pending, text=APPEAL, channel="email")
    post = removed(group, moderator)
    with pytest.raises(DecisionRefused, match="admins"):
        appeal_record(membership=member(moderator, group), post=post, text=APPEAL, channel="email")
    appeal_record(membership=member(owner, group), post=post, text=APPEAL, channel="email")
    with pytest.raises(DecisionRefused, match="already has an open appeal"):
        appeal_record(membership=member(admin_user, group), post=post, text="ще", channel="other")
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize(
    ("text", "channel", "error"),
    [
        ("", "email", "Write what the author says"),
        ("   \x00 ", "email", "Write what the author says"),
        ("x" * 4001, "email", "too long"),
        (APPEAL, "carrier pigeon", "how the appeal arrived"),
        (APPEAL, "", "how the appeal arrived"),
    ],
)
def test_hostile_appeals_are_refused(group, moderator, owner, text, channel, error):
    post = removed(group, moderator)
    with pytest.raises(DecisionRefused, match=error):
        appeal_record(membership=member(owner, group), post=post, text=text, channel=channel)
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("outcome", ["", "keep", "UPHELD", "open"])
def test_unknown_outcomes_and_ids_are_refused(group, moderator, owner, other_group, outcome):
    post = removed(group, moderator)
    appeal = appeal_record(membership=member(owner, group), post=post, text=APPEAL, channel="email")
    with pytest.raises(DecisionRefused, match="uphold the removal or overturn"):
        appeal_decide(membership=member(owner, group), appeal_id=appeal.pk, outcome=outcome)
    for bad in (0, -5, 2**70, appeal.pk + 1000):
        with pytest.raises(DecisionRefused, match="does not exist"):
            appeal_decide(membership=member(owner, group), appeal_id=bad, outcome="upheld")


def test_the_pages_roles_and_the_report(
    group, moderator, admin_user, owner, owner_client, moderator_client, viewer_client
):
    post = removed(group, moderator)
    assert moderator_client.get(f"/g/{group.slug}/appeals/").status_code == 403
    assert (
        moderator_client.post(
            f"/g/{group.slug}/posts/{post.pk}/appeal/", {"text": APPEAL, "channel": "email"}
        ).status_code
        == 403
    )
    pane = owner_client.get(f"/g/{group.slug}/posts/{post.pk}/").content.decode()
    assert "Record the author" in pane
    response = owner_client.post(
        f"/g/{group.slug}/posts/{post.pk}/appeal/",
        {"text": APPEAL, "channel": "platform"},
        follow=True,
    )
    page = response.content.decode()
    assert "Appeal recorded" in page
    assert "+380 67 123 45 67" not in page  # the appeal's text is masked like a post's
    appeal = Appeal.objects.get()
    assert f'data-appeal="{appeal.pk}"' in page
    owner_client.post(f"/g/{group.slug}/appeals/{appeal.pk}/decide/", {"outcome": "overturned"})
    assert Appeal.objects.get().status == "overturned"
    assert owner_client.get(f"/g/{group.slug}/appeals/{appeal.pk}/decide/").status_code == 405
    report = viewer_client.get(f"/g/{group.slug}/reports/").content.decode()
    assert 'data-figure="appeals_decided">1<' in report
    assert "(100%)" in report
    figures = appeals_figures(
        group_id=group.pk,
        start=appeal.recorded_at - timedelta(days=1),
        end=appeal.recorded_at + timedelta(days=1),
    )
    assert figures["recorded"] == figures["decided"] == figures["overturned"] == 1
    assert figures["overturn_rate"] == 1.0
    assert figures["median_hours"] is not None
