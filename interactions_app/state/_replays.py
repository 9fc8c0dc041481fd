"""Ids of interactions already handled, kept while their signature could still be accepted."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from interactions_app.state._time import to_db


def first_delivery(
    conn: sqlite3.Connection, interaction_id: str, until: datetime, now: datetime
) -> bool:
    # Pruning here keeps the table as small as the window: ids past it (the window is
    # inclusive: ``abs(skew) <= window`` passes, hence ``<``) cannot pass the
    # timestamp check again, so they need no record.
    conn.execute("DELETE FROM handled_interactions WHERE until < ?", (to_db(now, "now"),))
    inserted = conn.execute(
        "INSERT OR IGNORE INTO handled_interactions (interaction_id, until) VALUES (?, ?)",
        (interaction_id, to_db(until, "until")),
    )
    return inserted.rowcount == 1
