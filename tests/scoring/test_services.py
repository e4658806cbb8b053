"""Persistence, promotion and rollback, scoring posts, keyword rules."""

from __future__ import annotations

import random
import time

import pytest

from groups.models import KeywordRule
from tests.factories import make_post
from triage.models import AuditEvent, ModelVersion, Post
from triage.scoring import services
from triage.scoring.artifacts import artifact_read
from triage.scoring.keywords import BadPattern, apply_rules, compile_rule

pytestmark = pytest.mark.django_db


def test_posts_are_scored_with_version_category_and_reasons(group, base_model):
    post = make_post(
        group, "Внесу до списків на обмін, передоплата 500$ на USDT, пишіть в особисті"
    )
    assert services.posts_score(post_ids=[post.pk]) == 1
    post.refresh_from_db()
    assert 0 <= post.score <= 1
    assert post.model_version == "base-test"
    assert post.category
    assert post.reasons
    assert post.scored_at is not None


def test_a_batch_scores_each_post_as_if_it_were_alone(trained_artifact):
    """Scoring shares one feature matrix across the batch; each post's row must stay its own."""
    directory, name, _ = trained_artifact
    pipeline = artifact_read(directory / name)
    texts = [
        "Шукаємо рідних полоненого з в/ч А1234, пишіть у коментарях, поширте!",
        "Загубився кіт Барсик, рудий, район Оболоні. Поширте, будь ласка",
        "Не поширюйте відео з полоненими. Звертайтеся до Координаційного штабу.",
        "Внесу до списків на обмін, передоплата 500$ на USDT, пишіть в особисті",
    ]
    alone = [services.score_texts(pipeline, [t])[0] for t in texts]
    assert services.score_texts(pipeline, texts) == alone
    assert alone[0][0] > alone[1][0]  # the solicitation outranks the lost cat
    for _score, _category, reasons in alone:
        for reason in reasons:
            for start, end in reason["spans"]:
                assert 0 <= start < end


def test_a_tampered_model_file_is_refused(group, base_model):
    ModelVersion.objects.filter(pk=base_model.pk).update(artifact_sha256="f" * 64)
    services._CACHE.clear()
    with pytest.raises(services.ModelUnavailable, match="checksum"):
        services.load_pipeline(ModelVersion.objects.get(pk=base_model.pk))
    ModelVersion.objects.filter(pk=base_model.pk).update(artifact_path="missing.joblib")
    with pytest.raises(services.ModelUnavailable, match="missing"):
        services.load_pipeline(ModelVersion.objects.get(pk=base_model.pk))


def test_a_group_version_that_is_worse_is_rejected_and_rollback_works(
    group, base_model, owner, settings
):
    better = ModelVersion.objects.create(
        group=group,
        version="g-1",
        status=ModelVersion.Status.ACTIVE,
        training_data_sha256="0" * 64,
        artifact_path=base_model.artifact_path,
        artifact_sha256=base_model.artifact_sha256,
        metrics={"held_out": {"roc_auc": 0.99}},
    )
    worse = ModelVersion.objects.create(
        group=group,
        version="g-2",
        training_data_sha256="0" * 64,
        artifact_path=base_model.artifact_path,
        artifact_sha256=base_model.artifact_sha256,
        metrics={"held_out": {"roc_auc": 0.90}},
    )
    services._promote_if_not_worse(worse, owner)
    worse.refresh_from_db()
    assert worse.status == "rejected"
    assert "below the active" in worse.notes
    ok = ModelVersion.objects.create(
        group=group,
        version="g-3",
        training_data_sha256="0" * 64,
        artifact_path=base_model.artifact_path,
        artifact_sha256=base_model.artifact_sha256,
        metrics={"held_out": {"roc_auc": 0.988}},
    )
    services._promote_if_not_worse(ok, owner)
    assert ModelVersion.objects.get(pk=ok.pk).status == "active"
    assert ModelVersion.objects.get(pk=better.pk).status == "retired"
    services.model_rollback(group=group, version_id=better.pk, actor=owner)
    assert ModelVersion.objects.get(pk=better.pk).status == "active"
    assert services.active_version(group.pk).version == "g-1"
    assert AuditEvent.objects.filter(group=group, action="model.rollback").exists()
    with pytest.raises(services.ModelUnavailable):
        services.model_rollback(group=group, version_id=better.pk, actor=owner)


