"""The evaluation suite and what is read off it: robustness transforms, calibration error,
operating points, the promotion rule, thresholds for new groups and what the pages say of
them, and the shipped model's checks."""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pytest
from django.urls import reverse

from groups.services import group_create
from triage.models import AuditEvent, ModelVersion
from triage.scoring import services
from triage.scoring.evaluate import (
    at_score,
    expected_calibration_error,
    operating_points,
    score_lists,
)
from triage.scoring.robustness import TRANSFORMS, robustness_set
from triage.scoring.suite import evaluation_suite
from triage.scoring.thresholds import FALLBACK, suggested_thresholds

CYRILLIC = re.compile(r"[а-яіїєґё]", re.IGNORECASE)
POSTS = ["Хто впізнає цього хлопця? Пишіть. Поширте.", "Загубився кіт. Рудий, з Оболоні."]
LABELS = [1, 0]


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_each_transform_changes_only_the_side_it_is_meant_for(name):
    _transform, side = TRANSFORMS[name]
    out = robustness_set(name, POSTS, LABELS)
    assert len(out) == len(POSTS)
    assert (out[0] != POSTS[0]) == (side in ("remove", "both"))
    assert (out[1] != POSTS[1]) == (side in ("keep", "both"))
    assert out == robustness_set(name, POSTS, LABELS)  # the same set every run


def test_transliteration_leaves_no_cyrillic_and_lookalikes_keep_the_length():
    latin = robustness_set("transliteration", POSTS, [1, 1])
    assert not [t for t in latin if CYRILLIC.search(t)]
    assert latin[0].startswith("Khto vpiznaie") or latin[0].startswith("Khto vpiznaye")
    swapped = robustness_set("lookalikes", POSTS, [1, 1])
    assert [len(t) for t in swapped] == [len(t) for t in POSTS]
    assert swapped != POSTS


def test_the_robustness_lines_are_not_the_lines_training_appends():
    from triage.scoring import augment, robustness

    trained = set(augment.APPENDABLE)
    tested = set(
        robustness.COUNTER_MESSAGING + robustness.NEUTRAL + robustness.LINKS + robustness.HANDLES
    )
    assert not trained & tested


def test_the_suite_has_every_kind_of_set_and_only_sets_with_both_labels():
    from triage.scoring.corpus import load_corpus

    suite = evaluation_suite(load_corpus())
    names = {s.name for s in suite}
    assert {"held_out", "written", "independent", "real_spam"} <= names
    assert {f"robust_{n}" for n in TRANSFORMS} <= names
    assert {s.kind for s in suite} == {"held_out", "real", "independent", "robustness"}
    for s in suite:
        assert set(s.labels) == {0, 1}, s.name
    # Real sets hold real texts (kept) beside the written held-out removal posts, no training
    # post: every text of the corpus part is held out.
    held = {e.text for e in load_corpus() if e.held_out}
    for s in suite:
        if s.kind in ("held_out", "real"):
            assert set(s.texts) <= held, s.name


def test_calibration_error_is_zero_when_scores_say_what_happens_and_large_when_not():
    y = np.array([1] * 7 + [0] * 3 + [1] * 2 + [0] * 8)
    # Half the posts score 0.75 where 7 in 10 are removals (0.05 off), half 0.2 where 2 in 10 are.
    scores = np.array([0.75] * 10 + [0.2] * 10)
    assert expected_calibration_error(y, scores) == pytest.approx(0.025)
    assert expected_calibration_error(np.array([0, 0, 0, 0]), np.array([0.9] * 4)) == 0.9
    assert expected_calibration_error(np.array([1, 0]), np.array([1.0, 0.0])) == 0.0


def test_operating_points_flag_95_percent_and_reach_95_percent_precision():
    rng = np.random.default_rng(3)
    y = np.array([1] * 200 + [0] * 800)
    scores = np.clip(np.concatenate([rng.normal(0.8, 0.15, 200), rng.normal(0.2, 0.15, 800)]), 0, 1)
    lists = score_lists(y, scores)
    points = operating_points(lists)
    review, removal = points["recall_95"], points["precision_95"]
    assert review < removal
    assert at_score(lists, review)["recall"] >= 0.95
    assert at_score(lists, review + 0.01)["recall"] < 0.96  # the highest such score, near enough
    assert 1 - at_score(lists, removal)["kept_share"] >= 0.95
    assert 1 - at_score(lists, removal - 0.01)["kept_share"] < 0.96
    assert operating_points({"removed": [], "kept": [0.1]}) == {
        "recall_95": None,
        "precision_95": None,
    }
    assert at_score({"removed": [], "kept": []}, 0.5)["recall"] is None


def _suite(**aucs):
    return {name: {"kind": kind, "roc_auc": auc} for name, (kind, auc) in aucs.items()}


