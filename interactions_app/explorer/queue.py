"""At most one render in flight per member; a burst of clicks is coalesced, the last one wins.

Each click is acknowledged at once. The first starts a worker (a tracked background job) for
its member; clicks arriving while it works only leave their request, replacing an older one for
the same message, so the worker renders at most one more view per message, the latest, and
edits it with the token of the click that asked for it (still valid: tokens live 15 minutes).
"""

from __future__ import annotations

from collections.abc import Hashable

__all__ = ["UserQueues"]


class UserQueues[T]:
    """Pending requests per user and per target message; no awaits, so no locks are needed."""

    def __init__(self) -> None:
        self._pending: dict[str, dict[Hashable, T]] = {}
        self._working: set[str] = set()

    def working(self, user_id: str) -> bool:
        return user_id in self._working

    def submit(self, user_id: str, target: Hashable, request: T) -> bool:
        """Leave ``request``; True when the caller must start the user's worker."""
        pending = self._pending.setdefault(user_id, {})
        pending.pop(target, None)  # a newer request for a message goes last, like a new click
        pending[target] = request
        if user_id in self._working:
            return False
        self._working.add(user_id)
        return True

    def claim(self, user_id: str) -> bool:
        """Mark the user busy without a request (the type-7 fast path); False if already busy.

        Clicks arriving meanwhile queue behind it; ``release`` then says whether they must
        be drawn."""
        if user_id in self._working:
            return False
        self._working.add(user_id)
        return True

    def offer(self, user_id: str, target: Hashable, request: T) -> None:
        """Leave ``request`` for a claimed user unless a newer one for its message waits."""
        self._pending.setdefault(user_id, {}).setdefault(target, request)

    def release(self, user_id: str) -> bool:
        """End a claim. True when requests are waiting: the caller must then run the worker
        (the user stays busy); False: the user is free again."""
        if self._pending.get(user_id):
            return True
        self._pending.pop(user_id, None)
        self._working.discard(user_id)
        return False

    def take(self, user_id: str) -> T | None:
        """The next request for the worker, or None: then the worker is done (and marked so)."""
        pending = self._pending.get(user_id)
        if not pending:
            self._pending.pop(user_id, None)
            self._working.discard(user_id)
            return None
        target = next(iter(pending))
        return pending.pop(target)

    def waiting(self, user_id: str) -> list[T]:
        """The user's requests not taken yet, oldest first."""
        return list(self._pending.get(user_id, {}).values())

    def abandon(self, user_id: str) -> None:
        """The worker could not be started: forget the user's requests."""
        self._pending.pop(user_id, None)
        self._working.discard(user_id)
