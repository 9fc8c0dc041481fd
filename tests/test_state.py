from __future__ import annotations

import gettext
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from interactions_app.state import (
    SCHEMA_VERSION,
    STATE_FILE_NAME,
    Binding,
    DiscordAccountAlreadyBound,
    PlexAccountAlreadyBound,
    PostedMessage,
    RunSuperseded,
    StateError,
    StateStore,
    StateUnavailable,
)
from tests.state_file import binding_for_plex, bindings, set_next_due, set_schedule, shown_messages

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
T = gettext.NullTranslations()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / STATE_FILE_NAME


@pytest.fixture
def store(db: Path) -> Iterator[StateStore]:
    with StateStore(db) as opened:
        yield opened


def run_in_threads[R](count: int, work: Callable[[int], R]) -> list[R]:
    """Run ``work(i)`` in ``count`` threads released together by a barrier."""
    barrier = threading.Barrier(count)

    def start(i: int) -> R:
        barrier.wait()
        return work(i)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(start, range(count)))


# Opening


def test_open_creates_the_data_dir_and_a_wal_database(db: Path) -> None:
    with StateStore.in_data_dir(db.parent) as store:
        assert store.path == db
        assert store.last_post_at() is None
    assert db.is_file()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    finally:
        conn.close()


def test_reopening_keeps_everything(db: Path) -> None:
    with StateStore(db) as store:
        set_schedule(store.path, NOW, NOW + timedelta(days=7))
        store.bind("111111111111111111", 7, "a@example.com", NOW)
    with StateStore(db) as store:
        assert store.last_post_at() == NOW
        assert store.next_due_at() == NOW + timedelta(days=7)
        assert binding_for_plex(store.path, 7) is not None


def test_a_newer_schema_is_refused(db: Path) -> None:
    StateStore(db).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StateUnavailable, match="newer") as caught:
        StateStore(db)
    assert str(db) in caught.value.explain(T)


def test_a_file_that_is_not_a_database_is_refused(db: Path) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StateUnavailable) as caught:
        StateStore(db)
    assert "writable" in caught.value.explain(T)


def test_a_closed_store_is_a_programming_error(db: Path) -> None:
    store = StateStore(db)
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        store.last_post_at()
    with pytest.raises(sqlite3.ProgrammingError):
        store.unbind("111111111111111111")


def test_every_state_error_explains_itself() -> None:
    assert "state file" in StateError().explain(T)


def test_an_unusable_path_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(StateUnavailable):
        StateStore(tmp_path / "file" / STATE_FILE_NAME)


def open_and_bind(db: Path, i: int) -> int:
    with StateStore(db) as store:
        store.bind(f"{i + 1:018d}", i, f"user{i}@example.com", NOW)
        return len(bindings(store.path))


def test_stores_opening_a_new_file_together_all_succeed(tmp_path: Path) -> None:
    # The switch of a new file to WAL does not wait for locks by itself; the store retries.
    for round_ in range(30):
        db = tmp_path / f"round-{round_}" / STATE_FILE_NAME
        assert max(run_in_threads(6, partial(open_and_bind, db))) == 6


def test_opening_gives_up_when_the_file_stays_locked(db: Path) -> None:
    db.parent.mkdir(parents=True)
    blocker = sqlite3.connect(db, autocommit=True)  # a new file, still in rollback-journal mode
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StateUnavailable, match="locked"):
            StateStore(db, busy_timeout=0.05)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    StateStore(db).close()
    # Once in WAL mode, opening waits for the schema check's write lock instead.
    blocker = sqlite3.connect(db, autocommit=True)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StateUnavailable, match="locked"):
            StateStore(db, busy_timeout=0.05)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_a_write_waiting_beyond_the_busy_timeout_fails_clearly(db: Path) -> None:
    with StateStore(db, busy_timeout=0.05) as store:
        blocker = sqlite3.connect(db, autocommit=True)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StateUnavailable, match="locked"):
                store.bind("111111111111111111", 7, "a@example.com", NOW)
            assert store.next_due_at() is None  # readers are not blocked (WAL)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        store.bind("111111111111111111", 7, "a@example.com", NOW)
        assert store.binding_for_discord("111111111111111111") is not None


