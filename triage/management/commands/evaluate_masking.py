from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from triage.lib.masking import personal_spans
from triage.lib.masking_eval import MASKING_SET, evaluate_masking, load_masking_set


class Command(BaseCommand):
    help = (
        "How well the mask hides personal data on a labeled set (JSON Lines: text, personal "
        "[{text, kind}], readable [...]): recall per kind, and the share of readable words "
        "masked. Without a file: the project's own sets (triage/lib/evalsets/masking*.jsonl)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--missed", action="store_true", help="List what was not hidden.")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(p) for p in options["paths"]] or sorted(
            MASKING_SET.parent.glob("masking*.jsonl")
        )
        results = {}
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            try:
                rows = load_masking_set(path)
                if not all(isinstance(r, dict) and isinstance(r.get("text"), str) for r in rows):
                    raise ValueError("every line must be an object with a text")
            except (ValueError, UnicodeDecodeError) as exc:
                raise CommandError(f"{path} is not a labeled masking set: {exc}") from exc
            results[path.name] = evaluate_masking(
                rows, lambda text: [(s.start, s.end) for s in personal_spans(text)]
            )
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=1))
            return
        for name, r in results.items():
            self.stdout.write(
                f"{name}: {r['posts']} posts, {r['pieces']} personal pieces, recall "
                f"{r['recall']:.3f}; {r['readable_words']} readable words, "
                f"{r['readable_masked_share']:.1%} masked"
            )
            for kind, m in r["per_kind"].items():
                self.stdout.write(f"  {kind:10} {m['pieces']:>4}  recall {m['recall']:.3f}")
            if options["missed"]:
                for miss in r["missed"]:
                    self.stdout.write(f"  missed {miss['kind']}: {miss['text']!r} ({miss['id']})")
                for word in r["readable_masked"]:
                    self.stdout.write(f"  masked readable: {word['text']!r} ({word['id']})")
