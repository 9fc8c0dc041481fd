"""The state file read and set with plain SQL: what the bot wrote, not what its API reports."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from interactions_app.state import Binding, PostedMessage

_CONFIRMED = (
    "SELECT discord_user_id, plex_user_id, email, bound_at FROM bindings"
    " WHERE pending_until IS NULL"
)


def _rows(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, params).fetchall()


def _write(path: Path, sql: str, params: tuple[Any, ...]) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(sql, params)


def _stored(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="microseconds")


def shown_messages(path: Path) -> list[PostedMessage]:
    """The messages of the latest complete run, in posting order."""
    rows = _rows(
        path,
        "SELECT message_id, run_id, webhook_key FROM posted_messages"
        " WHERE run_id = (SELECT current_run_id FROM schedule) ORDER BY seq",
    )
    return [PostedMessage(*row) for row in rows]


def bindings(path: Path) -> list[Binding]:
    """Confirmed Discord ↔ Plex links, oldest first."""
    rows = _rows(path, _CONFIRMED + " ORDER BY bound_at, discord_user_id")
    return [Binding(d, p, e, datetime.fromisoformat(at)) for d, p, e, at in rows]


def binding_for_plex(path: Path, plex_user_id: int) -> Binding | None:
    found = [b for b in bindings(path) if b.plex_user_id == plex_user_id]
    return found[0] if found else None


def set_schedule(path: Path, last_post_at: datetime, next_due: datetime | None) -> None:
    """As if a post completed at ``last_post_at``."""
    sql = "UPDATE schedule SET last_post_at = ?, next_due_at = ?"
    _write(path, sql, (_stored(last_post_at), _stored(next_due)))


def set_next_due(path: Path, next_due: datetime | None) -> None:
    _write(path, "UPDATE schedule SET next_due_at = ?", (_stored(next_due),))