# Schedule records


def test_schedule_records(store: StateStore) -> None:
    assert store.last_post_at() is None
    assert store.next_due_at() is None
    copenhagen = NOW.astimezone(ZoneInfo("Europe/Copenhagen"))
    set_schedule(store.path, copenhagen, NOW + timedelta(days=1))
    last = store.last_post_at()
    assert last == NOW
    assert last is not None
    assert last.tzinfo is UTC
    set_next_due(store.path, NOW + timedelta(hours=1))
    assert store.last_post_at() == NOW
    assert store.next_due_at() == NOW + timedelta(hours=1)
    set_next_due(store.path, None)
    assert store.next_due_at() is None


def test_naive_times_are_refused(store: StateStore) -> None:
    naive = datetime(2026, 1, 5, 12, 0)
    with pytest.raises(ValueError, match="aware"):
        store.acquire_post_lock("a", 60, naive)
    assert store.last_post_at() is None


# Post lock


def test_post_lock_lease(store: StateStore) -> None:
    assert store.acquire_post_lock("a", 60, NOW)
    assert not store.acquire_post_lock("b", 60, NOW + timedelta(seconds=59))
    # the owner extends its own lease
    assert store.acquire_post_lock("a", 60, NOW + timedelta(seconds=30))
    assert not store.acquire_post_lock("b", 60, NOW + timedelta(seconds=89))
    # an expired lease (a killed run) is taken over
    assert store.acquire_post_lock("b", 60, NOW + timedelta(seconds=90))
    assert not store.release_post_lock("a")
    assert not store.acquire_post_lock("a", 60, NOW + timedelta(seconds=91))
    assert store.release_post_lock("b")
    assert store.acquire_post_lock("a", 60, NOW + timedelta(seconds=92))


def test_renewing_needs_the_lock_to_be_still_held(store: StateStore) -> None:
    assert not store.renew_post_lock("a", 60, NOW)
    assert store.acquire_post_lock("a", 60, NOW)
    assert store.renew_post_lock("a", 60, NOW + timedelta(seconds=50))
    assert not store.acquire_post_lock("b", 60, NOW + timedelta(seconds=100))
    # expired but nobody took it: nobody else posted, the owner may go on
    assert store.renew_post_lock("a", 60, NOW + timedelta(seconds=120))
    assert store.acquire_post_lock("b", 60, NOW + timedelta(seconds=200))
    assert store.release_post_lock("b")
    # taken over and released since: another run may have posted
    assert not store.renew_post_lock("a", 60, NOW + timedelta(seconds=201))


def test_post_lock_needs_a_positive_lease(store: StateStore) -> None:
    with pytest.raises(ValueError, match="positive"):
        store.acquire_post_lock("a", 0, NOW)


@pytest.mark.parametrize("shared", [True, False], ids=["one-store", "store-per-thread"])
def test_post_lock_race_between_threads(db: Path, shared: bool) -> None:
    count = 8
    stores = [StateStore(db) for _ in range(1 if shared else count)]
    try:
        for round_ in range(5):

            def race(i: int) -> bool:
                store = stores[0 if shared else i]
                return store.acquire_post_lock(f"owner-{i}", 60, NOW)

            won = run_in_threads(count, race)
            assert won.count(True) == 1, f"round {round_}: {won}"
            assert stores[0].release_post_lock(f"owner-{won.index(True)}")
    finally:
        for store in stores:
            store.close()


_RACER = """
import sys
from datetime import datetime, UTC
from pathlib import Path
from interactions_app.state import StateStore

store = StateStore(Path(sys.argv[1]))
owner = sys.argv[2]
print("ready", flush=True)
for line in sys.stdin:
    now = datetime.fromisoformat(line.strip())
    print(store.acquire_post_lock(owner, 60, now), flush=True)
store.close()
"""


