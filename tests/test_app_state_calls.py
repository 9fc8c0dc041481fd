"""The request path while another process holds the state file's write lock: every request is
answered, and state calls never pile up in threads behind the lock."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
import pytest

from interactions_app.state import RequestStateCalls, StateBusy, StateStore
from tests.fakes.endpoint import running_endpoint

BUSY = "The bot is busy with other requests; try again in a minute."


class Concurrency:
    """Counts the threads inside the wrapped store methods at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.now += 1
                self.peak = max(self.peak, self.now)
            try:
                return method(*args, **kwargs)
            finally:
                with self._lock:
                    self.now -= 1

        return counted


def test_a_locked_state_file_gets_every_request_answered_with_one_state_thread_at_most(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = Concurrency()
    for name in ("first_delivery", "claim_cooldowns"):
        monkeypatch.setattr(StateStore, name, inside.wrap(getattr(StateStore, name)))
    with running_endpoint(tmp_path, settings={"UPTIME_COOLDOWN_MINUTES": 5}) as endpoint:
        # Another process (a backup, a stuck script) holding the write lock.
        other = sqlite3.connect(endpoint.services.state.path, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")

            def uptime(_: int) -> dict[str, Any]:
                return endpoint.client.command("uptime").json()

            with ThreadPoolExecutor(24) as pool:
                answers = list(pool.map(uptime, range(24)))
        finally:
            other.execute("ROLLBACK")
            other.close()
        # Refused, not run: whether it is a replay could not be checked (see commands._replays).
        assert [answer["data"]["content"] for answer in answers] == [BUSY] * 24
        assert inside.peak == 1
        # Nothing is left queued: the next request uses the file at once.
        assert "Running since" in endpoint.client.command("uptime").json()["data"]["content"]
        assert inside.now == 0


@pytest.mark.anyio
async def test_a_call_whose_turn_does_not_come_in_time_is_refused(tmp_path: Path) -> None:
    release = threading.Event()

    def blocked(_store: StateStore) -> None:
        release.wait()

    def nothing(_store: StateStore) -> None:
        return None

    with StateStore(tmp_path / "state.sqlite3") as store:
        calls = RequestStateCalls(store, wait=0.05)
        async with anyio.create_task_group() as tg:
            tg.start_soon(calls.call, blocked)
            await anyio.wait_all_tasks_blocked()
            assert calls.running == 1
            with pytest.raises(StateBusy, match=r"no turn to use it within 0\.05 s"):
                await calls.call(nothing)
            release.set()
        assert calls.running == 0
        assert await calls.call(lambda s: s.next_due_at()) is None