def _version(group, name, metrics, base_model, **kw):
    return ModelVersion.objects.create(
        group=group,
        version=name,
        training_data_sha256="0" * 64,
        artifact_path=base_model.artifact_path,
        artifact_sha256=base_model.artifact_sha256,
        metrics=metrics,
        **kw,
    )


def test_a_groups_first_version_must_not_be_worse_than_the_base_model(group, base_model, owner):
    # base_model's held-out ROC-AUC is 0.9; the group has no version of its own yet.
    worse = _version(group, "g-first", {"held_out": {"roc_auc": 0.85}}, base_model)
    services._promote_if_not_worse(worse, owner)
    worse.refresh_from_db()
    assert worse.status == "rejected"
    assert "below the active 0.9" in worse.notes
    assert services.active_version(group.pk).version == "base-test"


def test_recent_decisions_compare_both_versions_on_the_same_slice(group, base_model, owner):
    def metrics(new, old, posts=30, compared_with="base-test"):
        return {
            "held_out": {"roc_auc": 0.9},
            "group_recent": {"roc_auc": new, "posts": posts},
            "replaced": {"version": compared_with, "group_recent": {"roc_auc": old}},
        }

    worse = _version(group, "g-a", metrics(0.70, 0.90), base_model)
    services._promote_if_not_worse(worse, owner)
    worse.refresh_from_db()
    assert worse.status == "rejected"
    assert "recent decisions 0.7 is below the active 0.9" in worse.notes
    # Too few recent decisions to judge by, or measured against another version: not compared.
    few = _version(group, "g-b", metrics(0.70, 0.90, posts=8), base_model)
    services._promote_if_not_worse(few, owner)
    assert ModelVersion.objects.get(pk=few.pk).status == "active"
    other = _version(group, "g-c", metrics(0.70, 0.90, compared_with="g-zzz"), base_model)
    services._promote_if_not_worse(other, owner)
    assert ModelVersion.objects.get(pk=other.pk).status == "active"


def test_a_group_version_is_measured_beside_the_one_it_replaces(group, base_model, owner):
    from datetime import timedelta

    from django.utils import timezone

    from triage.scoring.corpus import load_corpus

    # 150 decisions of this group, taken from the corpus's held-out posts with their labels.
    held = [e for e in load_corpus() if e.held_out]
    random.Random(4).shuffle(held)  # the corpus is ordered by category
    held = held[:150]
    start = timezone.now() - timedelta(days=1)
    for i, example in enumerate(held):
        make_post(
            group,
            example.text,
            status="removed" if example.category in services.REMOVE else "kept",
            category=example.category,
            decided_at=start + timedelta(minutes=i),
        )
    mv = services.model_train(group=group, actor=owner)
    recent, replaced = mv.metrics["group_recent"], mv.metrics["replaced"]
    assert recent["posts"] == 30  # the newest 20% of the decisions, never trained on
    assert replaced["version"] == "base-test"
    assert replaced["group_recent"]["posts"] == 30
    assert 0.5 < replaced["group_recent"]["roc_auc"] <= 1
    assert mv.status in ("active", "rejected")
    if mv.status == "rejected":
        assert "below the active" in mv.notes