def test_post_lock_race_between_processes(db: Path) -> None:
    StateStore(db).close()
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, str(db), f"process-{i}"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    try:
        for racer in racers:
            assert racer.stdout is not None
            assert racer.stdout.readline() == "ready\n"
        with StateStore(db) as store:
            for round_ in range(5):
                now = NOW + timedelta(minutes=round_)
                for racer in racers:
                    assert racer.stdin is not None
                    racer.stdin.write(now.isoformat() + "\n")
                    racer.stdin.flush()
                answers: list[str] = []
                for racer in racers:
                    assert racer.stdout is not None
                    answers.append(racer.stdout.readline().strip())
                assert answers.count("True") == 1, f"round {round_}: {answers}"
                assert answers.count("False") == 3
                assert store.release_post_lock(f"process-{answers.index('True')}")
    finally:
        for racer in racers:
            assert racer.stdin is not None
            racer.stdin.close()
        for racer in racers:
            assert racer.wait(timeout=30) == 0


# Bindings


def test_bindings(store: StateStore) -> None:
    assert store.binding_for_discord("111111111111111111") is None
    made = store.bind("111111111111111111", 7, "Ann@Example.com", NOW)
    assert made == Binding("111111111111111111", 7, "Ann@Example.com", NOW)
    assert store.binding_for_discord("111111111111111111") == made
    assert binding_for_plex(store.path, 7) == made
    assert binding_for_plex(store.path, 8) is None
    # binding the same pair again changes nothing
    assert store.bind("111111111111111111", 7, "other@example.com", NOW + timedelta(1)) == made
    second = store.bind("222222222222222222", 8, "bo@example.com", NOW + timedelta(hours=1))
    assert bindings(store.path) == [made, second]
    assert store.unbind("111111111111111111")
    assert not store.unbind("111111111111111111")
    assert binding_for_plex(store.path, 7) is None
    assert bindings(store.path) == [second]


def test_a_discord_account_binds_to_one_plex_account(store: StateStore) -> None:
    store.bind("111111111111111111", 7, "a@example.com", NOW)
    with pytest.raises(DiscordAccountAlreadyBound) as caught:
        store.bind("111111111111111111", 8, "b@example.com", NOW)
    assert "admin" in caught.value.explain(T)
    assert binding_for_plex(store.path, 8) is None


def test_a_plex_account_binds_to_one_discord_account(store: StateStore) -> None:
    store.bind("111111111111111111", 7, "a@example.com", NOW)
    with pytest.raises(PlexAccountAlreadyBound) as caught:
        store.bind("222222222222222222", 7, "a@example.com", NOW)
    assert "another Discord account" in caught.value.explain(T)
    assert store.binding_for_discord("222222222222222222") is None
    # after an admin removes the link, the other account may take it
    assert store.unbind("111111111111111111")
    assert store.bind("222222222222222222", 7, "a@example.com", NOW).plex_user_id == 7


def test_binding_race_one_wins(db: Path) -> None:
    StateStore(db).close()

    def claim(i: int) -> str:
        with StateStore(db) as store:
            try:
                store.bind(f"{i + 1:018d}", 42, "shared@example.com", NOW)
            except PlexAccountAlreadyBound:
                return "refused"
            return "bound"

    assert sorted(run_in_threads(6, claim)) == ["bound"] + ["refused"] * 5
    with StateStore(db) as store:
        assert len(bindings(store.path)) == 1


# Posted messages: the records themselves


def test_run_records(store: StateStore) -> None:
    store.begin_run("r1")
    with pytest.raises(ValueError, match="used before"):
        store.begin_run("r1")
    store.record_posted_message("r1", "hook", "m1")
    store.record_posted_message("r1", "hook", "m1")  # a retried record is harmless
    store.record_posted_message("r1", "hook", "m2")
    assert shown_messages(store.path) == []
    assert [m.message_id for m in store.messages_to_delete()] == ["m1", "m2"]
    assert store.complete_run("r1", NOW, NOW + timedelta(days=1)) == []
    assert shown_messages(store.path) == [
        PostedMessage("m1", "r1", "hook"),
        PostedMessage("m2", "r1", "hook"),
    ]
    assert store.last_post_at() == NOW
    assert store.next_due_at() == NOW + timedelta(days=1)
    with pytest.raises(ValueError, match="never begun"):
        store.complete_run("r2", NOW, None)
    assert not store.forget_message("unknown")


