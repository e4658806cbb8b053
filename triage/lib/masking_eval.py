"""How well the mask hides personal data, measured on a labeled set (``evalsets/masking.jsonl``:
each post with its personal pieces and the words that must stay readable, written apart from
the code, see its README). A piece counts as hidden when every one of its visible characters
is under a mask; a readable word counts as masked when any of its characters is."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

MASKING_SET = Path(__file__).resolve().parent / "evalsets" / "masking.jsonl"


def load_masking_set(path: Path = MASKING_SET) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _occurrences(text: str, pieces: Iterable[str]) -> list[tuple[str, int, int]]:
    """Each listed piece at its own occurrence (a piece listed twice is its first and second
    occurrence)."""
    seen: Counter[str] = Counter()
    out = []
    for piece in pieces:
        start = -1
        for _ in range(seen[piece] + 1):
            start = text.find(piece, start + 1)
        seen[piece] += 1
        if start >= 0:
            out.append((piece, start, start + len(piece)))
    return out


def evaluate_masking(
    rows: list[dict[str, Any]], spans_of: Callable[[str], list[tuple[int, int]]]
) -> dict[str, Any]:
    hidden: Counter[str] = Counter()
    total: Counter[str] = Counter()
    readable_masked = readable_total = 0
    missed: list[dict[str, str]] = []
    wrongly: list[dict[str, str]] = []
    for row in rows:
        text = row["text"]
        covered = [False] * len(text)
        for start, end in spans_of(text):
            for i in range(max(0, start), min(end, len(text))):
                covered[i] = True
        kinds = [p["kind"] for p in row.get("personal", [])]
        pieces = _occurrences(text, [p["text"] for p in row.get("personal", [])])
        for kind, (piece, start, end) in zip(kinds, pieces, strict=False):
            total[kind] += 1
            if all(covered[i] or not text[i].strip() for i in range(start, end)):
                hidden[kind] += 1
            else:
                missed.append({"id": row["id"], "kind": kind, "text": piece})
        for word, start, end in _occurrences(text, row.get("readable", [])):
            readable_total += 1
            if any(covered[start:end]):
                readable_masked += 1
                wrongly.append({"id": row["id"], "text": word})
    return {
        "posts": len(rows),
        "pieces": sum(total.values()),
        "recall": round(sum(hidden.values()) / max(1, sum(total.values())), 4),
        "per_kind": {
            kind: {"pieces": total[kind], "recall": round(hidden[kind] / total[kind], 4)}
            for kind in sorted(total)
        },
        "readable_words": readable_total,
        "readable_masked_share": round(readable_masked / max(1, readable_total), 4),
        "missed": missed,
        "readable_masked": wrongly,
    }
