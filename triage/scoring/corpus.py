"""The labeled corpus shipped with the project, and its fixed held-out split."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
REMOVE = frozenset(
    {"pow_solicitation", "pow_enemy_media", "doxxing", "extortion_scam", "unverified_fake", "spam"}
)
KEEP = frozenset(
    {
        "ordinary",
        "official_guidance",
        "counter_messaging",
        "verified_fundraising",
        "news_discussion",
    }
)
CATEGORIES = tuple(sorted(REMOVE)) + tuple(sorted(KEEP))
HELD_OUT_PERCENT = 20


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    category: str
    lang: str
    # Real text from a public source (tags "real"), not written for the project: see
    # corpus/ATTRIBUTION.md.
    real: bool = False

    @property
    def source(self) -> str:
        """The file family an example comes from: its id's prefix ("tgnews", "lsol"...)."""
        return self.id.partition("-")[0]

    @property
    def label(self) -> int:
        return 1 if self.category in REMOVE else 0

    @property
    def held_out(self) -> bool:
        """Fixed by the id's hash: the same posts are held out in every run, never trained on."""
        digest = hashlib.sha256(self.id.encode()).digest()
        return int.from_bytes(digest[:4], "big") % 100 < HELD_OUT_PERCENT


def load_corpus(directory: Path = CORPUS_DIR) -> list[Example]:
    examples = []
    for path in sorted(directory.glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                row = json.loads(line)
                if row.get("category") not in CATEGORIES or not str(row.get("text", "")).strip():
                    continue
                examples.append(
                    Example(
                        str(row["id"]),
                        row["text"],
                        row["category"],
                        row.get("lang", ""),
                        real="real" in (row.get("tags") or []),
                    )
                )
    return examples


def corpus_sha256(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for e in sorted(examples, key=lambda e: e.id):
        digest.update(f"{e.id}\x00{e.category}\x00{e.text}\x00".encode())
    return digest.hexdigest()
