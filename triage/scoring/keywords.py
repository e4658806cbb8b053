"""Group keyword rules: words, phrases or regular expressions that add to a score.

Regular expressions are checked when saved and run with a time limit (the
``regex`` package's timeout), so a hostile post cannot hang a worker.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import regex

from groups.models import KeywordRule

TIMEOUT = 0.05  # seconds per rule per post


class BadPattern(ValueError):
    pass


@functools.lru_cache(maxsize=1024)  # a bad pattern raises, and raising is not cached
def compile_rule(kind: str, pattern: str) -> regex.Pattern[str]:
    pattern = (pattern or "").strip()
    if not pattern or len(pattern) > 500:
        raise BadPattern("A pattern is 1 to 500 characters.")
    if kind == KeywordRule.Kind.REGEX:
        try:
            compiled = regex.compile(pattern, regex.IGNORECASE | regex.V1)
        except regex.error as exc:
            raise BadPattern(f"Not a valid regular expression: {exc}") from None
        # A pattern that matches the empty string would flag every post.
        if compiled.fullmatch("", timeout=TIMEOUT) is not None:
            raise BadPattern("The expression matches empty text.")
        return compiled
    escaped = regex.escape(pattern)
    if kind == KeywordRule.Kind.WORD:
        return regex.compile(rf"(?<!\w){escaped}(?!\w)", regex.IGNORECASE)
    return regex.compile(escaped, regex.IGNORECASE)


@dataclass(frozen=True)
class RuleHit:
    rule_id: int
    label: str
    weight: float
    category: str
    spans: list[list[int]]


def apply_rules(rules: list[KeywordRule], text: str) -> list[RuleHit]:
    hits = []
    for rule in rules:
        try:
            pattern = compile_rule(rule.kind, rule.pattern)
            spans = [[m.start(), m.end()] for m in pattern.finditer(text, timeout=TIMEOUT)][:5]
        except (BadPattern, TimeoutError):
            continue  # a rule that is bad or too slow on this post does not count
        if spans:
            hits.append(RuleHit(rule.pk, rule.pattern[:80], rule.weight, rule.category, spans))
    return hits


def adjust(
    score: float, category: str, hits: list[RuleHit]
) -> tuple[float, str, list[dict[str, Any]]]:
    """The score after the group's rules, its category, and the hits as reasons."""
    for hit in hits:
        score += hit.weight
        if hit.category:
            category = hit.category
    reasons = [
        {"label": h.label, "kind": "keyword", "weight": h.weight, "spans": h.spans} for h in hits
    ]
    return min(1.0, max(0.0, score)), category, reasons
