"""The one mask. Every place that shows or writes text that came from a post or a file goes
through here: the queue rows, the review pane, the cluster and author pages, search results,
the platform checklist, report and audit exports, moderators' notes, import errors.

- ``personal_spans``: finds the personal data (``triage.lib.pii``, on a normalised copy of the
  text, mapped back to the original characters) and merges overlapping finds into one span;
- ``mask_plain``: the text with each span replaced by ``[kind]``, for exports, error messages
  and anything stored or written out;
- HTML for screens is ``triage.lib.rendering.render_text`` on the same spans.

The unredacted evidence package (admins, a stated reason, audited) is the one place that
writes text unmasked, on purpose.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from triage.lib.pii import PERSONAL_KINDS, find_signals


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    label: str = ""


def merge_spans(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping (start, end, kind) spans merged into one that covers them all, keeping the
    first one's kind: a mask must hide the union, never skip the part of a span that sticks
    out past the one before it ("Сокіл Коваль Андрій" as a call sign and as a name)."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            first_start, first_end, first_kind = merged[-1]
            merged[-1] = (first_start, max(first_end, end), first_kind)
        else:
            merged.append((start, end, kind))
    return merged


# Texts whose spans a process remembers, and the longest it remembers: the queue shows the same
# posts to every moderator on every refresh, and finding the spans costs about 2 ms a post. The
# texts are the keys, in the process's memory only (as the rows the ORM reads are), never on
# disk or in Redis.
REMEMBERED_TEXTS = 4096
REMEMBERED_LENGTH = 4000


def personal_spans(text: str) -> list[Span]:
    """The personal data in the text, overlaps merged, as spans of the original characters."""
    if not text:
        return []
    if len(text) <= REMEMBERED_LENGTH:
        return list(_remembered_spans(text))
    return _find_spans(text)


@functools.lru_cache(maxsize=REMEMBERED_TEXTS)
def _remembered_spans(text: str) -> tuple[Span, ...]:
    return tuple(_find_spans(text))


def forget_spans() -> None:
    """Empty the process's remembered spans (benchmarks measure the cost without them)."""
    _remembered_spans.cache_clear()


def _find_spans(text: str) -> list[Span]:
    return [
        Span(start, end, kind)
        for start, end, kind in merge_spans(
            (s.start, s.end, s.kind) for s in find_signals(text) if s.kind in PERSONAL_KINDS
        )
        if 0 <= start < end <= len(text)
    ]


def mask_plain(text: str) -> str:
    """The text with every piece of personal data replaced by ``[kind]``."""
    out, pos = [], 0
    for span in personal_spans(text):
        out.append(text[pos : span.start])
        out.append(f"[{span.kind}]")
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def redact_name(name: str) -> str:
    """Authors are private people: only an initial survives redaction."""
    name = name.strip()
    return f"{name[0]}." if name else ""
