"""Copy the real keep-side texts from ../shared/fixtures into the training corpus.

Run from the project folder: `python scripts/real_corpus.py`. It writes
triage/scoring/corpus/real_*.jsonl (category "ordinary": what a group admin keeps), so that
training never needs ../shared. Attribution: triage/scoring/corpus/ATTRIBUTION.md.
Dropped: texts with a phone number (a real person's, in one UA-GEC letter), the profane and the
advertisement files (borderline, not keep data), and ham lines under 20 characters.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "fixtures"
OUT = ROOT / "triage" / "scoring" / "corpus"
PHONE = re.compile(r"(?:\+?\d[\d\s().-]{8,}\d)")


def _id(prefix: str, text: str) -> str:
    return f"{prefix}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def _write(name: str, rows: list[dict]) -> None:
    with open(OUT / name, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{name}: {len(rows)}")


def _jsonl(path: Path, prefix: str, tag: str) -> list[dict]:
    rows, seen = [], set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        text = item["text"].strip()
        if PHONE.search(text) or text in seen:
            continue
        seen.add(text)
        rows.append(
            {
                "id": _id(prefix, text),
                "text": text,
                "category": "ordinary",
                "lang": item.get("lang", ""),
                "tags": ["real", tag],
                "source": item.get("source", ""),
            }
        )
    return rows


def main() -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} is not here", file=sys.stderr)
        return 1
    keep = SHARED / "real_keep"
    _write("real_uagec.jsonl", _jsonl(keep / "uk_uagec_texts.jsonl", "uagec", "ua-gec"))
    _write("real_tgnews.jsonl", _jsonl(keep / "ru_tg_news_channels.jsonl", "tgnews", "tg-news"))
    ham = []
    for line in (SHARED / "spam" / "tg-spam_ham-samples.txt").read_text("utf-8").splitlines():
        text = line.strip()
        if len(text) >= 20 and not PHONE.search(text):
            ham.append(
                {
                    "id": _id("tgham", text),
                    "text": text,
                    "category": "ordinary",
                    "lang": "ru",
                    "tags": ["real", "tg-spam-ham"],
                }
            )
    _write("real_tgham.jsonl", ham)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
