from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from triage.retention import purge_expired


class Command(BaseCommand):
    help = "Purge the text and personal fields of decided posts older than their group's retention."

    def handle(self, *args: Any, **options: Any) -> None:
        results = purge_expired()
        for slug, count in results.items():
            self.stdout.write(f"{slug}: purged={count}")
        self.stdout.write(f"total purged={sum(results.values())}")
