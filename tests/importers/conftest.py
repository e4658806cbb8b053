from __future__ import annotations

from pathlib import Path

import pytest

from triage.importers.services import batch_create, batch_run, open_upload

DATA = Path(__file__).parent / "data"


@pytest.fixture
def run_import(group, moderator):
    """Import a file synchronously, as the moderator; returns the finished batch."""

    def run(path: Path, fmt: str = "auto", options: dict | None = None, target=None, user=None):
        with open(path, "rb") as handle:
            batch = batch_create(
                group=target or group,
                user=user or moderator,
                chunks=open_upload(handle),
                filename=path.name,
                requested_format=fmt,
                options=options,
            )
        return batch_run(batch_id=batch.pk) if batch.status == "queued" else batch

    return run
