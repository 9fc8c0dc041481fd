"""get_history, get_home_stats and the libraries: the client against the fake's play log, and
the fake's answers against the shapes a real Tautulli 2.17.2 sent."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import anyio
import httpx
import msgspec
import pytest

from renderer.tautulli import (
    HistoryPage,
    HistoryRow,
    HomeStat,
    TautulliBadResponse,
    TautulliClient,
    TautulliLibrary,
)
from tests.fakes.tautulli import FakeTautulli
from tests.fakes.tautulli_log import (
    DEFAULT_LIBRARIES,
    PlayLog,
    default_items,
    default_users,
    generated_log,
    human_duration,
)

pytest_plugins = ["tests.fixtures"]

UTC = ZoneInfo("UTC")
NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
SHAPES = Path(__file__).parent / "data" / "tautulli_shapes"


@pytest.fixture(scope="module")
def log() -> PlayLog:
    return generated_log(now=NOW, days=60)


@pytest.fixture
def fake(log: PlayLog) -> Iterator[FakeTautulli]:
    with FakeTautulli(log=log) as fake:
        yield fake


def real(name: str) -> Any:
    return json.loads((SHAPES / f"{name}.json").read_bytes())


def get(fake: FakeTautulli, **params: str) -> httpx.Response:
    return httpx.get(fake.api_url, params={"apikey": fake.api_key, **params}, timeout=5)


# -- the fake's answers ---------------------------------------------------------------------------


def test_history_rows_have_the_real_columns(fake: FakeTautulli) -> None:
    answer = get(fake, cmd="get_history", length="3").json()["response"]
    captured = real("get_history")["response"]
    assert answer["result"] == "success"
    assert set(answer["data"]) == set(captured["data"])
    assert set(answer["data"]["data"][0]) == set(captured["data"]["data"][0])
    # Both decode as the client reads them.
    for data in (answer["data"], captured["data"]):
        page = msgspec.convert(data, HistoryPage)
        assert page.filtered == data["recordsFiltered"]


def test_home_stats_cards_have_the_real_shape(fake: FakeTautulli) -> None:
    answer = get(fake, cmd="get_home_stats", time_range="30").json()["response"]["data"]
    captured = {card["stat_id"]: card for card in real("get_home_stats")["response"]["data"]}
    for card in answer:
        assert set(card) <= set(captured[card["stat_id"]])
        assert set(card["rows"][0]) <= set(captured[card["stat_id"]]["rows"][0])
    msgspec.convert(real("get_home_stats")["response"]["data"], list[HomeStat])
    msgspec.convert(real("get_library_names")["response"]["data"], list[TautulliLibrary])


def test_dated_home_stats_fail_like_tautulli_2_17_2(fake: FakeTautulli) -> None:
    for dated in ({"after": "2026-11-01"}, {"before": "2026-11-30"}):
        answer = get(fake, cmd="get_home_stats", **dated)
        assert answer.status_code == 400
        assert answer.json() == {"response": {"result": "error", "message": None, "data": {}}}
    assert get(fake, cmd="get_home_stats", after="").status_code == 200


def test_history_filters_and_pages(fake: FakeTautulli, log: PlayLog) -> None:
    day = dt.date(2026, 11, 20)
    answer = get(
        fake,
        cmd="get_history",
        after="2026-11-20",
        before="2026-11-20",
        grouping="0",
        length="1000",
    ).json()["response"]["data"]
    expected = [s for s in log.sessions if log.local_date(s.started) == day]
    assert answer["recordsFiltered"] == len(expected) == len(answer["data"])
    assert answer["recordsTotal"] == len(log.sessions)
    # Like Tautulli, filter_duration sums the rows sent, not all that matched.
    sent = sum(row["play_duration"] for row in answer["data"])
    assert answer["filter_duration"] == human_duration(sent)
    dates = [row["date"] for row in answer["data"]]
    assert dates == sorted(dates, reverse=True)  # newest first

    user = default_users()[1].user_id
    movies = get(fake, cmd="get_history", user_id=str(user), media_type="movie", length="5")
    rows = movies.json()["response"]["data"]["data"]
    assert len(rows) == 5
    assert {(r["user_id"], r["media_type"]) for r in rows} == {(user, "movie")}
    anime = get(fake, cmd="get_history", section_id="4", length="1000").json()["response"]["data"]
    assert {r["grandparent_title"] for r in anime["data"]} <= {"Show 5", "Show 6"}


def test_graphs_count_a_play_resumed_after_midnight_on_both_days() -> None:
    log = PlayLog(UTC, NOW, default_users(), list(DEFAULT_LIBRARIES))
    episode = next(i for i in default_items() if i.media_type == "episode")
    evening = dt.datetime(2026, 12, 1, 23, 30)
    log.play(1000, episode, evening, 600, resumed=[(evening + dt.timedelta(hours=1), 600)])
    # One session running past midnight counts on the day it started only.
    log.play(1001, episode, evening, 7200)
    with FakeTautulli(log=log) as fake:
        daily = get(fake, cmd="get_plays_by_date", time_range="3").json()["response"]["data"]
        ungrouped = get(fake, cmd="get_plays_by_date", time_range="3", grouping="0")
        monthly = get(fake, cmd="get_plays_per_month", time_range="2").json()["response"]["data"]
        history = get(fake, cmd="get_history").json()["response"]["data"]
    assert daily["categories"] == ["2026-12-01", "2026-12-02", "2026-12-03"]
    assert [s["name"] for s in daily["series"]] == ["TV", "Movies", "Music", "Total"]
    assert daily["series"][-1]["data"] == [2, 1, 0]
    assert ungrouped.json()["response"]["data"]["series"][-1]["data"] == [2, 1, 0]
    assert monthly["categories"] == ["Nov 2026", "Dec 2026"]
    assert [s["name"] for s in monthly["series"]] == ["TV", "Movies", "Music"]
    assert monthly["series"][0]["data"] == [0, 2]
    assert history["recordsFiltered"] == 2  # grouped: two plays, three sessions
    resumed = next(row for row in history["data"] if row["group_count"] == 2)
    assert resumed["play_duration"] == 1200


def test_human_duration_is_tautullis() -> None:
    assert human_duration(0) == "0"
    assert human_duration(61) == "1 min 1 sec"
    assert human_duration(3 * 86400 + 3600 + 29 * 60 + 31) == "3 days 1 hr 30 mins"


# -- the client -----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_history_pages_through_everything_at_once(fake: FakeTautulli, log: PlayLog) -> None:
    after, before = dt.date(2026, 11, 1), dt.date(2026, 11, 7)
    expected = {s.id for s in log.sessions if after <= log.local_date(s.started) <= before}
    async with TautulliClient(fake.url, fake.api_key) as client:
        rows = await client.history(after=after, before=before, grouping=False, page_size=10)
    assert sorted(r.row_id for r in rows) == sorted(expected)
    assert len(expected) > 30
    pages = fake.calls("get_history")
    assert len(pages) == -(-len(expected) // 10)
    assert sorted(int(p.params["start"]) for p in pages) == list(range(0, len(pages) * 10, 10))
    assert {p.params["after"] for p in pages} == {"2026-11-01"}
    assert {p.params["before"] for p in pages} == {"2026-11-07"}


@pytest.mark.anyio
async def test_history_pages_are_asked_for_concurrently(fake: FakeTautulli) -> None:
    day = dt.date(2026, 11, 2)
    async with TautulliClient(fake.url, fake.api_key) as client:
        count = (await client.history_page(after=day, before=day, length=1)).filtered
        size = -(-count // 4)
        # The first page comes from the cache; the three others are held by the fake until
        # all three are in flight, so sent one by one they would fail.
        await client.history_page(after=day, before=day, length=size)
        fake.reset()
        fake.wait_for_concurrent(3)
        rows = await client.history(after=day, before=day, page_size=size)
    assert len(rows) == count
    assert len(fake.calls("get_history")) == 3


@pytest.mark.anyio
async def test_a_row_pushed_onto_the_next_page_is_kept_once(log: PlayLog) -> None:
    with FakeTautulli(log=log) as fake:
        first = get(fake, cmd="get_history", length="2").json()
        pushed = json.loads(json.dumps(first))
        pushed["response"]["data"]["data"] = first["response"]["data"]["data"][1:]
        pushed["response"]["data"]["recordsFiltered"] = 3
        first["response"]["data"]["recordsFiltered"] = 3
        fake.answer(first, times=1)
        fake.answer(pushed, times=1)
        async with TautulliClient(fake.url, fake.api_key) as client:
            rows = await client.history(page_size=2)
    assert [r.row_id for r in rows] == [r["row_id"] for r in first["response"]["data"]["data"]]


@pytest.mark.anyio
async def test_dated_home_stats_are_not_asked_of_2_17_2(fake: FakeTautulli) -> None:
    async with TautulliClient(fake.url, fake.api_key) as client:
        assert await client.home_stats(after=dt.date(2026, 11, 1), stat_id="top_users") is None
        assert await client.home_stats(before=dt.date(2026, 11, 30)) is None
        rolling = await client.home_stats(time_range=30, stat_id="top_users", stats_count=3)
    dated = [r for r in fake.calls("get_home_stats") if "after" in r.params or "before" in r.params]
    assert dated == []  # the version says it would fail
    assert len(fake.calls("get_tautulli_info")) == 1
    assert rolling is not None
    [users] = rolling
    assert users.stat_id == "top_users"
    assert len(users.rows) == 3
    assert [row.total_plays for row in users.rows] == sorted(
        [row.total_plays or 0 for row in users.rows], reverse=True
    )


@pytest.mark.anyio
@pytest.mark.parametrize("version", ["v2.13.4", "v2.17.0", "v2.17.1", "nightly", "v1.9"])
async def test_versions_whose_home_stats_take_no_dates_are_not_asked(version: str) -> None:
    # Before 2.14.0 Tautulli ignores before/after and answers its rolling 30 days: taking that
    # answer for the dates would be wrong without an error to tell.
    log = generated_log(now=NOW, days=60, plays_per_day=3)
    with FakeTautulli(log=log, version=version) as fake:
        async with TautulliClient(fake.url, fake.api_key) as client:
            assert await client.home_stats(after=dt.date(2026, 11, 1)) is None
        assert fake.calls("get_home_stats") == []


@pytest.mark.anyio
@pytest.mark.parametrize("version", ["v2.14.0", "v2.16.1", "v2.17.3", "v2.18.0-beta"])
async def test_dated_home_stats_are_used_where_they_work(version: str) -> None:
    log = generated_log(now=NOW, days=60, plays_per_day=3)
    with FakeTautulli(log=log, version=version) as fake:
        async with TautulliClient(fake.url, fake.api_key, cache_ttl=0) as client:
            first = await client.home_stats(
                after=dt.date(2026, 11, 1), before=dt.date(2026, 11, 30), stat_id="top_users"
            )
            again = await client.home_stats(after=dt.date(2026, 11, 1), user_id=7, grouping=False)
        assert first is not None and again is not None
        in_november = {
            s.reference_id
            for s in log.sessions
            if dt.date(2026, 11, 1) <= log.local_date(s.started) <= dt.date(2026, 11, 30)
        }
        assert sum(row.total_plays or 0 for row in first[0].rows) == len(in_november)
        params = fake.calls("get_home_stats")[1].params
        assert (params["user_id"], params["grouping"]) == ("7", "0")
        assert len(fake.calls("get_tautulli_info")) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("failure", ["error", "server", "shape"])
async def test_a_failed_dated_call_is_tried_once_and_then_left_to_the_history(
    fake: FakeTautulli, failure: str
) -> None:
    fake.version = "v2.18.0"
    if failure == "error":
        error = {"response": {"result": "error", "message": None, "data": {}}}
        fake.answer(error, status=400, command="get_home_stats")
    elif failure == "server":
        fake.fail(500, command="get_home_stats")
    else:
        fake.send_wrong_shape(command="get_home_stats")
    async with TautulliClient(fake.url, fake.api_key, retries=0) as client:
        assert await client.home_stats(after=dt.date(2026, 11, 1), stat_id="top_users") is None
        assert await client.home_stats(before=dt.date(2026, 11, 30)) is None
    dated = [r for r in fake.calls("get_home_stats") if "after" in r.params or "before" in r.params]
    assert len(dated) == 1


@pytest.mark.anyio
async def test_other_home_stats_failures_still_raise(fake: FakeTautulli) -> None:
    fake.fail(500)
    async with TautulliClient(fake.url, fake.api_key, retries=0) as client:
        with pytest.raises(TautulliBadResponse, match="HTTP 500"):
            await client.home_stats(time_range=30)


@pytest.mark.anyio
async def test_libraries_come_from_tautullis_database(fake: FakeTautulli) -> None:
    async with TautulliClient(fake.url, fake.api_key) as client:
        libraries = await client.libraries()
    assert [(lib.section_id, lib.section_name, lib.section_type) for lib in libraries] == [
        (lib.section_id, lib.section_name, lib.section_type) for lib in DEFAULT_LIBRARIES
    ]
    assert [r.cmd for r in fake.requests] == ["get_library_names"]


@pytest.mark.anyio
async def test_history_page_rejects_a_bad_window(fake: FakeTautulli) -> None:
    async with TautulliClient(fake.url, fake.api_key) as client:
        with pytest.raises(ValueError, match="length"):
            await client.history_page(length=0)
    assert fake.requests == []


@pytest.mark.anyio
async def test_concurrent_dated_home_stats_try_tautulli_once(fake: FakeTautulli) -> None:
    fake.version = "v2.17.3"  # worth a try, and the try fails
    error = {"response": {"result": "error", "message": None, "data": {}}}
    fake.answer(error, status=400, command="get_home_stats")
    answers: list[object] = []

    async def ask(day: int) -> None:
        answers.append(await client.home_stats(after=dt.date(2026, 11, day)))

    async with TautulliClient(fake.url, fake.api_key) as client:
        async with anyio.create_task_group() as group:
            for day in (1, 2, 3):
                group.start_soon(ask, day)
    assert answers == [None, None, None]
    assert len(fake.calls("get_home_stats")) == 1


@pytest.mark.anyio
async def test_history_by_media_type_and_odd_years(fake: FakeTautulli) -> None:
    async with TautulliClient(fake.url, fake.api_key) as client:
        page = await client.history_page(media_type="track", length=3)
    assert {row.media_type for row in page.data} == {"track"}
    assert fake.requests[0].params["media_type"] == "track"
    row = msgspec.convert(
        {"reference_id": 1, "row_id": 1, "started": 0, "stopped": 1, "user_id": 1,
         "media_type": "movie", "year": "", "play_duration": None},
        HistoryRow,
    )  # fmt: skip
    assert (row.year_number, row.seconds) == (None, 0)
    assert page.data[0].year_number == page.data[0].year


def test_a_tautulli_before_2_12_3_gives_watch_time_as_duration() -> None:
    # Its get_history sent no play_duration; "duration" already left the pauses out.
    old = {"reference_id": 1, "row_id": 1, "started": 0, "stopped": 4000, "user_id": 1,
           "media_type": "movie", "duration": 3400, "paused_counter": 600}  # fmt: skip
    assert msgspec.convert(old, HistoryRow).seconds == 3400
    new = {**old, "play_duration": 3000}
    assert msgspec.convert(new, HistoryRow).seconds == 3000


def test_latency_is_chosen_per_command(log: PlayLog) -> None:
    asked: list[str | None] = []

    def latency(cmd: str | None) -> float:
        asked.append(cmd)
        return 0.0

    with FakeTautulli(log=log, latency=latency) as fake:
        users = get(fake, cmd="get_users").json()["response"]["data"]
    assert asked == ["get_users"]
    assert [u["user_id"] for u in users] == [u.user_id for u in default_users()]
