"""State calls on the request path: bounded in number and in time, and never abandoned.

The answer to an interaction must leave within Discord's 3 s while another process may hold the
file's write lock. Abandoning a thread that waits on that lock does not free anything: the thread
keeps the store's own lock, so every later call queues behind it, and at 50 requests/s hundreds
of them pile up. Instead one thread at a time runs a request-path call, on a connection of its
own with a short busy timeout; the other requests wait for their turn in the event loop, where
waiting is cancellable, and give up with ``StateBusy`` when their time is up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import anyio
import anyio.to_thread

from interactions_app.state._errors import StateBusy
from interactions_app.state._store import StateStore

__all__ = ["RequestStateCalls"]


class RequestStateCalls:
    def __init__(self, store: StateStore, *, wait: float) -> None:
        self.store = store
        """Its busy timeout bounds how long the one running call can wait for SQLite's lock."""
        self.wait = wait
        self._turn = anyio.CapacityLimiter(1)

    @property
    def running(self) -> int:
        """Threads running a call right now (at most one)."""
        return self._turn.borrowed_tokens

    async def call[T](self, function: Callable[[StateStore], T]) -> T:
        """``function(store)`` in a worker thread once it is this call's turn.

        Raises ``StateBusy`` if the turn did not come within ``wait`` seconds, and whatever the
        function raises (``StateUnavailable`` when SQLite's lock stayed taken)."""
        with anyio.move_on_after(self.wait) as waiting:
            await self._turn.acquire()
        if waiting.cancelled_caught:
            raise StateBusy(self.store.path, self.wait)
        results: list[T] = []
        try:
            # Not cancellable: its outcome (a claimed cooldown, a recorded id) must be known.
            with anyio.CancelScope(shield=True):
                results.append(await anyio.to_thread.run_sync(partial(function, self.store)))
        finally:
            self._turn.release()
        return results[0]
