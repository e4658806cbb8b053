"""The Model page, retraining and rollback from the UI, and the keyword rules page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from groups.models import KeywordRule
from tests.factories import make_post
from triage.models import AuditEvent, ModelVersion
from triage.scoring import services
from triage.scoring.corpus import load_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured_base(base_model):
    """The base model with the metrics training gives it, measured on the held-out split."""
    held = [e for e in load_corpus() if e.held_out]
    pipeline = services.load_pipeline(base_model)
    base_model.metrics = {
        "held_out": services.evaluate_on(
            pipeline, [e.text for e in held], [e.category for e in held], (0.5, 0.9)
        )
    }
    base_model.counts = {"train": 1761}
    base_model.save()
    return base_model


def _group_version(group, base_model, name, status):
    return ModelVersion.objects.create(
        group=group,
        version=name,
        status=status,
        training_data_sha256="0" * 64,
        artifact_path=base_model.artifact_path,
        artifact_sha256=base_model.artifact_sha256,
        metrics={"held_out": {"roc_auc": 0.95}},
        notes="held-out ROC-AUC 0.95 is below the active 0.96" if status == "rejected" else "",
    )


def test_everyone_sees_the_model_page_with_metrics_and_versions(
    group, measured_base, viewer_client
):
    _group_version(group, measured_base, "g-old", ModelVersion.Status.RETIRED)
    response = viewer_client.get(reverse("model_page", args=[group.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-model-version>base-test<" in html
    roc = measured_base.metrics["held_out"]["roc_auc"]
    assert f'data-metric="roc_auc">{roc}<' in html
    assert "pow_solicitation" in html  # the confusion matrix's labels
    assert 'data-version="g-old"' in html
    assert 'data-version="base-test"' in html
    # A viewer can neither retrain nor roll back.
    assert reverse("model_retrain", args=[group.slug]) not in html
    assert "Roll back to this" not in html


def test_the_page_shows_precision_and_recall_at_the_groups_own_thresholds(
    group, measured_base, viewer_client
):
    group.review_threshold, group.removal_threshold = 0.7, 0.95
    group.save()
    response = viewer_client.get(reverse("model_page", args=[group.slug]))
    held = response.context["held"]
    assert (held["review"]["threshold"], held["removal"]["threshold"]) == (0.7, 0.95)
    stored = measured_base.metrics["held_out"]
    assert held["roc_auc"] == stored["roc_auc"]  # the same posts, the same model
    assert held["review"]["recall"] <= stored["review"]["recall"]  # a higher bar finds fewer


def test_another_groups_versions_are_not_listed(group, other_group, base_model, viewer_client):
    _group_version(other_group, base_model, "g-theirs", ModelVersion.Status.ACTIVE)
    html = viewer_client.get(reverse("model_page", args=[group.slug])).content.decode()
    assert "g-theirs" not in html


def test_the_model_page_says_when_no_model_is_active(group, viewer_client):
    response = viewer_client.get(reverse("model_page", args=[group.slug]))
    assert response.status_code == 200
    assert "No model is active yet" in response.content.decode()


def test_the_page_shows_agreement_with_moderators(group, measured_base, owner, moderator_client):
    from groups.models import Membership
    from triage.queue.services import DecisionInput, post_decide

    membership = Membership.objects.get(group=group, user=owner)
    rule = group.rules.first()
    for text, action in [
        ("Шукаю брата, в/ч А1234, позивний Грім, хто бачив у полоні — пишіть", "remove"),
        ("Загубився пес Бім, рудий, район Оболоні. Поширте!", "keep"),
    ]:
        post = make_post(group, text)
        services.posts_score(post_ids=[post.pk])
        post.refresh_from_db()
        post_decide(
            membership=membership,
            post_id=post.pk,
            expected_version=post.version,
            data=DecisionInput(action=action, rule_id=rule.pk if action == "remove" else None),
        )
    html = moderator_client.get(reverse("model_page", args=[group.slug])).content.decode()
    assert "On the last 2 final decisions" in html


def test_admin_sees_rollback_for_earlier_group_versions_only(group, measured_base, owner_client):
    old = _group_version(group, measured_base, "g-old", ModelVersion.Status.RETIRED)
    refused = _group_version(group, measured_base, "g-refused", ModelVersion.Status.REJECTED)
    html = owner_client.get(reverse("model_page", args=[group.slug])).content.decode()
    assert reverse("model_rollback", args=[group.slug, old.pk]) in html
    assert reverse("model_rollback", args=[group.slug, refused.pk]) not in html
    response = owner_client.post(
        reverse("model_rollback", args=[group.slug, refused.pk]), follow=True
    )
    assert "only a version that was active before" in response.content.decode()
    assert ModelVersion.objects.get(pk=refused.pk).status == "rejected"
    assert reverse("model_rollback", args=[group.slug, measured_base.pk]) not in html
    assert reverse("model_retrain", args=[group.slug]) in html


def test_admin_rolls_back_and_it_is_audited(group, base_model, owner_client):
    _group_version(group, base_model, "g-new", ModelVersion.Status.ACTIVE)
    old = _group_version(group, base_model, "g-old", ModelVersion.Status.RETIRED)
    response = owner_client.post(reverse("model_rollback", args=[group.slug, old.pk]), follow=True)
    assert "Rolled back to g-old" in response.content.decode()
    assert services.active_version(group.pk).version == "g-old"
    assert ModelVersion.objects.get(version="g-new").status == "retired"
    assert AuditEvent.objects.filter(group=group, action="model.rollback").count() == 1


def test_rollback_refuses_the_base_model_another_groups_version_and_moderators(
    group, other_group, base_model, owner_client, moderator_client
):
    response = owner_client.post(
        reverse("model_rollback", args=[group.slug, base_model.pk]), follow=True
    )
    assert "managed by the server" in response.content.decode()
    theirs = _group_version(other_group, base_model, "g-theirs", ModelVersion.Status.RETIRED)
    assert (
        owner_client.post(reverse("model_rollback", args=[group.slug, theirs.pk])).status_code
        == 404
    )
    assert owner_client.post(reverse("model_rollback", args=[group.slug, 999999])).status_code == (
        404
    )
    mine = _group_version(group, base_model, "g-mine", ModelVersion.Status.RETIRED)
    assert (
        moderator_client.post(reverse("model_rollback", args=[group.slug, mine.pk])).status_code
        == 403
    )
    assert ModelVersion.objects.get(pk=mine.pk).status == "retired"
    assert ModelVersion.objects.get(pk=theirs.pk).status == "retired"
    # GET changes nothing.
    assert (
        owner_client.get(reverse("model_rollback", args=[group.slug, mine.pk])).status_code == 405
    )


def test_retrain_from_the_page_runs_as_a_job_and_records_a_group_version(
    group,
    base_model,
    owner,
    owner_client,
    moderator_client,
    redis_conn,
    django_capture_on_commit_callbacks,
):
    import django_rq
    from rq import SimpleWorker

    assert moderator_client.post(reverse("model_retrain", args=[group.slug])).status_code == 403
    queue = django_rq.get_queue("default")
    assert queue.count == 0
    # The job is enqueued when the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("model_retrain", args=[group.slug]), follow=True)
    assert "Retraining started" in response.content.decode()
    assert queue.count == 1
    # A second click while it waits does not queue another training.
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("model_retrain", args=[group.slug]), follow=True)
    assert "already queued or running" in response.content.decode()
    assert queue.count == 1
    status_url = reverse("model_retrain_status", args=[group.slug])
    assert moderator_client.get(status_url).json()["state"] == "queued"
    page = owner_client.get(reverse("model_page", args=[group.slug])).content.decode()
    assert "data-retrain-status" in page
    assert 'data-retrain-status="' + status_url + '" hidden' not in page
    SimpleWorker([queue], connection=redis_conn).work(burst=True)
    assert moderator_client.get(status_url).json()["state"] == "none"
    page = owner_client.get(reverse("model_page", args=[group.slug])).content.decode()
    assert 'data-retrain-status="' + status_url + '" hidden' in page
    version = ModelVersion.objects.get(group=group)
    assert version.created_by == owner
    assert version.status in ("active", "rejected")
    assert version.metrics["replaced"]["version"] == "base-test"
    assert AuditEvent.objects.filter(group=group, action="model.train").exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"kind": "regex", "pattern": "(unclosed"}, "Not a valid regular expression"),
        ({"kind": "regex", "pattern": "a*"}, "can match without any text"),
        ({"kind": "regex", "pattern": r"\b"}, "can match without any text"),
        ({"kind": "regex", "pattern": r"(?=\w)"}, "can match without any text"),
        ({"kind": "regex", "pattern": r"(?<=.)"}, "can match without any text"),
        ({"kind": "word", "pattern": "   "}, "1 to 500 characters"),
        ({"kind": "word", "pattern": "x" * 501}, "1 to 500 characters"),
        ({"kind": "sql", "pattern": "обмін"}, "Choose word, phrase or regular expression"),
        ({"kind": "word", "pattern": "обмін", "weight": "abc"}, "number from -1 to 1"),
        ({"kind": "word", "pattern": "обмін", "weight": "5"}, "number from -1 to 1"),
        ({"kind": "word", "pattern": "обмін", "weight": "nan"}, "number from -1 to 1"),
        ({"kind": "word", "pattern": "обмін", "weight": "inf"}, "number from -1 to 1"),
        ({"kind": "word", "pattern": "обмін", "category": "nonsense"}, "Unknown category"),
        ({"kind": "phrase", "pattern": "\x00\x00"}, "1 to 500 characters"),
    ],
)
def test_bad_keyword_rules_are_refused_with_a_clear_error(group, owner_client, fields, error):
    response = owner_client.post(reverse("keyword_rules", args=[group.slug]), fields)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not KeywordRule.objects.filter(group=group).exists()
    assert not AuditEvent.objects.filter(action="keyword_rule.create").exists()


def test_admin_adds_and_deletes_a_keyword_rule_audited(group, other_group, owner_client):
    url = reverse("keyword_rules", args=[group.slug])
    response = owner_client.post(
        url,
        {"kind": "regex", "pattern": r"в/ч\s*[АA]\d{4}", "weight": "0,4", "category": "doxxing"},
        follow=True,
    )
    assert "Keyword rule added" in response.content.decode()
    rule = KeywordRule.objects.get(group=group)
    assert (rule.weight, rule.category) == (0.4, "doxxing")
    assert r"в/ч\s*[АA]\d{4}" in owner_client.get(url).content.decode()
    theirs = KeywordRule.objects.create(group=other_group, kind="word", pattern="x", weight=0.1)
    delete_theirs = reverse("keyword_rule_delete", args=[group.slug, theirs.pk])
    assert owner_client.post(delete_theirs).status_code == 404
    assert KeywordRule.objects.filter(pk=theirs.pk).exists()
    owner_client.post(reverse("keyword_rule_delete", args=[group.slug, rule.pk]))
    assert not KeywordRule.objects.filter(pk=rule.pk).exists()
    actions = list(
        AuditEvent.objects.filter(group=group, object_type="keyword_rule").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["keyword_rule.create", "keyword_rule.delete"]


def test_moderators_and_viewers_cannot_manage_keyword_rules(group, moderator_client, viewer_client):
    url = reverse("keyword_rules", args=[group.slug])
    for client in (moderator_client, viewer_client):
        assert client.get(url).status_code == 403
        assert client.post(url, {"kind": "word", "pattern": "x"}).status_code == 403
    assert not KeywordRule.objects.exists()


def test_one_version_is_active_here_the_shared_base_says_whom_it_serves(
    group, measured_base, viewer_client
):
    _group_version(group, measured_base, "g-own", ModelVersion.Status.ACTIVE)
    html = viewer_client.get(reverse("model_page", args=[group.slug])).content.decode()
    assert html.count("Active here") == 1
    own = html.split('data-version="g-own"', 1)[1].split("</tr>", 1)[0]
    base = html.split('data-version="base-test"', 1)[1].split("</tr>", 1)[0]
    assert "Active here" in own
    assert "Active for groups without a model of their own" in base
    # The agreement figures are named, not "P / R", and explained.
    assert " P " not in html
    assert "Precision: of the posts at or above a threshold" in html


def test_a_running_retraining_shows_its_phase_and_time(group, viewer_client, redis_conn):
    from datetime import timedelta

    import django_rq
    from django.utils import timezone
    from rq.job import Job, JobStatus

    job = Job.create(
        "builtins.print", id=f"varta-retrain-{group.pk}", connection=django_rq.get_connection()
    )
    job.set_status(JobStatus.STARTED)
    job.started_at = timezone.now() - timedelta(seconds=42)
    job.meta["phase"] = "training"
    job.save()
    state = viewer_client.get(reverse("model_retrain_status", args=[group.slug])).json()
    assert (state["state"], state["phase"], state["step"], state["steps"]) == (
        "running",
        "training",
        2,
        4,
    )
    assert 41 <= state["elapsed"] <= 60
    assert state["text"].startswith("Retraining: training (step 2 of 4), ")
    # A phase the page does not know is shown as the first, not as a code.
    job.meta["phase"] = "<script>"
    job.save_meta()
    state = viewer_client.get(reverse("model_retrain_status", args=[group.slug])).json()
    assert state["phase"] == "reading"
