"""Post text as moderators see it: escaped, personal data masked, the model's reasons marked.

Post text is hostile input. Every character of it is escaped here; bidirectional
overrides and zero-width characters are made visible instead of being allowed to
reorder or hide the text around them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from triage.lib.labels import signal_name
from triage.lib.pii import PERSONAL_KINDS, find_signals, merge_spans

# Characters that can reorder or hide text: shown as a visible code instead.
INVISIBLE = {
    **{chr(c): f"U+{c:04X}" for c in range(0x202A, 0x202F)},  # LRE..RLO, PDF
    **{chr(c): f"U+{c:04X}" for c in range(0x2066, 0x206A)},  # isolates
    "\u200b": "U+200B",
    "\u200c": "U+200C",
    "\u200d": "U+200D",
    "\u200e": "U+200E",
    "\u200f": "U+200F",
    "\u2060": "U+2060",
    "\ufeff": "U+FEFF",
    "\x00": "NUL",
}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    label: str = ""


def _escape_visible(text: str) -> str:
    out = []
    for ch in text:
        code = INVISIBLE.get(ch)
        if code is not None:
            out.append(f'<span class="invisible-char" title="{code}">[{code}]</span>')
        else:
            out.append(escape(ch))
    return "".join(out)


def personal_spans(text: str) -> list[Span]:

    return [
        Span(s.start, s.end, s.kind)
        for s in find_signals(text)
        if s.kind in PERSONAL_KINDS and 0 <= s.start < s.end <= len(text)
    ]


def reason_spans(reasons: Iterable[dict[str, Any]], text_length: int) -> list[Span]:
    spans = []
    for reason in reasons or []:
        for start, end in reason.get("spans", []) or []:
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= text_length:
                spans.append(Span(start, end, "reason", str(reason.get("label", ""))))
    return spans


def render_text(
    text: str,
    *,
    masks: list[Span],
    marks: list[Span] | None = None,
    reveal: bool = False,
    limit: int | None = None,
) -> SafeString:
    """HTML for a post's text. Masks win over marks; ``limit`` cuts long text for lists."""
    if limit is not None and len(text) > limit:
        text = text[:limit]
        masks = [m for m in masks if m.start < limit]
        marks = [m for m in marks or [] if m.start < limit]
        cut = True
    else:
        cut = False
    events: list[tuple[int, int, Span]] = []
    covered = [False] * (len(text) + 1)
    # Overlapping masks become one that hides them all (never a visible tail).
    for start, end, kind in merge_spans((m.start, m.end, m.kind) for m in masks):
        end = min(end, len(text))
        for i in range(start, end):
            covered[i] = True
        events.append((start, end, Span(start, end, kind)))
    for m in sorted(marks or [], key=lambda s: (s.start, -s.end)):
        if any(covered[m.start : m.end]):
            continue
        for i in range(m.start, min(m.end, len(text))):
            covered[i] = True
        events.append((m.start, min(m.end, len(text)), m))
    events.sort(key=lambda e: e[0])
    out, pos = [], 0
    for start, end, span in events:
        out.append(_escape_visible(text[pos:start]))
        piece = text[start:end]
        if span.kind == "reason":
            title = escape(span.label)
            out.append(f'<mark class="reason" title="{title}">{_escape_visible(piece)}</mark>')
        elif reveal:
            out.append(
                f'<span class="revealed pd-{escape(span.kind)}">{_escape_visible(piece)}</span>'
            )
        else:
            name = signal_name(span.kind)
            label = escape(_("hidden: %(kind)s") % {"kind": name})
            out.append(
                f'<span class="masked" data-kind="{escape(span.kind)}" title="{label}">'
                f"•••• ({escape(name)})</span>"
            )
        pos = end
    out.append(_escape_visible(text[pos:]))
    if cut:
        out.append("…")
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def masked_excerpt(text: str, length: int = 280) -> SafeString:
    return render_text(text, masks=personal_spans(text[: length + 200]), limit=length)
