from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.clusters.evaluation import (
    CLUSTERING_SETS,
    SETS,
    Record,
    Scores,
    clustering_evaluate,
    records_read,
)


class Command(BaseCommand):
    help = (
        "How well clustering finds copies on a labeled set (JSON Lines: text, family, where the "
        "posts of one family are copies of one post and a null family is a post of its own): "
        "pair precision and recall, the posts clustered as imports of --step posts are, in a "
        "throwaway group that is rolled back (on SQLite it holds the write lock meanwhile: "
        "other writers wait). Without a file: the project's own sets "
        "(triage/lib/evalsets/clustering_*.jsonl)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*")
        parser.add_argument(
            "--step", type=int, default=1000, help="Posts per import (default 1,000)."
        )
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--missed",
            action="store_true",
            help="List the posts clustered apart from their family or with another.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["step"] < 1:
            raise CommandError("--step must be at least 1")
        paths = [Path(p) for p in options["paths"]] or [SETS / name for name in CLUSTERING_SETS]
        sets: dict[str, list[Record]] = {}
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            if path.name in sets:
                raise CommandError(f"Two sets are named {path.name}: rename one")
            try:
                sets[path.name] = records_read(path)
            except (ValueError, UnicodeDecodeError) as exc:
                raise CommandError(f"{path} is not a labeled clustering set: {exc}") from exc
        results = {
            name: clustering_evaluate(records, step=options["step"])
            for name, records in sets.items()
        }
        if options["json"]:
            summaries = {name: _summary(scores, sets[name]) for name, scores in results.items()}
            self.stdout.write(json.dumps(summaries, indent=1))
            return
        for name, scores in results.items():
            self.stdout.write(
                f"{name}: {scores.posts} posts, {scores.families} families; pair precision "
                f"{scores.precision:.3f} ({scores.found_pairs} of {scores.predicted_pairs} "
                f"clustered pairs), recall {scores.recall:.3f} ({scores.found_pairs} of "
                f"{scores.true_pairs} copy pairs)"
            )
            if options["missed"]:
                records = sets[name]
                for index, family, cluster in scores.apart:
                    record = records[index]
                    self.stdout.write(
                        f"  apart from {family} ({_cluster(cluster)}), line {record.line}: "
                        f"{_excerpt(record.text)}"
                    )
                for index, own, cluster in scores.joined:
                    record = records[index]
                    self.stdout.write(
                        f"  joined cluster {cluster} ({own or 'a post of its own'}), line "
                        f"{record.line}: {_excerpt(record.text)}"
                    )


def _cluster(cluster: int | None) -> str:
    return "not clustered" if cluster is None else f"cluster {cluster}"


def _summary(scores: Scores, records: list[Record]) -> dict[str, Any]:
    return {
        "posts": scores.posts,
        "families": scores.families,
        "true_pairs": scores.true_pairs,
        "predicted_pairs": scores.predicted_pairs,
        "found_pairs": scores.found_pairs,
        "precision": scores.precision,
        "recall": scores.recall,
        # Lines of the file.
        "apart": [records[index].line for index, _family, _cluster in scores.apart],
        "joined": [records[index].line for index, _family, _cluster in scores.joined],
    }


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= 100 else flat[:99] + "…")