def test_a_message_recorded_without_begin_is_kept(store: StateStore) -> None:
    store.record_posted_message("lost-run", "hook", "m1")
    assert store.messages_to_delete() == [PostedMessage("m1", "lost-run", "hook")]


# Posted messages: the protocol and its crash points


class Killed(Exception):
    """Stands for the process dying: nothing after it runs, no clean-up."""


class Channel:
    """What Discord shows: message ids in posting order, and who may delete them."""

    def __init__(self) -> None:
        self.messages: dict[str, str] = {}
        self._next = 0

    def post(self, content: str) -> str:
        self._next += 1
        message_id = f"msg-{self._next}"
        self.messages[message_id] = content
        return message_id

    def delete(self, message_id: str) -> None:
        self.messages.pop(message_id, None)  # a 404 is as good as a delete


GRAPHS = ("daily", "weekday", "hourly")
LEASE = 600.0


def scheduled_run(
    db: Path,
    channel: Channel,
    run_id: str,
    now: datetime,
    *,
    kill_at: str | None = None,
    force: bool = False,
) -> bool:
    """One invocation of the post script, following the documented protocol.

    Returns whether it posted. ``kill_at`` names the step before which the process dies.
    """
    store = StateStore(db)  # a new process opens the file afresh

    def step(name: str) -> None:
        if name == kill_at:
            store.close()  # what the kernel does for a dead process; nothing else runs
            raise Killed(name)

    images = [f"{run_id}:{graph}" for graph in GRAPHS]  # rendered before anything is posted
    if not store.acquire_post_lock(run_id, LEASE, now):
        store.close()
        return False
    due_at = store.next_due_at()
    posted = False
    if force or due_at is None or now >= due_at:
        step("begin")
        store.begin_run(run_id)
        for n, image in enumerate(images):
            step(f"post-{n}")
            assert store.renew_post_lock(run_id, LEASE, now)
            message_id = channel.post(image)
            step(f"record-{n}")
            store.record_posted_message(run_id, "hook", message_id)
        step("complete")
        assert store.renew_post_lock(run_id, LEASE, now)
        store.complete_run(run_id, now, now + timedelta(days=1))
        posted = True
    for old in store.messages_to_delete():
        assert store.renew_post_lock(run_id, LEASE, now)
        step("delete")
        channel.delete(old.message_id)
        step("forget")
        store.forget_message(old.message_id)
    step("release")
    assert store.release_post_lock(run_id)
    store.close()
    return posted


CRASH_POINTS = [
    "begin",
    "post-0",
    "post-1",
    "post-2",
    "complete",
    "delete",
    "forget",
    "release",
]


def channel_shows_one_set(store: StateStore, channel: Channel, run_id: str) -> None:
    assert sorted(channel.messages.values()) == sorted(f"{run_id}:{graph}" for graph in GRAPHS)
    assert {m.message_id for m in shown_messages(store.path)} == set(channel.messages)
    assert store.messages_to_delete() == []


@pytest.mark.parametrize("kill_at", CRASH_POINTS)
def test_every_crash_point_ends_with_one_full_set(db: Path, kill_at: str) -> None:
    channel = Channel()
    assert scheduled_run(db, channel, "first", NOW)
    with pytest.raises(Killed):
        scheduled_run(db, channel, "killed", NOW + timedelta(days=1), kill_at=kill_at)
    # The killed run holds the lock until its lease runs out.
    assert not scheduled_run(db, channel, "too-soon", NOW + timedelta(days=1, seconds=LEASE / 2))
    later = NOW + timedelta(days=1, seconds=LEASE)
    killed_completed = kill_at in {"delete", "forget", "release"}
    # The next invocation cleans up; it posts only if the killed run had not completed.
    assert scheduled_run(db, channel, "next", later) is not killed_completed
    with StateStore(db) as store:
        channel_shows_one_set(store, channel, "killed" if killed_completed else "next")
    # And the run after that replaces the set as usual.
    assert scheduled_run(db, channel, "after", later + timedelta(days=2))
    with StateStore(db) as store:
        channel_shows_one_set(store, channel, "after")
        assert store.last_post_at() == later + timedelta(days=2)


