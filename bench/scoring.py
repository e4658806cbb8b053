"""Scoring throughput (with explanations and keyword rules) beside the bare vectorizer and
classifier on the same posts, model load time, and training time on the shipped corpus."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import joblib

from bench.common import Figure, median


def run() -> list[Figure]:
    from triage.scoring.corpus import load_corpus
    from triage.scoring.model import build_pipeline
    from triage.scoring.services import score_texts

    examples = load_corpus()
    train = [e for e in examples if not e.held_out]
    started = time.perf_counter()
    pipeline = build_pipeline().fit([e.text for e in train], [e.category for e in train])
    training = time.perf_counter() - started

    texts = [e.text for e in examples] * 2  # ~4,400 posts
    floor_runs, full_runs = [], []
    for _ in range(3):
        t = time.perf_counter()
        pipeline.predict_proba(texts)  # the bare vectorizer + classifier: the floor
        floor_runs.append(len(texts) / (time.perf_counter() - t))
        t = time.perf_counter()
        for start in range(0, len(texts), 500):
            score_texts(pipeline, texts[start : start + 500])
        full_runs.append(len(texts) / (time.perf_counter() - t))

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.joblib"
        joblib.dump(pipeline, path, compress=3)
        loads = []
        for _ in range(5):
            t = time.perf_counter()
            joblib.load(path)
            loads.append(time.perf_counter() - t)
        size_mb = path.stat().st_size / 1e6
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
        Figure(f"training on the shipped corpus ({len(train):,} posts)", training, "s"),
    ]
