"""Digest records: one row per (kind, period start), so each period is posted at most once.

The protocol (``interactions_app.posting._digest`` drives it, under the post lock):

1. ``digest_record(kind, start)``: ``sent`` or ``unverified`` means the period is done; nothing
   more is posted for it, whatever the schedule or the config says later.
2. ``begin_digest(...)`` writes the row as ``sending`` (with the time) *before* the POST.
3. Discord confirms: ``digest_sent(kind, start, message_id)``. Discord refused before acting
   (nothing posted): ``drop_digest`` removes the row, so the next run may try again.
4. A run killed between 2 and 3, or a POST whose answer was lost, leaves ``sending``. The next
   run looks in the channel for a message the webhook posted since then that nobody recorded:
   found, it is recorded as this digest's (``digest_sent``); surely nothing, the row is dropped
   and the digest posted now; the channel cannot be read (no bot token or no access),
   ``digest_unverified``: a digest is never posted twice, so the operator is told to look.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from interactions_app.state._time import from_db, to_db

DigestStatus = Literal["sending", "sent", "unverified"]


@dataclass(frozen=True, slots=True)
class DigestRecord:
    kind: str
    period_start: date
    period_end: date
    status: DigestStatus
    webhook_key: str
    sent_at: datetime
    message_id: str | None


_COLUMNS = "kind, period_start, period_end, status, webhook_key, sent_at, message_id"


def _record(row: tuple[str, str, str, DigestStatus, str, str, str | None]) -> DigestRecord:
    kind, start, end, status, key, sent_at, message_id = row
    return DigestRecord(
        kind,
        date.fromisoformat(start),
        date.fromisoformat(end),
        status,
        key,
        from_db(sent_at),
        message_id,
    )


def digest_record(conn: sqlite3.Connection, kind: str, start: date) -> DigestRecord | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM digests WHERE kind = ? AND period_start = ?",  # noqa: S608
        (kind, start.isoformat()),
    ).fetchone()
    return None if row is None else _record(row)


def digests_sending(conn: sqlite3.Connection) -> list[DigestRecord]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM digests WHERE status = 'sending' ORDER BY sent_at"  # noqa: S608
    )
    return [_record(row) for row in rows]


def begin_digest(
    conn: sqlite3.Connection, kind: str, start: date, end: date, *, webhook_key: str, at: datetime
) -> bool:
    """Claim the period; False when a row for it exists already (posted, or being posted)."""
    cursor = conn.execute(
        "INSERT INTO digests (kind, period_start, period_end, status, webhook_key, sent_at) "
        "VALUES (?, ?, ?, 'sending', ?, ?) ON CONFLICT DO NOTHING",
        (kind, start.isoformat(), end.isoformat(), webhook_key, to_db(at, "at")),
    )
    return cursor.rowcount == 1


def digest_sent(conn: sqlite3.Connection, kind: str, start: date, message_id: str) -> None:
    conn.execute(
        "UPDATE digests SET status = 'sent', message_id = ? WHERE kind = ? AND period_start = ?",
        (message_id, kind, start.isoformat()),
    )


def digest_unverified(conn: sqlite3.Connection, kind: str, start: date) -> None:
    conn.execute(
        "UPDATE digests SET status = 'unverified' WHERE kind = ? AND period_start = ? "
        "AND status = 'sending'",
        (kind, start.isoformat()),
    )


def drop_digest(conn: sqlite3.Connection, kind: str, start: date) -> None:
    conn.execute(
        "DELETE FROM digests WHERE kind = ? AND period_start = ? AND status = 'sending'",
        (kind, start.isoformat()),
    )
