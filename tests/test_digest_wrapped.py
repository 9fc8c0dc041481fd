"""gather_wrapped against the fake's play log: one user's year, counted here by hand."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

from renderer.digest import RankBy, Streak, Wrapped, gather_wrapped
from renderer.tautulli import TautulliClient
from tests.fakes.tautulli import FakeTautulli
from tests.fakes.tautulli_log import (
    DEFAULT_LIBRARIES,
    PlayLog,
    Session,
    default_items,
    default_users,
    generated_log,
)

TZ = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=TZ)
TODAY = NOW.date()
USER = 1002


@pytest.fixture(scope="module")
def log() -> PlayLog:
    return generated_log(now=NOW, tz=TZ, plays_per_day=8)


@pytest.fixture
def fake(log: PlayLog) -> Iterator[FakeTautulli]:
    with FakeTautulli(log=log) as fake:
        yield fake


async def wrapped_of(
    fake: FakeTautulli, user_id: int = USER, rank_by: RankBy = "plays", year: int = 2026
) -> Wrapped:
    async with TautulliClient(fake.url, fake.api_key) as client:
        return await gather_wrapped(client, year, user_id, tz=TZ, rank_by=rank_by, today=TODAY)


def year_sessions(log: PlayLog, user_id: int | None = None) -> list[Session]:
    return [
        s
        for s in log.sessions
        if log.local_date(s.started).year == 2026 and user_id in (None, s.user_id)
    ]


def plays_of(sessions: list[Session]) -> list[list[Session]]:
    plays: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        plays[session.reference_id].append(session)
    return list(plays.values())


def seconds(sessions: list[Session]) -> int:
    return sum(s.stopped - s.started - s.paused for s in sessions)


@pytest.mark.anyio
async def test_a_users_year_matches_the_log(fake: FakeTautulli, log: PlayLog) -> None:
    wrapped = await wrapped_of(fake)
    mine = year_sessions(log, USER)
    plays = plays_of(mine)
    assert (wrapped.year, wrapped.user_id, wrapped.name) == (2026, USER, "Chloe Dunn")
    assert wrapped.so_far  # today is in December 2026
    assert (wrapped.plays, wrapped.seconds) == (len(plays), seconds(mine))

    monthly = [0] * 12
    for session in mine:
        monthly[dt.datetime.fromtimestamp(session.started, TZ).month - 1] += (
            session.stopped - session.started - session.paused
        )
    assert wrapped.monthly_seconds == tuple(monthly)
    assert wrapped.monthly_seconds[11] < max(monthly)  # December has barely begun
    assert wrapped.busiest_month == (monthly.index(max(monthly)) + 1, max(monthly))

    weekdays = Counter(dt.datetime.fromtimestamp(p[0].started, TZ).weekday() for p in plays)
    hours = Counter(dt.datetime.fromtimestamp(p[0].started, TZ).hour for p in plays)
    assert weekdays[wrapped.favourite_weekday or 0] == max(weekdays.values())
    assert hours[wrapped.favourite_hour or 0] == max(hours.values())

    shows: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for play in plays:
        if play[0].item.media_type == "episode":
            shows[play[0].item.grandparent_title][0] += 1
            shows[play[0].item.grandparent_title][1] += seconds(play)
    ranked = sorted(shows.items(), key=lambda e: (-e[1][0], -e[1][1], e[0]))[:5]
    assert [(t.title, t.plays, t.seconds) for t in wrapped.top_shows] == [
        (name, n, s) for name, (n, s) in ranked
    ]
    assert all(t.users == 1 for t in wrapped.top_movies)

    days = sorted({dt.datetime.fromtimestamp(s.started, TZ).date() for s in mine})
    longest, run = 1, 1
    for before, day in itertools.pairwise(days):
        run = run + 1 if (day - before).days == 1 else 1
        longest = max(longest, run)
    assert wrapped.longest_streak is not None
    assert wrapped.longest_streak.days == longest
    assert (wrapped.longest_streak.end - wrapped.longest_streak.start).days == longest - 1


@pytest.mark.anyio
@pytest.mark.parametrize("rank_by", ["plays", "duration"])
async def test_percentile_from_one_call_per_user(
    fake: FakeTautulli, log: PlayLog, rank_by: RankBy
) -> None:
    wrapped = await wrapped_of(fake, rank_by=rank_by)
    everyone = year_sessions(log)
    measure: dict[int, int] = {}
    for user in {s.user_id for s in everyone}:
        theirs = [s for s in everyone if s.user_id == user]
        measure[user] = len(plays_of(theirs)) if rank_by == "plays" else seconds(theirs)
    below = sum(1 for user, value in measure.items() if user != USER and value < measure[USER])
    assert len(measure) >= 5
    assert wrapped.percentile == pytest.approx(below / (len(measure) - 1) * 100)
    # 2.17.2 cannot give dated home stats: never asked, each user was counted instead.
    assert fake.calls("get_home_stats") == []
    if rank_by == "plays":
        counted = [r for r in fake.calls("get_history") if r.params.get("length") == "1"]
    else:
        counted = fake.calls("get_plays_by_date")
        assert {r.params["y_axis"] for r in counted} == {"duration"}
    assert {r.params["user_id"] for r in counted} == {str(u.user_id) for u in default_users()}


@pytest.mark.anyio
async def test_percentile_from_the_dated_home_stats_where_they_work(fake: FakeTautulli) -> None:
    fake.version = "v2.16.1"
    rows = [{"user_id": 1000 + n, "total_plays": 50 - n, "total_duration": 1} for n in range(6)]
    card = {"stat_id": "top_users", "stat_type": "total_plays", "rows": rows}
    fake.answer(
        {"response": {"result": "success", "message": None, "data": [card]}},
        command="get_home_stats",
    )
    wrapped = await wrapped_of(fake)  # user 1002: third of six, out-watched three of five
    assert wrapped.percentile == pytest.approx(60.0)
    assert not [r for r in fake.calls("get_history") if r.params.get("length") == "1"]


def small_log() -> PlayLog:
    log = PlayLog(TZ, NOW, default_users(), list(DEFAULT_LIBRARIES))
    items = default_items()
    movie = next(i for i in items if i.media_type == "movie")
    episode = next(i for i in items if i.media_type == "episode")
    # Three days in a row in March, the last play resumed after midnight (a fourth day); two
    # days in May. Tuesday evenings win the weekday and the hour.
    log.play(USER, movie, dt.datetime(2026, 3, 2, 20, 0), 3000)  # Monday
    log.play(USER, episode, dt.datetime(2026, 3, 3, 21, 0), 1200)  # Tuesday
    log.play(
        USER,
        episode,
        dt.datetime(2026, 3, 4, 23, 40),
        600,
        resumed=[(dt.datetime(2026, 3, 5, 0, 30), 300)],
    )
    log.play(USER, episode, dt.datetime(2026, 5, 5, 21, 10), 1200)  # Tuesday
    log.play(USER, episode, dt.datetime(2026, 5, 6, 21, 20), 1200)
    log.play(1003, movie, dt.datetime(2026, 5, 6, 21, 20), 1200)
    return log


@pytest.mark.anyio
async def test_streak_month_weekday_hour_by_hand() -> None:
    with FakeTautulli(log=small_log()) as fake:
        wrapped = await wrapped_of(fake)
    assert (wrapped.plays, wrapped.seconds) == (5, 3000 + 1200 + 900 + 2400)
    assert wrapped.longest_streak == Streak(4, dt.date(2026, 3, 2), dt.date(2026, 3, 5))
    assert wrapped.busiest_month == (3, 5100)
    assert wrapped.monthly_seconds[2:5] == (5100, 0, 2400)
    assert wrapped.favourite_weekday == 1
    assert wrapped.favourite_hour == 21
    assert [(t.title, t.plays) for t in wrapped.top_shows] == [("Show 1", 4)]
    assert wrapped.percentile is None  # two active users


@pytest.mark.anyio
async def test_a_year_without_plays_and_a_year_not_begun() -> None:
    with FakeTautulli(log=small_log()) as fake:
        empty = await wrapped_of(fake, year=2025)
        with pytest.raises(ValueError, match="before this year"):
            await wrapped_of(fake, year=2027)
    assert (empty.plays, empty.seconds, empty.name) == (0, 0, "Chloe Dunn")
    assert not empty.so_far
    assert empty.busiest_month is None and empty.longest_streak is None
    assert empty.favourite_weekday is None and empty.favourite_hour is None
    assert empty.top_movies == empty.top_shows == empty.top_artists == ()
    assert empty.monthly_seconds == (0,) * 12
    assert empty.percentile is None


@pytest.mark.anyio
async def test_a_user_tautulli_no_longer_lists(fake: FakeTautulli) -> None:
    fake.answer(
        {"response": {"result": "success", "message": None, "data": []}}, command="get_users"
    )
    known = await wrapped_of(fake)
    nobody = await wrapped_of(fake, user_id=4242)
    assert known.name == "Chloe Dunn"  # from the history rows
    assert (nobody.name, nobody.plays) == ("4242", 0)


@pytest.mark.anyio
async def test_dated_home_stats_without_a_top_users_card_fall_back(
    fake: FakeTautulli, log: PlayLog
) -> None:
    # An older Tautulli that answers dated calls but has no such card.
    fake.version = "v2.14.0"
    card = {"stat_id": "top_movies", "stat_type": "total_plays", "rows": []}
    fake.answer(
        {"response": {"result": "success", "message": None, "data": [card]}},
        command="get_home_stats",
    )
    wrapped = await wrapped_of(fake)
    assert wrapped.percentile is not None
    counted = [r for r in fake.calls("get_history") if r.params.get("length") == "1"]
    assert len(counted) == len(default_users())


@pytest.mark.anyio
async def test_a_bot_west_of_tautulli_keeps_the_year_in_the_year() -> None:
    utc = ZoneInfo("UTC")
    log = PlayLog(utc, dt.datetime(2026, 12, 3, 12, 0, tzinfo=utc), default_users(), [])
    log.libraries = list(DEFAULT_LIBRARIES)
    movie = next(i for i in default_items() if i.media_type == "movie")
    # New Year's Day 01:00-04:00 in Tautulli's UTC is New Year's Eve of 2025 in New York.
    for hour in (1, 2, 3, 4):
        log.play(USER, movie, dt.datetime(2026, 1, 1, hour, 0), 1800)
    log.play(USER, movie, dt.datetime(2026, 1, 2, 20, 0), 600)
    with FakeTautulli(log=log) as fake:
        wrapped = await wrapped_of(fake)  # the bot in America/New_York
    assert wrapped.plays == 5  # Tautulli's dates
    assert wrapped.monthly_seconds[11] == 0  # nothing lands in December 2026
    assert wrapped.busiest_month == (1, 600)
    assert wrapped.longest_streak == Streak(1, dt.date(2026, 1, 2), dt.date(2026, 1, 2))
    assert wrapped.favourite_hour == 15


@pytest.mark.anyio
@pytest.mark.parametrize("version", ["v2.13.4", "v2.16.1"])
async def test_a_tautulli_without_dated_home_stats_or_failing_them_still_gives_a_percentile(
    fake: FakeTautulli, version: str
) -> None:
    # 2.13.4 would answer its rolling 30 days for the year; a 2.16.1 here fails the dated call.
    fake.version = version
    fake.fail(500, command="get_home_stats")
    wrapped = await wrapped_of(fake)
    assert wrapped.percentile is not None
    dated = [r for r in fake.calls("get_home_stats") if "after" in r.params]
    assert len(dated) == (0 if version == "v2.13.4" else 3)  # one try, with its retries
    counted = [r for r in fake.calls("get_history") if r.params.get("length") == "1"]
    assert len(counted) == len(default_users())
