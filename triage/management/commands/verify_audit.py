from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from groups.models import Group
from triage.audit.chain import chain_key
from triage.audit.services import missing_chains, verify_chains, witness_verdicts
from triage.audit.witness import witness_record
from triage.models import AuditChain


class Command(BaseCommand):
    help = "Verify the audit log's hash chains; exit non-zero and name the first broken event."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--group", metavar="SLUG", help="only this group's chain")

    def handle(self, *args: Any, **options: Any) -> None:
        chains = AuditChain.objects.order_by("key")
        groups = Group.objects.order_by("pk")
        if options["group"]:
            group = Group.objects.filter(slug=options["group"]).first()
            if group is None:
                raise CommandError(f"No group with the slug {options['group']!r}.")
            chains = chains.filter(key=chain_key(group.pk))
            groups = groups.filter(pk=group.pk)
        # A group whose chain was deleted whole has nothing left to verify: named here. So is
        # a chain shorter than, or different from, what a check saw of it before (the witness
        # kept outside the database: triage.audit.witness), or gone since.
        checked = verify_chains(chains)
        keys = None if not options["group"] else [chain_key(g.pk) for g in groups]
        verdicts = missing_chains(groups) + witness_verdicts(keys) + checked
        for verdict in checked:
            if verdict.ok and verdict.checkpoint is not None:
                witness_record(verdict.key, verdict.checkpoint.seq, verdict.checkpoint.hash)
        for verdict in verdicts:
            self.stdout.write(verdict.describe())
        broken = [v for v in verdicts if not v.ok]
        if broken:
            raise CommandError(f"{len(broken)} of {len(verdicts)} audit chains are broken.")
        self.stdout.write(f"All {len(verdicts)} audit chains verify.")
