"""Scoring throughput (with explanations and keyword rules) beside the bare vectorizer and
classifier on the same posts, model load time, and training time on the shipped corpus."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.common import Figure, median


def run() -> list[Figure]:
    from triage.scoring.artifacts import SUFFIX, artifact_read, artifact_write
    from triage.scoring.corpus import load_corpus
    from triage.scoring.model import fit_pipeline, training_set
    from triage.scoring.services import score_texts

    examples = load_corpus()
    train = [e for e in examples if not e.held_out]
    started = time.perf_counter()
    pipeline = fit_pipeline(training_set(train))
    training = time.perf_counter() - started

    from groups.models import KeywordRule

    # A group's keyword rules of every kind, as admins write them (not saved: no database).
    rules = [
        KeywordRule(kind="word", pattern="обмін", weight=0.2),
        KeywordRule(kind="word", pattern="USDT", weight=0.3, category="extortion_scam"),
        KeywordRule(kind="phrase", pattern="пишіть в особисті", weight=0.2),
        KeywordRule(kind="phrase", pattern="не поширюйте", weight=-0.2),
        KeywordRule(kind="regex", pattern=r"в/ч\s*[АA]\d{4}", weight=0.4, category="doxxing"),
    ]
    texts = [e.text for e in examples] * 2  # the whole corpus twice: 15,732 posts
    floor_runs, full_runs = [], []
    for _ in range(5):
        t = time.perf_counter()
        pipeline.predict_proba(texts)  # the bare vectorizer + classifier: the floor
        floor_runs.append(len(texts) / (time.perf_counter() - t))
        t = time.perf_counter()
        for start in range(0, len(texts), 500):
            score_texts(pipeline, texts[start : start + 500], rules)
        full_runs.append(len(texts) / (time.perf_counter() - t))

    with tempfile.TemporaryDirectory() as tmp:
        # As a worker loads a version's file (triage.scoring.services.load_pipeline).
        path = Path(tmp) / f"model{SUFFIX}"
        artifact_write(pipeline, path)
        loads = []
        for _ in range(5):
            t = time.perf_counter()
            artifact_read(path)
            loads.append(time.perf_counter() - t)
        size_mb = path.stat().st_size / 1e6
    import skops.io as sio

    from triage.scoring.shipped import MODEL_FILE, SHIPPED_DIR

    shipped = SHIPPED_DIR / MODEL_FILE
    trusted = sio.get_untrusted_types(file=shipped)
    skops_loads = []
    for _ in range(3):
        t = time.perf_counter()
        sio.load(shipped, trusted=trusted)
        skops_loads.append(time.perf_counter() - t)
    floor = median(floor_runs)
    return [
        Figure(
            "scoring with category, reasons and keyword rules",
            median(full_runs),
            "posts/s",
            floor,
            "bare vectorizer + classifier",
            ">= 0.6x the floor",
        ),
        Figure("model load time", median(loads), "s", target="< 1 s"),
        Figure("model file size", size_mb, "MB"),
        Figure(
            "shipped skops model load (once, by ensure_model on a fresh install)",
            median(skops_loads),
            "s",
        ),
        Figure(f"training on the shipped corpus ({len(train):,} posts)", training, "s"),
    ]
