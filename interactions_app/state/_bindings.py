"""Discord account ↔ Plex account links, one-to-one, enforced by the table's unique keys.

/my_stats links an account by its first *delivered* answer. While that answer is being made the
link is provisional (``pending_until`` set): it already holds both accounts, so no one else can
get the same Plex account's graphs meanwhile, and ``holders`` counts the requests relying on it.
A delivery confirms it for good; a failure removes it only when no other request of the same
member still relies on it and none has confirmed it (so a failed request can never remove a link
that a concurrent one just made). A provisional link whose lease ran out (a crashed process) is
dropped by the next claim. Readers see confirmed links only.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from interactions_app.state._errors import DiscordAccountAlreadyBound, PlexAccountAlreadyBound
from interactions_app.state._time import from_db, to_db


@dataclass(frozen=True, slots=True)
class Binding:
    discord_user_id: str
    plex_user_id: int
    email: str
    """The Plex account's email as it was matched when the link was made."""
    bound_at: datetime

    @property
    def verified(self) -> bool:
        """Made by Plex sign-in or by an admin (no email was matched), not by an email claim."""
        return not self.email


ClaimResult = Literal["claimed", "linked_elsewhere", "unavailable"]
"""``linked_elsewhere``: the member is linked to another Plex account. ``unavailable``: no such
Plex account, or it is linked to someone else (one answer, so nobody learns which)."""

_SELECT = "SELECT discord_user_id, plex_user_id, email, bound_at FROM bindings"
_CONFIRMED = " WHERE pending_until IS NULL"


def binding_for_discord(conn: sqlite3.Connection, discord_user_id: str) -> Binding | None:
    return _one(conn.execute(_SELECT + _CONFIRMED + " AND discord_user_id = ?", (discord_user_id,)))


def binding_for_plex(conn: sqlite3.Connection, plex_user_id: int) -> Binding | None:
    return _one(conn.execute(_SELECT + _CONFIRMED + " AND plex_user_id = ?", (plex_user_id,)))


def list_bindings(conn: sqlite3.Connection) -> list[Binding]:
    rows = conn.execute(_SELECT + _CONFIRMED + " ORDER BY bound_at, discord_user_id")
    return [_binding(row) for row in rows]


def bind(
    conn: sqlite3.Connection, discord_user_id: str, plex_user_id: int, email: str, now: datetime
) -> Binding:
    existing = binding_for_discord(conn, discord_user_id)
    if existing is not None and existing.plex_user_id == plex_user_id:
        return existing
    _drop_expired(conn, now)
    confirmed = conn.execute(
        "UPDATE bindings SET pending_until = NULL, holders = 0 "
        "WHERE discord_user_id = ? AND plex_user_id = ? RETURNING bound_at",
        (discord_user_id, plex_user_id),
    ).fetchone()
    if confirmed is not None:
        return Binding(discord_user_id, plex_user_id, email, from_db(confirmed[0]))
    try:
        conn.execute(
            "INSERT INTO bindings (discord_user_id, plex_user_id, email, bound_at) "
            "VALUES (?, ?, ?, ?)",
            (discord_user_id, plex_user_id, email, to_db(now, "now")),
        )
    except sqlite3.IntegrityError:
        # The unique keys are the arbiter; look up which side is taken to say so.
        mine = conn.execute(
            "SELECT 1 FROM bindings WHERE discord_user_id = ?", (discord_user_id,)
        ).fetchone()
        if mine is not None:
            raise DiscordAccountAlreadyBound(discord_user_id, plex_user_id) from None
        raise PlexAccountAlreadyBound(discord_user_id, plex_user_id) from None
    return Binding(discord_user_id, plex_user_id, email, from_db(to_db(now)))


