from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from interactions_app.commands.cooldowns import Cooldowns
from interactions_app.state import STATE_FILE_NAME, StateStore

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
ANN = "111111111111111111"
BO = "222222222222222222"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / STATE_FILE_NAME


@pytest.fixture
def cooldowns(db: Path) -> Iterator[Cooldowns]:
    with StateStore(db) as store:
        yield Cooldowns(store)


def test_zero_turns_both_off(cooldowns: Cooldowns) -> None:
    for _ in range(3):
        assert cooldowns.check("about", ANN, per_user_seconds=0, global_seconds=0, now=NOW) is None


def test_per_user_cooldown(cooldowns: Cooldowns) -> None:
    def check(user: str, at: datetime) -> datetime | None:
        return cooldowns.check("my_stats", user, per_user_seconds=300, global_seconds=0, now=at)

    assert check(ANN, NOW) is None
    assert check(ANN, NOW + timedelta(seconds=10)) == NOW + timedelta(seconds=300)
    assert check(BO, NOW + timedelta(seconds=10)) is None
    assert check(ANN, NOW + timedelta(seconds=299)) == NOW + timedelta(seconds=300)
    # a refused attempt does not extend the cooldown
    assert check(ANN, NOW + timedelta(seconds=300)) is None
    assert check(ANN, NOW + timedelta(seconds=301)) == NOW + timedelta(seconds=600)


def test_global_cooldown_holds_everyone(cooldowns: Cooldowns) -> None:
    def check(user: str, at: datetime) -> datetime | None:
        return cooldowns.check("update_graphs", user, per_user_seconds=0, global_seconds=60, now=at)

    assert check(ANN, NOW) is None
    assert check(BO, NOW + timedelta(seconds=5)) == NOW + timedelta(seconds=60)
    assert check(BO, NOW + timedelta(seconds=60)) is None


def test_the_later_of_both_is_returned(cooldowns: Cooldowns) -> None:
    def check(user: str, at: datetime) -> datetime | None:
        return cooldowns.check("my_stats", user, per_user_seconds=300, global_seconds=60, now=at)

    assert check(ANN, NOW) is None
    assert check(ANN, NOW + timedelta(seconds=1)) == NOW + timedelta(seconds=300)
    assert check(BO, NOW + timedelta(seconds=1)) == NOW + timedelta(seconds=60)
    # the global one is over for Bo, whose attempt started nothing; Ann is still held alone
    assert check(BO, NOW + timedelta(seconds=61)) is None
    assert check(ANN, NOW + timedelta(seconds=121)) == NOW + timedelta(seconds=300)


def test_commands_are_independent(cooldowns: Cooldowns) -> None:
    assert cooldowns.check("about", ANN, per_user_seconds=60, global_seconds=60, now=NOW) is None
    assert cooldowns.check("uptime", ANN, per_user_seconds=60, global_seconds=60, now=NOW) is None


def test_a_cooldown_turned_off_no_longer_holds(cooldowns: Cooldowns) -> None:
    assert cooldowns.check("about", ANN, per_user_seconds=600, global_seconds=0, now=NOW) is None
    assert cooldowns.check("about", ANN, per_user_seconds=0, global_seconds=30, now=NOW) is None


def test_local_times_are_exact_across_dst(cooldowns: Cooldowns) -> None:
    # 01:30 UTC on 29 March 2026 is just before Copenhagen jumps from 02:00 to 03:00.
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC).astimezone(ZoneInfo("Europe/Copenhagen"))
    assert cooldowns.check("x", ANN, per_user_seconds=3600, global_seconds=0, now=start) is None
    end = cooldowns.check("x", ANN, per_user_seconds=3600, global_seconds=0, now=start)
    assert end == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_cooldowns_survive_reopening_the_store(db: Path) -> None:
    with StateStore(db) as store:
        check = Cooldowns(store).check
        assert check("my_stats", ANN, per_user_seconds=300, global_seconds=0, now=NOW) is None
    with StateStore(db) as store:
        check = Cooldowns(store).check
        later = NOW + timedelta(seconds=100)
        assert check("my_stats", ANN, per_user_seconds=300, global_seconds=0, now=later) == (
            NOW + timedelta(seconds=300)
        )


@pytest.mark.parametrize("shared", [True, False], ids=["one-store", "store-per-thread"])
def test_racing_requests_get_one_slot(db: Path, shared: bool) -> None:
    count = 8
    stores = [StateStore(db) for _ in range(1 if shared else count)]
    barrier = threading.Barrier(count)

    def attempt(i: int) -> datetime | None:
        barrier.wait()
        cooldowns = Cooldowns(stores[0 if shared else i])
        # Different users: only the global cooldown can refuse, and it is started atomically.
        user = f"{i + 1:018d}"
        return cooldowns.check("my_stats", user, per_user_seconds=300, global_seconds=60, now=NOW)

    try:
        with ThreadPoolExecutor(count) as pool:
            answers = list(pool.map(attempt, range(count)))
    finally:
        for store in stores:
            store.close()
    assert answers.count(None) == 1
    assert set(answers) - {None} == {NOW + timedelta(seconds=60)}


def test_negative_durations_are_refused(cooldowns: Cooldowns) -> None:
    with pytest.raises(ValueError, match="negative"):
        cooldowns.check("about", ANN, per_user_seconds=-1, global_seconds=0, now=NOW)


def test_a_refund_gives_back_exactly_the_claim_it_undoes(cooldowns: Cooldowns) -> None:
    def durations(at: datetime) -> dict[str, Any]:
        return {"per_user_seconds": 300, "global_seconds": 60, "now": at}

    assert cooldowns.check("my_stats", ANN, **durations(NOW)) is None
    cooldowns.refund("my_stats", ANN, **durations(NOW))
    assert cooldowns.check("my_stats", ANN, **durations(NOW)) is None
    # Once the claim has ended, a late refund of it leaves a newer claim running.
    later = NOW + timedelta(seconds=301)
    assert cooldowns.check("my_stats", BO, **durations(later)) is None
    cooldowns.refund("my_stats", ANN, **durations(NOW))
    assert cooldowns.check("my_stats", ANN, **durations(later)) == later + timedelta(seconds=60)
    cooldowns.refund("about", ANN, per_user_seconds=0, global_seconds=0, now=NOW)
