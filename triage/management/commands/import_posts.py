from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from groups.models import Group, Membership, Role
from triage.importers.formats.registry import FORMATS
from triage.importers.rows import ImportRefused
from triage.importers.services import batch_create, batch_run, open_upload
from triage.models import ImportBatch


class Command(BaseCommand):
    help = "Import reported posts from files into a group's queue (synchronously, with progress)."
    # The system checks import every view, and with them scikit-learn: a second of start-up
    # before the first row, on every import run from cron or a script. `manage.py check`,
    # `migrate` and the servers still run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--group", required=True, metavar="SLUG")
        parser.add_argument("--format", choices=("auto", *FORMATS), default="auto")
        parser.add_argument(
            "--user", metavar="USERNAME", help="record the import as made by this member"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        group = Group.objects.filter(slug=options["group"]).first()
        if group is None:
            raise CommandError(f"No group with the slug {options['group']!r}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if (
                user is None
                or not Membership.objects.filter(
                    user=user, group=group, role__in=[Role.OWNER, Role.ADMIN, Role.MODERATOR]
                ).exists()
            ):
                raise CommandError(f"{options['user']!r} is not a moderator of {group.slug!r}.")
        totals = {"imported": 0, "duplicates": 0, "rejected": 0}
        refused = []
        for raw in options["paths"]:
            path = Path(raw)
            if not path.is_file():
                refused.append(f"{raw}: no such file")
                continue
            try:
                with open(path, "rb") as handle:
                    batch = batch_create(
                        group=group,
                        user=user,
                        chunks=open_upload(handle),
                        filename=path.name,
                        requested_format=options["format"],
                    )
            except ImportRefused as exc:
                refused.append(f"{raw}: {exc}")
                continue
            if batch.status == ImportBatch.Status.REFUSED:
                refused.append(f"{raw}: {batch.error}")
                continue
            bar = tqdm(total=None, unit="rows", desc=path.name, file=sys.stderr, leave=False)

            def progress(b: ImportBatch, bar: tqdm = bar) -> None:
                bar.total = b.total_rows
                bar.n = b.rows_done
                bar.refresh()

            batch = batch_run(batch_id=batch.pk, progress=progress)
            bar.close()
            if batch.status != ImportBatch.Status.DONE:
                refused.append(f"{raw}: {batch.error}")
                continue
            for key in totals:
                totals[key] += getattr(batch, key)
            for error in batch.row_errors.all()[:20]:
                self.stderr.write(f"{path.name}: row {error.row_number}: {error.reason}")
            if batch.rejected > 20:
                self.stderr.write(f"{path.name}: ... and {batch.rejected - 20} more rejected rows")
        for message in refused:
            self.stderr.write(f"refused: {message}")
        self.stdout.write(
            f"imported={totals['imported']} duplicates={totals['duplicates']} "
            f"rejected={totals['rejected']}"
        )
        if refused:
            raise CommandError(f"{len(refused)} of {len(options['paths'])} files were refused.")
