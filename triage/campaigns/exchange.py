"""Exchange of the campaign bank between installations, by hand (as HMA shares hash lists):
a versioned JSON file of signatures with a manifest (the content's sha256, the exporting
installation's name, when). Reading is strict: anything but this format is refused with a
clear error, and nothing is imported from a file with one bad entry.

The file holds, per campaign, its MinHash signatures (base64 of NUM_PERM little-endian uint32),
its category code, its rule's title and when it was shared, and (from version 2) its copies'
photo hashes (64 hex characters each, at most MAX_IMAGES; never a photo); never text, authors,
groups or anything personal. Version 1 files (no photo hashes) are still read."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from triage.audit.services import audit_record
from triage.campaigns.bank import MAX_IMAGES, bank_changed, entry_fingerprint
from triage.campaigns.images import HASH_BYTES
from triage.clusters.minhash import NUM_PERM, bands_of
from triage.models import CampaignBand, CampaignSignature

FORMAT = "varta-campaign-signatures"
VERSION = 2
READS = (1, 2)
MAX_BYTES = 50 * 1024 * 1024
MAX_ENTRIES = 100_000
MAX_SIGNATURES = 8
_SIG_BYTES = NUM_PERM * 4
_IMAGE_HEX = re.compile(rf"[0-9a-f]{{{HASH_BYTES * 2}}}")
_CATEGORY = re.compile(r"[a-z0-9_]{0,40}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


class ExchangeError(ValueError):
    """The file is not a campaign bank this version of Varta can read."""


@dataclass(frozen=True)
class Imported:
    origin: str
    imported: int
    already: int


def _canonical(entries: list[dict[str, Any]]) -> bytes:
    return json.dumps(entries, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def bank_export(*, installation: str) -> bytes:
    """Every live shared campaign of this installation, as the exchange file."""
    entries = [
        {
            "category": entry.category,
            "rule_title": entry.rule_title,
            "published_at": entry.published_at.isoformat(),
            "signatures": [
                base64.b64encode(bytes(entry.signatures)[at : at + _SIG_BYTES]).decode("ascii")
                for at in range(0, len(bytes(entry.signatures)), _SIG_BYTES)
            ],
            "images": [
                bytes(entry.images)[at : at + HASH_BYTES].hex()
                for at in range(0, len(bytes(entry.images)), HASH_BYTES)
            ],
        }
        for entry in CampaignSignature.objects.filter(withdrawn_at__isnull=True).order_by("id")
    ]
    document = {
        "format": FORMAT,
        "version": VERSION,
        "manifest": {
            "installation": installation,
            "created": timezone.now().isoformat(),
            "sha256": hashlib.sha256(_canonical(entries)).hexdigest(),
            "count": len(entries),
        },
        "entries": entries,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _text(value: Any, where: str, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit or _CONTROL.search(value):
        raise ExchangeError(
            _("%(where)s must be text of at most %(n)d characters, without control characters.")
            % {"where": where, "n": limit}
        )
    return value


def _when(value: Any, where: str) -> datetime:
    try:
        moment = (
            datetime.fromisoformat(value) if isinstance(value, str) and len(value) < 40 else None
        )
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ExchangeError(
            _("%(where)s must be a date and time with its time zone (ISO 8601).") % {"where": where}
        )
    return moment


def _keys(value: Any, expected: set[str], where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != expected:
        raise ExchangeError(
            _("%(where)s must be an object with exactly these fields: %(fields)s.")
            % {"where": where, "fields": ", ".join(sorted(expected))}
        )
    return value


def bank_read(data: bytes) -> tuple[str, list[dict[str, Any]]]:
    """The exchange file's origin and entries, checked; ExchangeError says what is wrong."""
    if len(data) > MAX_BYTES:
        raise ExchangeError(_("The file is larger than 50 MB."))
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ExchangeError(_("The file is not JSON in UTF-8.")) from None
    document = _keys(document, {"format", "version", "manifest", "entries"}, _("The file"))
    if document["format"] != FORMAT:
        raise ExchangeError(_("This is not a Varta campaign bank file."))
    version = document["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version not in READS:
        raise ExchangeError(
            _("This file is of version %(v)s; this Varta reads versions 1 to %(ours)d.")
            % {"v": str(version)[:20], "ours": VERSION}
        )
    manifest = _keys(
        document["manifest"], {"installation", "created", "sha256", "count"}, _("The manifest")
    )
    origin = _text(manifest["installation"], _("The installation's name"), 200).strip()
    if not origin:
        raise ExchangeError(_("The manifest does not name the installation."))
    _when(manifest["created"], _("The manifest's creation time"))
    entries = document["entries"]
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        raise ExchangeError(
            _("The entries must be a list of at most %(n)d campaigns.") % {"n": MAX_ENTRIES}
        )
    count = manifest["count"]
    if not isinstance(count, int) or isinstance(count, bool) or count != len(entries):
        raise ExchangeError(_("The manifest's count does not match the entries."))
    digest = manifest["sha256"]
    if not isinstance(digest, str) or hashlib.sha256(_canonical(entries)).hexdigest() != digest:
        raise ExchangeError(
            _("The entries do not match the manifest's sha256: the file was changed or cut.")
        )
    checked = []
    for index, entry in enumerate(entries, start=1):
        where = _("Entry %(n)d") % {"n": index}
        fields = {"category", "rule_title", "published_at", "signatures"}
        entry = _keys(entry, fields | {"images"} if version >= 2 else fields, where)
        category = entry["category"]
        if not isinstance(category, str) or not _CATEGORY.fullmatch(category):
            raise ExchangeError(
                _("%(where)s: the category must be a code (a-z, 0-9, _).") % {"where": where}
            )
        sigs = entry["signatures"]
        if not isinstance(sigs, list) or not 1 <= len(sigs) <= MAX_SIGNATURES:
            raise ExchangeError(
                _("%(where)s: between 1 and %(n)d signatures are expected.")
                % {"where": where, "n": MAX_SIGNATURES}
            )
        raw = []
        for sig in sigs:
            try:
                blob = base64.b64decode(sig, validate=True) if isinstance(sig, str) else b""
            except (binascii.Error, ValueError):
                blob = b""
            if len(blob) != _SIG_BYTES:
                raise ExchangeError(
                    _("%(where)s: a signature is not %(n)d bytes in base64.")
                    % {"where": where, "n": _SIG_BYTES}
                )
            raw.append(blob)
        images = _images(entry.get("images", []), where)
        checked.append(
            {
                "category": category,
                "rule_title": _text(entry["rule_title"], where, 200),
                "published_at": _when(entry["published_at"], where),
                "signatures": b"".join(raw),
                "images": images,
            }
        )
    return origin, checked


def _images(value: Any, where: str) -> bytes:
    """A version 2 entry's photo hashes: a list of at most MAX_IMAGES strings of exactly 64
    lower-case hex characters."""
    if not isinstance(value, list) or len(value) > MAX_IMAGES:
        raise ExchangeError(
            _("%(where)s: the images must be a list of at most %(n)d hashes.")
            % {"where": where, "n": MAX_IMAGES}
        )
    raw = []
    for item in value:
        if not isinstance(item, str) or not _IMAGE_HEX.fullmatch(item):
            raise ExchangeError(
                _("%(where)s: an image hash is not %(n)d hexadecimal characters.")
                % {"where": where, "n": HASH_BYTES * 2}
            )
        raw.append(bytes.fromhex(item))
    return b"".join(raw)


def bank_import(data: bytes, *, actor: Any = None) -> Imported:
    """Add another installation's shared campaigns to this one's bank: all of them, or none
    if the file has any fault. A campaign already in the bank is kept once. Audited."""
    origin, entries = bank_read(data)
    imported = already = 0
    with transaction.atomic():
        for entry in entries:
            fingerprint = entry_fingerprint(entry["signatures"], entry["images"])
            if CampaignSignature.objects.filter(
                fingerprint=fingerprint, withdrawn_at__isnull=True
            ).exists():
                already += 1
                continue
            row = CampaignSignature.objects.create(
                group=None,
                origin=origin,
                fingerprint=fingerprint,
                signatures=entry["signatures"],
                images=entry["images"],
                category=entry["category"],
                rule_title=entry["rule_title"],
            )
            # The time it was shared where it comes from, not the time of the import.
            CampaignSignature.objects.filter(pk=row.pk).update(published_at=entry["published_at"])
            sigs = list(np.frombuffer(entry["signatures"], dtype=np.uint32).reshape(-1, NUM_PERM))
            hashes = sorted({h for bands in bands_of(sigs) for h in bands})
            CampaignBand.objects.bulk_create([CampaignBand(entry=row, hash=h) for h in hashes])
            imported += 1
        transaction.on_commit(bank_changed)
        bank_changed()
        audit_record(
            group=None,
            actor=actor,
            action="campaign.bank_import",
            object_type="audit",
            payload={"origin": origin, "imported": imported, "already": already},
        )
    return Imported(origin=origin, imported=imported, already=already)
