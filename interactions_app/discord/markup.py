"""Discord's message markup that the bot writes: timestamps each reader sees in their own zone."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

TimestampStyle = Literal["t", "T", "d", "D", "f", "F", "R"]
_STYLES = frozenset("tTdDfFR")


def format_discord_timestamp(dt: datetime, style: TimestampStyle = "R") -> str:
    """Discord's ``<t:UNIX:STYLE>`` markup, shown in each reader's own time zone and language."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"dt must be an aware datetime, got naive {dt.isoformat()}")
    if style not in _STYLES:
        raise ValueError(f"unknown Discord timestamp style {style!r}")
    return f"<t:{int(dt.timestamp() // 1)}:{style}>"
