"""Streaming JSON: build only the objects found at given paths, one at a time (ijson)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import ijson

from triage.importers.rows import ImportRefused

MAX_DEPTH = 64  # real exports nest a few levels; a hostile file nests until memory runs out
START = object()  # yielded as the value when a map begins at one of ``starts``


def prefixed_events(handle: IO[bytes]) -> Iterator[tuple[str, str, Any]]:
    """ijson.parse's (prefix, event, value), built here from basic_parse with a depth limit.

    ijson's own prefixes grow with the nesting and its C backend builds them for a whole
    buffer before yielding: 100,000 nested brackets (200 KB) took 20 s and gigabytes before the
    first event. basic_parse has no prefixes; the depth is checked before any is built."""
    path: list[Any] = []
    for event, value in ijson.basic_parse(handle, use_float=True):
        if event == "map_key":
            prefix = ".".join(path[:-1])
            path[-1] = value
        elif event in ("start_map", "start_array"):
            prefix = ".".join(path)
            path.append(None if event == "start_map" else "item")
            if len(path) > MAX_DEPTH:
                raise ImportRefused(
                    f"The JSON is nested more than {MAX_DEPTH} levels deep: not an export."
                )
        elif event in ("end_map", "end_array"):
            path.pop()
            prefix = ".".join(path)
        else:
            prefix = ".".join(path)
        yield prefix, event, value


def objects_at(
    handle: IO[bytes],
    paths: set[str],
    scalars: set[str] | None = None,
    starts: set[str] | None = None,
) -> Iterator[tuple[str, Any]]:
    """(path, object) for every map or array item found at one of ``paths``.

    Scalars at the paths in ``scalars`` are yielded too (for a chat's id and type,
    which Telegram writes before its messages), and (path, START) where a map begins at
    one of ``starts`` (a new chat). Memory holds one object at a time; a file nested more
    than MAX_DEPTH deep is refused (ijson's paths grow with the depth, quadratically).
    """
    scalars = scalars or set()
    starts = starts or set()
    builder: ijson.ObjectBuilder | None = None
    building_at = ""
    depth = 0
    try:
        for prefix, event, value in prefixed_events(handle):
            if prefix in starts and event == "start_map":
                yield prefix, START
            if builder is not None:
                builder.event(event, value)
                if event in ("start_map", "start_array"):
                    depth += 1
                elif event in ("end_map", "end_array"):
                    depth -= 1
                    if depth == 0:
                        yield building_at, builder.value
                        builder = None
                continue
            if prefix in paths and event in ("start_map", "start_array"):
                builder = ijson.ObjectBuilder()
                builder.event(event, value)
                building_at, depth = prefix, 1
            elif (prefix in paths and event in ("string", "number", "boolean", "null")) or (
                prefix in scalars and event in ("string", "number", "boolean", "null")
            ):
                yield prefix, value
    except ijson.common.IncompleteJSONError as exc:
        raise ImportRefused(f"The JSON is broken or cut short: {str(exc)[:120]}") from None
    except ijson.common.JSONError as exc:
        raise ImportRefused(f"The file is not valid JSON: {str(exc)[:120]}") from None
    except UnicodeDecodeError:
        raise ImportRefused("The JSON file is not UTF-8 text.") from None
