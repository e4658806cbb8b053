from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groups.models import Group
from triage.scoring.services import ModelUnavailable, model_ship, model_train


class Command(BaseCommand):
    help = "Train a model on the shipped corpus (and, with --group, that group's decisions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--group", metavar="SLUG")
        parser.add_argument(
            "--ship",
            action="store_true",
            help="Also write the new base version as the shipped model "
            "(triage/scoring/shipped/), whatever the promotion decided.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        group = None
        if options["ship"] and options["group"]:
            raise CommandError("--ship writes the base model: leave out --group.")
        if options["group"]:
            group = Group.objects.filter(slug=options["group"]).first()
            if group is None:
                raise CommandError(f"No group with the slug {options['group']!r}.")
        try:
            mv = model_train(group=group)
        except ModelUnavailable as exc:
            raise CommandError(str(exc)) from exc
        if options["ship"]:
            path = model_ship(mv)
            self.stdout.write(f"Shipped {mv.version} as {path}.")
        held = mv.metrics.get("held_out", {})
        self.stdout.write(f"{mv.version}: {mv.status}{' (' + mv.notes + ')' if mv.notes else ''}")
        self.stdout.write(
            json.dumps(
                {
                    k: held.get(k)
                    for k in ("roc_auc", "recall_at_precision_90", "review", "removal", "baseline")
                },
                ensure_ascii=False,
            )
        )
