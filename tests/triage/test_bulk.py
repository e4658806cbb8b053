"""Bulk decisions: preview, confirmation, claims, undo."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rq import SimpleWorker

from groups.models import Membership
from tests.factories import make_post
from triage.bulk import services as bulk_services
from triage.bulk.services import bulk_create, bulk_preview, bulk_run, bulk_undo
from triage.models import AuditEvent, BulkOperation, Decision, Post, PostStatus
from triage.queue.services import DecisionInput, DecisionRefused, post_claim, post_decide

pytestmark = pytest.mark.django_db


def member(user, group):
    return Membership.objects.select_related("group", "user").get(user=user, group=group)


def remove(group):
    return DecisionInput("remove", rule_id=group.rules.get(code="pow-info").pk)


def test_preview_counts_what_will_and_will_not_be_decided(group, moderator, admin_user):
    posts = [make_post(group, score=0.95, category="pow_solicitation") for _ in range(5)]
    Post.objects.filter(pk=posts[0].pk).update(status=PostStatus.KEPT)
    post_claim(membership=member(admin_user, group), post_id=posts[1].pk)
    preview = bulk_preview(
        membership=member(moderator, group),
        criteria={"kind": "ids", "ids": [p.pk for p in posts]},
    )
    assert (preview.total, preview.decidable, preview.already_decided) == (5, 3, 1)
    assert preview.claimed_by_others == 1
    assert len(preview.sample) <= 10


def test_confirmation_must_state_the_previewed_count(group, moderator):
    posts = [make_post(group) for _ in range(3)]
    criteria = {"kind": "ids", "ids": [p.pk for p in posts]}
    with pytest.raises(DecisionRefused, match="changed since the preview"):
        bulk_create(
            membership=member(moderator, group),
            criteria=criteria,
            data=remove(group),
            confirmed_count=5,
        )
    assert not BulkOperation.objects.exists()


def test_bulk_remove_by_filter_decides_each_post_with_its_own_audited_decision(group, moderator):
    hot = [make_post(group, score=0.95, category="pow_solicitation") for _ in range(4)]
    cold = [make_post(group, score=0.2, category="ordinary") for _ in range(3)]
    criteria = {"kind": "filter", "filters": {"category": "pow_solicitation", "score_min": 0.9}}
    m = member(moderator, group)
    preview = bulk_preview(membership=m, criteria=criteria)
    assert preview.decidable == 4
    op = bulk_create(membership=m, criteria=criteria, data=remove(group), confirmed_count=4)
    # A post imported after the preview is not swept in.
    late = make_post(group, score=0.99, category="pow_solicitation")
    op = bulk_run(op_id=op.pk)
    assert (op.status, op.decided, op.skipped) == ("done", 4, 0)
    for p in hot:
        p.refresh_from_db()
        assert p.status == PostStatus.REMOVED
        assert Decision.objects.get(post=p).bulk_id == op.pk
    for p in [*cold, late]:
        p.refresh_from_db()
        assert p.status == PostStatus.PENDING
    assert AuditEvent.objects.filter(group=group, action="post.decide").count() == 4
    assert AuditEvent.objects.filter(group=group, action="bulk.finish").count() == 1


def test_bulk_skips_posts_decided_or_claimed_meanwhile(group, moderator, admin_user):
    posts = [make_post(group) for _ in range(4)]
    m = member(moderator, group)
    criteria = {"kind": "ids", "ids": [p.pk for p in posts]}
    op = bulk_create(membership=m, criteria=criteria, data=remove(group), confirmed_count=4)
    post_decide(
        membership=member(admin_user, group),
        post_id=posts[0].pk,
        expected_version=0,
        data=DecisionInput("keep"),
    )
    post_claim(membership=member(admin_user, group), post_id=posts[1].pk)
    op = bulk_run(op_id=op.pk)
    assert (op.decided, op.skipped) == (2, 2)
    posts[0].refresh_from_db()
    assert posts[0].status == PostStatus.KEPT
    assert Decision.objects.filter(post=posts[0]).count() == 1


def test_running_an_operation_twice_decides_nothing_twice(group, moderator):
    posts = [make_post(group) for _ in range(3)]
    op = bulk_create(
        membership=member(moderator, group),
        criteria={"kind": "ids", "ids": [p.pk for p in posts]},
        data=remove(group),
        confirmed_count=3,
    )
    bulk_run(op_id=op.pk)
    BulkOperation.objects.filter(pk=op.pk).update(status="running")
    bulk_run(op_id=op.pk)
    assert Decision.objects.filter(bulk=op).count() == 3


def test_undo_reopens_only_posts_nobody_decided_since(group, moderator, admin_user):
    posts = [make_post(group) for _ in range(3)]
    m = member(moderator, group)
    op = bulk_create(
        membership=m,
        criteria={"kind": "ids", "ids": [p.pk for p in posts]},
        data=remove(group),
        confirmed_count=3,
    )
    bulk_run(op_id=op.pk)
    posts[0].refresh_from_db()
    post_decide(
        membership=member(admin_user, group),
        post_id=posts[0].pk,
        expected_version=posts[0].version,
        data=DecisionInput("keep"),
    )
    assert bulk_undo(membership=m, op_id=op.pk) == 2
    statuses = [Post.objects.get(pk=p.pk).status for p in posts]
    assert statuses == [PostStatus.KEPT, PostStatus.PENDING, PostStatus.PENDING]
    assert AuditEvent.objects.filter(group=group, action="bulk.undo").count() == 1
    with pytest.raises(DecisionRefused, match="no longer be undone"):
        bulk_undo(membership=m, op_id=op.pk)


def test_undo_is_refused_after_24_hours_and_for_other_moderators(
    group, moderator, admin_user, owner
):
    from groups.models import Role

    other_mod = owner
    Membership.objects.filter(user=other_mod, group=group).update(role=Role.MODERATOR)
    posts = [make_post(group) for _ in range(2)]
    op = bulk_create(
        membership=member(moderator, group),
        criteria={"kind": "ids", "ids": [p.pk for p in posts]},
        data=remove(group),
        confirmed_count=2,
    )
    bulk_run(op_id=op.pk)
    with pytest.raises(DecisionRefused):
        bulk_undo(membership=member(other_mod, group), op_id=op.pk)
    BulkOperation.objects.filter(pk=op.pk).update(created_at=timezone.now() - timedelta(hours=25))
    with pytest.raises(DecisionRefused):
        bulk_undo(membership=member(admin_user, group), op_id=op.pk)


def test_whole_cluster_bulk_remove(group, moderator):
    from tests.triage.test_clustering import COPIES, cluster_all

    posts = cluster_all(group, COPIES)
    criteria = {"kind": "cluster", "cluster": posts[0].cluster_id}
    m = member(moderator, group)
    preview = bulk_preview(membership=m, criteria=criteria)
    op = bulk_create(
        membership=m, criteria=criteria, data=remove(group), confirmed_count=preview.decidable
    )
    bulk_run(op_id=op.pk)
    assert set(
        Post.objects.filter(cluster_id=posts[0].cluster_id).values_list("status", flat=True)
    ) == {"removed"}


def test_a_cluster_of_another_group_selects_nothing(group, other_group, moderator):
    from tests.triage.test_clustering import COPIES, cluster_all

    theirs = cluster_all(other_group, COPIES)
    preview = bulk_preview(
        membership=member(moderator, group),
        criteria={"kind": "cluster", "cluster": theirs[0].cluster_id},
    )
    assert preview.total == 0


def test_escalation_in_bulk_is_refused(group, moderator):
    post = make_post(group)
    with pytest.raises(DecisionRefused):
        bulk_create(
            membership=member(moderator, group),
            criteria={"kind": "ids", "ids": [post.pk]},
            data=DecisionInput("escalate", note="x"),
            confirmed_count=1,
        )


def test_large_operation_runs_as_a_job_on_real_redis(
    group, moderator, redis_conn, django_capture_on_commit_callbacks
):
    posts = [make_post(group) for _ in range(3)]
    op = bulk_create(
        membership=member(moderator, group),
        criteria={"kind": "ids", "ids": [p.pk for p in posts]},
        data=remove(group),
        confirmed_count=3,
    )
    with django_capture_on_commit_callbacks(execute=True):
        bulk_services.bulk_enqueue(op.pk)
    import django_rq

    queue = django_rq.get_queue("default")
    assert queue.count == 1
    SimpleWorker([queue], connection=redis_conn).work(burst=True)
    op.refresh_from_db()
    assert (op.status, op.decided) == ("done", 3)


def test_a_demoted_actor_s_job_fails_cleanly(group, moderator):
    posts = [make_post(group) for _ in range(2)]
    op = bulk_create(
        membership=member(moderator, group),
        criteria={"kind": "ids", "ids": [p.pk for p in posts]},
        data=remove(group),
        confirmed_count=2,
    )
    Membership.objects.filter(user=moderator, group=group).update(role="viewer")
    op = bulk_run(op_id=op.pk)
    assert op.status == "failed"
    assert Post.objects.filter(pk__in=[p.pk for p in posts], status="pending").count() == 2


@pytest.mark.parametrize(
    "criteria",
    [{}, {"kind": "everything"}, {"kind": "filter", "filters": {"status": "bogus"}}],
)
def test_malformed_criteria_select_nothing_or_are_refused(group, moderator, criteria):
    make_post(group)
    try:
        preview = bulk_preview(membership=member(moderator, group), criteria=criteria)
    except DecisionRefused:
        return
    assert preview.decidable == 0


def test_the_confirmation_decides_only_what_the_preview_counted(group, moderator, moderator_client):
    """A post that arrives between preview and confirmation is not swept in."""
    import json

    from django.urls import reverse

    spam = make_post(group, "casino", category="spam")
    preview = moderator_client.post(
        reverse("bulk_preview", args=[group.slug]),
        {"scope": "filter", "category": "spam", "action": "keep"},
    )
    criteria = json.loads(preview.context["criteria"])
    assert criteria["max_id"] == spam.pk
    late = make_post(group, "casino again", category="spam")
    # Meanwhile someone decided the previewed post: a count of 1 still matches (the late one).
    Post.objects.filter(pk=spam.pk).update(status=PostStatus.KEPT)
    response = moderator_client.post(
        reverse("bulk_confirm", args=[group.slug]),
        {"criteria": json.dumps(criteria), "action": "keep", "confirmed_count": "1"},
    )
    assert response.status_code == 400  # the confirmation again, saying why
    assert "changed since the preview" in response.content.decode()
    assert not BulkOperation.objects.exists()
    assert Post.objects.get(pk=late.pk).status == PostStatus.PENDING


def test_the_audit_log_never_keeps_the_search_text(group, moderator):
    make_post(group, "тел 067 123 45 67")
    m = member(moderator, group)
    criteria = {"kind": "filter", "filters": {"q": "067 123 45 67"}}
    op = bulk_create(
        membership=m, criteria=criteria, data=DecisionInput(action="keep"), confirmed_count=1
    )
    payload = AuditEvent.objects.get(action="bulk.create").payload
    assert "067" not in str(payload)
    assert payload["criteria"]["filters"]["q"] == "[search text withheld]"
    assert op.criteria["filters"]["q"] == "067 123 45 67"  # the operation itself still knows


def test_opening_another_post_releases_the_claim_on_the_last(group, moderator):
    first, second = make_post(group, "перший"), make_post(group, "другий")
    m = member(moderator, group)
    post_claim(membership=m, post_id=first.pk)
    assert Post.objects.get(pk=first.pk).claimed_by == moderator
    post_claim(membership=m, post_id=second.pk)
    assert Post.objects.get(pk=first.pk).claimed_by is None
    assert Post.objects.get(pk=second.pk).claimed_by == moderator


def keep_spam_in_bulk(group, moderator, n):
    """n spam posts and a confirmed (not yet run) bulk operation keeping them all."""
    posts = [make_post(group, f"спам {i}", category="spam") for i in range(n)]
    m = member(moderator, group)
    op = bulk_create(
        membership=m,
        criteria={"kind": "ids", "ids": [p.pk for p in posts]},
        data=DecisionInput(action="keep"),
        confirmed_count=n,
    )
    return posts, m, op


def test_a_bulk_run_that_fails_midway_says_so_and_can_be_undone(group, moderator, monkeypatch):
    _posts, m, op = keep_spam_in_bulk(group, moderator, 5)
    monkeypatch.setattr(bulk_services, "CHUNK", 2)
    real = bulk_services.decisions_bulk_write
    calls = []

    def fail_on_the_second_chunk(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker lost its database connection")
        return real(**kwargs)

    monkeypatch.setattr(bulk_services, "decisions_bulk_write", fail_on_the_second_chunk)
    with pytest.raises(RuntimeError):
        bulk_run(op_id=op.pk)
    op.refresh_from_db()
    assert op.status == BulkOperation.Status.FAILED
    assert op.decided == 2
    assert "can be undone" in op.error
    assert Post.objects.filter(status=PostStatus.KEPT).count() == 2  # the first chunk only
    assert bulk_undo(membership=m, op_id=op.pk) == 2
    assert Post.objects.filter(status=PostStatus.PENDING).count() == 5


def test_a_bulk_operation_abandoned_by_a_killed_worker_is_run_again(
    group, moderator, redis_conn, django_capture_on_commit_callbacks
):
    """A worker killed mid-operation leaves it 'running'; the sweep runs it again, and posts
    already decided are skipped."""
    import django_rq

    posts, m, dead = keep_spam_in_bulk(group, moderator, 4)
    # Its worker got as far as one post, then died: the job is gone from Redis.
    BulkOperation.objects.filter(pk=dead.pk).update(
        status=BulkOperation.Status.RUNNING,
        job_id=f"bulk-{dead.pk}",
        created_at=timezone.now() - timedelta(minutes=5),
    )
    Post.objects.filter(pk=posts[0].pk).update(status=PostStatus.KEPT)
    waiting = bulk_create(
        membership=m,
        criteria={"kind": "ids", "ids": [posts[1].pk]},
        data=DecisionInput(action="keep"),
        confirmed_count=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        bulk_services.bulk_enqueue(waiting.pk)  # queued, not abandoned
    BulkOperation.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert bulk_services.bulk_resume_stale() == [dead.pk]
    queue = django_rq.get_queue("default")
    SimpleWorker([queue], connection=redis_conn).work(burst=True)
    dead.refresh_from_db()
    assert dead.status == BulkOperation.Status.DONE
    assert Post.objects.filter(status=PostStatus.KEPT).count() == 4
    assert Decision.objects.filter(post=posts[0]).count() == 0  # decided before, not again


def test_a_bulk_operation_of_a_member_deactivated_since_does_not_run(group, moderator):
    posts, _m, op = keep_spam_in_bulk(group, moderator, 3)
    moderator.is_active = False
    moderator.save(update_fields=["is_active"])
    op = bulk_run(op_id=op.pk)
    assert op.status == BulkOperation.Status.FAILED
    assert "may no longer decide" in op.error
    assert Post.objects.filter(pk__in=[p.pk for p in posts], status=PostStatus.PENDING).count() == 3
    assert not Decision.objects.filter(bulk=op).exists()


def test_the_sweep_leaves_a_live_worker_alone_and_requeues_what_redis_lost(
    group, moderator, redis_conn, django_capture_on_commit_callbacks
):
    import django_rq

    _posts, m, alive = keep_spam_in_bulk(group, moderator, 2)
    long_ago = timezone.now() - timedelta(minutes=30)
    # A slow but living worker: its heartbeat is fresh, however old the operation.
    BulkOperation.objects.filter(pk=alive.pk).update(
        status=BulkOperation.Status.RUNNING, heartbeat_at=timezone.now(), created_at=long_ago
    )
    # Confirmed, queued, and then Redis lost the job (a restart without persistence).
    lost = bulk_create(
        membership=m,
        criteria={"kind": "ids", "ids": [make_post(group).pk]},
        data=DecisionInput(action="keep"),
        confirmed_count=1,
    )
    BulkOperation.objects.filter(pk=lost.pk).update(job_id=f"bulk-{lost.pk}", created_at=long_ago)
    # Another worker died with its heartbeat three minutes old.
    _posts, _m, dead = keep_spam_in_bulk(group, moderator, 1)
    BulkOperation.objects.filter(pk=dead.pk).update(
        status=BulkOperation.Status.RUNNING,
        heartbeat_at=timezone.now() - timedelta(minutes=3),
        created_at=long_ago,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert sorted(bulk_services.bulk_resume_stale()) == sorted([lost.pk, dead.pk])
    queue = django_rq.get_queue("default")
    assert sorted(queue.job_ids) == sorted([f"bulk-{lost.pk}", f"bulk-{dead.pk}"])


def test_a_worker_that_lost_its_operation_to_another_writes_nothing_more(group, moderator):
    from triage.models.lease import LostLease

    posts, _m, op = keep_spam_in_bulk(group, moderator, 3)
    assert BulkOperation.claim(op.pk, lease=bulk_services.LEASE)
    op.refresh_from_db()
    BulkOperation.objects.filter(pk=op.pk).update(heartbeat_at=timezone.now())  # taken over
    with pytest.raises(LostLease):
        op.beat()
    # The run of a worker that does not hold it claims nothing and decides nothing.
    assert bulk_run(op_id=op.pk).decided == 0
    assert Post.objects.filter(pk__in=[p.pk for p in posts], status=PostStatus.PENDING).count() == 3


def test_undo_writes_one_reopen_decision_and_event_per_post_and_restores_each_status(
    group, admin_user
):
    """Undo works set-wise (locked rows, one update per former status): each post still goes
    back to its own former status, with its own decision and audit event."""
    pending = [make_post(group) for _ in range(2)]
    escalated = make_post(group)
    Post.objects.filter(pk=escalated.pk).update(status=PostStatus.ESCALATED, version=1)
    posts = [*pending, escalated]
    m = member(admin_user, group)
    op = bulk_create(
        membership=m,
        criteria={"kind": "ids", "ids": [p.pk for p in posts]},
        data=remove(group),
        confirmed_count=3,
    )
    bulk_run(op_id=op.pk)
    assert bulk_undo(membership=m, op_id=op.pk) == 3
    after = {p.pk: Post.objects.get(pk=p.pk) for p in posts}
    assert [after[p.pk].status for p in pending] == [PostStatus.PENDING] * 2
    assert all(after[p.pk].decided_at is None for p in pending)
    assert after[escalated.pk].status == PostStatus.ESCALATED
    assert after[escalated.pk].decided_at is not None
    assert [after[p.pk].version for p in posts] == [2, 2, 3]
    for post in posts:
        reopen = Decision.objects.get(post=post, action="reopen")
        assert (reopen.from_status, reopen.to_status) == (PostStatus.REMOVED, after[post.pk].status)
        assert (reopen.bulk_id, reopen.actor_id) == (op.pk, admin_user.pk)
        assert reopen.post_version == after[post.pk].version
        assert reopen.note == f"Undo of bulk operation {op.pk}"
        event = AuditEvent.objects.get(action="post.reopen", object_id=str(post.pk))
        assert event.payload == {"bulk": op.pk, "from": "removed", "to": after[post.pk].status}


def test_a_refused_confirmation_keeps_the_note_and_names_each_decision(group, moderator_client):
    import json

    from django.urls import reverse

    posts = [make_post(group, f"казино {i}", category="spam") for i in range(3)]
    criteria = json.dumps({"kind": "ids", "ids": [p.pk for p in posts]})
    preview = moderator_client.post(
        reverse("bulk_preview", args=[group.slug]), {"ids": [str(p.pk) for p in posts]}
    ).content.decode()
    assert "Remove 3 posts" in preview
    assert "Keep 3 posts" in preview
    note = "Масова розсилка казино, див. скаргу адміна"
    response = moderator_client.post(
        reverse("bulk_confirm", args=[group.slug]),
        {"criteria": criteria, "action": "remove", "confirmed_count": "3", "note": note},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert note in page  # not lost
    assert 'class="errors"' in page
    assert not BulkOperation.objects.exists()


def test_a_bulk_step_reads_each_post_as_the_orm_does(group):
    """A bulk step reads its posts as plain tuples (``PostToDecide``), not model instances:
    every value its decision, platform action and audit event take is the ORM's, in id
    order, and only the posts the query names."""
    from triage.models import Cluster, PostToDecide

    now = timezone.now()
    cluster = Cluster.objects.create(group=group, size=2, first_seen=now, last_seen=now)
    reasons = [{"label": 'поширте «x» \\ "q"', "kind": "ngram", "weight": -0.5, "spans": [[1, 5]]}]
    posts = [
        make_post(group, "перший", score=None, reasons=[]),
        make_post(
            group,
            "другий",
            source="telegram",
            external_id="-1001:77",
            author_external_id="user42",
            cluster=cluster,
            score=0.875,
            category="doxxing",
            model_version="v7",
            reasons=reasons,
        ),
        make_post(group, "третій", cluster=cluster, status=PostStatus.KEPT, version=3),
    ]
    read = PostToDecide.read(Post.objects.filter(pk__in=[p.pk for p in reversed(posts)]))
    assert [p.pk for p in read] == sorted(p.pk for p in posts)
    for row in read:
        post = Post.objects.get(pk=row.pk)
        assert row == tuple(getattr(post, name) for name in PostToDecide._fields)
    assert (read[1].reasons, read[1].cluster_id) == (reasons, cluster.pk)
    assert (read[2].status, read[2].version) == ("kept", 3)
    assert PostToDecide.read(Post.objects.filter(pk__in=[posts[0].pk])) == [read[0]]
    assert PostToDecide.read(Post.objects.none()) == []
