"""The RQ worker Varta runs (``RQ["WORKER_CLASS"]`` in settings).

RQ's default worker forks a fresh process for every job, which then imports the job's modules
(scikit-learn, numpy, the morphological dictionaries) and loads the scoring model again: for an
import chunk's scoring job that was most of its time. This one runs jobs in the worker's own
process, so the model and the dictionaries are loaded once per worker, and closes the database
connections a job leaves broken or too old, as Django does around each request.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from rq.worker import SimpleWorker


def close_stale_connections() -> None:
    """Django's ``close_old_connections``, except for a connection inside a transaction (a
    job run in a test's transaction, or a caller's): that one is not the worker's to close."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


class Worker(SimpleWorker):
    def execute_job(self, job: Any, queue: Any) -> Any:
        close_stale_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_stale_connections()
