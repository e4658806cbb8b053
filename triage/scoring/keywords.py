"""Group keyword rules: words, phrases or regular expressions that add to a score.

Regular expressions are checked when saved and run with a time limit (the
``regex`` package's timeout), so a hostile post cannot hang a worker.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

import regex
from django.utils.translation import gettext as _

from groups.models import KeywordRule

TIMEOUT = 0.05  # seconds per rule per post
POST_BUDGET = 0.25  # seconds for all of a group's rules on one post
MAX_RULES = 100  # per group

logger = logging.getLogger(__name__)


class BadPattern(ValueError):
    pass


# Texts a pattern is tried on when saved: one that matches them with zero width (like "\b" or a
# lookahead alone) would mark every post.
_SAMPLES = ("", "a", "аб вг", "Шукаємо брата, 067 123 45 67! в/ч А1234 #полон")


_COUNTED = re.compile(r"(?<!\\)\{(\d+)(?:,(\d*))?\}")
MAX_REPEAT = 1000  # compiling "(?:a{65535}){65535}" took 23 GB before the kernel killed it


def _refuse_big_repeats(pattern: str) -> None:
    """Counted repeats ({m,n}) are expanded when a pattern compiles: their product (counted as
    if nested, which errs on the safe side) must stay small."""
    product = 1
    for low, high in _COUNTED.findall(pattern):
        bound = max(int(low), int(high) if high else 0)
        if bound > MAX_REPEAT:
            raise BadPattern(_("A counted repeat may be at most {%(n)s}.") % {"n": MAX_REPEAT})
        product *= max(bound, 1)
        if product > 10 * MAX_REPEAT:
            raise BadPattern(_("The expression repeats too much to be compiled safely."))


@functools.lru_cache(maxsize=1024)  # a bad pattern raises, and raising is not cached
def compile_rule(kind: str, pattern: str) -> regex.Pattern[str]:
    pattern = (pattern or "").strip()
    if not pattern or len(pattern) > 500:
        raise BadPattern(_("A pattern is 1 to 500 characters."))
    if kind == KeywordRule.Kind.REGEX:
        _refuse_big_repeats(pattern)
        try:
            compiled = regex.compile(pattern, regex.IGNORECASE | regex.V1)
        except regex.error as exc:
            raise BadPattern(_("Not a valid regular expression: %(e)s") % {"e": exc}) from None
        try:
            empty = any(
                m.start() == m.end()
                for s in _SAMPLES
                for m in compiled.finditer(s, timeout=TIMEOUT)
            )
        except TimeoutError:
            raise BadPattern(_("The expression is too slow even on a short text.")) from None
        if empty:
            raise BadPattern(
                _("The expression can match without any text, so it would mark every post.")
            )
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
    """The rules that match the text, with up to 5 spans each. Each rule gets TIMEOUT seconds on
    the post and all of them together POST_BUDGET: a rule cut off keeps the spans it found, and
    the rules left when the budget is spent are not run (and logged).

    Both limits count processor time, not time on the clock: the ``regex`` package times a
    match with C's ``clock()``, and the budget is this thread's processor time. On the clock, a
    worker the system set aside for a moment (a busy machine, the database server on the same
    cores) skipped the rest of a post's rules though they had not run slowly."""
    hits = []
    started = time.thread_time()
    for number, rule in enumerate(rules):
        if time.thread_time() - started > POST_BUDGET:
            logger.warning(
                "keyword rules: time budget spent, %d rules not run", len(rules) - number
            )
            break
        try:
            pattern = compile_rule(rule.kind, rule.pattern)
        except BadPattern:
            continue  # saved before a stricter check: it does not count
        spans: list[list[int]] = []
        try:
            for m in pattern.finditer(text, timeout=TIMEOUT):
                if m.end() > m.start():
                    spans.append([m.start(), m.end()])
                    if len(spans) == 5:
                        break
        except TimeoutError:
            pass  # too slow on this post: what it found before counts
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