def test_the_one_window_records_cannot_close(db: Path) -> None:
    # Killed after Discord created the message but before the id was committed: that message
    # is unknown to the state and stays; everything it knows about is still cleaned up.
    channel = Channel()
    assert scheduled_run(db, channel, "first", NOW)
    with pytest.raises(Killed):
        scheduled_run(db, channel, "killed", NOW + timedelta(days=1), kill_at="record-0")
    assert scheduled_run(db, channel, "next", NOW + timedelta(days=2))
    assert sorted(channel.messages.values()) == sorted(
        ["killed:daily", *(f"next:{graph}" for graph in GRAPHS)]
    )


def test_a_run_that_is_not_due_posts_nothing(db: Path) -> None:
    channel = Channel()
    assert scheduled_run(db, channel, "first", NOW)
    assert not scheduled_run(db, channel, "early", NOW + timedelta(hours=23))
    assert scheduled_run(db, channel, "forced", NOW + timedelta(hours=23), force=True)
    with StateStore(db) as store:
        channel_shows_one_set(store, channel, "forced")
        assert store.next_due_at() == NOW + timedelta(hours=47)


def test_a_failed_run_cleans_up_its_own_partial_set(db: Path) -> None:
    channel = Channel()
    assert scheduled_run(db, channel, "first", NOW)
    with StateStore(db) as store:
        store.begin_run("failing")
        store.record_posted_message("failing", "hook", channel.post("failing:daily"))
        # Discord refused the next image: the run gives up and removes what it posted.
        for message in store.messages_to_delete():
            channel.delete(message.message_id)
            assert store.forget_message(message.message_id)
        channel_shows_one_set(store, channel, "first")


def test_a_run_stalled_past_its_lease_stops_and_its_messages_go(db: Path) -> None:
    channel = Channel()
    assert scheduled_run(db, channel, "first", NOW)
    later = NOW + timedelta(days=1)
    with StateStore(db) as stalled:
        assert stalled.acquire_post_lock("stalled", LEASE, later)
        stalled.begin_run("stalled")
        stalled.record_posted_message("stalled", "hook", channel.post("stalled:daily"))
        # ... it hangs for longer than its lease; the next invocation takes over
        assert scheduled_run(db, channel, "taker", later + timedelta(seconds=LEASE))
        # ... and it wakes up: the renewal before its next post tells it to stop
        assert not stalled.renew_post_lock("stalled", LEASE, later + timedelta(seconds=LEASE + 1))
        channel_shows_one_set(stalled, channel, "taker")


def test_an_older_run_cannot_replace_a_newer_set(db: Path) -> None:
    channel = Channel()
    with StateStore(db) as store:
        store.begin_run("older")
        store.record_posted_message("older", "hook", channel.post("older:daily"))
        store.begin_run("newer")
        store.record_posted_message("newer", "hook", channel.post("newer:daily"))
        assert store.complete_run("newer", NOW, NOW + timedelta(days=1)) == [
            PostedMessage("msg-1", "older", "hook")
        ]
        with pytest.raises(RunSuperseded) as caught:
            store.complete_run("older", NOW + timedelta(seconds=1), None)
        assert "lease" in caught.value.explain(T)
        assert caught.value.current_run_id == "newer"
        assert shown_messages(store.path) == [PostedMessage("msg-2", "newer", "hook")]
        assert store.next_due_at() == NOW + timedelta(days=1)
        # completing again (a retried call) changes nothing
        assert store.complete_run("newer", NOW, NOW + timedelta(days=1)) == [
            PostedMessage("msg-1", "older", "hook")
        ]


_KILLED_MID_RUN = """
import os, sys
from pathlib import Path
from interactions_app.state import StateStore

store = StateStore(Path(sys.argv[1]))
store.begin_run("killed")
store.record_posted_message("killed", "hook", "m1")
store.record_posted_message("killed", "hook", "m2")
os._exit(9)
"""


def test_records_survive_a_killed_process(db: Path) -> None:
    StateStore(db).close()
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_MID_RUN, str(db)], cwd=REPO, check=False, timeout=60
    )
    assert child.returncode == 9
    with StateStore(db) as store:
        assert [m.message_id for m in store.messages_to_delete()] == ["m1", "m2"]