def test_promotion_rewards_generalising_and_refuses_worse_real_posts():
    old = _suite(
        written=("held_out", 0.97), real_tgnews=("real", 0.90), independent=("independent", 0.95)
    )
    # 0.01 given up on written posts for 0.05 more on real ones: promoted.
    better_real = _suite(
        written=("held_out", 0.96), real_tgnews=("real", 0.95), independent=("independent", 0.95)
    )
    assert services._suite_reasons(better_real, old) == []
    # Better on written posts, worse on real ones: refused, and the reason names the set.
    worse_real = _suite(
        written=("held_out", 0.99), real_tgnews=("real", 0.88), independent=("independent", 0.96)
    )
    assert [r for r in services._suite_reasons(worse_real, old) if "real_tgnews" in r]
    # Worse across the board: the mean says so.
    worse = _suite(
        written=("held_out", 0.95), real_tgnews=("real", 0.90), independent=("independent", 0.93)
    )
    assert [r for r in services._suite_reasons(worse, old) if "mean ROC-AUC" in r]
    assert services._suite_reasons(worse, {}) == []


def _version(name, group=None, status=ModelVersion.Status.ACTIVE, **metrics):
    return ModelVersion.objects.create(
        group=group,
        version=name,
        status=status,
        training_data_sha256="0" * 64,
        artifact_path="",
        artifact_sha256="",
        metrics=metrics,
    )


@pytest.mark.django_db
def test_new_groups_take_their_thresholds_from_the_base_models_operating_points(owner):
    assert suggested_thresholds() == FALLBACK
    _version("base-measured", operating_points={"recall_95": 0.1514, "precision_95": 0.9251})
    group = group_create(name="Нова група", slug="nova", owner=owner, actor=owner)
    group.refresh_from_db()
    assert (str(group.review_threshold), str(group.removal_threshold)) == ("0.151", "0.926")
    created = AuditEvent.objects.get(group=group, action="group.create")
    assert created.payload["review_threshold"] == "0.151"


@pytest.mark.django_db
def test_a_model_that_measured_no_precise_point_keeps_the_removal_fallback(owner):
    _version("base-vague", operating_points={"recall_95": 0.3, "precision_95": None})
    assert suggested_thresholds() == (Decimal("0.3"), FALLBACK[1])


LISTS = {
    "removed": [0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99],
    "kept": [0.1] * 80 + [0.5, 0.65],
}


@pytest.mark.django_db
def test_the_settings_page_says_what_each_threshold_means(group, owner_client):
    _version(
        "base-lists",
        held_out_scores=LISTS,
        operating_points={"recall_95": 0.2, "precision_95": 0.66},
    )
    group.review_threshold, group.removal_threshold = 0.45, 0.9
    group.save()
    html = owner_client.get(reverse("group_settings", args=[group.slug])).content.decode()
    # At 0.45: 8 of 10 removals, and 2 of the 10 flagged posts kept (1 in 5).
    review = re.search(r'data-threshold="review">(.*?)</p>', html, re.S).group(1)
    assert "80%" in review
    assert "1 flagged post in 5" in review
    removal = re.search(r'data-threshold="removal">(.*?)</p>', html, re.S).group(1)
    assert "50%" in removal
    assert "none of the posts" in removal
    assert "0.200" in html
    assert "0.660" in html


@pytest.mark.django_db
def test_the_settings_page_without_a_model_says_what_it_will_show(group, owner_client):
    html = owner_client.get(reverse("group_settings", args=[group.slug])).content.decode()
    assert "When a model is active" in html


@pytest.mark.django_db
def test_the_model_page_shows_the_suite_calibration_and_the_groups_thresholds(
    group, base_model, viewer_client
):
    base_model.metrics = {
        "held_out": {
            "roc_auc": 0.98,
            "ece": 0.012,
            "review": {"threshold": 0.5, "precision": 0.9, "recall": 0.8},
            "removal": {"threshold": 0.9, "precision": 1.0, "recall": 0.5},
            "calibration": [
                {"from": 0.0, "to": 0.1, "posts": 80, "mean_score": 0.02, "removed_share": 0.01},
                {"from": 0.9, "to": 1.0, "posts": 9, "mean_score": 0.95, "removed_share": 1.0},
            ],
        },
        "suite": {
            "real_tgnews": {
                "kind": "real",
                "posts": 700,
                "roc_auc": 0.993,
                "recall": 0.95,
                "flagged": 0.025,
            }
        },
        "operating_points": {"recall_95": 0.2, "precision_95": 0.66},
        "held_out_scores": LISTS,
    }
    base_model.save()
    group.review_threshold, group.removal_threshold = 0.45, 0.9
    group.save()
    response = viewer_client.get(reverse("model_page", args=[group.slug]))
    html = response.content.decode()
    assert 'data-set="real_tgnews"' in html
    assert "Real Telegram news-channel posts" in html
    assert "<svg" in html
    assert "Reliability diagram" in html
    assert "Expected calibration error 0.012" in html
    # The group's own thresholds, read off the kept held-out scores, not scored again.
    held = response.context["held"]
    assert held["review"] == {"threshold": 0.45, "precision": 0.8, "recall": 0.8}
