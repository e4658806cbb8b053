"""Model files in MODEL_DIR: written and read by this project only.

A version's pipeline is stored as a plain pickle (protocol 5), its vocabularies as plain ints,
and read with the standard library's C unpickler. joblib's reader unpickles in pure Python:
the base pipeline fitted on the corpus took 0.71-0.83 s to load with joblib (28.4 MB), and
0.05-0.06 s as written here (25.3 MB; five loads, this 2-core machine). Every worker loads it
when it starts, and again for each group's own version. Files written before (``.joblib``)
are still read with joblib.

Only files this project wrote are read, each checked against the sha256 stored with its
version first (``triage.scoring.services.load_pipeline``): unpickling runs code, so an upload
is never unpickled. The shipped model travels in skops' format instead
(``triage.scoring.shipped``).
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import joblib

SUFFIX = ".pkl"
_LEGACY_SUFFIX = ".joblib"


def plain_vocabulary(pipeline: Any) -> None:
    """The vectorisers' vocabularies with plain ints: scikit-learn fits them as numpy integers,
    each unpickled through a numpy constructor (200,000 of them: half the load of a pickle)
    and stored by skops as a file each."""
    features = getattr(pipeline, "named_steps", {}).get("features")
    for _name, vectoriser in getattr(features, "transformer_list", []):
        vocabulary = getattr(vectoriser, "vocabulary_", None)
        if vocabulary is not None:
            vectoriser.vocabulary_ = {term: int(at) for term, at in vocabulary.items()}


def artifact_write(pipeline: Any, path: Path) -> None:
    """Write ``pipeline`` to ``path`` (whole or not at all: a worker never reads half a file)."""
    plain_vocabulary(pipeline)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "wb") as f:
            pickle.dump(pipeline, f, protocol=5)
            f.flush()
            os.fsync(f.fileno())
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def artifact_read(path: Path) -> Any:
    """The pipeline in ``path``, a file ``artifact_write`` (or, before it, joblib) wrote."""
    if path.suffix == _LEGACY_SUFFIX:
        return joblib.load(path)
    with open(path, "rb") as f:
        return pickle.load(f)  # noqa: S301 - this project's own file, its checksum checked
