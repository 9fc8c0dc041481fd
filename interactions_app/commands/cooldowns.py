"""Command cooldowns per user and for everyone, persisted in the state file.

A check that passes starts both cooldowns in the same transaction, so two requests racing for
the last free slot (threads, or the endpoint's processes) cannot both get it. A command that then
does not run (the bot is busy, its handler failed) gives the claim back with ``refund``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from interactions_app.state import StateStore

GLOBAL_SCOPE = "global"


def user_scope(user_id: str) -> str:
    return f"user:{user_id}"


class Cooldowns:
    def __init__(self, store: StateStore) -> None:
        self._store = store

    def check(
        self,
        command: str,
        user_id: str,
        *,
        per_user_seconds: float,
        global_seconds: float,
        now: datetime,
    ) -> datetime | None:
        """None: allowed, and the cooldowns now run. Else when ``user_id`` may use it again.

        A duration of 0 turns that cooldown off (it is then neither checked nor started).
        """
        ends = _ends(user_id, per_user_seconds, global_seconds, now)
        if not ends:
            return None
        return self._store.claim_cooldowns(command, ends, now)

    def refund(
        self,
        command: str,
        user_id: str,
        *,
        per_user_seconds: float,
        global_seconds: float,
        now: datetime,
    ) -> None:
        """Undo a ``check`` that passed with these same arguments: the command did not run."""
        ends = _ends(user_id, per_user_seconds, global_seconds, now)
        if ends:
            self._store.refund_cooldowns(command, ends)


def _ends(
    user_id: str, per_user_seconds: float, global_seconds: float, now: datetime
) -> dict[str, datetime]:
    if per_user_seconds < 0 or global_seconds < 0:
        raise ValueError("cooldown durations cannot be negative")
    ends: dict[str, datetime] = {}
    # In UTC: aware arithmetic in a zone with DST is wall-clock arithmetic.
    start = now.astimezone(UTC)
    if per_user_seconds > 0:
        ends[user_scope(user_id)] = start + timedelta(seconds=per_user_seconds)
    if global_seconds > 0:
        ends[GLOBAL_SCOPE] = start + timedelta(seconds=global_seconds)
    return ends
