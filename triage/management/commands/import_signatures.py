from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.campaigns.exchange import MAX_BYTES, ExchangeError, bank_import


class Command(BaseCommand):
    help = (
        "Add another installation's shared campaigns (a file from export_signatures) to this "
        "installation's bank. All or nothing: a file with any fault is refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {str(path)!r}.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError("The file is larger than 50 MB.")
        try:
            result = bank_import(path.read_bytes())
        except ExchangeError as exc:
            raise CommandError(f"Refused, nothing imported: {exc}") from None
        self.stdout.write(
            f"From {result.origin}: {result.imported} campaign(s) added, "
            f"{result.already} already in the bank."
        )
