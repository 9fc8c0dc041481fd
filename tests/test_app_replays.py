"""Replays: the same signed interaction sent again is refused, in every process sharing the file."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import msgspec
import pytest
from nacl.signing import SigningKey

from tests.fakes.endpoint import ADMIN, running_endpoint
from tests.fakes.endpoint import FEW_GRAPHS as GRAPHS

NOW = 1_800_000_000.0


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_a_resent_update_graphs_is_refused_and_posts_nothing_more(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock(NOW)
    with running_endpoint(tmp_path, settings=GRAPHS, clock=clock) as endpoint:
        client = endpoint.client
        body = msgspec.json.encode(client.interaction(2, "update_graphs", permissions=ADMIN))
        headers = client.signed_headers(body)
        assert client.post_raw(body, headers).json() == {"type": 5, "data": {"flags": 64}}
        endpoint.wait_idle()
        assert len(endpoint.discord.requests_for("execute_webhook")) == 3
        edits = len(endpoint.discord.requests_for("update_original_webhook_message"))

        clock.now = NOW + 4  # well inside the 300 s window: the signature is still accepted
        with caplog.at_level(logging.WARNING, logger="interactions_app.endpoint.app"):
            replay = client.post_raw(body, headers)
        endpoint.wait_idle()
        assert replay.status_code == 409
        assert replay.text == "interaction already handled"
        assert "Refused a replayed interaction" in caplog.text
        assert len(endpoint.discord.requests_for("execute_webhook")) == 3
        assert len(endpoint.discord.requests_for("update_original_webhook_message")) == edits
        # A new interaction (a new id) still works, and PING is never taken for a replay.
        assert client.ping().json() == {"type": 1}
        ping = msgspec.json.encode(client.base(1))
        ping_headers = client.signed_headers(ping)
        for _ in range(2):
            assert client.post_raw(ping, ping_headers).json() == {"type": 1}
        assert client.command("uptime").json()["type"] == 4


def test_a_replay_is_refused_by_another_process_sharing_the_state_file(tmp_path: Path) -> None:
    key = SigningKey.generate()
    data_dir = str(tmp_path / "shared-data")
    first_dir, second_dir = tmp_path / "a", tmp_path / "b"
    first_dir.mkdir()
    second_dir.mkdir()
    settings = {"DATA_DIR": data_dir}
    with (
        running_endpoint(first_dir, settings=settings, signing_key=key) as first,
        running_endpoint(second_dir, settings=settings, signing_key=key) as second,
    ):
        body = msgspec.json.encode(first.client.interaction(2, "uptime"))
        headers = first.client.signed_headers(body)
        assert first.client.post_raw(body, headers).json()["type"] == 4
        assert second.client.post_raw(body, headers).status_code == 409


def test_handled_ids_are_kept_for_the_signature_window_then_pruned(tmp_path: Path) -> None:
    clock = Clock(NOW)
    with running_endpoint(tmp_path, clock=clock) as endpoint:
        client = endpoint.client
        body = msgspec.json.encode(client.interaction(2, "uptime"))
        headers = client.signed_headers(body)
        assert client.post_raw(body, headers).status_code == 200
        clock.now = NOW + 300  # the last second the signature is accepted
        assert client.post_raw(body, headers).status_code == 409
        clock.now = NOW + 301
        # Past the window the timestamp check refuses it; the record is no longer needed …
        assert client.post_raw(body, headers).status_code == 401
        # … and goes with the next interaction handled.
        newer = client.interaction(2, "uptime")
        assert client.post(newer).status_code == 200
        conn = sqlite3.connect(endpoint.services.state.path)
        try:
            kept = conn.execute("SELECT interaction_id FROM handled_interactions").fetchall()
        finally:
            conn.close()
        assert kept == [(newer["id"],)]
