from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser
from sklearn.metrics import roc_auc_score

from triage.importers.decoding import open_text
from triage.importers.rows import ImportRefused
from triage.scoring.corpus import load_corpus
from triage.scoring.evaluate import metrics, paired_bootstrap, vanilla_pipeline
from triage.scoring.services import ModelUnavailable, active_version, load_pipeline


class Command(BaseCommand):
    help = "Evaluate the active base model on a labeled CSV: text,label[,category]."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--no-vanilla",
            action="store_true",
            help="Skip the comparison with a default TF-IDF + logistic regression pipeline.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        texts, labels, cats = [], [], []
        try:
            with open_text(path) as handle:
                head = handle.read(65536)
                handle.seek(0)
                try:  # comma, semicolon (Excel in a Ukrainian locale) or tab
                    dialect: Any = csv.Sniffer().sniff(head, delimiters=",;\t")
                except csv.Error:
                    dialect = csv.excel
                reader = csv.DictReader(handle, dialect=dialect)
                if not reader.fieldnames or not {"text", "label"} <= set(reader.fieldnames):
                    raise CommandError(
                        "The CSV needs the columns text and label (and optionally category)."
                    )
                for number, row in enumerate(reader, start=2):
                    label = (row.get("label") or "").strip().lower()
                    if label not in ("remove", "keep"):
                        raise CommandError(
                            f"Row {number}: label must be remove or keep, not {label!r}."
                        )
                    texts.append(row.get("text") or "")
                    labels.append(1 if label == "remove" else 0)
                    cats.append((row.get("category") or "").strip())
        except (ImportRefused, csv.Error, UnicodeDecodeError) as exc:
            raise CommandError(f"The file could not be read: {exc}") from exc
        if not texts:
            raise CommandError("The file has no labeled rows.")
        if len(set(labels)) < 2:
            raise CommandError("Metrics need both removed and kept posts; the file has one kind.")
        version = active_version(None)
        if version is None:
            raise CommandError("No active model: run `manage.py ensure_model` first.")
        try:
            pipeline = load_pipeline(version)
        except ModelUnavailable as exc:
            raise CommandError(str(exc)) from exc
        scores = pipeline.predict_proba(texts)[:, 1]
        predicted = list(pipeline.predict(texts))
        result = metrics(
            labels,
            scores,
            categories_true=cats if all(cats) else None,
            categories_pred=predicted if all(cats) else None,
            texts=texts,
        )
        result.pop("calibration", None)
        if not options["no_vanilla"]:
            train = [e for e in load_corpus() if not e.held_out]
            vanilla = vanilla_pipeline([e.text for e in train], [e.label for e in train])
            theirs = vanilla.predict_proba(texts)[:, 1]
            result["vanilla"] = {
                "roc_auc": round(float(roc_auc_score(labels, theirs)), 4),
                "difference": paired_bootstrap(np.array(labels), scores, theirs),
            }
        self.stdout.write(f"model {version.version}")
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
