"""Rate-limit buckets from Discord's ``X-RateLimit-*`` headers (topics/rate-limits.mdx).

A route's bucket is learned from ``X-RateLimit-Bucket`` and is shared per major parameter
(webhook id + token, channel id, application id). When a bucket has nothing left, the next
request on it waits for its reset; a global 429 holds back every route.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import anyio

logger = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(slots=True)
class _Bucket:
    limit: int = 1
    remaining: int = 1
    reset_at: float = 0.0


@dataclass(frozen=True, slots=True)
class RateLimitHeaders:
    limit: int | None
    remaining: int | None
    reset_after: float | None
    bucket: str | None
    is_global: bool
    scope: str | None
    retry_after: float | None

    @classmethod
    def parse(
        cls, headers: Mapping[str, str], *, wall_clock: Clock = time.time
    ) -> RateLimitHeaders:
        reset_after = _float(headers.get("x-ratelimit-reset-after"))
        reset = _float(headers.get("x-ratelimit-reset"))
        if reset_after is None and reset is not None:
            # The absolute reset is epoch seconds on Discord's clock; only a fallback.
            reset_after = max(0.0, reset - wall_clock())
        limit = _float(headers.get("x-ratelimit-limit"))
        remaining = _float(headers.get("x-ratelimit-remaining"))
        return cls(
            limit=None if limit is None else int(limit),
            remaining=None if remaining is None else int(remaining),
            reset_after=reset_after,
            bucket=headers.get("x-ratelimit-bucket"),
            is_global=headers.get("x-ratelimit-global", "").lower() == "true",
            scope=headers.get("x-ratelimit-scope"),
            retry_after=_float(headers.get("retry-after")),
        )


class RateLimiter:
    """Waits before requests whose bucket is exhausted or while a global limit holds."""

    def __init__(self, *, clock: Clock = time.monotonic, sleep: Sleep = anyio.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._route_bucket: dict[str, str] = {}
        self._buckets: dict[str, _Bucket] = {}
        self._global_until = 0.0

    async def acquire(self, route_key: str) -> None:
        """Wait until a request on ``route_key`` may be sent, and count it."""
        while True:
            now = self._clock()
            bucket = self._buckets.get(self._bucket_id(route_key))
            wait = max(0.0, self._global_until - now)
            if bucket is not None and bucket.remaining <= 0 and bucket.reset_at > now:
                wait = max(wait, bucket.reset_at - now)
            if wait <= 0:
                break
            logger.info("Rate limit: waiting %.2f s before %s", wait, route_key.split(" ")[1])
            await self._sleep(wait)
        if bucket is not None:
            if bucket.reset_at <= now:
                bucket.remaining = bucket.limit
            bucket.remaining -= 1

    def update(self, route_key: str, headers: RateLimitHeaders) -> None:
        """Learn the bucket state from an answer's headers."""
        if headers.remaining is None or headers.reset_after is None:
            return
        major = route_key.rsplit(" ", 1)[1]
        bucket_id = f"{headers.bucket} {major}" if headers.bucket else route_key
        self._route_bucket[route_key] = bucket_id
        bucket = self._buckets.setdefault(bucket_id, _Bucket())
        bucket.limit = headers.limit if headers.limit is not None else bucket.limit
        bucket.remaining = headers.remaining
        bucket.reset_at = self._clock() + headers.reset_after

    def hold(self, route_key: str, retry_after: float, *, is_global: bool) -> None:
        """After a 429: nothing on this bucket (or anywhere, if global) before ``retry_after``."""
        until = self._clock() + retry_after
        if is_global:
            self._global_until = max(self._global_until, until)
            return
        bucket_id = self._bucket_id(route_key)
        bucket = self._buckets.setdefault(bucket_id, _Bucket())
        bucket.remaining = 0
        bucket.reset_at = max(bucket.reset_at, until)

    def _bucket_id(self, route_key: str) -> str:
        return self._route_bucket.get(route_key, route_key)


def _float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None
