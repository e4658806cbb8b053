"""The report's writes: every export and evidence package is on record before it is made."""

from __future__ import annotations

from typing import IO, Any

from groups.models import Membership
from triage.audit.services import audit_record
from triage.reports.evidence import evidence_package, evidence_posts
from triage.reports.selectors import Report


def export_record(
    *,
    report: Report,
    actor: Any,
    fmt: str,
    redact: bool,
    links: bool,
    reason: str,
    via: str = "web",
) -> None:
    """The audit event of a report export: what, for which period, redacted or why not."""

    audit_record(
        group=report.group,
        actor=actor,
        action="report.export",
        object_type="report",
        payload={
            "format": fmt,
            "since": report.period.since.isoformat(),
            "until": report.period.until.isoformat(),
            "redacted": redact,
            "links": links,
            "reason": "" if redact else reason,
            "via": via,
        },
    )


def evidence_export(*, membership: Membership, kind: str, object_id: int, reason: str) -> IO[bytes]:
    """An admin's evidence package, on record first: who, why, and how many posts."""
    group = membership.group
    posts = evidence_posts(group=group, kind=kind, object_id=object_id)
    audit_record(
        group=group,
        actor=membership.user,
        action="evidence.export",
        object_type=kind,
        object_id=object_id,
        payload={"reason": reason, "posts": len(posts)},
    )
    return evidence_package(
        group=group,
        kind=kind,
        object_id=object_id,
        reason=reason,
        actor=membership.user.get_username(),
    )