def test_training_creates_an_active_audited_version(settings, tmp_path, db):
    settings.MODEL_DIR = tmp_path
    mv = services.model_train()
    assert mv.status == "active"
    assert (tmp_path / mv.artifact_path).is_file()
    assert mv.artifact_path.endswith(".pkl")  # a plain pickle (triage.scoring.artifacts)
    services._CACHE.clear()
    assert services.load_pipeline(mv).predict_proba(["Поширте!"]).shape == (1, 2)
    assert mv.metrics["held_out"]["roc_auc"] > 0.8
    assert mv.library_versions["scikit-learn"]
    assert AuditEvent.objects.filter(action="model.train").exists()


@pytest.mark.parametrize(
    ("kind", "pattern", "text", "hit"),
    [
        ("word", "обмін", "Внесу до списку на обмін", True),
        ("word", "обмін", "обмінник валют", False),
        ("phrase", "передоплата 100%", "Передоплата 100% обов'язкова", True),
        ("regex", r"\bв\s*/\s*ч\s*[АA]\d{4}", "служить у в/ч А1234", True),
    ],
)
def test_keyword_rules_match_as_their_kind_says(group, kind, pattern, text, hit):
    rule = KeywordRule.objects.create(group=group, kind=kind, pattern=pattern, weight=0.3)
    assert bool(apply_rules([rule], text)) is hit


@pytest.mark.parametrize("pattern", ["", "(unclosed", "a*", "x" * 501, "(?:)"])
def test_bad_patterns_are_refused(pattern):
    with pytest.raises(BadPattern):
        compile_rule("regex", pattern)


def test_a_catastrophic_regex_is_cut_off_not_hung(group):
    rule = KeywordRule.objects.create(group=group, kind="regex", pattern=r"(a+)+$", weight=0.5)
    started = time.monotonic()
    hits = apply_rules([rule], "a" * 40 + "!")
    # The regex module's timeout stops it; without it this takes longer than the universe's age.
    assert hits == []
    assert time.monotonic() - started < 5


def test_keyword_rules_add_weight_set_category_and_show_as_reasons(group, base_model):
    KeywordRule.objects.create(
        group=group, kind="phrase", pattern="червона калина", weight=0.9, category="spam"
    )
    post = make_post(group, "Купуйте червона калина футболки зі знижкою")
    services.posts_score(post_ids=[post.pk])
    post.refresh_from_db()
    assert post.category == "spam"
    assert post.score >= 0.9
    assert post.reasons[0]["kind"] == "keyword"
    assert post.text[slice(*post.reasons[0]["spans"][0])].lower() == "червона калина"


def test_imported_posts_are_scored_by_the_job(group, base_model, redis_conn, run_import_scored):
    batch = run_import_scored()
    assert Post.objects.filter(batch=batch, score__isnull=False).count() == batch.imported


@pytest.fixture
def run_import_scored(group, moderator, redis_conn, django_capture_on_commit_callbacks):
    import django_rq
    from rq import SimpleWorker

    from tests.importers.conftest import DATA
    from triage.importers.services import batch_create, batch_run, open_upload

    def run():
        with open(DATA / "posts_uk.csv", "rb") as handle:
            batch = batch_create(
                group=group, user=moderator, chunks=open_upload(handle), filename="x.csv"
            )
        with django_capture_on_commit_callbacks(execute=True):
            batch = batch_run(batch_id=batch.pk)
        queues = [django_rq.get_queue(name) for name in ("default", "intake")]
        SimpleWorker(queues, connection=redis_conn).work(burst=True)
        return batch

    return run


def test_only_one_training_per_group_runs_at_a_time(group, base_model, owner, redis_conn):
    from triage import jobs

    # Another worker is training this group: a second retraining does nothing.
    held = redis_conn.lock(f"varta:training:{group.pk}", timeout=60)
    assert held.acquire(blocking=False)
    jobs.retrain_job(group.pk, owner.pk)
    assert not ModelVersion.objects.filter(group=group).exists()
    held.release()


