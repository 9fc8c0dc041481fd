"""The tables, and the migrations that bring an older state file up to date on open.

``PRAGMA user_version`` is the schema version. Each migration runs in the same ``BEGIN
IMMEDIATE`` transaction as the version bump, so two processes opening a new file at once
cannot both migrate it, and a crash mid-migration leaves the old version intact.
"""

from __future__ import annotations

import sqlite3

_V1 = """
CREATE TABLE runs (
    seq INTEGER PRIMARY KEY,
    run_id TEXT NOT NULL UNIQUE,
    completed_at TEXT
);
CREATE TABLE schedule (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_post_at TEXT,
    next_due_at TEXT,
    current_run_id TEXT REFERENCES runs (run_id)
);
INSERT INTO schedule (id) VALUES (1);
CREATE TABLE posted_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL UNIQUE,
    run_id TEXT NOT NULL REFERENCES runs (run_id),
    webhook_key TEXT NOT NULL
);
CREATE INDEX posted_messages_by_run ON posted_messages (run_id);
CREATE TABLE post_lock (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE cooldowns (
    command TEXT NOT NULL,
    scope TEXT NOT NULL,
    until TEXT NOT NULL,
    PRIMARY KEY (command, scope)
) WITHOUT ROWID;
CREATE INDEX cooldowns_by_end ON cooldowns (until);
CREATE TABLE bindings (
    discord_user_id TEXT PRIMARY KEY,
    plex_user_id INTEGER NOT NULL UNIQUE,
    email TEXT NOT NULL,
    bound_at TEXT NOT NULL
);
"""

_V2 = """
CREATE TABLE handled_interactions (
    interaction_id TEXT PRIMARY KEY,
    until TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX handled_interactions_by_end ON handled_interactions (until);
ALTER TABLE bindings ADD COLUMN pending_until TEXT;
ALTER TABLE bindings ADD COLUMN holders INTEGER NOT NULL DEFAULT 0;
"""
"""Replay protection, and links that stay provisional until /my_stats has delivered."""

# A message POST about to be sent: if its answer is lost (or the process dies before the id is
# recorded), the row says when, so the next look at the channel can find what Discord posted.
_V3 = """
CREATE TABLE post_intents (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    webhook_key TEXT NOT NULL,
    sent_at TEXT NOT NULL
);
"""

# One digest per (kind, first day of its period): the row is written, as ``sending``, before
# the message POST goes out, and becomes ``sent`` with the message id once Discord confirms it.
# A row left ``sending`` by a killed run is settled by the next one (see ``_digests``).
_V4 = """
CREATE TABLE digests (
    kind TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'unverified')),
    webhook_key TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    message_id TEXT UNIQUE,
    PRIMARY KEY (kind, period_start)
) WITHOUT ROWID;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4)
"""``MIGRATIONS[n]`` takes a file from version ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchema(Exception):
    def __init__(self, found: int) -> None:
        super().__init__(
            f"schema version {found} is newer than this program's {SCHEMA_VERSION}; "
            "upgrade TGraph Bot or restore a matching backup"
        )


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema to ``SCHEMA_VERSION``; the caller holds a write transaction."""
    found: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise NewerSchema(found)
    for version in range(found, SCHEMA_VERSION):
        for statement in MIGRATIONS[version].split(";"):
            if statement.strip():
                conn.execute(statement)
    if found != SCHEMA_VERSION:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
