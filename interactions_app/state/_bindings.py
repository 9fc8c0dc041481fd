"""Discord account ↔ Plex account links, one-to-one, enforced by the table's unique keys."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from interactions_app.state._errors import DiscordAccountAlreadyBound, PlexAccountAlreadyBound
from interactions_app.state._time import from_db, to_db


@dataclass(frozen=True, slots=True)
class Binding:
    discord_user_id: str
    plex_user_id: int
    email: str
    """The Plex account's email as it was matched when the link was made."""
    bound_at: datetime


_SELECT = "SELECT discord_user_id, plex_user_id, email, bound_at FROM bindings"


def binding_for_discord(conn: sqlite3.Connection, discord_user_id: str) -> Binding | None:
    return _one(conn.execute(_SELECT + " WHERE discord_user_id = ?", (discord_user_id,)))


def binding_for_plex(conn: sqlite3.Connection, plex_user_id: int) -> Binding | None:
    return _one(conn.execute(_SELECT + " WHERE plex_user_id = ?", (plex_user_id,)))


def list_bindings(conn: sqlite3.Connection) -> list[Binding]:
    rows = conn.execute(_SELECT + " ORDER BY bound_at, discord_user_id")
    return [_binding(row) for row in rows]


def bind(
    conn: sqlite3.Connection, discord_user_id: str, plex_user_id: int, email: str, now: datetime
) -> Binding:
    existing = binding_for_discord(conn, discord_user_id)
    if existing is not None and existing.plex_user_id == plex_user_id:
        return existing
    try:
        conn.execute(
            "INSERT INTO bindings (discord_user_id, plex_user_id, email, bound_at) "
            "VALUES (?, ?, ?, ?)",
            (discord_user_id, plex_user_id, email, to_db(now, "now")),
        )
    except sqlite3.IntegrityError:
        # The unique keys are the arbiter; look up which side is taken to say so.
        if existing is not None:
            raise DiscordAccountAlreadyBound(discord_user_id, plex_user_id) from None
        raise PlexAccountAlreadyBound(discord_user_id, plex_user_id) from None
    return Binding(discord_user_id, plex_user_id, email, from_db(to_db(now)))


def unbind(conn: sqlite3.Connection, discord_user_id: str) -> bool:
    deleted = conn.execute("DELETE FROM bindings WHERE discord_user_id = ?", (discord_user_id,))
    return deleted.rowcount == 1


def _one(rows: sqlite3.Cursor) -> Binding | None:
    row = rows.fetchone()
    return None if row is None else _binding(row)


def _binding(row: tuple[str, int, str, str]) -> Binding:
    discord_user_id, plex_user_id, email, bound_at = row
    return Binding(discord_user_id, plex_user_id, email, from_db(bound_at))
