"""Scheduled posting records: the schedule, the post lock, and every message a run posted.

The protocol (the pipeline drives it; each step is one short transaction):

1. Render everything first. Nothing is posted yet, so a failure here changes nothing.
2. ``acquire_post_lock(owner, lease, now)``; if False another run is posting: stop. Then decide
   whether a post is due (``next_due_at()``) *under the lock*, so two runs that both saw "due"
   cannot both post.
3. ``begin_run(run_id)``.
4. For each message: ``renew_post_lock(owner, lease, now)`` (False: the lease ran out and the
   lock was taken over or released meanwhile; stop posting), post it, and **at once**
   ``record_posted_message(run_id, webhook_key, message_id)``.
5. ``renew_post_lock`` once more, then ``complete_run(run_id, at, next_due)``: one transaction
   marks the run complete, makes it the set shown in the channel, records the last post / next
   due time, and returns the messages of every other run (the previous set and any partial set
   of a failed run). It raises ``RunSuperseded`` if a run begun later already completed.
6. Delete each returned message from Discord (404 counts as gone) and ``forget_message`` it.
   No renewal is needed here: deleting is idempotent, so a run that takes the lock over after
   the lease ran out only deletes (or forgets) the same messages again.
7. ``release_post_lock(owner)``.

The lease only has to outlast the gap between two renewals (one Discord call), not the whole
run; ``owner`` may simply be the run id. A
run that stalls past its lease finds out at its next renewal and stops; its recorded messages
are then an incomplete run that the run holding the lock deletes. ``RunSuperseded`` backs this
up should a stalled run reach ``complete_run`` anyway: the newer set stays.

A run that fails in step 4 leaves its messages recorded under an incomplete run; its own
clean-up, or any later run, deletes them through ``messages_to_delete()`` (which never returns the
current set). Run step 6 on every invocation, also when no post is due, but only while holding
the lock: an unlocked caller would delete the messages of a run still in progress.

Crash points (process killed between two steps) and why the next good run leaves exactly one
full set in the channel — the set of the run that completed last:

- before 3, or between 3 and the first post: nothing was posted; the lease expires and the next
  run starts afresh (an empty incomplete run is dropped by the next ``complete_run``).
- between two posts of step 4 (each posted message already recorded): the channel shows the old
  set plus a partial one; the old set is still current and the schedule unchanged, so the next
  run is due, posts a full set, completes, and deletes both the old set and the partial one.
- after the last post, before 5: as above, with a whole set marked incomplete.
- between 5 and 6, or inside 6: the new set is current and the due time has moved on; the next
  invocation (due or not) finds the old messages in ``messages_to_delete()`` and deletes them;
  a message already deleted answers 404 and is forgotten.
- between 6 and 7: only the lease is left; it expires and the next run takes it over.

The one window that records cannot close: Discord created a message but the process died before
``record_posted_message`` committed (including while the HTTP request was in flight). That
message is unknown to the state and stays in the channel. The window is one HTTP round trip plus a
sub-millisecond commit per message.
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


def set_next_due(conn: sqlite3.Connection, next_due: datetime | None) -> None:
    conn.execute("UPDATE schedule SET next_due_at = ?", (_optional_to_db(next_due),))


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
    row = conn.execute("SELECT 1 FROM posted_messages WHERE message_id = ?", (message_id,))
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
_CURRENT = " WHERE run_id = (SELECT current_run_id FROM schedule) ORDER BY seq"
_NOT_CURRENT = " WHERE run_id IS NOT (SELECT current_run_id FROM schedule) ORDER BY seq"


def current_messages(conn: sqlite3.Connection) -> list[PostedMessage]:
    return _messages(conn.execute(_SELECT_MESSAGES + _CURRENT))


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
