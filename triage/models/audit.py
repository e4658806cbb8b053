"""The audit log: append-only, hash-chained per group.

Each event stores ``prev_hash`` (the previous event's hash in the same chain)
and ``hash`` = HMAC-SHA256(key, prev_hash + canonical JSON of the event), with a key
outside the database (``VARTA_AUDIT_KEY``; see triage.audit.chain). Editing,
deleting, inserting or reordering an event breaks the chain, and
``manage.py verify_audit`` names the first broken link. ``AuditChain`` holds
each chain's head (last sequence number and hash) so an append locks one row,
and so deleting the newest events is detected too.

The application never updates or deletes an event: ``save()`` refuses updates,
the queryset refuses ``update()``/``delete()``, and database triggers (see the
migration) refuse UPDATE and DELETE on PostgreSQL and SQLite.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")


class AuditChain(models.Model):
    # "group:<id>" for a group's chain; "global" for events of no group (logins).
    key = models.CharField(max_length=40, unique=True)
    group = models.OneToOneField(
        "groups.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")
    # Events up to this seq were written before the chains were keyed (plain SHA-256); every
    # later one is an HMAC (triage.audit.chain).
    legacy_until = models.PositiveBigIntegerField(default=0)
    # HMAC of (key, last_seq, last_hash, legacy_until): the head cannot be moved, nor the
    # keyed part shortened, without the key.
    head_mac = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return self.key


class AuditEvent(models.Model):
    # Indexed by auditevent_unique_seq, which begins with it.
    chain = models.ForeignKey(
        AuditChain, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    # The chain's group, copied for the group's indexes below; without a constraint or an
    # index of its own, as Decision.group (see there). Django still refuses to delete a group
    # that has events (PROTECT is Django's, not the database's).
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    seq = models.PositiveBigIntegerField()
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # No database constraint and nothing done on delete: deleting a user must neither
        # rewrite history (SET_NULL would UPDATE events, which the triggers refuse) nor be
        # refused by it. The event keeps the id and the name.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Kept as text so the event still says who acted after the user is gone.
    actor_name = models.CharField(max_length=150, blank=True, default="")
    # Looked up only within a group: audit_group_action.
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="")
    payload = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["chain_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="auditevent_unique_seq")
        ]
        indexes = [
            models.Index(fields=["group", "action", "created_at"], name="audit_group_action"),
            models.Index(fields=["group", "object_type", "object_id"], name="audit_group_object"),
        ]

    def __str__(self) -> str:
        return f"{self.action} #{self.seq}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are append-only")
