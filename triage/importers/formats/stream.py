"""Streaming JSON: build only the objects found at given paths, one at a time (ijson)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import ijson

from triage.importers.rows import ImportRefused


def objects_at(
    handle: IO[bytes], paths: set[str], scalars: set[str] | None = None
) -> Iterator[tuple[str, Any]]:
    """(path, object) for every map or array item found at one of ``paths``.

    Scalars at the paths in ``scalars`` are yielded too (for a chat's id and type,
    which Telegram writes before its messages). Memory holds one object at a time.
    """
    scalars = scalars or set()
    builder: ijson.ObjectBuilder | None = None
    building_at = ""
    depth = 0
    try:
        for prefix, event, value in ijson.parse(handle, use_float=True):
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
