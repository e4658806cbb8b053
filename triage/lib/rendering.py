"""Post text as moderators see it: escaped, personal data masked, the model's reasons marked.

Post text is hostile input. Every character of it is escaped here; bidirectional
overrides and zero-width characters are made visible instead of being allowed to
reorder or hide the text around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from triage.lib.labels import signal_name
from triage.lib.masking import Span, merge_spans, personal_spans

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


_INVISIBLE_RE = re.compile("|".join(map(re.escape, INVISIBLE)))


def _joined(pieces: Iterable[str]) -> SafeString:
    """One HTML string of pieces, each escaped unless it is already safe HTML."""
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def _escape_visible(text: str) -> SafeString:
    pieces: list[str] = []
    pos = 0
    for match in _INVISIBLE_RE.finditer(text):
        pieces.append(text[pos : match.start()])
        code = INVISIBLE[match.group()]
        pieces.append(format_html('<span class="invisible-char" title="{0}">[{0}]</span>', code))
        pos = match.end()
    pieces.append(text[pos:])
    return _joined(pieces)


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
    out: list[str] = []
    pos = 0
    for start, end, span in events:
        out.append(_escape_visible(text[pos:start]))
        piece = text[start:end]
        if span.kind == "reason":
            html = '<mark class="reason" title="{}">{}</mark>'
            out.append(format_html(html, span.label, _escape_visible(piece)))
        elif reveal:
            html = '<span class="revealed pd-{}">{}</span>'
            out.append(format_html(html, span.kind, _escape_visible(piece)))
        else:
            name = signal_name(span.kind)
            label = _("hidden: %(kind)s") % {"kind": name}
            html = '<span class="masked" data-kind="{}" title="{}">•••• ({})</span>'
            out.append(format_html(html, span.kind, label, name))
        pos = end
    out.append(_escape_visible(text[pos:]))
    if cut:
        out.append("…")
    return _joined(out)


def masked_excerpt(text: str, length: int = 280) -> SafeString:
    return render_text(text, masks=personal_spans(text[: length + 200]), limit=length)


def masked_html(text: str) -> SafeString:
    """Any text that may quote a post (a moderator's note, an import error): escaped, personal
    data masked, in full."""
    return render_text(text, masks=personal_spans(text))
