"""Personal data out of exports: every form the signal detectors know becomes a labelled mask."""

from __future__ import annotations

from triage.lib.pii import PERSONAL_KINDS, find_signals, merge_spans


def redact_text(text: str) -> str:
    """The text with every personal-data span replaced by «[kind]»."""

    out, pos = [], 0
    for start, end, kind in merge_spans(
        (s.start, s.end, s.kind) for s in find_signals(text) if s.kind in PERSONAL_KINDS
    ):
        out.append(text[pos:start])
        out.append(f"[{kind}]")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def redact_name(name: str) -> str:
    """Authors are private people: only an initial survives redaction."""
    name = name.strip()
    return f"{name[0]}." if name else ""