def link_verified(
    conn: sqlite3.Connection, discord_user_id: str, plex_user_id: int, now: datetime
) -> Binding:
    """Replace the member's link (if any) with a verified one. An e-mail claim (or one still
    pending) on the same Plex account gives way: it never proved ownership, and the owner who
    signs in must not be refused because someone typed their e-mail first. A verified link of
    another member keeps the account."""
    _drop_expired(conn, now)
    conn.execute(
        "DELETE FROM bindings WHERE plex_user_id = ? AND discord_user_id != ? "
        "AND (email != '' OR pending_until IS NOT NULL)",
        (plex_user_id, discord_user_id),
    )
    taken = conn.execute(
        "SELECT 1 FROM bindings WHERE plex_user_id = ? AND discord_user_id != ?",
        (plex_user_id, discord_user_id),
    ).fetchone()
    if taken is not None:
        raise PlexAccountAlreadyBound(discord_user_id, plex_user_id)
    conn.execute("DELETE FROM bindings WHERE discord_user_id = ?", (discord_user_id,))
    conn.execute(
        "INSERT INTO bindings (discord_user_id, plex_user_id, email, bound_at) "
        "VALUES (?, ?, '', ?)",
        (discord_user_id, plex_user_id, to_db(now, "now")),
    )
    return Binding(discord_user_id, plex_user_id, "", from_db(to_db(now)))


def claim(
    conn: sqlite3.Connection,
    discord_user_id: str,
    plex_user_id: int | None,
    email: str,
    *,
    now: datetime,
    lease_until: datetime,
) -> ClaimResult:
    _drop_expired(conn, now)
    row: tuple[int, str | None] | None = conn.execute(
        "SELECT plex_user_id, pending_until FROM bindings WHERE discord_user_id = ?",
        (discord_user_id,),
    ).fetchone()
    if plex_user_id is None:
        return "unavailable" if row is None else "linked_elsewhere"
    if row is not None:
        if row[0] != plex_user_id:
            return "linked_elsewhere"
        if row[1] is not None:
            conn.execute(
                "UPDATE bindings SET holders = holders + 1, pending_until = max(pending_until, ?) "
                "WHERE discord_user_id = ?",
                (to_db(lease_until, "lease_until"), discord_user_id),
            )
        return "claimed"
    try:
        conn.execute(
            "INSERT INTO bindings (discord_user_id, plex_user_id, email, bound_at, "
            "pending_until, holders) VALUES (?, ?, ?, ?, ?, 1)",
            (discord_user_id, plex_user_id, email, to_db(now, "now"), to_db(lease_until)),
        )
    except sqlite3.IntegrityError:
        return "unavailable"
    return "claimed"


def settle(
    conn: sqlite3.Connection, discord_user_id: str, plex_user_id: int, delivered: bool
) -> None:
    key = (discord_user_id, plex_user_id)
    if delivered:
        conn.execute(
            "UPDATE bindings SET pending_until = NULL, holders = 0 "
            "WHERE discord_user_id = ? AND plex_user_id = ?",
            key,
        )
        return
    conn.execute(
        "UPDATE bindings SET holders = holders - 1 "
        "WHERE discord_user_id = ? AND plex_user_id = ? AND pending_until IS NOT NULL",
        key,
    )
    conn.execute(
        "DELETE FROM bindings WHERE discord_user_id = ? AND plex_user_id = ? "
        "AND pending_until IS NOT NULL AND holders <= 0",
        key,
    )


def _drop_expired(conn: sqlite3.Connection, now: datetime) -> None:
    conn.execute(
        "DELETE FROM bindings WHERE pending_until IS NOT NULL AND pending_until <= ?",
        (to_db(now, "now"),),
    )


def unbind(conn: sqlite3.Connection, discord_user_id: str) -> bool:
    deleted = conn.execute("DELETE FROM bindings WHERE discord_user_id = ?", (discord_user_id,))
    return deleted.rowcount == 1


def _one(rows: sqlite3.Cursor) -> Binding | None:
    row = rows.fetchone()
    return None if row is None else _binding(row)


def _binding(row: tuple[str, int, str, str]) -> Binding:
    discord_user_id, plex_user_id, email, bound_at = row
    return Binding(discord_user_id, plex_user_id, email, from_db(bound_at))
