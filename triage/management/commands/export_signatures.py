from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.audit.services import audit_record
from triage.campaigns.exchange import bank_export


class Command(BaseCommand):
    help = (
        "Write this installation's shared campaigns (signatures, categories, rule titles; no "
        "text) to a JSON file another installation can import with import_signatures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="- for stdout")
        parser.add_argument(
            "--installation",
            default="",
            help="the name the file gives this installation (default: VARTA_INSTALLATION)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = (options["installation"] or settings.VARTA_INSTALLATION).strip()
        if not name or len(name) > 200 or not name.isprintable():
            raise CommandError("--installation must be a printable name of 1 to 200 characters.")
        out = options["output"]
        if out != "-" and not Path(out).parent.is_dir():
            raise CommandError(f"The folder of {out!r} does not exist.")
        data = bank_export(installation=name)
        audit_record(
            group=None,
            actor=None,
            action="campaign.bank_export",
            object_type="audit",
            payload={"installation": name, "via": "command line"},
        )
        if out == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(out).write_bytes(data)
            self.stdout.write(f"Wrote {out}.")
