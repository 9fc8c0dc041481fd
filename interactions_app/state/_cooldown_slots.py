"""Cooldown end times per (command, scope); the policy: ``interactions_app.commands.cooldowns``."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime

from interactions_app.state._time import from_db, to_db


def claim_cooldowns(
    conn: sqlite3.Connection, command: str, ends: Mapping[str, datetime], now: datetime
) -> datetime | None:
    now_db = to_db(now, "now")
    conn.execute("DELETE FROM cooldowns WHERE until <= ?", (now_db,))
    running = [
        from_db(row[0])
        for scope in ends
        for row in conn.execute(
            "SELECT until FROM cooldowns WHERE command = ? AND scope = ?", (command, scope)
        )
    ]
    if running:
        return max(running)
    conn.executemany(
        "INSERT OR REPLACE INTO cooldowns (command, scope, until) VALUES (?, ?, ?)",
        [(command, scope, to_db(end, "end")) for scope, end in ends.items()],
    )
    return None


def refund_cooldowns(conn: sqlite3.Connection, command: str, ends: Mapping[str, datetime]) -> None:
    # Only rows still holding the ends this claim wrote: nothing else can have replaced them
    # while they ran, but a cooldown that ended meanwhile and was claimed again may have.
    conn.executemany(
        "DELETE FROM cooldowns WHERE command = ? AND scope = ? AND until = ?",
        [(command, scope, to_db(end, "end")) for scope, end in ends.items()],
    )
