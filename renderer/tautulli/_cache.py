"""A short-lived answer cache in which concurrent identical calls share one request."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Literal

import anyio

_Outcome = Literal["pending", "ok", "error", "abandoned"]


class _Entry:
    __slots__ = ("done", "error", "expires", "outcome", "value")

    def __init__(self) -> None:
        self.done = anyio.Event()
        self.outcome: _Outcome = "pending"
        self.value: object = None
        self.error: Exception | None = None
        self.expires = float("inf")


class AnswerCache:
    """Answers kept ``ttl`` seconds; ``ttl <= 0`` turns caching (and sharing) off.

    Failures are never kept: the callers already waiting on a failed call get its error, the
    next call tries again. If the shared call is cancelled, each waiter makes its own.
    """

    def __init__(self, ttl: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._entries: dict[Hashable, _Entry] = {}

    def clear(self) -> None:
        self._entries.clear()

    async def get[T](self, key: Hashable, fetch: Callable[[], Awaitable[T]]) -> T:
        if self._ttl <= 0:
            return await fetch()
        while True:
            entry = self._entries.get(key)
            if entry is None or entry.expires <= self._clock():
                return await self._lead(key, fetch)
            await entry.done.wait()
            match entry.outcome:
                case "ok":
                    return entry.value  # pyright: ignore[reportReturnType] - set by _lead as T
                case "error" if entry.error is not None:
                    raise entry.error
                case _:
                    continue

    async def _lead[T](self, key: Hashable, fetch: Callable[[], Awaitable[T]]) -> T:
        self._purge()
        entry = _Entry()
        self._entries[key] = entry
        try:
            value = await fetch()
        except Exception as exc:
            entry.outcome, entry.error = "error", exc
            self._drop(key, entry)
            raise
        except BaseException:
            entry.outcome = "abandoned"
            self._drop(key, entry)
            raise
        else:
            entry.outcome, entry.value = "ok", value
            entry.expires = self._clock() + self._ttl
            return value
        finally:
            entry.done.set()

    def _drop(self, key: Hashable, entry: _Entry) -> None:
        if self._entries.get(key) is entry:
            del self._entries[key]

    def _purge(self) -> None:
        now = self._clock()
        for key in [key for key, entry in self._entries.items() if entry.expires <= now]:
            del self._entries[key]