def test_a_retrain_asked_by_someone_no_longer_admin_does_nothing(
    group, base_model, admin_user, redis_conn
):
    from django.core.exceptions import PermissionDenied

    from groups.models import Membership, Role
    from triage import jobs

    Membership.objects.filter(group=group, user=admin_user).update(role=Role.MODERATOR)
    with pytest.raises(PermissionDenied):
        jobs.retrain_job(group.pk, admin_user.pk)
    with pytest.raises(ValueError, match="admins"):
        jobs.retrain_job(group.pk, None)
    assert not ModelVersion.objects.filter(group=group).exists()


def test_a_groups_unusable_model_falls_back_to_the_base_model(group, base_model):
    ModelVersion.objects.create(
        group=group,
        version="g-broken",
        status=ModelVersion.Status.ACTIVE,
        training_data_sha256="0" * 64,
        artifact_path="gone.joblib",
        artifact_sha256="0" * 64,
    )
    post = make_post(group, "Внесу до списків на обмін, передоплата на USDT")
    assert services.posts_score(post_ids=[post.pk]) == 1
    post.refresh_from_db()
    assert post.model_version == "base-test"


def test_a_model_made_by_another_scikit_learn_is_refused(base_model):
    base_model.library_versions = {"scikit-learn": "0.24.2"}
    services._CACHE.clear()
    with pytest.raises(services.ModelUnavailable, match=r"scikit-learn 0\.24\.2"):
        services.load_pipeline(base_model)


def test_only_a_few_pipelines_stay_in_memory(base_model, monkeypatch):
    monkeypatch.setattr(services, "CACHE_SIZE", 2)
    services._CACHE.clear()
    for name in ("v1", "v2", "v3"):
        base_model.version = name
        services.load_pipeline(base_model)
    assert list(services._CACHE) == ["v2", "v3"]


def test_a_rule_cut_off_by_its_time_limit_keeps_what_it_found(group, monkeypatch):
    from triage.scoring import keywords

    rule = KeywordRule.objects.create(group=group, kind="word", pattern="казино", weight=0.3)
    hits = apply_rules([rule], "казино " * 30_000)  # 210 KB: the whole scan is slow
    assert hits
    assert len(hits[0].spans) == 5
    # Every rule shares the post's budget: once it is spent the rest are not run.
    monkeypatch.setattr(keywords, "POST_BUDGET", -1)
    assert apply_rules([rule], "казино") == []


def test_a_pause_does_not_spend_the_rules_budget_but_work_does(group, monkeypatch, caplog):
    """The budget counts processor time: a worker set aside by the system (here: asleep) for
    longer than the whole budget still runs every rule; rules that burn the budget stop the
    rest."""
    import time

    from triage.scoring import keywords

    rules = [
        KeywordRule.objects.create(group=group, kind="word", pattern=word, weight=0.1)
        for word in ("обмін", "казино", "полон")
    ]
    text = "обмін казино полон"
    compile_rule = keywords.compile_rule

    def asleep(kind: str, pattern: str):
        time.sleep(keywords.POST_BUDGET * 1.5)  # no processor time
        return compile_rule(kind, pattern)

    monkeypatch.setattr(keywords, "compile_rule", asleep)
    assert [hit.label for hit in apply_rules(rules, text)] == ["обмін", "казино", "полон"]

    def busy(kind: str, pattern: str):
        until = time.thread_time() + keywords.POST_BUDGET * 1.5
        while time.thread_time() < until:
            pass
        return compile_rule(kind, pattern)

    monkeypatch.setattr(keywords, "compile_rule", busy)
    with caplog.at_level("WARNING", logger="triage.scoring.keywords"):
        assert [hit.label for hit in apply_rules(rules, text)] == ["обмін"]
    assert "time budget spent, 2 rules not run" in caplog.text


