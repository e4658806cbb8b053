"""The base model shipped in the repository, so a fresh install scores posts at once.

``shipped/base.skops`` is the pipeline in skops' format (no pickle: loading it runs no code
from the file; beyond the scikit-learn, numpy and scipy types skops itself trusts, only the
project's own two, ``OWN_TYPES``, are accepted: a file that names any other type, a builtin
function as a text preprocessor say, is refused);
``shipped/base.json`` holds what it claims to be: its version, the sha256 of the corpus it was
trained on and of the file itself, the library versions it was built with, and the metrics
training measured. ``manage.py train_model --ship`` writes both; ``manage.py ensure_model``
installs them when no usable base model is active, and trains instead when the file is
missing, unreadable, changed, made from another corpus or built with other library versions.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.scoring.artifacts import plain_vocabulary

SHIPPED_DIR = Path(__file__).resolve().parent / "shipped"
MODEL_FILE = "base.skops"
META_FILE = "base.json"
# The only types skops does not trust by itself that the file may name.
OWN_TYPES = frozenset({"triage.scoring.model.RiskModel", "triage.scoring.text.normalise"})


class ShippedUnusable(Exception):
    pass


@dataclass
class Shipped:
    pipeline: Any
    meta: dict[str, Any]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def ship(pipeline: Any, meta: dict[str, Any], directory: Path = SHIPPED_DIR) -> Path:
    import skops.io as sio

    directory.mkdir(parents=True, exist_ok=True)
    plain_vocabulary(pipeline)
    path = directory / MODEL_FILE
    sio.dump(pipeline, path, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    meta = {**meta, "file_sha256": file_sha256(path)}
    (directory / META_FILE).write_text(
        json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return path


def read_meta(directory: Path | None = None) -> dict[str, Any]:
    directory = directory or SHIPPED_DIR
    try:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ShippedUnusable(f"no shipped model ({META_FILE} is missing)") from None
    except (OSError, ValueError) as exc:
        raise ShippedUnusable(f"{META_FILE} cannot be read: {exc}") from exc
    if not isinstance(meta, dict):
        raise ShippedUnusable(f"{META_FILE} is not an object")
    return meta


def load_shipped(
    *, corpus_sha256: str, libraries: dict[str, str], directory: Path | None = None
) -> Shipped:
    """The shipped pipeline and its metadata, or ShippedUnusable saying why not."""
    import skops.io as sio

    directory = directory or SHIPPED_DIR
    meta = read_meta(directory)
    path = directory / MODEL_FILE
    if not path.is_file():
        raise ShippedUnusable(f"no shipped model ({MODEL_FILE} is missing)")
    if meta.get("file_sha256") != file_sha256(path):
        raise ShippedUnusable(f"{MODEL_FILE} does not match the checksum in {META_FILE}")
    if meta.get("corpus_sha256") != corpus_sha256:
        raise ShippedUnusable("the shipped model was trained on another version of the corpus")
    built = meta.get("library_versions") or {}
    for name in ("scikit-learn", "numpy", "scipy"):
        if built.get(name) != libraries.get(name):
            raise ShippedUnusable(
                f"the shipped model was built with {name} {built.get(name)}, "
                f"this server runs {libraries.get(name)}"
            )
    try:
        untrusted = sio.get_untrusted_types(file=path)
        foreign = [t for t in untrusted if t not in OWN_TYPES]
        if foreign:
            raise ShippedUnusable(f"the shipped model holds unexpected types: {foreign}")
        pipeline = sio.load(path, trusted=untrusted)
    except ShippedUnusable:
        raise
    except Exception as exc:  # a damaged archive fails in many ways
        raise ShippedUnusable(f"{MODEL_FILE} cannot be read: {exc}") from exc
    return Shipped(pipeline, meta)
