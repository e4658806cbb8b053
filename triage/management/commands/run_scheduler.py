"""The scheduler: the jobs of config/cron.py, each queued at most once at a time.

Run exactly one per installation, instead of django-rq's ``rqcron`` (which queues every tick
even while the last run waits behind a long job; see triage.lib.rq.OneRunCronScheduler).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from triage.lib.rq import OneRunCronScheduler

LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class Command(BaseCommand):
    help = "Run the scheduler (config/cron.py): each job queued under one id, never twice at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("config_path", nargs="?", default="config/cron.py")
        parser.add_argument("--logging-level", "-l", choices=LEVELS, default="INFO")

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = OneRunCronScheduler(logging_level=getattr(logging, options["logging_level"]))
        scheduler.load_config_from_file(options["config_path"])
        self.stdout.write(f"Scheduler: {len(scheduler.get_jobs())} jobs.")
        scheduler.start()
