"""Log filters: no query string reaches a log line.

Query strings may hold what people searched for or filtered by. The queue keeps search text
out of URLs (triage.queue.forms), and the development server's request lines are logged here
without their query strings; gunicorn's access log format in README does the same.
"""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


class WithoutQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                _QUERY.sub("?…", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        if isinstance(record.msg, str) and "?" in record.msg:
            record.msg = _QUERY.sub("?…", record.msg)
        return True
