"""At most a few explorer clicks per member in a short window; more get a private "slow down"."""

from __future__ import annotations

from collections import deque

__all__ = ["ClickRateLimit"]

DEFAULT_CLICKS = 8
DEFAULT_WINDOW = 10.0


class ClickRateLimit:
    """A sliding window per user; users idle for a whole window are forgotten (bounded memory)."""

    def __init__(self, *, clicks: int = DEFAULT_CLICKS, window: float = DEFAULT_WINDOW) -> None:
        self.clicks = clicks
        self.window = window
        self._seen: dict[str, deque[float]] = {}

    def allow(self, user_id: str, now: float) -> bool:
        """Count a click of ``user_id`` unless it would go over the limit."""
        self._forget_idle(now)
        times = self._seen.setdefault(user_id, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        if len(times) >= self.clicks:
            return False
        times.append(now)
        return True

    def _forget_idle(self, now: float) -> None:
        idle = [
            user
            for user, times in self._seen.items()
            if not times or now - times[-1] >= self.window
        ]
        for user in idle:
            del self._seen[user]
