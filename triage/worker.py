"""The RQ worker Varta runs (``RQ["WORKER_CLASS"]`` in settings).

RQ's default worker forks a fresh process for every job, which then imports the job's modules
(scikit-learn, numpy, the morphological dictionaries) and loads the scoring model again: for an
import chunk's scoring job that was most of its time. This one runs jobs in the worker's own
process, so the model and the dictionaries are loaded once per worker, and closes the database
connections a job leaves broken or too old, as Django does around each request.

What the worker holds when it starts (Django, scikit-learn, the finder's tables: about 190,000
objects) lives as long as it does, so it is set aside from the garbage collector (``gc.freeze``):
each of Python's full collections walked all of it again. In turns with the code before, a
50,000-post one-worker run on SQLite took 47.4 s against 50.4 s (medians of three), its scoring
jobs 25.2 s against 27.8 s.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from typing import Any

from django.conf import settings
from django.db import connections
from redis.exceptions import RedisError
from rq.worker import SimpleWorker

from triage.lib.rq import alive_key


def close_stale_connections() -> None:
    """Django's ``close_old_connections``, except for a connection inside a transaction (a
    job run in a test's transaction, or a caller's): that one is not the worker's to close."""
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


class Worker(SimpleWorker):
    def bootstrap(self, *args: Any, **kwargs: Any) -> None:
        gc.collect()  # what is garbage already is not frozen with the rest
        gc.freeze()
        super().bootstrap(*args, **kwargs)

    def execute_job(self, job: Any, queue: Any) -> Any:
        close_stale_connections()
        # While the job runs, a thread says so every quarter of VARTA_JOB_ALIVE_SECONDS: a
        # job that stops saying it lost its worker (triage.lib.rq.clear_abandoned). RQ's own
        # job heartbeat needs a forked work horse, which this worker does not use.
        done = threading.Event()
        beat = threading.Thread(target=self._say_alive, args=(job.id, done), daemon=True)
        self._alive(job.id)
        beat.start()
        try:
            return super().execute_job(job, queue)
        finally:
            done.set()
            beat.join(timeout=5)
            with contextlib.suppress(RedisError):  # else it expires by itself
                self.connection.delete(alive_key(job.id))
            close_stale_connections()

    def _alive(self, job_id: str) -> None:
        # With Redis away the job cannot be replaced meanwhile either.
        with contextlib.suppress(RedisError):
            self.connection.set(alive_key(job_id), 1, ex=settings.VARTA_JOB_ALIVE_SECONDS)

    def _say_alive(self, job_id: str, done: threading.Event) -> None:
        while not done.wait(max(1.0, settings.VARTA_JOB_ALIVE_SECONDS / 4)):
            self._alive(job_id)
