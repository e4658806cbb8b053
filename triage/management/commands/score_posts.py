from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.importers.formats.registry import FORMATS, detect_format, iter_rows
from triage.importers.rows import ImportRefused, ParsedRow
from triage.lib.exports import safe_cell
from triage.scoring.services import ModelUnavailable, active_version, load_pipeline, score_texts

CHUNK = 500  # posts scored together: one feature matrix each


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
        except (ImportRefused, ModelUnavailable) as exc:
            raise CommandError(str(exc)) from exc
        try:
            out = (
                sys.stdout
                if options["output"] == "-"
                else open(options["output"], "w", encoding="utf-8", newline="")  # noqa: SIM115
            )
        except OSError as exc:
            raise CommandError(f"Cannot write {options['output']}: {exc.strerror}") from exc
        scored = 0
        skipped: list[str] = []
        try:
            writer = csv.writer(out)
            writer.writerow(["id", "score", "category", "reasons"])
            chunk: list[ParsedRow] = []
            for row in iter_rows(path, fmt):
                if row.error or not row.text:
                    skipped.append(f"row {row.row_number}: {row.error or 'no text'}")
                    continue
                chunk.append(row)
                if len(chunk) == CHUNK:
                    scored += self._write(writer, pipeline, chunk)
                    chunk = []
            scored += self._write(writer, pipeline, chunk)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if out is not sys.stdout:
                out.close()
        self.stderr.write(f"scored {scored} posts with {version.version}")
        if skipped:
            self.stderr.write(f"skipped {len(skipped)} rows that have no readable text:")
            for line in skipped[:20]:
                self.stderr.write(f"  {line}")
            if len(skipped) > 20:
                self.stderr.write(f"  ... and {len(skipped) - 20} more")

    @staticmethod
    def _write(writer: Any, pipeline: Any, chunk: list[ParsedRow]) -> int:
        for row, (score, category, reasons) in zip(
            chunk, score_texts(pipeline, [r.text for r in chunk]), strict=True
        ):
            ident = row.external_id or str(row.row_number)
            labels = json.dumps([r["label"] for r in reasons], ensure_ascii=False)
            writer.writerow([safe_cell(ident), score, category, safe_cell(labels)])
        return len(chunk)
