from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.exports import safe_cell
from triage.importers.formats.registry import FORMATS, detect_format, iter_rows
from triage.importers.rows import ImportRefused
from triage.scoring.services import ModelUnavailable, active_version, load_pipeline, score_texts


class Command(BaseCommand):
    help = "Score a file's posts (any import format) into id,score,category,reasons; no DB writes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("-o", "--output", required=True, help="a CSV file, or - for stdout")
        parser.add_argument("--format", choices=("auto", *FORMATS), default="auto")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        version = active_version(None)
        if version is None:
            raise CommandError("No active model: run `manage.py ensure_model` first.")
        try:
            pipeline = load_pipeline(version)
            fmt = detect_format(path) if options["format"] == "auto" else options["format"]
            rows = [r for r in iter_rows(path, fmt) if r.text and not r.error]
        except (ImportRefused, ModelUnavailable) as exc:
            raise CommandError(str(exc)) from exc
        out = (
            sys.stdout
            if options["output"] == "-"
            else open(options["output"], "w", encoding="utf-8", newline="")  # noqa: SIM115
        )
        try:
            writer = csv.writer(out)
            writer.writerow(["id", "score", "category", "reasons"])
            for start in range(0, len(rows), 500):
                chunk = rows[start : start + 500]
                for row, (score, category, reasons) in zip(
                    chunk, score_texts(pipeline, [r.text for r in chunk]), strict=True
                ):
                    ident = row.external_id or str(row.row_number)
                    labels = json.dumps([r["label"] for r in reasons], ensure_ascii=False)
                    writer.writerow([safe_cell(ident), score, category, safe_cell(labels)])
        finally:
            if out is not sys.stdout:
                out.close()
        self.stderr.write(f"scored {len(rows)} posts with {version.version}")
