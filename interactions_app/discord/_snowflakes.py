"""Discord ids (snowflakes) carry their creation time: milliseconds since 2015-01-01 UTC."""

from __future__ import annotations

from datetime import datetime

DISCORD_EPOCH_MS = 1_420_070_400_000


def snowflake_at(moment: datetime) -> str:
    """The smallest snowflake created at ``moment``: list messages ``after`` it to see every
    message from then on."""
    if moment.tzinfo is None:
        raise ValueError(f"moment must be an aware datetime, got naive {moment.isoformat()}")
    milliseconds = max(0, int(moment.timestamp() * 1000) - DISCORD_EPOCH_MS)
    return str(milliseconds << 22)
