"""Decide a campaign once (issue 15): later copies of a removed cluster are queued first with its
rule, or removed automatically with their own decision; copies of a kept cluster are only
marked; everything automatic can be seen and undone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import Group, Membership
from tests.factories import make_post
from tests.triage.test_clustering import COPIES, VIRAL, cluster_all
from triage.bulk.services import bulk_create, bulk_preview, bulk_run
from triage.campaigns.services import auto_removals_undo_day
from triage.campaigns.verdicts import Counts, verdict_next
from triage.clusters.services import posts_cluster
from triage.models import AuditEvent, Cluster, Decision, PlatformAction, Post
from triage.queue.selectors import QueueFilters, filtered_posts, queue_page
from triage.queue.services import (
    DecisionInput,
    DecisionRefused,
    post_decide,
    post_undo,
    suggested_rule,
)

pytestmark = pytest.mark.django_db

NEW_COPY = "Репост! " + VIRAL.replace("Полтавщини", "Полтавщини (Лубни)") + " 🙏"


def member(user, group):
    return Membership.objects.select_related("group", "user").get(user=user, group=group)


def decide(user, group, post, action, code="pow-info"):
    post.refresh_from_db()
    return post_decide(
        membership=member(user, group),
        post_id=post.pk,
        expected_version=post.version,
        data=DecisionInput(
            action, rule_id=group.rules.get(code=code).pk if action == "remove" else None
        ),
    )


def arrive(group, text=NEW_COPY, **fields):
    post = make_post(group, text, **fields)
    posts_cluster(group_id=group.pk, post_ids=[post.pk])
    return Post.objects.get(pk=post.pk)


def removed_campaign(group, moderator, code="enemy-media"):
    copies = cluster_all(group, COPIES)
    for post in copies:
        decide(moderator, group, post, "remove", code=code)
    return copies


@pytest.mark.parametrize(
    ("current", "counts", "expected"),
    [
        ("", Counts(removed=3), "removed"),
        ("", Counts(kept=2), "kept"),
        ("", Counts(removed=2, pending=1), ""),  # not every copy decided yet
        ("removed", Counts(removed=2, pending=1), "removed"),  # a new copy waits
        ("removed", Counts(removed=2, escalated=1), "removed"),
        ("removed", Counts(removed=2, kept=1), ""),  # moderators disagree
        ("kept", Counts(kept=1, removed=1), ""),
        ("kept", Counts(), ""),
    ],
)
def test_the_verdict_follows_every_copy_and_stands_while_copies_wait(current, counts, expected):
    assert verdict_next(current, counts) == expected


def test_removing_every_copy_one_by_one_gives_the_cluster_its_verdict(group, moderator):
    copies = cluster_all(group, COPIES)
    cluster_id = copies[0].cluster_id
    for post in copies[:-1]:
        decide(moderator, group, post, "remove", code="enemy-media")
    assert Cluster.objects.get(pk=cluster_id).verdict == ""  # one copy still waits
    last = decide(moderator, group, copies[-1], "remove", code="enemy-media")
    cluster = Cluster.objects.get(pk=cluster_id)
    assert cluster.verdict == "removed"
    assert cluster.verdict_decision_id == last.pk
    assert cluster.verdict_rule == group.rules.get(code="enemy-media")


def test_a_new_copy_of_a_removed_campaign_is_first_in_the_queue_with_its_rule(group, moderator):
    removed_campaign(group, moderator)
    loud = make_post(group, "Звичайна новина про ремонт дороги в Полтаві", score=0.99)
    copy = arrive(group, score=0.2)
    assert copy.cluster_id is not None
    assert copy.status == "pending"
    assert copy.campaign == "copy"
    assert copy.rank == pytest.approx(3.2)  # lifted above every score, its own kept as is
    assert copy.score == pytest.approx(0.2)
    first = queue_page(group_id=group.pk, filters=QueueFilters(), cursor="").posts
    assert [p.pk for p in first][:2] == [copy.pk, loud.pk]
    rules = list(group.rules.filter(is_active=True))
    assert suggested_rule(membership=member(moderator, group), post=copy, rules=rules) == (
        group.rules.get(code="enemy-media")
    )
    # Nothing was decided for the moderators.
    assert not Decision.objects.filter(post=copy).exists()


def test_with_the_setting_on_a_new_copy_is_removed_with_its_own_audited_decision(group, moderator):
    Group.objects.filter(pk=group.pk).update(campaign_auto_remove=True)
    copies = removed_campaign(group, moderator)
    followed = Decision.objects.filter(post=copies[-1]).get()
    copy = arrive(group, author_external_id="user:42")
    assert copy.status == "removed"
    assert copy.campaign == "auto"
    decision = Decision.objects.get(post=copy)
    assert decision.automatic is True
    assert decision.actor is None
    assert decision.actor_name == "Varta"
    assert decision.follows_id == followed.pk
    assert decision.rule == group.rules.get(code="enemy-media")
    event = AuditEvent.objects.get(action="post.auto_decide", object_id=str(copy.pk))
    assert event.payload["follows"] == followed.pk
    assert event.payload["cluster"] == copy.cluster_id
    assert event.payload["decision"] == decision.pk
    # Its platform action, like any removal's.
    assert PlatformAction.objects.filter(post=copy, decision=decision).count() == 1
    # The cluster is still removed: its new copy was removed too.
    assert Cluster.objects.get(pk=copy.cluster_id).verdict == "removed"
    # It is listed by the "Removed automatically" filter, and only it.
    auto = filtered_posts(
        group_id=group.pk,
        filters=QueueFilters(status="removed", campaign="auto"),
        collapse=False,
    )
    assert list(auto.values_list("pk", flat=True)) == [copy.pk]


def test_a_removed_single_post_decides_its_later_copy_too(group, moderator):
    """A post removed alone is a campaign of one: its copy, which makes the cluster, follows."""
    original = make_post(group, VIRAL)
    posts_cluster(group_id=group.pk, post_ids=[original.pk])
    decide(moderator, group, original, "remove", code="pow-info")
    copy = arrive(group)
    assert copy.cluster_id is not None
    assert copy.campaign == "copy"
    cluster = Cluster.objects.get(pk=copy.cluster_id)
    assert cluster.verdict == "removed"
    assert cluster.verdict_rule == group.rules.get(code="pow-info")


def test_copies_of_a_kept_campaign_are_queued_never_kept_by_themselves(group, moderator):
    Group.objects.filter(pk=group.pk).update(campaign_auto_remove=True)
    for post in cluster_all(group, COPIES):
        decide(moderator, group, post, "keep")
    copy = arrive(group, score=0.4)
    assert copy.status == "pending"
    assert copy.campaign == "similar_kept"
    assert copy.rank == pytest.approx(0.4)  # not lifted
    assert not Decision.objects.filter(post=copy).exists()


def test_a_copy_kept_against_the_campaign_clears_its_verdict(group, moderator):
    removed_campaign(group, moderator)
    copy = arrive(group)
    decide(moderator, group, copy, "keep")
    assert Cluster.objects.get(pk=copy.cluster_id).verdict == ""
    later = arrive(group, NEW_COPY + " Поширте!")
    assert later.campaign == ""


def test_a_bulk_removal_of_the_cluster_gives_it_the_verdict(group, moderator):
    copies = cluster_all(group, COPIES)
    criteria = {"kind": "cluster", "cluster": copies[0].cluster_id}
    m = member(moderator, group)
    op = bulk_create(
        membership=m,
        criteria=criteria,
        data=DecisionInput("remove", rule_id=group.rules.get(code="pow-info").pk),
        confirmed_count=bulk_preview(membership=m, criteria=criteria).decidable,
    )
    bulk_run(op_id=op.pk)
    cluster = Cluster.objects.get(pk=copies[0].cluster_id)
    assert cluster.verdict == "removed"
    assert cluster.verdict_decision is not None
    assert cluster.verdict_decision.bulk_id == op.pk
    assert arrive(group).campaign == "copy"


def test_any_moderator_undoes_an_automatic_removal_and_the_copy_is_first_again(
    group, moderator, admin_user
):
    Group.objects.filter(pk=group.pk).update(campaign_auto_remove=True)
    removed_campaign(group, admin_user)
    copy = arrive(group)
    decision = Decision.objects.get(post=copy)
    # Not the moderator's own decision, and yet theirs to undo.
    post = post_undo(membership=member(moderator, group), decision_id=decision.pk)
    assert post.status == "pending"
    assert post.campaign == "copy"
    assert post.rank > 1  # unscored, and yet above every score
    assert PlatformAction.objects.get(post=copy).status == "cancelled"
    # The campaign still stands: the copy waits for a person.
    assert Cluster.objects.get(pk=copy.cluster_id).verdict == "removed"


def test_a_day_of_automatic_removals_is_undone_at_once_and_audited(group, moderator, viewer):
    Group.objects.filter(pk=group.pk).update(campaign_auto_remove=True)
    removed_campaign(group, moderator)
    first = arrive(group)
    second = arrive(group, NEW_COPY + " Це важливо.")
    redecided = arrive(group, NEW_COPY + " Терміново!")
    # Yesterday's stays: only the day asked for is undone.
    older = arrive(group, NEW_COPY + " Вчорашній.")
    Decision.objects.filter(post=older).update(created_at=timezone.now() - timedelta(days=1))
    # One was decided again by a person since: that decision stands.
    undo = Decision.objects.get(post=redecided)
    post_undo(membership=member(moderator, group), decision_id=undo.pk)
    decide(moderator, group, redecided, "remove")
    with pytest.raises(DecisionRefused):
        auto_removals_undo_day(membership=member(viewer, group), day=timezone.localdate())
    undone = auto_removals_undo_day(membership=member(moderator, group), day=timezone.localdate())
    assert undone == 2
    for post in (first, second):
        post.refresh_from_db()
        assert (post.status, post.campaign, post.claimed_by_id) == ("pending", "copy", None)
    assert Post.objects.get(pk=redecided.pk).status == "removed"
    assert Post.objects.get(pk=older.pk).status == "removed"
    event = AuditEvent.objects.get(action="campaign.undo_day")
    assert event.payload == {"day": timezone.localdate().isoformat(), "undone": 2}


def test_the_undo_day_form_refuses_bad_days_and_viewers(
    group, moderator, moderator_client, viewer_client
):
    url = f"/g/{group.slug}/campaigns/undo-day/"
    assert viewer_client.post(url, {"day": "2026-12-05"}).status_code == 403
    assert moderator_client.get(url).status_code == 405
    for hostile in ["", "yesterday", "2026-13-01", "1800-01-01", "2026-12-05\x00", "9" * 5000]:
        response = moderator_client.post(url, {"day": hostile}, follow=True)
        assert response.status_code == 200
        assert "Choose the day to undo" in response.content.decode()
    response = moderator_client.post(url, {"day": "2026-12-05"}, follow=True)
    assert "Nothing to undo on that day." in response.content.decode()


def test_the_queue_shows_why_a_copy_is_first_and_filters_by_campaign(
    group, moderator, moderator_client
):
    removed_campaign(group, moderator)
    copy = arrive(group)
    page = moderator_client.get(f"/g/{group.slug}/queue/").content.decode()
    assert "Copy of a removed campaign" in page
    pane = moderator_client.get(f"/g/{group.slug}/posts/{copy.pk}/?partial=1").content.decode()
    assert "moderators removed every earlier copy of this post" in pane
    assert "the rule its campaign was removed for" in pane
    listed = moderator_client.get(f"/g/{group.slug}/queue/?campaign=copy").content.decode()
    assert f'data-post-id="{copy.pk}"' in listed
    unknown = moderator_client.get(f"/g/{group.slug}/queue/?campaign=<script>").content.decode()
    assert "Unknown campaign filter." in unknown


# -- surges --------------------------------------------------------------------------------

PHONE = "+380 67 123 45 67"


def copies_of(n, start=0):
    return [f"{VIRAL} Мама: {PHONE}. Копія {i}" for i in range(start, start + n)]


def surge_group(group, copies=3, minutes=60):
    Group.objects.filter(pk=group.pk).update(surge_copies=copies, surge_minutes=minutes)
    group.refresh_from_db()
    return group


def test_a_post_copied_fast_surges_once_and_its_copies_go_first(group, moderator):
    surge_group(group, copies=4)
    quiet = make_post(group, "Звичайний допис про збір на дрон для 47 ОМБр", score=0.99)
    first = cluster_all(group, copies_of(3))
    cluster_id = first[0].cluster_id
    assert Cluster.objects.get(pk=cluster_id).surge_seen_at is None  # 3 copies: not yet
    cluster_all(group, copies_of(2, start=3))
    cluster = Cluster.objects.get(pk=cluster_id)
    assert cluster.surge_started_at is not None
    assert cluster.surge_copies == 5
    copies = Post.objects.filter(cluster_id=cluster_id)
    assert set(copies.values_list("campaign", flat=True)) == {"surge"}
    assert min(copies.values_list("rank", flat=True)) > 1
    head = queue_page(group_id=group.pk, filters=QueueFilters(), cursor="").posts[0]
    assert head.cluster_id == cluster_id != quiet.cluster_id
    events = AuditEvent.objects.filter(action="campaign.surge", object_id=str(cluster_id))
    assert events.count() == 1
    assert events.get().payload == {"copies": 5, "minutes": 60}
    # More copies while it lasts: the same surge, counted on, audited once.
    cluster_all(group, copies_of(2, start=5))
    assert events.count() == 1
    assert Cluster.objects.get(pk=cluster_id).surge_copies == 7
    # Once it has been quiet for its minutes, copies coming that fast again are a new surge.
    long_ago = timezone.now() - timedelta(hours=2)
    Cluster.objects.filter(pk=cluster_id).update(surge_seen_at=long_ago)
    Post.objects.filter(cluster_id=cluster_id).update(imported_at=long_ago)
    cluster_all(group, copies_of(4, start=7))
    assert events.count() == 2


def test_copies_spread_over_time_are_no_surge(group, moderator):
    surge_group(group, copies=4, minutes=30)
    posts = cluster_all(group, copies_of(3))
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(
        imported_at=timezone.now() - timedelta(hours=1)
    )
    later = cluster_all(group, copies_of(2, start=3))
    assert later[0].cluster_id == posts[0].cluster_id
    assert Cluster.objects.get(pk=posts[0].cluster_id).surge_seen_at is None
    assert not AuditEvent.objects.filter(action="campaign.surge").exists()
    assert set(Post.objects.values_list("campaign", flat=True)) == {""}


def test_a_surge_of_a_removed_campaign_is_removed_with_no_one_online(group, moderator):
    Group.objects.filter(pk=group.pk).update(campaign_auto_remove=True)
    surge_group(group, copies=3)
    removed_campaign(group, moderator)
    arrivals = cluster_all(group, [f"{NEW_COPY} #{i}" for i in range(4)])
    assert {p.status for p in arrivals} == {"removed"}
    assert {p.campaign for p in arrivals} == {"auto"}
    assert AuditEvent.objects.filter(action="campaign.surge").count() == 1
    assert Decision.objects.filter(automatic=True).count() == 4


def test_the_queue_shows_a_surge_to_everyone_with_its_text_masked(group, moderator, viewer_client):
    surge_group(group, copies=3)
    posts = cluster_all(group, copies_of(3))
    page = viewer_client.get(f"/g/{group.slug}/queue/").content.decode()
    assert f'data-surge="{posts[0].cluster_id}"' in page
    assert "one post copied 3 times within 60 min" in page
    assert PHONE not in page
    assert "67 123 45 67" not in page
    # Once over, the banner goes.
    Cluster.objects.update(surge_seen_at=timezone.now() - timedelta(hours=2))
    assert "data-surge=" not in viewer_client.get(f"/g/{group.slug}/queue/").content.decode()


def test_a_beginning_surge_queues_the_alert_only_when_an_alert_chat_is_set(
    group, moderator, monkeypatch
):
    from triage.campaigns import services as campaigns
    from triage.platforms import secrets

    queued = []
    monkeypatch.setattr(campaigns, "enqueue", lambda job, *args: queued.append((job, args)))
    surge_group(group, copies=3)
    cluster_all(group, copies_of(3))
    assert queued == []  # no bot, no alert chat
    Group.objects.filter(pk=group.pk).update(
        telegram_alert_chat_id=-100777, telegram_bot_token=secrets.encrypt("1:abc")
    )
    other = (
        "Терміново! Збираємо списки полонених з 36 бригади морської піхоти: прізвище, дата "
        "народження, де служив. Надсилайте в особисті, родинам передамо"
    )
    posts = cluster_all(group, [f"{other} #{i}" for i in range(3)])
    assert queued == [("surge_alert_job", (posts[0].cluster_id,))]


def test_the_report_counts_surges_and_automatic_removals(group, moderator, moderator_client):
    Group.objects.filter(pk=group.pk).update(campaign_auto_remove=True)
    surge_group(group, copies=3)
    removed_campaign(group, moderator)
    cluster_all(group, [f"{NEW_COPY} #{i}" for i in range(3)])
    today = timezone.localdate().isoformat()
    page = moderator_client.get(
        f"/g/{group.slug}/reports/?since={today}&until={today}"
    ).content.decode()
    assert 'data-figure="campaigns_surges">1<' in page
    assert 'data-figure="campaigns_removed_automatically">3<' in page


def test_the_live_poll_carries_the_surge_banner(group, moderator, viewer_client):
    surge_group(group, copies=3)
    posts = cluster_all(group, copies_of(3))
    body = viewer_client.get(f"/g/{group.slug}/queue/live/?latest=0").json()
    assert body["surges_key"] == f"{posts[0].cluster_id}:3"
    assert f'data-surge="{posts[0].cluster_id}"' in body["surges"]
    assert PHONE not in body["surges"]


def test_an_old_campaign_imported_today_is_no_surge(group, moderator):
    """Copies posted last month on the platform, from an export imported now: no surge."""
    surge_group(group, copies=3)
    month_ago = timezone.now() - timedelta(days=30)
    posts = [make_post(group, text, posted_at=month_ago) for text in copies_of(4)]
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in posts])
    cluster_id = Post.objects.get(pk=posts[0].pk).cluster_id
    assert cluster_id is not None
    assert Cluster.objects.get(pk=cluster_id).surge_seen_at is None
    # Posted within the window (a live chat's copies): a surge.
    fresh = [make_post(group, f"{t} (свіже)", posted_at=timezone.now()) for t in copies_of(3, 9)]
    posts_cluster(group_id=group.pk, post_ids=[p.pk for p in fresh])
    assert Cluster.objects.get(pk=cluster_id).surge_seen_at is not None


def test_a_surge_going_on_counts_its_newcomers_without_reading_its_copies_again(group, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    surge_group(group, copies=4)
    first = cluster_all(group, copies_of(5))
    cluster_id = first[0].cluster_id
    counted_at = Cluster.objects.get(pk=cluster_id).surge_seen_at
    assert Cluster.objects.get(pk=cluster_id).surge_copies == 5
    # Within a minute of the count: the newcomers are added and put first, with no count of
    # the cluster's copies and no update of all of them.
    with CaptureQueriesContext(connection) as queries:
        later = cluster_all(group, copies_of(2, start=5))
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if "COUNT(" in q and "triage_post" in q], sql
    cluster = Cluster.objects.get(pk=cluster_id)
    assert (cluster.surge_copies, cluster.surge_seen_at) == (7, counted_at)
    assert {p.cluster_id for p in later} == {cluster_id}
    assert set(Post.objects.filter(cluster_id=cluster_id).values_list("campaign", flat=True)) == {
        "surge"
    }
    # A minute later the copies are counted again: the count is exact, and a waiting copy
    # that was not marked (a cluster merged in, say) is put first too.
    Post.objects.filter(pk=first[0].pk).update(campaign="")
    Cluster.objects.filter(pk=cluster_id).update(
        surge_seen_at=timezone.now() - timedelta(seconds=90), surge_copies=99
    )
    cluster_all(group, copies_of(1, start=7))
    cluster = Cluster.objects.get(pk=cluster_id)
    assert cluster.surge_copies == 8
    assert cluster.surge_seen_at > timezone.now() - timedelta(seconds=10)
    assert Post.objects.get(pk=first[0].pk).campaign == "surge"
    assert AuditEvent.objects.filter(action="campaign.surge").count() == 1
