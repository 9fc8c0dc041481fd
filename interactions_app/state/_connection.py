"""Opening the SQLite file with the settings every connection to it needs."""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

log = logging.getLogger(__name__)


def connect(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), usable from any thread."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=busy_timeout, autocommit=True, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        _use_wal(conn, path, busy_timeout)
        # NORMAL in WAL mode: a commit survives a killed process; only a power cut or kernel
        # crash may lose the last few (never corrupting the file).
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _use_wal(conn: sqlite3.Connection, path: Path, busy_timeout: float) -> None:
    # Switching a new file to WAL takes an exclusive lock without calling the busy handler, so
    # processes opening a brand-new file together must retry here themselves.
    deadline = time.monotonic() + busy_timeout
    pause = 0.001
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
    if mode != "wal":
        log.warning(
            "state file %s cannot use WAL mode (journal mode is %s); readers will wait for "
            "writers. Is the data directory on a network file system?",
            path,
            mode,
        )
