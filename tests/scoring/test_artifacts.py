"""Model files: written whole as plain pickles, read back the same, older joblib files still
read, a damaged file refused with the reason."""

from __future__ import annotations

import hashlib
import pickle

import joblib
import numpy as np
import pytest

from triage.models import ModelVersion
from triage.scoring import services
from triage.scoring.artifacts import SUFFIX, artifact_read, artifact_write

TEXTS = [
    "Шукаємо рідних полоненого з в/ч А1234, пишіть у коментарях, поширте!",
    "Загубився кіт Барсик, рудий, район Оболоні. Поширте, будь ласка",
    "Внесу до списків на обмін, передоплата 500$ на USDT, пишіть в особисті",
]


def _version(directory, name: str) -> ModelVersion:
    return ModelVersion.objects.create(
        version=name.rsplit(".", 1)[0],
        status=ModelVersion.Status.RETIRED,
        training_data_sha256="0" * 64,
        artifact_path=name,
        artifact_sha256=hashlib.sha256((directory / name).read_bytes()).hexdigest(),
    )


def test_a_written_pipeline_reads_back_scoring_the_same(trained_artifact, tmp_path):
    directory, name, _ = trained_artifact
    pipeline = artifact_read(directory / name)
    path = tmp_path / f"copy{SUFFIX}"
    artifact_write(pipeline, path)
    again = artifact_read(path)
    np.testing.assert_array_equal(pipeline.predict_proba(TEXTS), again.predict_proba(TEXTS))
    # A plain pickle, read by the standard library, with the vocabularies as plain ints.
    with open(path, "rb") as f:
        plain = pickle.load(f)  # noqa: S301 - the file this test just wrote
    for _name, vectoriser in plain.named_steps["features"].transformer_list:
        assert vectoriser.vocabulary_
        assert {type(at) for at in vectoriser.vocabulary_.values()} == {int}
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # nothing partial left beside it


def test_a_write_that_fails_leaves_no_file_and_keeps_the_old_one(tmp_path):
    path = tmp_path / f"model{SUFFIX}"
    artifact_write({"kept": True}, path)
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        artifact_write({"a function": lambda text: text}, path)  # lambdas cannot be pickled
    assert artifact_read(path) == {"kept": True}
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_model_file_written_by_joblib_before_is_still_loaded(
    trained_artifact, settings, tmp_path, db
):
    directory, name, _ = trained_artifact
    pipeline = artifact_read(directory / name)
    joblib.dump(pipeline, tmp_path / "base-2026.joblib", compress=0)
    settings.MODEL_DIR = tmp_path
    services._CACHE.clear()
    loaded = services.load_pipeline(_version(tmp_path, "base-2026.joblib"))
    np.testing.assert_array_equal(loaded.predict_proba(TEXTS), pipeline.predict_proba(TEXTS))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut off
        lambda data: b"not a pickle at all",
        lambda data: b"",
        lambda data: pickle.dumps("a string, not a pipeline")[:-1],
    ],
)
def test_a_damaged_model_file_with_a_matching_checksum_is_refused_with_the_reason(
    settings, tmp_path, db, damage
):
    """The checksum matches (the file was written so), yet it cannot be read: refused, not
    raised as the unpickler's own error."""
    artifact_write({"model": list(range(1000))}, tmp_path / f"whole{SUFFIX}")
    (tmp_path / f"broken{SUFFIX}").write_bytes(damage((tmp_path / f"whole{SUFFIX}").read_bytes()))
    settings.MODEL_DIR = tmp_path
    services._CACHE.clear()
    with pytest.raises(services.ModelUnavailable, match="cannot be read"):
        services.load_pipeline(_version(tmp_path, f"broken{SUFFIX}"))


def test_a_pipeline_written_after_it_scored_is_written_as_fitted(trained_artifact, tmp_path):
    """Scoring remembers each feature's label for explanations: beside the pipeline, not in
    it, so a file written from a pipeline that has scored holds no labels."""
    directory, name, _ = trained_artifact
    pipeline = artifact_read(directory / name)
    artifact_write(pipeline, tmp_path / f"fitted{SUFFIX}")
    assert services.score_texts(pipeline, TEXTS, [])[0][2]  # explained: the labels were made
    artifact_write(pipeline, tmp_path / f"scored{SUFFIX}")
    fitted = (tmp_path / f"fitted{SUFFIX}").read_bytes()
    assert (tmp_path / f"scored{SUFFIX}").read_bytes() == fitted
    assert "_varta_explanation_index" not in vars(artifact_read(tmp_path / f"scored{SUFFIX}"))
