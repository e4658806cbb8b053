"""Personal data out of exports: every form the signal detectors know becomes a labelled mask."""

from __future__ import annotations


def redact_text(text: str) -> str:
    """The text with every personal-data span replaced by «[kind]»."""
    from triage.signals import PERSONAL_KINDS, find_signals

    spans = sorted(
        (s for s in find_signals(text) if s.kind in PERSONAL_KINDS),
        key=lambda s: (s.start, -s.end),
    )
    out, pos = [], 0
    for s in spans:
        if s.start < pos:
            continue  # overlaps a span already masked
        out.append(text[pos : s.start])
        out.append(f"[{s.kind}]")
        pos = s.end
    out.append(text[pos:])
    return "".join(out)


def redact_name(name: str) -> str:
    """Authors are private people: only an initial survives redaction."""
    name = name.strip()
    return f"{name[0]}." if name else ""
