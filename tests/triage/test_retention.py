from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_post
from triage.audit.services import verify_chain
from triage.models import AuditChain, AuditEvent, Decision, Post, PostStatus, UnclusteredPost

pytestmark = pytest.mark.django_db

TEXT = "Шукаємо Петра Іваненка, в/ч А1234, тел. +380 67 123 45 67. Пишіть у коментарях!"


def decided(group, days_ago, status=PostStatus.REMOVED, **fields):
    post = make_post(
        group,
        TEXT,
        author="Ганна Іваненко",
        permalink="https://www.facebook.com/groups/x/posts/1/",
        status=status,
        score=0.97,
        category="pow_solicitation",
        reasons=[{"label": "в/ч А1234", "spans": [[20, 29]]}],
        decided_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )
    Decision.objects.create(
        group=group,
        post=post,
        action="remove",
        from_status="pending",
        to_status=status,
        post_version=1,
        score=0.97,
        category="pow_solicitation",
        reasons=[{"label": "в/ч А1234"}],
    )
    return post


def test_purge_replaces_text_and_personal_fields_of_expired_decided_posts(group, owner):
    old = decided(group, days_ago=31)
    recent = decided(group, days_ago=5)
    pending = make_post(group, TEXT)
    call_command("purge_expired")
    old.refresh_from_db()
    assert old.text == ""
    assert old.author.startswith("hmac:")
    assert hashlib.sha256("Ганна Іваненко".encode()).hexdigest() not in old.author
    assert "Іваненко" not in old.author
    assert old.permalink == ""
    assert old.reasons == []
    assert old.purged_at is not None
    # What reports and evidence need stays.
    assert (old.status, old.score, old.category) == ("removed", 0.97, "pow_solicitation")
    assert len(old.text_sha256) == 64
    assert Decision.objects.get(post=old).reasons == []
    recent.refresh_from_db()
    pending.refresh_from_db()
    assert recent.text == TEXT
    assert pending.text == TEXT


def test_a_purged_post_never_clustered_leaves_the_sweeps_list(group):
    """make_post lists a post as an import would; one purged before it was clustered has no
    text left to cluster, and the sweep skips purged posts: its entry would stay for ever."""
    old = decided(group, days_ago=31)
    recent = decided(group, days_ago=5)
    assert set(UnclusteredPost.objects.values_list("pk", flat=True)) == {old.pk, recent.pk}
    call_command("purge_expired")
    assert list(UnclusteredPost.objects.values_list("pk", flat=True)) == [recent.pk]


def test_purge_writes_one_audit_event_per_run_and_the_chain_still_verifies(group):
    for _ in range(3):
        decided(group, days_ago=40)
    call_command("purge_expired")
    events = AuditEvent.objects.filter(group=group, action="retention.purge")
    assert events.count() == 1
    assert events.get().payload["purged"] == 3
    assert "Іваненко" not in str(events.get().payload)
    assert verify_chain(AuditChain.objects.get(group=group)).ok
    # Nothing left to purge: no new event.
    call_command("purge_expired")
    assert AuditEvent.objects.filter(group=group, action="retention.purge").count() == 1


def test_each_group_keeps_its_own_retention(group, other_group):
    group.retention_days = 90
    group.save()
    mine = decided(group, days_ago=40)
    theirs = decided(other_group, days_ago=40)
    call_command("purge_expired")
    assert Post.objects.get(pk=mine.pk).text == TEXT
    assert Post.objects.get(pk=theirs.pk).text == ""


def test_escalated_posts_are_not_purged(group):
    post = decided(group, days_ago=100, status=PostStatus.ESCALATED)
    call_command("purge_expired")
    assert Post.objects.get(pk=post.pk).text == TEXT


def test_counts_by_status_survive_the_purge(group):
    for _ in range(2):
        decided(group, days_ago=60)
    decided(group, days_ago=60, status=PostStatus.KEPT)
    before = sorted(Post.objects.filter(group=group).values_list("status", "category"))
    call_command("purge_expired")
    after = sorted(Post.objects.filter(group=group).values_list("status", "category"))
    assert before == after


def test_the_daily_purge_job_runs_on_real_redis(
    group, redis_conn, django_capture_on_commit_callbacks
):
    import django_rq
    from rq import SimpleWorker

    from triage.jobs import purge_expired_job

    post = decided(group, days_ago=45)
    queue = django_rq.get_queue("default")
    # django-rq enqueues when the surrounding transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        queue.enqueue(purge_expired_job)
    assert queue.count == 1
    SimpleWorker([queue], connection=redis_conn).work(burst=True)
    assert Post.objects.get(pk=post.pk).text == ""


def test_the_cron_configuration_registers_the_purge():
    from rq import cron

    cron._job_data_registry.clear()
    import importlib

    import config.cron

    importlib.reload(config.cron)
    names = [job["name"] for job in cron._job_data_registry]
    assert "purge_expired" in names
    job = next(j for j in cron._job_data_registry if j["name"] == "purge_expired")
    assert job["cron"] == "15 3 * * *"


