"""Work that one worker at a time carries out, and that another takes over if it dies.

A worker claims the row with a conditional UPDATE and renews its claim (the heartbeat)
as it goes. Each renewal requires the value this worker wrote last, so of two workers on
one row only one's renewals, and the writes made with them, go through; a row whose
heartbeat is older than the lease has lost its worker, and the next job may claim it.
Imports and bulk operations both run on this.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Self

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from triage.lib.rq import job_alive


class LostLease(Exception):
    """Another worker claimed the row: this one stops without writing anything more."""


class Leased(models.Model):
    # Renewed with every committed chunk (see the module's docstring).
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def running_stale(cls, lease: timedelta) -> QuerySet[Self]:
        """Rows that say they are running but whose worker has said nothing for ``lease``."""
        stale = Q(heartbeat_at__lt=timezone.now() - lease) | Q(heartbeat_at__isnull=True)
        return cls._default_manager.filter(stale, **{"status": "running"})

    @classmethod
    def abandoned(cls, lease: timedelta, *, resume_jobless: bool) -> list[int]:
        """Rows to queue again: running with a stale heartbeat (the worker died), or queued
        for longer than ``lease`` with no job alive to run them (Redis lost it, or it was
        never queued; ``resume_jobless``: a queued row without a job id is waiting for a
        job too, rather than for a person)."""
        ids = list(cls.running_stale(lease).values_list("pk", flat=True))
        # created_at and job_id are the concrete models' own fields, like status.
        waiting = cls._default_manager.filter(
            **{"status": "queued", "created_at__lt": timezone.now() - lease}
        )
        if not resume_jobless:
            waiting = waiting.exclude(**{"job_id": ""})
        for pk, job_id in waiting.values_list("pk", "job_id"):  # type: ignore[misc]
            if not job_id or not job_alive(job_id):
                ids.append(pk)
        return ids

    @classmethod
    def claim(cls, pk: int, *, lease: timedelta, **updates: Any) -> bool:
        """Take the row for this worker if it waits (queued) or its worker died; False if
        another worker holds it."""
        now = timezone.now()
        free = (
            Q(status="queued")
            | Q(status="running", heartbeat_at__lt=now - lease)
            | Q(status="running", heartbeat_at__isnull=True)
        )
        return bool(
            cls._default_manager.filter(pk=pk)
            .filter(free)
            # status is each concrete model's own field (its choices differ): named in a dict.
            .update(**{"status": "running", "heartbeat_at": now, **updates})
        )

    def beat(self, **updates: Any) -> None:
        """Renew this worker's claim, writing ``updates`` with it; LostLease if another
        worker has taken the row over (inside a transaction, that rolls the chunk back)."""
        now = timezone.now()
        renewed = type(self)._default_manager.filter(pk=self.pk, heartbeat_at=self.heartbeat_at)
        if not renewed.update(heartbeat_at=now, **updates):
            raise LostLease
        self.heartbeat_at = now

    def still_mine(self) -> QuerySet[Self]:
        """This row, only while this worker holds it: for the write that ends the work."""
        return type(self)._default_manager.filter(pk=self.pk, heartbeat_at=self.heartbeat_at)
