"""Scheduled posting records: the schedule, the post lock, intents, and every message posted.

**Guarantee**: once a run has completed, the channel shows exactly one complete set (the set of
the run that completed last), whatever happened before: 429s, 5xx before or after Discord
acted, timeouts, or a process killed at any moment. One case needs more than the webhook: a
POST whose answer was lost can only be *found* with the bot token (see step 4).

The protocol (the pipeline drives it; each step is one short transaction):

1. ``acquire_post_lock(owner, lease, now)``; False: another run is posting, stop. A lock whose
   owner ran on this host and whose process is gone is taken over at once (``_owner``), so a
   killed run blocks nobody. The lock is taken *before* rendering (two timer runs never render
   twice on a small machine), so ``LEASE_SECONDS`` must outlast rendering the whole set plus
   one upload; each renewal extends it.
2. Settle the intents of an interrupted run (``unresolved_intents``; see 4), then decide
   whether a post is due *under the lock*, so two runs that both saw "due" cannot both post.
3. Render everything, then ``begin_run(run_id)``.
4. For each message: ``renew_post_lock`` (False: the lock was taken over; stop), then
   ``record_intent`` and the POST, then at once ``record_posted_message(..., intent)`` (one
   transaction records the id and resolves the intent). A message POST is never repeated
   blindly: Discord answers 429 and connection failures before acting (the client retries
   those), but after a 5xx or a lost answer it may have posted. Then the channel is read with
   the bot token (ids and ``webhook_id`` only) for messages this webhook posted since the
   intent that no run recorded: one found is adopted, none found means the POST may be sent
   again. Without a bot token, or without read access, the run stops and says a stray copy
   may need deleting by hand. A run that dies in this step leaves its intent unresolved; the
   next run's step 2 looks the same way and records what it finds under the dead run, so step
   6 deletes it.
5. ``renew_post_lock`` once more, then ``complete_run(run_id, at, next_due)``: one transaction
   marks the run complete, makes it the set shown in the channel, records the last post / next
   due time, and returns the messages of every other run (the previous set and any partial set
   of a failed run). It raises ``RunSuperseded`` if a run begun later already completed.
6. Delete each returned message from Discord (404 counts as gone) and ``forget_message`` it.
   Deleting is idempotent, so a run that takes the lock over only deletes (or forgets) the
   same messages again.
7. ``release_post_lock(owner)``.

A run that fails in step 4 leaves its messages recorded under an incomplete run; its own
clean-up, or any later run, deletes them through ``messages_to_delete()`` (which never returns
the current set). Steps 2 and 6 run on every invocation, also when no post is due, but only
while holding the lock: an unlocked caller would touch a run still in progress.

Crash points (process killed between two steps) and what the next run does:

- before 3, or between 3 and the first POST: nothing was posted; the next run takes the dead
  owner's lock over and starts afresh (an empty incomplete run is dropped by ``complete_run``).
- inside 4, during a POST or before its id was recorded: the intent is unresolved; the next
  run finds the message (bot token) and records it under the dead run, so it is deleted with
  the rest of the partial set. Without the bot token it cannot look: it says so once.
- between two messages of 4, or after the last, before 5: the old set is still current and the
  schedule unchanged, so the next run is due, posts a full set, completes, and deletes both
  the old set and the partial one.
- between 5 and 6, or inside 6: the new set is current and the due time has moved on; the next
  invocation (due or not) finds the old messages in ``messages_to_delete()`` and deletes them;
  a message already deleted answers 404 and is forgotten.
- between 6 and 7: only the lock is left; the next run takes it over.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from interactions_app.state._errors import RunSuperseded
from interactions_app.state._owner import owner_is_gone
from interactions_app.state._time import from_db, optional_from_db, require_aware, to_db

POST_LOCK = "scheduled-post"


@dataclass(frozen=True, slots=True)
class PostIntent:
    """A message POST that was about to be sent and whose message id is not recorded yet."""

    seq: int
    run_id: str
    webhook_key: str
    sent_at: datetime


@dataclass(frozen=True, slots=True)
class PostedMessage:
    message_id: str
    run_id: str
    webhook_key: str
    """Which webhook posted it (a hash of the URL, never the URL): only that one can delete it."""


def last_post_at(conn: sqlite3.Connection) -> datetime | None:
    row = conn.execute("SELECT last_post_at FROM schedule").fetchone()
    return optional_from_db(row[0])


def next_due_at(conn: sqlite3.Connection) -> datetime | None:
    row = conn.execute("SELECT next_due_at FROM schedule").fetchone()
    return optional_from_db(row[0])


def set_schedule(conn: sqlite3.Connection, at: datetime, next_due: datetime | None) -> None:
    conn.execute(
        "UPDATE schedule SET last_post_at = ?, next_due_at = ?",
        (to_db(at, "at"), _optional_to_db(next_due)),
    )


def begin_run(conn: sqlite3.Connection, run_id: str) -> None:
    try:
        conn.execute("INSERT INTO runs (run_id) VALUES (?)", (run_id,))
    except sqlite3.IntegrityError:
        raise ValueError(f"run id {run_id!r} was used before; give every run a new id") from None


def record_intent(conn: sqlite3.Connection, run_id: str, webhook_key: str, at: datetime) -> int:
    cursor = conn.execute(
        "INSERT INTO post_intents (run_id, webhook_key, sent_at) VALUES (?, ?, ?)",
        (run_id, webhook_key, to_db(at, "at")),
    )
    return int(cursor.lastrowid or 0)


def unresolved_intents(conn: sqlite3.Connection) -> list[PostIntent]:
    rows = conn.execute("SELECT seq, run_id, webhook_key, sent_at FROM post_intents ORDER BY seq")
    return [PostIntent(seq, run_id, key, from_db(at)) for seq, run_id, key, at in rows]


def resolve_intent(conn: sqlite3.Connection, seq: int) -> None:
    conn.execute("DELETE FROM post_intents WHERE seq = ?", (seq,))


def is_recorded(conn: sqlite3.Connection, message_id: str) -> bool:
    """Recorded as a graph of a run or as a digest (the two share the channel and webhook)."""
    row = conn.execute(
        "SELECT 1 FROM posted_messages WHERE message_id = ? "
        "UNION ALL SELECT 1 FROM digests WHERE message_id = ?",
        (message_id, message_id),
    )
    return row.fetchone() is not None


def record_posted_message(
    conn: sqlite3.Connection,
    run_id: str,
    webhook_key: str,
    message_id: str,
    intent: int | None = None,
) -> None:
    # Never refuse: this id is the only way to delete the message later. A run row lost to
    # clean-up (its lease stolen) is recreated; recording the same id twice is harmless.
    conn.execute("INSERT INTO runs (run_id) VALUES (?) ON CONFLICT DO NOTHING", (run_id,))
    conn.execute(
        "INSERT INTO posted_messages (message_id, run_id, webhook_key) VALUES (?, ?, ?) "
        "ON CONFLICT (message_id) DO NOTHING",
        (message_id, run_id, webhook_key),
    )
    if intent is not None:
        resolve_intent(conn, intent)


def complete_run(
    conn: sqlite3.Connection, run_id: str, at: datetime, next_due: datetime | None
) -> list[PostedMessage]:
    mine = conn.execute("SELECT seq FROM runs WHERE run_id = ?", (run_id,)).fetchone()
    if mine is None:
        raise ValueError(f"run {run_id!r} was never begun")
    current = conn.execute(
        "SELECT r.seq, r.run_id FROM runs r JOIN schedule s ON r.run_id = s.current_run_id"
    ).fetchone()
    if current is not None and current[0] > mine[0]:
        raise RunSuperseded(run_id, current[1])
    conn.execute("UPDATE runs SET completed_at = ? WHERE run_id = ?", (to_db(at, "at"), run_id))
    set_schedule(conn, at, next_due)
    conn.execute("UPDATE schedule SET current_run_id = ?", (run_id,))
    conn.execute(
        "DELETE FROM runs WHERE run_id != ? AND NOT EXISTS "
        "(SELECT 1 FROM posted_messages m WHERE m.run_id = runs.run_id)",
        (run_id,),
    )
    return messages_to_delete(conn)


_SELECT_MESSAGES = "SELECT message_id, run_id, webhook_key FROM posted_messages"
_NOT_CURRENT = " WHERE run_id IS NOT (SELECT current_run_id FROM schedule) ORDER BY seq"


def messages_to_delete(conn: sqlite3.Connection) -> list[PostedMessage]:
    return _messages(conn.execute(_SELECT_MESSAGES + _NOT_CURRENT))


def _messages(rows: sqlite3.Cursor) -> list[PostedMessage]:
    return [PostedMessage(message_id, run_id, key) for message_id, run_id, key in rows]


def forget_message(conn: sqlite3.Connection, message_id: str) -> bool:
    row = conn.execute(
        "DELETE FROM posted_messages WHERE message_id = ? RETURNING run_id", (message_id,)
    ).fetchone()
    if row is None:
        return False
    # An incomplete run may still be posting (it owns the lock), so only finished runs go.
    conn.execute(
        "DELETE FROM runs WHERE run_id = ? AND completed_at IS NOT NULL "
        "AND run_id IS NOT (SELECT current_run_id FROM schedule) "
        "AND NOT EXISTS (SELECT 1 FROM posted_messages WHERE run_id = ?)",
        (row[0], row[0]),
    )
    return True


def acquire_post_lock(
    conn: sqlite3.Connection,
    owner: str,
    lease_seconds: float,
    now: datetime,
    owner_is_gone: Callable[[str], bool] = owner_is_gone,
) -> bool:
    if lease_seconds <= 0:
        raise ValueError(f"lease_seconds must be positive, not {lease_seconds}")
    require_aware(now, "now")
    row = conn.execute(
        "SELECT owner, expires_at FROM post_lock WHERE name = ?", (POST_LOCK,)
    ).fetchone()
    if row is not None and row[0] != owner and from_db(row[1]) > now and not owner_is_gone(row[0]):
        return False
    conn.execute(
        "INSERT OR REPLACE INTO post_lock (name, owner, expires_at) VALUES (?, ?, ?)",
        (POST_LOCK, owner, to_db(now.astimezone(UTC) + timedelta(seconds=lease_seconds))),
    )
    return True


def renew_post_lock(
    conn: sqlite3.Connection, owner: str, lease_seconds: float, now: datetime
) -> bool:
    # Only while the row is still ours: had the lease been taken over, even if released since,
    # another run may have posted, and this one must not go on.
    row = conn.execute("SELECT owner FROM post_lock WHERE name = ?", (POST_LOCK,)).fetchone()
    if row is None or row[0] != owner:
        return False
    return acquire_post_lock(conn, owner, lease_seconds, now)


def release_post_lock(conn: sqlite3.Connection, owner: str) -> bool:
    deleted = conn.execute("DELETE FROM post_lock WHERE name = ? AND owner = ?", (POST_LOCK, owner))
    return deleted.rowcount == 1


def _optional_to_db(value: datetime | None) -> str | None:
    return None if value is None else to_db(value, "next_due")
