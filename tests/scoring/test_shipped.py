"""The base model shipped with Varta (triage/scoring/shipped/): it is what its metadata says,
ensure_model installs it on a fresh machine, and anything that does not match is refused.

Marked model_quality: these tests need the whole corpus (its hash is in the metadata), not the
small slice other tests train on. A module of its own, so it runs beside the model tests."""

from __future__ import annotations

import json
import shutil

import pytest

from triage.scoring import services
from triage.scoring.corpus import load_corpus
from triage.scoring.shipped import SHIPPED_DIR, ShippedUnusable, load_shipped, read_meta

pytestmark = pytest.mark.model_quality


def test_the_shipped_model_is_the_one_its_metadata_describes():
    """triage/scoring/shipped/: the file's checksum, the corpus it was trained on, the library
    versions it was built with (the lock's), and the held-out ROC-AUC it claims, scored
    again from the file."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    from triage.scoring.corpus import corpus_sha256
    from triage.scoring.shipped import load_shipped

    examples = load_corpus()
    shipped = load_shipped(
        corpus_sha256=corpus_sha256(examples), libraries=services.library_versions()
    )
    assert shipped.meta["corpus_sha256"] == corpus_sha256(examples)
    held = [e for e in examples if e.held_out]
    scores = shipped.pipeline.predict_proba([e.text for e in held])[:, 1]
    auc = roc_auc_score(np.array([e.label for e in held]), scores)
    assert round(float(auc), 4) == shipped.meta["metrics"]["held_out"]["roc_auc"]


def test_ensure_model_installs_the_shipped_model_on_a_fresh_install(db, settings, tmp_path):
    """No model yet, the shipped file matches this corpus and these libraries: installed in
    seconds instead of trained, with the metrics training measured, and audited."""
    import io

    from django.core.management import call_command

    from triage.models import AuditEvent, ModelVersion
    from triage.scoring.shipped import read_meta

    settings.MODEL_DIR = tmp_path / "models"
    services._CACHE.clear()
    out = io.StringIO()
    call_command("ensure_model", stdout=out)
    assert "Installed and activated the shipped model" in out.getvalue()
    active = ModelVersion.objects.get(group=None, status="active")
    assert active.version == read_meta()["version"]
    assert active.metrics["operating_points"]["recall_95"] is not None
    assert AuditEvent.objects.filter(action="model.install").count() == 1
    score, _category, _reasons = services.score_texts(
        services.load_pipeline(active), ["Хто впізнає цього полоненого? Пишіть у коментарях"]
    )[0]
    assert score > 0.5


def _shipped_copy(tmp_path):
    copy = tmp_path / "shipped"
    shutil.copytree(SHIPPED_DIR, copy)
    return copy, read_meta(copy)


def test_the_shipped_model_is_refused_when_it_is_not_what_it_claims(tmp_path):
    copy, meta = _shipped_copy(tmp_path)
    libraries = dict(meta["library_versions"])
    corpus = meta["corpus_sha256"]
    with pytest.raises(ShippedUnusable, match="another version of the corpus"):
        load_shipped(corpus_sha256="f" * 64, libraries=libraries, directory=copy)
    with pytest.raises(ShippedUnusable, match=r"this server runs 9\.9"):
        load_shipped(
            corpus_sha256=corpus, libraries={**libraries, "scikit-learn": "9.9"}, directory=copy
        )
    with open(copy / "base.skops", "ab") as f:
        f.write(b"tampered")
    with pytest.raises(ShippedUnusable, match="checksum"):
        load_shipped(corpus_sha256=corpus, libraries=libraries, directory=copy)
    (copy / "base.skops").unlink()
    with pytest.raises(ShippedUnusable, match="missing"):
        load_shipped(corpus_sha256=corpus, libraries=libraries, directory=copy)
    (copy / "base.json").write_text("{not json")
    with pytest.raises(ShippedUnusable, match="cannot be read"):
        load_shipped(corpus_sha256=corpus, libraries=libraries, directory=copy)
    (copy / "base.json").unlink()
    with pytest.raises(ShippedUnusable, match="no shipped model"):
        load_shipped(corpus_sha256=corpus, libraries=libraries, directory=copy)


def test_a_damaged_shipped_archive_is_refused_not_crashed(tmp_path):
    from triage.scoring.shipped import file_sha256

    copy, meta = _shipped_copy(tmp_path)
    (copy / "base.skops").write_bytes(b"PK\x03\x04 not really a zip")
    meta["file_sha256"] = file_sha256(copy / "base.skops")
    (copy / "base.json").write_text(json.dumps(meta))
    with pytest.raises(ShippedUnusable, match="cannot be read"):
        load_shipped(
            corpus_sha256=meta["corpus_sha256"],
            libraries=meta["library_versions"],
            directory=copy,
        )


def test_the_shipped_metadata_was_built_with_the_locked_libraries():
    """A lock that moves scikit-learn, numpy or scipy without shipping a new model would make
    every fresh install train for a minute and a half: this fails first."""
    built = read_meta()["library_versions"]
    current = services.library_versions()
    assert {k: built[k] for k in ("scikit-learn", "numpy", "scipy")} == {
        k: current[k] for k in ("scikit-learn", "numpy", "scipy")
    }


def test_a_shipped_file_naming_a_foreign_function_is_refused(tmp_path):
    """A file whose text preprocessor is eval would run post text as code when scoring: skops
    would load it if told to trust everything; the shipped-model check trusts only the
    project's own two types."""
    import zipfile

    import skops.io as sio
    from sklearn.feature_extraction.text import TfidfVectorizer

    from triage.scoring.shipped import file_sha256

    vectorizer = TfidfVectorizer().fit(["один два", "три"])
    vectorizer.preprocessor = eval
    path = tmp_path / "base.skops"
    sio.dump(vectorizer, path, compression=zipfile.ZIP_DEFLATED)
    libraries = services.library_versions()
    meta = {
        "file_sha256": file_sha256(path),
        "corpus_sha256": "c" * 64,
        "library_versions": libraries,
    }
    (tmp_path / "base.json").write_text(json.dumps(meta))
    with pytest.raises(ShippedUnusable, match="unexpected types"):
        load_shipped(corpus_sha256="c" * 64, libraries=libraries, directory=tmp_path)