def test_purge_deletes_the_files_of_earlier_group_models_trained_on_expired_posts(
    group, settings, tmp_path
):
    from triage.models import ModelVersion
    from triage.retention import group_purge_expired
    from triage.scoring import services

    settings.MODEL_DIR = tmp_path

    def version(name, status, days_ago):
        (tmp_path / f"{name}.joblib").write_bytes(b"model bytes")
        mv = ModelVersion.objects.create(
            group=group,
            version=name,
            status=status,
            training_data_sha256="0" * 64,
            artifact_path=f"{name}.joblib",
            artifact_sha256="0" * 64,
        )
        ModelVersion.objects.filter(pk=mv.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
        return mv

    old_retired = version("g-old", ModelVersion.Status.RETIRED, 40)
    old_rejected = version("g-refused", ModelVersion.Status.REJECTED, 35)
    recent_retired = version("g-recent", ModelVersion.Status.RETIRED, 3)
    active = version("g-active", ModelVersion.Status.ACTIVE, 60)
    group_purge_expired(group=group)
    assert not (tmp_path / "g-old.joblib").exists()
    assert not (tmp_path / "g-refused.joblib").exists()
    assert (tmp_path / "g-recent.joblib").exists()
    assert (tmp_path / "g-active.joblib").exists()  # in use until it is replaced
    old_retired.refresh_from_db()
    assert old_retired.artifact_path == ""
    assert "deleted by retention" in old_retired.notes
    assert ModelVersion.objects.get(pk=old_rejected.pk).artifact_path == ""
    assert ModelVersion.objects.get(pk=recent_retired.pk).artifact_path == "g-recent.joblib"
    assert ModelVersion.objects.get(pk=active.pk).artifact_path == "g-active.joblib"
    event = AuditEvent.objects.get(group=group, action="retention.purge")
    assert event.payload["model_files_deleted"] == 2
    with pytest.raises(services.ModelUnavailable, match="deleted by retention"):
        services.model_rollback(group=group, version_id=old_retired.pk, actor=None)


def test_a_note_on_an_author_untouched_for_the_retention_period_is_deleted(group):
    from triage.models import AuthorNote
    from triage.retention import group_purge_expired

    old = AuthorNote.objects.create(group=group, author="Давній Автор", note="стара примітка")
    fresh = AuthorNote.objects.create(group=group, author="Свіжий Автор", note="нова")
    AuthorNote.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timedelta(days=group.retention_days + 1)
    )
    group_purge_expired(group=group)
    assert list(AuthorNote.objects.values_list("pk", flat=True)) == [fresh.pk]
    event = AuditEvent.objects.get(group=group, action="retention.purge")
    assert event.payload["author_notes_deleted"] == 1


def test_an_appeal_on_a_purged_post_is_masked_with_it(group, moderator):
    from triage.models import Appeal
    from triage.retention import group_purge_expired

    post = decided(group, days_ago=group.retention_days + 5)
    removal = Decision.objects.filter(post=post).first() or Decision.objects.create(
        group=group,
        post=post,
        action="remove",
        from_status="pending",
        to_status="removed",
        post_version=1,
    )
    appeal = Appeal.objects.create(
        group=group, post=post, removal=removal, text="Дзвоніть +380 67 123 45 67", channel="email"
    )
    group_purge_expired(group=group)
    appeal.refresh_from_db()
    assert "+380 67 123 45 67" not in appeal.text


def test_purge_deletes_the_groups_stray_model_files_once_they_are_an_hour_old(
    group, other_group, settings, tmp_path
):
    """A model file no version names (a training that failed after writing it, or a write
    cut off: its ``.partial``) holds words learned from the group's posts: retention deletes
    it, but not a younger one (a training may be writing it now), nor another group's."""
    import os

    from triage.models import ModelVersion
    from triage.retention import group_purge_expired

    settings.MODEL_DIR = tmp_path
    hour_and_a_bit = timezone.now().timestamp() - 3700

    def stray(name: str, *, old: bool) -> None:
        (tmp_path / name).write_bytes(b"words of the group's posts")
        if old:
            os.utime(tmp_path / name, (hour_and_a_bit, hour_and_a_bit))

    named = f"g{group.pk}-20261201000000000000.pkl"
    stray(named, old=True)
    ModelVersion.objects.create(
        group=group,
        version=named.removesuffix(".pkl"),
        status=ModelVersion.Status.ACTIVE,
        training_data_sha256="0" * 64,
        artifact_path=named,
        artifact_sha256="0" * 64,
    )
    stray(f"g{group.pk}-20261202000000000000.pkl", old=True)  # its training failed
    stray(f".g{group.pk}-20261203000000000000.pkl.partial", old=True)  # its write was cut off
    stray(f"g{group.pk}-20261204000000000000.pkl", old=False)  # a training writing it now
    stray(f".g{group.pk}-20261205000000000000.pkl.partial", old=False)
    stray(f"g{other_group.pk}-20261202000000000000.pkl", old=True)  # not this group's
    stray(f"g{group.pk}0-20261202000000000000.pkl", old=True)  # group 10's, say, of group 1
    stray("base-20261202000000000000.pkl", old=True)  # the base model's are not a group's
    group_purge_expired(group=group)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            named,
            f"g{group.pk}-20261204000000000000.pkl",
            f".g{group.pk}-20261205000000000000.pkl.partial",
            f"g{other_group.pk}-20261202000000000000.pkl",
            f"g{group.pk}0-20261202000000000000.pkl",
            "base-20261202000000000000.pkl",
        ]
    )
    event = AuditEvent.objects.get(group=group, action="retention.purge")
    assert event.payload["model_files_deleted"] == 2
