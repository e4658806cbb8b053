from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groups.models import Group
from triage.reports.exports import FORMATS, write_csv, write_json, write_xlsx
from triage.reports.selectors import Period, report_build
from triage.reports.services import export_record


class Command(BaseCommand):
    help = "Export a group's moderation report and the posts of the period (redacted by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--group", required=True, metavar="SLUG")
        parser.add_argument("--since", metavar="YYYY-MM-DD")
        parser.add_argument("--until", metavar="YYYY-MM-DD")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="- for stdout")
        parser.add_argument("--links", action="store_true", help="include links to the posts")
        parser.add_argument(
            "--unredacted",
            metavar="REASON",
            help="export personal data as it is; the reason is recorded in the audit log",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        group = Group.objects.filter(slug=options["group"]).first()
        if group is None:
            raise CommandError(f"No group with the slug {options['group']!r}.")
        try:
            period = Period.parse(options["since"], options["until"])
        except ValueError as exc:
            raise CommandError(f"Bad period: {exc}. Dates are YYYY-MM-DD.") from exc
        reason = (options["unredacted"] or "").strip()
        if options["unredacted"] is not None and len(reason) < 10:
            raise CommandError("--unredacted needs a reason of at least 10 characters.")
        redact = not reason
        out = options["output"]
        if out != "-" and not Path(out).parent.is_dir():
            raise CommandError(f"The folder of {out!r} does not exist.")
        fmt = options["format"]
        rep = report_build(group=group, period=period)
        export_record(
            report=rep,
            actor=None,
            fmt=fmt,
            redact=redact,
            links=options["links"],
            reason=reason,
            via="command line",
        )
        links = options["links"]
        if fmt == "xlsx":
            if out == "-":
                raise CommandError("XLSX cannot be written to stdout; name a file with -o.")
            with write_xlsx(rep, redact=redact, links=links) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst)
        else:
            chunks = (write_csv if fmt == "csv" else write_json)(rep, redact=redact, links=links)
            target = sys.stdout if out == "-" else open(out, "w", encoding="utf-8", newline="")  # noqa: SIM115
            try:
                for chunk in chunks:
                    target.write(chunk)
            finally:
                if target is not sys.stdout:
                    target.close()
        if out != "-":
            self.stderr.write(f"wrote {out} ({'redacted' if redact else 'UNREDACTED'})")
