"""Replay protection: each signed interaction is handled once.

Discord sends an interaction once and takes exactly one initial response for it; a second
delivery of the same signed bytes (a replay by whoever captured them, or a retrying proxy) must
not run the command again. The ids handled live in the state file, shared by every process of
the endpoint, for as long as the signature window would accept the same bytes again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from enum import Enum

from interactions_app.discord.interactions import Autocomplete, Interaction, Ping
from interactions_app.state import RequestStateCalls, StateStore, StateUnavailable

__all__ = ["UNBOUNDED_WINDOW_MEMORY", "Delivery", "ReplayGuard"]

logger = logging.getLogger(__name__)

UNBOUNDED_WINDOW_MEMORY = timedelta(days=1)
"""How long ids are kept when SIGNATURE_MAX_AGE_SECONDS is 0 (no window): older replays pass."""


class Delivery(Enum):
    FIRST = "first"
    REPLAY = "replay"
    UNKNOWN = "unknown"
    """The state file could not be asked in time: the caller refuses, replays must not pass."""


class ReplayGuard:
    def __init__(self, calls: RequestStateCalls) -> None:
        self._calls = calls

    async def delivery(
        self, interaction: Interaction, *, signed_skew: float | None, window: int, now: datetime
    ) -> Delivery:
        """Whether this is the first delivery of ``interaction``.

        ``signed_skew`` is how old the signed timestamp is (None without a window check)."""
        if isinstance(interaction, Ping | Autocomplete):
            # Nothing to repeat: a PONG, or suggestions; and autocomplete fires per keystroke.
            return Delivery.FIRST
        if window and signed_skew is not None:
            # The same bytes pass the timestamp check until their signed time + window.
            until = now + timedelta(seconds=window - signed_skew)
        else:
            until = now + UNBOUNDED_WINDOW_MEMORY
        until = until.astimezone(UTC)

        def record(store: StateStore) -> bool:
            return store.first_delivery(interaction.id, until, now)

        try:
            first = await self._calls.call(record)
        except StateUnavailable as exc:
            logger.warning("Could not check interaction %s for a replay: %s", interaction.id, exc)
            return Delivery.UNKNOWN
        return Delivery.FIRST if first else Delivery.REPLAY
