from __future__ import annotations

import hashlib
from pathlib import Path

import joblib
import pytest

from triage.scoring.corpus import load_corpus
from triage.scoring.model import build_pipeline


@pytest.fixture(scope="session")
def trained_artifact(tmp_path_factory) -> tuple[Path, str, str]:
    """The corpus model, trained once for the whole test session: (dir, file name, sha256)."""
    examples = [e for e in load_corpus() if not e.held_out]
    pipeline = build_pipeline().fit([e.text for e in examples], [e.category for e in examples])
    directory = tmp_path_factory.mktemp("models")
    path = directory / "base-test.joblib"
    joblib.dump(pipeline, path)
    return directory, path.name, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def base_model(db, settings, trained_artifact):
    from triage.models import ModelVersion
    from triage.scoring import services

    directory, name, sha = trained_artifact
    settings.MODEL_DIR = directory
    services._CACHE.clear()
    return ModelVersion.objects.create(
        version="base-test",
        status=ModelVersion.Status.ACTIVE,
        training_data_sha256="0" * 64,
        artifact_path=name,
        artifact_sha256=sha,
        metrics={"held_out": {"roc_auc": 0.9}},
    )
