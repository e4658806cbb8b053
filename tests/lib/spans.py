"""What the one mask hides in a text, as the rule tests ask it."""

from __future__ import annotations

from triage.lib.masking import personal_spans


def pieces(text: str) -> list[str]:
    return [text[s.start : s.end] for s in personal_spans(text)]


def hidden(text: str, piece: str) -> bool:
    """Every visible character of the piece (its first occurrence) is inside a mask."""
    start = text.index(piece)
    covered = [False] * len(text)
    for s in personal_spans(text):
        for i in range(s.start, s.end):
            covered[i] = True
    return all(covered[i] or text[i].isspace() for i in range(start, start + len(piece)))


def touched(text: str, piece: str) -> bool:
    """Some of the piece is inside a mask."""
    start = text.index(piece)
    return any(s.start < start + len(piece) and start < s.end for s in personal_spans(text))
