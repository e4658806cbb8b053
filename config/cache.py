"""The cache: Redis, read as a cache should be when Redis is down.

Varta caches what it can compute again (queue counts, the audit check's verdict, chart data).
With Redis unreachable, a read is a miss and a write is dropped, so the queue, the review pane
and the audit page still work, a little slower, instead of answering 500. Each failure is
logged, at most once a minute. What cannot work without Redis (queueing background jobs, the
/rq/ dashboard) is handled where it happens: triage.lib.rq leaves the work for the sweeps, and
config.middleware answers a clear 503.

The API's rate limit counts in this cache too: while Redis is down it does not count (the
tokens are the API's protection; the log says so).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
_LOG_EVERY_SECONDS = 60.0


class TolerantRedisCache(RedisCache):
    _last_logged = 0.0

    def _failed(self, operation: str, exc: RedisError) -> None:
        now = time.monotonic()
        if now - TolerantRedisCache._last_logged >= _LOG_EVERY_SECONDS:
            TolerantRedisCache._last_logged = now
            log.error("the cache (Redis) is unreachable; %s skipped: %s", operation, exc)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            self._failed("a read", exc)
            return default

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except RedisError as exc:
            self._failed("a read", exc)
            return {}

    def has_key(self, key: Any, version: Any = None) -> bool:
        try:
            return bool(super().has_key(key, version))
        except RedisError as exc:
            self._failed("a read", exc)
            return False

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError as exc:
            self._failed("a write", exc)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except RedisError as exc:
            self._failed("a write", exc)
            return list(data)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        try:
            return bool(super().add(key, value, timeout, version))
        except RedisError as exc:
            self._failed("a write", exc)
            return False

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        try:
            return bool(super().touch(key, timeout, version))
        except RedisError as exc:
            self._failed("a write", exc)
            return False

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        """A missing key is still Django's ValueError; an outage counts nothing."""
        try:
            return int(super().incr(key, delta, version))
        except RedisError as exc:
            self._failed("a write", exc)
            return delta

    def delete(self, key: Any, version: Any = None) -> bool:
        try:
            return bool(super().delete(key, version))
        except RedisError as exc:
            self._failed("a delete", exc)
            return False

    def delete_many(self, keys: Any, version: Any = None) -> None:
        try:
            super().delete_many(keys, version)
        except RedisError as exc:
            self._failed("a delete", exc)
