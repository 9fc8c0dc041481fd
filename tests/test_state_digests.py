"""Digest records in the state file: one per period, and the v3 → v4 migration keeps everything."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from interactions_app.state import SCHEMA_VERSION, StateStore
from interactions_app.state._schema import MIGRATIONS

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
WEEK = date(2026, 11, 23)


def test_a_period_is_claimed_once(tmp_path: Path) -> None:
    with StateStore.in_data_dir(tmp_path) as store:
        assert store.begin_digest("week", WEEK, date(2026, 11, 29), webhook_key="1:abc", at=NOW)
        assert not store.begin_digest("week", WEEK, date(2026, 11, 29), webhook_key="1:abc", at=NOW)
        assert store.begin_digest(
            "month", date(2026, 11, 1), date(2026, 11, 30), webhook_key="1:abc", at=NOW
        )
        sending = {record.kind: record for record in store.digests_sending()}
        assert (sending["week"].period_start, sending["week"].status) == (WEEK, "sending")
        assert sending["week"].sent_at == NOW

        store.digest_sent("week", WEEK, "1234")
        record = store.digest_record("week", WEEK)
        assert record is not None
        assert (record.status, record.message_id) == ("sent", "1234")
        assert store.is_recorded("1234")
        # A sent digest is never dropped nor marked unverified by a late clean-up.
        store.drop_digest("week", WEEK)
        store.digest_unverified("week", WEEK)
        assert store.digest_record("week", WEEK) == record

        store.digest_unverified("month", date(2026, 11, 1))
        month = store.digest_record("month", date(2026, 11, 1))
        assert month is not None
        assert month.status == "unverified"
        assert store.digests_sending() == []


def test_a_dropped_attempt_frees_the_period(tmp_path: Path) -> None:
    with StateStore.in_data_dir(tmp_path) as store:
        assert store.begin_digest("week", WEEK, date(2026, 11, 29), webhook_key="1:abc", at=NOW)
        store.drop_digest("week", WEEK)
        assert store.digest_record("week", WEEK) is None
        assert store.begin_digest("week", WEEK, date(2026, 11, 29), webhook_key="1:abc", at=NOW)


def test_a_version_3_file_is_migrated_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    conn = sqlite3.connect(path, autocommit=True)
    for migration in MIGRATIONS[:3]:
        for statement in migration.split(";"):
            if statement.strip():
                conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO bindings (discord_user_id, plex_user_id, email, bound_at) "
        "VALUES ('111111111111111111', 7, 'a@example.com', ?)",
        (NOW.isoformat(),),
    )
    conn.close()

    with StateStore(path) as store:
        binding = store.binding_for_discord("111111111111111111")
        assert binding is not None
        assert binding.plex_user_id == 7
        assert store.digest_record("week", WEEK) is None
        assert store.begin_digest("week", WEEK, date(2026, 11, 29), webhook_key="1:abc", at=NOW)

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (4,)
    conn.close()
