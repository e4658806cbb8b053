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
from triage.scoring import corpus
from triage.scoring.evaluate import (
    expected_calibration_error,
    metrics,
    paired_bootstrap,
    vanilla_pipeline,
)
from triage.scoring.services import ModelUnavailable, active_version, load_pipeline
from triage.scoring.suite import evaluation_suite, score_suite, suite_metrics


class Command(BaseCommand):
    help = (
        "Evaluate the active base model on a labeled CSV (text,label[,category]), or, with no "
        "file, on the whole evaluation suite: held-out posts, each real source's held-out "
        "texts, the independent set and the robustness sets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?")
        parser.add_argument(
            "--json", action="store_true", help="Print the suite's figures as JSON, not a table."
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=1000,
            help="Bootstrap resamples for the intervals of the difference (default 1000).",
        )
        parser.add_argument(
            "--no-vanilla",
            action="store_true",
            help="Skip the comparison with a default TF-IDF + logistic regression pipeline.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 10 <= options["rounds"] <= 100_000:
            raise CommandError("--rounds must be between 10 and 100000.")
        if options["path"] is None:
            self.evaluate_suite(options)
            return
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
        version, pipeline = self.active()
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
            theirs = self.vanilla().predict_proba(texts)[:, 1]
            result["vanilla"] = {
                "roc_auc": round(float(roc_auc_score(labels, theirs)), 4),
                "difference": paired_bootstrap(
                    np.array(labels), scores, theirs, rounds=options["rounds"]
                ),
            }
        self.stdout.write(f"model {version.version}")
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))

    def active(self) -> tuple[Any, Any]:
        version = active_version(None)
        if version is None:
            raise CommandError("No active model: run `manage.py ensure_model` first.")
        try:
            return version, load_pipeline(version)
        except ModelUnavailable as exc:
            raise CommandError(str(exc)) from exc

    def vanilla(self) -> Any:
        train = [e for e in corpus.load_corpus() if not e.held_out]
        return vanilla_pipeline([e.text for e in train], [e.label for e in train])

    def evaluate_suite(self, options: dict[str, Any]) -> None:
        version, pipeline = self.active()
        points = (version.metrics or {}).get("operating_points") or {}
        review = points.get("recall_95")
        review = 0.5 if review is None else float(review)
        suite = evaluation_suite(corpus.load_corpus())
        ours = score_suite(lambda texts: pipeline.predict_proba(texts)[:, 1], suite)
        result: dict[str, Any] = {
            "model": version.version,
            "review_threshold": review,
            "sets": suite_metrics(suite, ours, review),
        }
        result["ece"] = {
            s.name: expected_calibration_error(np.array(s.labels), ours[s.name])
            for s in suite
            if s.name in ("held_out", "written", "independent")
        }
        if not options["no_vanilla"]:
            vanilla = self.vanilla()
            theirs = score_suite(lambda texts: vanilla.predict_proba(texts)[:, 1], suite)
            for s in suite:
                result["sets"][s.name]["vanilla_roc_auc"] = round(
                    float(roc_auc_score(s.labels, theirs[s.name])), 4
                )
                result["sets"][s.name]["difference"] = paired_bootstrap(
                    np.array(s.labels), ours[s.name], theirs[s.name], rounds=options["rounds"]
                )
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"model {version.version}, review threshold {review}")
        header = f"{'set':28} {'posts':>6} {'ROC-AUC':>8} {'recall':>7} {'flagged':>8}"
        if not options["no_vanilla"]:
            header += f" {'vanilla':>8} {'difference [95% interval]':>28}"
        self.stdout.write(header)
        for name, m in result["sets"].items():
            line = (
                f"{name:28} {m['posts']:>6} {m['roc_auc']:>8.4f} {m['recall']:>7.3f} "
                f"{m['flagged']:>8.3f}"
            )
            if "difference" in m:
                d = m["difference"]
                line += (
                    f" {m['vanilla_roc_auc']:>8.4f} "
                    f"{d['difference']:>+9.4f} [{d['low']:+.4f}, {d['high']:+.4f}]"
                )
            self.stdout.write(line)
        self.stdout.write(
            "expected calibration error: "
            + ", ".join(f"{name} {value}" for name, value in result["ece"].items())
        )