def test_a_group_may_not_have_more_than_max_rules(group, owner_client):
    from django.urls import reverse

    from triage.scoring.keywords import MAX_RULES

    KeywordRule.objects.bulk_create(
        KeywordRule(group=group, kind="word", pattern=f"w{i}", weight=0.1) for i in range(MAX_RULES)
    )
    response = owner_client.post(
        reverse("keyword_rules", args=[group.slug]), {"kind": "word", "pattern": "more"}
    )
    assert f"at most {MAX_RULES} keyword rules" in response.content.decode()
    assert group.keyword_rules.count() == MAX_RULES


def test_the_database_allows_one_active_base_model(base_model):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ModelVersion.objects.create(
            version="base-second",
            status=ModelVersion.Status.ACTIVE,
            training_data_sha256="0" * 64,
            artifact_path=base_model.artifact_path,
            artifact_sha256=base_model.artifact_sha256,
        )
    # Promoting through the service retires the old one first.
    second = ModelVersion.objects.create(
        version="base-second",
        training_data_sha256="0" * 64,
        artifact_path=base_model.artifact_path,
        artifact_sha256=base_model.artifact_sha256,
    )
    services.model_promote(version=second, actor=None)
    assert list(ModelVersion.objects.filter(status="active").values_list("version", flat=True)) == [
        "base-second"
    ]


def test_retraining_counts_the_decisions_made_since_the_last_training_read_them(
    group, base_model, owner, settings, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    from groups.models import Membership
    from triage.queue.services import DecisionInput, post_decide

    settings.VARTA_RETRAIN_AFTER_DECISIONS = 2
    trained = []

    def fake_train(group):
        trained.append(group)
        return "new"

    monkeypatch.setattr(services, "model_train", fake_train)
    membership = Membership.objects.get(group=group, user=owner)

    def decide():
        post = make_post(group, f"допис {time.time_ns()}")
        post_decide(
            membership=membership,
            post_id=post.pk,
            expected_version=post.version,
            data=DecisionInput(action="keep"),
        )

    # The last training read the decisions an hour ago and finished just now: the two
    # decisions made while it ran are new to it.
    version = _version(
        group,
        "g-last",
        {},
        base_model,
        status=ModelVersion.Status.ACTIVE,
        counts={"decisions_until": (timezone.now() - timedelta(hours=1)).isoformat()},
    )
    decide()
    assert services.maybe_retrain(group.pk) is None  # one is not enough
    decide()
    ModelVersion.objects.filter(pk=version.pk).update(created_at=timezone.now())
    assert services.maybe_retrain(group.pk) == "new"
    assert trained == [group]
    settings.VARTA_RETRAIN_AFTER_DECISIONS = 0
    assert services.maybe_retrain(group.pk) is None


def test_scores_made_while_a_new_version_was_promoted_are_made_again(
    group, base_model, monkeypatch
):
    newer = _version(group, "g-newer", {}, base_model)
    real = services.score_texts
    calls = []

    def score_and_promote_meanwhile(pipeline, texts, rules=None):
        calls.append(1)
        if len(calls) == 1:
            ModelVersion.objects.filter(pk=newer.pk).update(status="active")
        return real(pipeline, texts, rules)

    monkeypatch.setattr(services, "score_texts", score_and_promote_meanwhile)
    post = make_post(group, "Внесу до списків на обмін, передоплата на USDT")
    services.posts_score(post_ids=[post.pk])
    post.refresh_from_db()
    assert post.model_version == "g-newer"
    assert len(calls) == 2


@pytest.mark.parametrize("pattern", ["(?:a{65535}){65535}", "(?:(?:a{100}){100}){100}", "a{1001}"])
def test_patterns_that_would_take_gigabytes_to_compile_are_refused(pattern):
    """Compiling "(?:a{65535}){65535}" took 23 GB before the kernel killed the process."""
    with pytest.raises(BadPattern, match="repeat"):
        compile_rule("regex", pattern)
    compile_rule("regex", r"в/ч\s*[АA]\d{4}")  # counted repeats of ordinary size still work
