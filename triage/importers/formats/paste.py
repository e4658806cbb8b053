"""Pasted text: posts separated by a line of only ``---``, or by two blank lines.

A post whose first line is only a URL gets that URL as its permalink.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from triage.importers.rows import ParsedRow

SEPARATOR = re.compile(r"^\s*-{3,}\s*$")
URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$", re.IGNORECASE)


def rows(handle: IO[str]) -> Iterator[ParsedRow]:
    block: list[str] = []
    blanks = 0
    number = 0

    def emit() -> Iterator[ParsedRow]:
        nonlocal number
        lines = list(block)
        while lines and not lines[0].strip():
            lines.pop(0)
        if not any(line.strip() for line in lines):
            return
        number += 1
        permalink = ""
        match = URL_LINE.match(lines[0])
        if match:
            permalink = match.group(1)
            lines = lines[1:]
        text = "\n".join(lines).strip()
        row = ParsedRow(row_number=number, text=text.replace("\x00", ""), permalink=permalink)
        if not row.text:
            row.error = "the post has a link but no text"
        yield row

    for raw in handle:
        line = raw.rstrip("\r\n")
        if SEPARATOR.match(line):
            yield from emit()
            block, blanks = [], 0
            continue
        if not line.strip():
            blanks += 1
            if blanks >= 2 and any(x.strip() for x in block):
                yield from emit()
                block, blanks = [], 0
                continue
            block.append(line)
            continue
        blanks = 0
        block.append(line)
    yield from emit()
