"""Training, versions, promotion and rollback, and scoring posts.

Promotion rule (documented in the README): a newly trained version replaces the
active one only if, with both scored on the same evaluation suite
(triage.scoring.suite: held-out posts, each real source's held-out texts, the
independent set, the robustness sets), its mean ROC-AUC over the suite is at most
0.005 lower AND no set of real posts is more than 0.005 lower; AND it is not worse
on a held-out slice of the group's recent decisions (when there are at least 20
with both outcomes), both versions scored on the same slice. So a version that
gives up a little on written posts for a large gain on real ones is promoted, and
one that gets worse on real posts is not. For a group's first own version, the
version it replaces is the shared base model. Otherwise it is kept as "rejected"
with the reason, and the active version stays.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import platform
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import django_rq
import numpy as np
import scipy
import sklearn
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rq import get_current_job
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job

from groups.access import get_group_for_user_id
from groups.models import Group, KeywordRule, Membership, Role
from triage.audit.services import audit_record
from triage.clusters.heads import cluster_heads_offer
from triage.lib.rq import enqueue
from triage.models import Decision, ModelVersion, Post, PostStatus
from triage.models.writes import rows_update
from triage.scoring.artifacts import SUFFIX as ARTIFACT_SUFFIX
from triage.scoring.artifacts import artifact_read, artifact_write
from triage.scoring.corpus import REMOVE, corpus_sha256, load_corpus
from triage.scoring.evaluate import metrics, operating_points, score_lists
from triage.scoring.explain import explain_batch, explanation_index
from triage.scoring.features import transform as features_transform
from triage.scoring.keywords import adjust, apply_rules
from triage.scoring.model import fit_pipeline, training_set
from triage.scoring.shipped import file_sha256, load_shipped, ship
from triage.scoring.suite import (
    EvalSet,
    evaluation_suite,
    score_suite,
    suite_metrics,
    suite_summary,
)

logger = logging.getLogger(__name__)
MARGIN = 0.005
MIN_GROUP_SLICE = 20  # fewer recent decisions than this are too few to judge by
CACHE_SIZE = 4  # pipelines kept per process (~40 MB each): the base model and a few groups'
_CACHE: OrderedDict[str, Any] = OrderedDict()


class ModelUnavailable(Exception):
    pass


def _model_dir() -> Path:
    path = Path(settings.MODEL_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def load_pipeline(version: ModelVersion) -> Any:
    """The version's pipeline, loaded once per process (the few most recently used are kept);
    refused if its file is missing, changed, unreadable or made by another scikit-learn."""
    if version.version in _CACHE:
        _CACHE.move_to_end(version.version)
        return _CACHE[version.version]
    trained_with = (version.library_versions or {}).get("scikit-learn")
    if trained_with and trained_with != sklearn.__version__:
        raise ModelUnavailable(
            f"model {version.version} was trained with scikit-learn {trained_with}, "
            f"this server runs {sklearn.__version__}: retrain it"
        )
    if not version.artifact_path:
        raise ModelUnavailable(f"the file of model {version.version} was deleted by retention")
    path = _model_dir() / version.artifact_path
    if not path.is_file():
        raise ModelUnavailable(f"model file {version.artifact_path} is missing")
    if file_sha256(path) != version.artifact_sha256:
        raise ModelUnavailable(f"model file {version.artifact_path} does not match its checksum")
    # Unpickled only as a file this project wrote itself (checked above), never an upload.
    try:
        pipeline = artifact_read(path)
    except Exception as exc:  # a truncated or foreign file: unpickling can fail in many ways
        raise ModelUnavailable(f"model file {version.artifact_path} cannot be read: {exc}") from exc
    _CACHE[version.version] = pipeline
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return pipeline


def active_version(group_id: int | None) -> ModelVersion | None:
    if group_id is not None:
        own = ModelVersion.objects.filter(
            group_id=group_id, status=ModelVersion.Status.ACTIVE
        ).first()
        if own is not None:
            return own
    return ModelVersion.objects.filter(
        group__isnull=True, status=ModelVersion.Status.ACTIVE
    ).first()


def _decision_examples(group: Group) -> tuple[list[str], list[str], list[str], list[str]]:
    """The group's final decisions as labels, split: 80% to train, the newest 20% held out.

    One post of each cluster (its first decided): the model learns no word seen in one post
    only, and 30 copies of one viral post are one post, or a name repeated in them all would
    be learned."""
    rows = []
    clusters: set[int] = set()
    for text, status, category, cluster_id in (
        Post.objects.filter(
            group=group, status__in=[PostStatus.REMOVED, PostStatus.KEPT], purged_at__isnull=True
        )
        .exclude(text="")
        .order_by("decided_at", "id")
        .values_list("text", "status", "category", "cluster_id")
        .iterator(chunk_size=2000)
    ):
        if cluster_id is not None:
            if cluster_id in clusters:
                continue
            clusters.add(cluster_id)
        rows.append((text, status, category))
    texts, cats = [], []
    for text, status, category in rows:
        texts.append(text)
        if status == PostStatus.REMOVED:
            cats.append(category if category in REMOVE else "pow_solicitation")
        else:
            cats.append(category if category and category not in REMOVE else "ordinary")
    cut = int(len(rows) * 0.8)
    return texts[:cut], cats[:cut], texts[cut:], cats[cut:]


def evaluate_on(
    pipeline: Any, texts: list[str], cats: list[str], thresholds: tuple[float, float]
) -> dict[str, Any]:
    if not texts:
        return {"posts": 0}
    scores = pipeline.predict_proba(texts)[:, 1]
    y = [1 if c in REMOVE else 0 for c in cats]
    predicted = list(pipeline.predict(texts))
    return metrics(
        y,
        scores,
        categories_true=cats,
        categories_pred=predicted,
        thresholds=thresholds,
        texts=texts,
    )


def _suite_scores(pipeline: Any, suite: list[EvalSet]) -> dict[str, np.ndarray]:
    return score_suite(lambda texts: pipeline.predict_proba(texts)[:, 1], suite)


# What a retraining is doing, shown on the Model page while it runs (see retrain_state).
PHASES = ("reading", "training", "evaluating", "deciding")


def _phase(name: str) -> None:
    """Record the phase of the training in its RQ job, when there is one."""
    job = get_current_job()
    if job is not None:
        job.meta["phase"] = name
        job.meta["phase_at"] = timezone.now().isoformat()
        job.save_meta()


def model_train(*, group: Group | None = None, actor: Any = None) -> ModelVersion:
    """Train on the corpus (and the group's decisions), evaluate on the whole suite, save, and
    promote if not worse."""
    _phase("reading")
    examples = load_corpus()
    train = [e for e in examples if not e.held_out]
    held = [e for e in examples if e.held_out]
    extra: list[tuple[str, str]] = []
    extra_test_texts: list[str] = []
    extra_test_cats: list[str] = []
    # Decisions made from here on are not in this training; the next one counts them.
    decisions_until = timezone.now()
    if group is not None:
        more_texts, more_cats, extra_test_texts, extra_test_cats = _decision_examples(group)
        extra = list(zip(more_texts, more_cats, strict=True))
    data = training_set(train, extra)
    if len(set(data.categories)) < 2:
        raise ModelUnavailable("the corpus is empty: nothing to train on")
    started = timezone.now()
    _phase("training")
    pipeline = fit_pipeline(data)
    seconds = (timezone.now() - started).total_seconds()
    _phase("evaluating")
    suite = evaluation_suite(examples)
    scores = _suite_scores(pipeline, suite)
    held_y = np.array([e.label for e in held])
    lists = score_lists(held_y, scores["held_out"]) if "held_out" in scores else {}
    points = operating_points(lists) if lists else {"recall_95": None, "precision_95": None}
    if group is not None:
        thresholds = (float(group.review_threshold), float(group.removal_threshold))
    else:
        thresholds = (
            points["recall_95"] if points["recall_95"] is not None else 0.5,
            points["precision_95"] if points["precision_95"] is not None else 0.9,
        )
    held_metrics = evaluate_on(
        pipeline, [e.text for e in held], [e.category for e in held], thresholds
    )
    group_metrics = evaluate_on(pipeline, extra_test_texts, extra_test_cats, thresholds)
    # The version this one would replace, measured on the same suite and the same slice of
    # recent decisions, so the promotion rule compares like with like.
    replaced = active_version(group.pk if group else None)
    replaced_metrics: dict[str, Any] = {"posts": 0}
    replaced_suite: dict[str, Any] = {}
    suite_sha256 = corpus_sha256(examples)
    if replaced is not None:
        stored = replaced.metrics or {}
        if stored.get("suite_corpus_sha256") == suite_sha256 and stored.get("suite"):
            # Measured on this very suite (same corpus, same sets) when it was trained; ROC-AUC
            # does not depend on the threshold, so its figures compare as they are.
            replaced_suite = stored["suite"]
        # If its file is gone it cannot be compared; the stored held-out figures still are.
        if not replaced_suite or extra_test_texts:
            with contextlib.suppress(ModelUnavailable):
                old = load_pipeline(replaced)
                if not replaced_suite:
                    replaced_suite = suite_metrics(suite, _suite_scores(old, suite), thresholds[0])
                if extra_test_texts:
                    replaced_metrics = evaluate_on(
                        old, extra_test_texts, extra_test_cats, thresholds
                    )
    new_suite = suite_metrics(suite, scores, thresholds[0])
    version = f"{'g' + str(group.pk) if group else 'base'}-{timezone.now():%Y%m%d%H%M%S%f}"
    path = _model_dir() / f"{version}{ARTIFACT_SUFFIX}"
    artifact_write(pipeline, path)
    data_hash = suite_sha256
    if group is not None:
        data_hash = hashlib.sha256((data_hash + str(len(extra))).encode()).hexdigest()
    with transaction.atomic():
        mv = ModelVersion.objects.create(
            group=group,
            version=version,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            training_data_sha256=data_hash,
            counts={
                "train": len(train) + len(extra),
                "held_out": len(held),
                "group_decisions": len(extra),
                "real": sum(1 for e in train if e.real),
                "augmented": len(data.texts) - len(train) - len(extra),
                "decisions_until": decisions_until.isoformat(),
                "per_category": {c: data.categories.count(c) for c in sorted(set(data.categories))},
            },
            metrics={
                "held_out": held_metrics,
                "group_recent": group_metrics,
                "suite": new_suite,
                "suite_summary": suite_summary(new_suite),
                "suite_corpus_sha256": suite_sha256,
                "operating_points": points,
                "held_out_scores": lists,
                "replaced": {
                    "version": replaced.version if replaced else None,
                    "group_recent": replaced_metrics,
                    "suite": replaced_suite,
                },
                "train_seconds": seconds,
            },
            library_versions=library_versions(),
            artifact_path=path.name,
            artifact_sha256=file_sha256(path),
        )
        audit_record(
            group=group,
            actor=actor,
            action="model.train",
            obj=mv,
            object_type="model",
            payload={
                "version": version,
                "roc_auc": held_metrics.get("roc_auc"),
                "train": len(train) + len(extra),
            },
        )
        _phase("deciding")
        _promote_if_not_worse(mv, actor)
    return mv


def model_install_shipped(*, actor: Any = None) -> ModelVersion:
    """Make the shipped base model (triage.scoring.shipped) the active base version, its file
    written to MODEL_DIR as the trained ones are; ShippedUnusable says why it cannot be."""
    examples = load_corpus()
    shipped = load_shipped(corpus_sha256=corpus_sha256(examples), libraries=library_versions())
    meta = shipped.meta
    name = f"{meta.get('version') or 'base-shipped'}"[:40]
    if ModelVersion.objects.filter(version=name).exists():
        name = f"base-shipped-{timezone.now():%Y%m%d%H%M%S%f}"
    path = _model_dir() / f"{name}{ARTIFACT_SUFFIX}"
    artifact_write(shipped.pipeline, path)
    with transaction.atomic():
        mv = ModelVersion.objects.create(
            group=None,
            version=name,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            training_data_sha256=meta["corpus_sha256"],
            counts=meta.get("counts") or {},
            metrics=meta.get("metrics") or {},
            library_versions=meta.get("library_versions") or {},
            artifact_path=path.name,
            artifact_sha256=file_sha256(path),
            notes="installed from the shipped model file",
        )
        audit_record(
            group=None,
            actor=actor,
            action="model.install",
            obj=mv,
            object_type="model",
            payload={"version": name, "file_sha256": meta.get("file_sha256")},
        )
        model_promote(version=mv, actor=actor)
    return mv


def model_ship(version: ModelVersion) -> Path:
    """Write a trained base version as the shipped model (``train_model --ship``)."""
    if version.group_id is not None:
        raise ModelUnavailable("only the base model is shipped, not a group's own")
    meta = {
        "version": version.version,
        "corpus_sha256": version.training_data_sha256,
        "counts": version.counts,
        "metrics": version.metrics,
        "library_versions": version.library_versions,
        "trained_at": version.created_at.isoformat(),
    }
    return ship(load_pipeline(version), meta)


def library_versions() -> dict[str, str]:
    return {
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "python": platform.python_version(),
    }


def _suite_reasons(new: dict[str, Any], old: dict[str, Any]) -> list[str]:
    """Why ``new`` is worse than ``old`` on the suite both were scored on: a lower mean ROC-AUC
    over its sets, or a lower one on any set of real posts."""
    common = sorted(set(new) & set(old))
    if not common:
        return []
    reasons = []
    new_mean = float(np.mean([new[name]["roc_auc"] for name in common]))
    old_mean = float(np.mean([old[name]["roc_auc"] for name in common]))
    if new_mean < old_mean - MARGIN:
        reasons.append(
            f"mean ROC-AUC over the evaluation suite {new_mean:.4f} is below the active "
            f"{old_mean:.4f}"
        )
    for name in common:
        if new[name]["kind"] == "real" and new[name]["roc_auc"] < old[name]["roc_auc"] - MARGIN:
            reasons.append(
                f"ROC-AUC on real posts ({name}) {new[name]['roc_auc']} is below the active "
                f"{old[name]['roc_auc']}"
            )
    return reasons


def _promote_if_not_worse(mv: ModelVersion, actor: Any) -> None:
    """Promote ``mv`` unless it is worse than the version it would replace: for a group, its own
    active version or else the shared base model every group starts with."""
    current = active_version(mv.group_id)
    if current is None or current.pk == mv.pk:
        model_promote(version=mv, actor=actor)
        return
    reasons = []
    replaced = mv.metrics.get("replaced", {})
    same = replaced.get("version") == current.version
    old_suite = replaced.get("suite") if same else None
    if old_suite:
        # Both versions scored on the same suite when the new one was trained.
        reasons += _suite_reasons(mv.metrics.get("suite") or {}, old_suite)
    else:
        # The active version could not be scored (its file is gone): its stored figures.
        new_auc = mv.metrics.get("held_out", {}).get("roc_auc") or 0
        old_auc = current.metrics.get("held_out", {}).get("roc_auc") or 0
        if new_auc < old_auc - MARGIN:
            reasons.append(f"held-out ROC-AUC {new_auc} is below the active {old_auc}")
    # Recent decisions: both versions scored on the same slice when the new one was trained.
    new_group = mv.metrics.get("group_recent", {}).get("roc_auc")
    old_group = replaced.get("group_recent", {}).get("roc_auc") if same else None
    enough = (mv.metrics.get("group_recent", {}).get("posts") or 0) >= MIN_GROUP_SLICE
    if (
        enough
        and new_group is not None
        and old_group is not None
        and new_group < old_group - MARGIN
    ):
        reasons.append(f"ROC-AUC on recent decisions {new_group} is below the active {old_group}")
    if reasons:
        mv.status = ModelVersion.Status.REJECTED
        mv.notes = "; ".join(reasons)
        mv.save(update_fields=["status", "notes"])
        return
    model_promote(version=mv, actor=actor)


def model_promote(
    *, version: ModelVersion, actor: Any, action: str = "model.promote"
) -> ModelVersion:
    with transaction.atomic():
        if version.group_id is not None:
            # Promotions and rollbacks of one group take turns (on PostgreSQL).
            Group.objects.select_for_update().filter(pk=version.group_id).first()
        ModelVersion.objects.filter(group=version.group, status=ModelVersion.Status.ACTIVE).exclude(
            pk=version.pk
        ).update(status=ModelVersion.Status.RETIRED)
        version.status = ModelVersion.Status.ACTIVE
        version.promoted_at = timezone.now()
        try:
            with transaction.atomic():
                version.save(update_fields=["status", "promoted_at"])
        except IntegrityError:
            # The database allows one active version per group and one base: another process
            # promoted one at the same moment.
            raise ModelUnavailable(
                "another version was made active at the same moment; try again"
            ) from None
        audit_record(
            group=version.group,
            actor=actor,
            action=action,
            obj=version,
            object_type="model",
            payload={"version": version.version},
        )
        enqueue("rescore_pending_job", version.group_id, timeout=6 * 3600)
    return version


def model_rollback(*, group: Group | None, version_id: int, actor: Any) -> ModelVersion:
    target = ModelVersion.objects.get(pk=version_id, group=group)
    if target.status != ModelVersion.Status.RETIRED:
        # A rejected version never passed the promotion rule: it is not a way back.
        raise ModelUnavailable("only a version that was active before can be rolled back to")
    load_pipeline(target)  # its file must still be there and intact
    return model_promote(version=target, actor=actor, action="model.rollback")


def score_texts(
    pipeline: Any, texts: list[str], rules: list[KeywordRule] | None = None
) -> list[tuple[float, str, list[dict[str, Any]]]]:
    """(score, category, reasons) for each text; rules are the group's keyword rules."""
    if not texts:
        return []
    # The features are computed once and shared by the score, the category and the reasons.
    model = pipeline.named_steps["model"]
    X = features_transform(pipeline.named_steps["features"], texts)
    scores = model.predict_proba(X)[:, 1]
    categories = model.predict(X)
    explained = explain_batch(explanation_index(pipeline), model.weights_, X, texts)
    out = []
    for text, score, category, reasons in zip(texts, scores, categories, explained, strict=True):
        hits = apply_rules(rules or [], text)
        adjusted, category, keyword_reasons = adjust(float(score), str(category), hits)
        out.append((round(adjusted, 4), category, keyword_reasons + reasons))
    return out


def _usable_version(group_id: int) -> tuple[ModelVersion, Any] | None:
    """The group's active version and its pipeline; the base model's when the group's own file
    cannot be used (logged); None when there is no model at all."""
    version = active_version(group_id)
    if version is None:
        return None
    try:
        return version, load_pipeline(version)
    except ModelUnavailable:
        base = active_version(None)
        if base is None or base.pk == version.pk:
            raise
        logger.exception(
            "group %s: model %s unusable, scoring with the base model", group_id, version.version
        )
        return base, load_pipeline(base)


def text_score(*, group_id: int, text: str) -> float | None:
    """A text's score with the group's model and keyword rules, in memory: nothing is written
    (the Telegram bot's watch mode files only what scores high). None without a model."""
    chosen = _usable_version(group_id)
    if chosen is None:
        return None
    rules = list(KeywordRule.objects.filter(group_id=group_id, is_active=True))
    return score_texts(chosen[1], [text], rules)[0][0]


def posts_score(*, post_ids: Sequence[int], unscored_only: bool = False) -> int:
    """Score the posts with their group's active model and keyword rules; returns posts scored.
    ``unscored_only``: new posts, skipping any that another job scored already."""
    # By primary key alone, ``unscored_only`` checked here: given ``scored_at IS NULL``, a
    # planner without statistics of the new rows (a first import) read every unscored post
    # through the sweep's partial index and kept the thousand asked for, each chunk (23-54 ms a
    # chunk at 50,000 posts on PostgreSQL, against 1 by key).
    posts = [
        post
        for post in Post.objects.filter(pk__any=post_ids, purged_at__isnull=True)
        .exclude(text="")
        .only("id", "group_id", "text", "scored_at")
        if not (unscored_only and post.scored_at is not None)
    ]
    by_group: dict[int, list[Post]] = {}
    for post in posts:
        by_group.setdefault(post.group_id, []).append(post)
    done = 0
    now = timezone.now()
    for group_id, group_posts in by_group.items():
        version = None
        for _attempt in range(3):
            chosen = _usable_version(group_id)
            if chosen is None or (version is not None and chosen[0].pk == version.pk):
                break  # no model; or the scores just made are still the active version's
            version, pipeline = chosen
            rules = list(KeywordRule.objects.filter(group_id=group_id, is_active=True))
            results = score_texts(pipeline, [p.text for p in group_posts], rules)
            # A promotion may have landed meanwhile (its re-scoring job may even be done):
            # look again, and score again with the new version if so.
        if version is None:
            continue
        scored = sorted(
            (post.pk, (score, category, reasons, version.version, now))
            for post, (score, category, reasons) in zip(group_posts, results, strict=True)
        )
        with transaction.atomic():
            # Written under the lock clustering takes (triage.clusters.services): the two jobs
            # of one import chunk, on two workers, would otherwise update the same rows in
            # different orders (a deadlock on PostgreSQL), and a head would be chosen from
            # scores half written. The clusters are read again under the lock.
            Group.objects.select_for_update().filter(pk=group_id).first()
            rows_update(
                Post, ["score", "category", "reasons", "model_version", "scored_at"], scored
            )
            offers: dict[int, list[int]] = {}
            # By primary key alone, as above: ``cluster IS NOT NULL`` matches two partial
            # indexes, each listing every clustered post.
            for pk, cluster_id in Post.objects.filter(
                pk__any=[pk for pk, _values in scored]
            ).values_list("pk", "cluster_id"):
                if cluster_id is not None:
                    offers.setdefault(cluster_id, []).append(pk)
            cluster_heads_offer(offers=offers, joined=False)
        done += len(group_posts)
    return done


def maybe_retrain(group_id: int) -> ModelVersion | None:
    """Retrain a group's model once enough new decisions arrived since its last version."""
    every = settings.VARTA_RETRAIN_AFTER_DECISIONS
    if every <= 0:
        return None
    last = ModelVersion.objects.filter(group_id=group_id).order_by("-created_at").first()
    since = None
    if last is not None:
        # Count from when the last training read the decisions, not from when it ended.
        until = parse_datetime(str((last.counts or {}).get("decisions_until") or ""))
        since = until or last.created_at
    decisions = Decision.objects.filter(group_id=group_id).exclude(action="reopen")
    if since is not None:
        decisions = decisions.filter(created_at__gt=since)
    if decisions.count() < every:
        return None
    return model_train(group=Group.objects.get(pk=group_id))


@contextmanager
def _training_lock(group_id: int | None) -> Iterator[bool]:
    """One training per group at a time, across every worker: the second gets False and does
    nothing (the training under way already includes the decisions that asked for it)."""
    lock = django_rq.get_connection("default").lock(
        f"varta:training:{group_id or 'base'}", timeout=3 * 3600, blocking=False
    )
    acquired = lock.acquire()
    try:
        yield bool(acquired)
    finally:
        if acquired:
            lock.release()


def retrain_when_due(*, group_id: int) -> ModelVersion | None:
    """After decisions: retrain the group's model if enough arrived, unless one trains now."""
    with _training_lock(group_id) as mine:
        if mine:
            return maybe_retrain(group_id)
        logger.info("group %s: a training is already running; not starting another", group_id)
    return None


def retrain_request(*, membership: Membership) -> bool:
    """Queue an admin's retraining; False when one of the group's is queued or running."""
    try:
        enqueue(
            "retrain_job",
            membership.group_id,
            membership.user_id,
            job_id=f"varta-retrain-{membership.group_id}",
            timeout=3600,
            unique=True,
        )
    except DuplicateJobError:
        return False
    return True


def retrain_state(*, group_id: int) -> dict[str, Any]:
    """The group's retraining as the Model page shows it: none, queued, or running (with its
    phase and how long it has run); read from its RQ job (one fixed id per group)."""
    try:
        job = Job.fetch(f"varta-retrain-{group_id}", connection=django_rq.get_connection("default"))
        status = job.get_status(refresh=True)
    except NoSuchJobError:
        return {"state": "none"}
    if status in {"queued", "scheduled", "deferred"}:
        return {"state": "queued"}
    if status != "started":
        return {"state": "none", "last": str(status)}
    started = job.started_at
    if started is not None and started.tzinfo is None:  # RQ keeps UTC, sometimes naive
        started = started.replace(tzinfo=UTC)
    elapsed = int((timezone.now() - started).total_seconds()) if started else 0
    phase = job.meta.get("phase", "reading")
    return {
        "state": "running",
        "phase": phase if phase in PHASES else "reading",
        "step": (PHASES.index(phase) + 1) if phase in PHASES else 1,
        "steps": len(PHASES),
        "elapsed": max(0, elapsed),
    }


def retrain_for_admin(*, group_id: int, user_id: int | None) -> ModelVersion | None:
    """A retraining an admin asked for; they must still be an admin when it runs."""
    if user_id is None:
        raise ValueError("a group's retraining is asked for by one of its admins")
    group = get_group_for_user_id(user_id, group_id, min_role=Role.ADMIN)  # or PermissionDenied
    user = get_user_model().objects.filter(pk=user_id).first()
    with _training_lock(group_id) as mine:
        if mine:
            return model_train(group=group, actor=user)
        logger.info("group %s: a training is already running; not starting another", group_id)
    return None


def pending_rescore(*, group_id: int | None) -> int:
    """After a promotion: re-score the pending posts that the new version now scores."""
    pending = Post.objects.filter(status__in=[PostStatus.PENDING, PostStatus.ESCALATED])
    if group_id is not None:
        pending = pending.filter(group_id=group_id)
    ids = list(pending.values_list("id", flat=True))
    done = 0
    for start in range(0, len(ids), 1000):
        done += posts_score(post_ids=ids[start : start + 1000])
    return done


def model_files_purge(*, group: Group, cutoff: datetime, now: datetime) -> int:
    """Delete the files of the group's earlier model versions trained before the cutoff.

    A model trained on the group's decisions learned from the posts' text (digits masked, and
    only words seen in two posts or more). Versions that are no longer active are of no use
    once their data has expired: their files go, their rows stay as history. The active
    version stays until it is replaced.
    """
    old = ModelVersion.objects.filter(
        group=group,
        status__in=[ModelVersion.Status.RETIRED, ModelVersion.Status.REJECTED],
        created_at__lt=cutoff,
    ).exclude(artifact_path="")
    deleted = 0
    for version in old:
        (_model_dir() / version.artifact_path).unlink(missing_ok=True)
        note = f"file deleted by retention on {now:%Y-%m-%d}"
        version.artifact_path = ""
        version.notes = f"{version.notes}; {note}" if version.notes else note
        version.save(update_fields=["artifact_path", "notes"])
        deleted += 1
    return deleted + _stray_files_purge(group=group, now=now)


# A training writes its file before its version's row: younger files may be one in progress.
STRAY_FILE_AGE = timedelta(hours=1)


def _stray_files_purge(*, group: Group, now: datetime) -> int:
    """Delete the group's model files that no version names, older than STRAY_FILE_AGE: a
    write cut off (its ``.partial``), or a training that failed after writing its file. Each
    holds words learned from the group's posts, which retention must not keep for ever."""
    directory = _model_dir()
    named = set(
        ModelVersion.objects.filter(group=group)
        .exclude(artifact_path="")
        .values_list("artifact_path", flat=True)
    )
    # Version names are "g<group id>-<time>" (model_train): "g1-*" is not group 12's.
    found = [*directory.glob(f"g{group.pk}-*"), *directory.glob(f".g{group.pk}-*.partial")]
    deleted = 0
    for path in found:
        if path.name in named or not path.is_file():
            continue
        with contextlib.suppress(FileNotFoundError):  # another purge got there first
            if path.stat().st_mtime > (now - STRAY_FILE_AGE).timestamp():
                continue
            path.unlink()
            deleted += 1
    return deleted


def keyword_rule_create(*, membership: Membership, data: dict[str, Any]) -> KeywordRule:
    """A keyword rule from a KeywordRuleForm's cleaned data; it applies to posts scored from
    now on."""
    with transaction.atomic():
        rule = KeywordRule.objects.create(
            group=membership.group,
            kind=data["kind"],
            pattern=data["pattern"],
            weight=data["weight"],
            category=data["category"],
        )
        audit_record(
            group=membership.group,
            actor=membership.user,
            action="keyword_rule.create",
            obj=rule,
            object_type="keyword_rule",
            payload={k: data[k] for k in ("kind", "pattern", "weight", "category")},
        )
    return rule


def keyword_rule_delete(*, membership: Membership, rule: KeywordRule) -> None:
    with transaction.atomic():
        audit_record(
            group=membership.group,
            actor=membership.user,
            action="keyword_rule.delete",
            object_type="keyword_rule",
            object_id=rule.pk,
            payload={"pattern": rule.pattern},
        )
        rule.delete()
