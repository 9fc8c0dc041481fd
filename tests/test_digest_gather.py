"""gather_digest against the fake Tautulli's play log: every number worked out here, from the
log itself, the way a person would count it."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

from renderer.digest import Digest, Period, RankBy, gather_digest, last_complete
from renderer.digest._series import (
    daily_totals,
    first_held,
    monthly_totals,
    record_of_days,
    record_of_years,
)
from renderer.tautulli import GraphData, GraphSeries, TautulliClient
from tests.fakes.tautulli import FakeTautulli
from tests.fakes.tautulli_log import (
    DEFAULT_LIBRARIES,
    LogLibrary,
    PlayLog,
    Session,
    default_items,
    default_users,
    generated_log,
)

TZ = ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=TZ)
TODAY = NOW.date()


@pytest.fixture(scope="module")
def log() -> PlayLog:
    return generated_log(now=NOW, tz=TZ)


@pytest.fixture(scope="module")
def fake(log: PlayLog) -> Iterator[FakeTautulli]:
    with FakeTautulli(log=log) as fake:
        yield fake


def hand_log(now: dt.datetime = NOW) -> PlayLog:
    return PlayLog(TZ, now, default_users(), list(DEFAULT_LIBRARIES))


async def digest_of(
    fake: FakeTautulli,
    period: Period,
    rank_by: RankBy = "plays",
    today: dt.date = TODAY,
    *,
    max_concurrent: int = 4,
) -> Digest:
    async with TautulliClient(
        fake.url, fake.api_key, cache_ttl=0, max_concurrent=max_concurrent
    ) as client:
        return await gather_digest(client, period, tz=TZ, rank_by=rank_by, today=today)


# -- counting by hand ---------------------------------------------------------------------------


def day_of(log: PlayLog, epoch: int) -> dt.date:
    return dt.datetime.fromtimestamp(epoch, TZ).date()


def sessions_in(log: PlayLog, period: Period) -> list[Session]:
    return [s for s in log.sessions if period.start <= day_of(log, s.started) <= period.end]


def plays_in(log: PlayLog, period: Period) -> dict[int, list[Session]]:
    plays: dict[int, list[Session]] = defaultdict(list)
    for session in sessions_in(log, period):
        plays[session.reference_id].append(session)
    return plays


def totals(log: PlayLog, period: Period) -> tuple[int, int, int]:
    plays = plays_in(log, period)
    seconds = sum(s.stopped - s.started - s.paused for g in plays.values() for s in g)
    users = {g[0].user_id for g in plays.values()}
    return len(plays), seconds, len(users)


def daily(log: PlayLog, period: Period) -> tuple[int, ...]:
    """Tautulli's daily series: plays per local day, a play resumed on another day on both."""
    counted = {(day_of(log, s.started), s.reference_id) for s in log.sessions}
    per_day = Counter(day for day, _ in counted)
    return tuple(per_day[day] for day in period.dates())


# -- the generated year -------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["week", "month"])
async def test_totals_and_changes_match_the_log(
    fake: FakeTautulli, log: PlayLog, kind: str
) -> None:
    period = last_complete(kind, TODAY)  # type: ignore[arg-type]
    digest = await digest_of(fake, period)

    plays, seconds, users = totals(log, period)
    before = totals(log, period.previous())
    assert digest.active_users is not None  # weeks and months always count them
    assert (digest.plays.current, digest.seconds.current, digest.active_users.current) == (
        plays,
        seconds,
        users,
    )
    assert (digest.plays.previous, digest.seconds.previous, digest.active_users.previous) == before
    assert digest.plays.delta == plays - before[0]
    assert digest.plays.percent == pytest.approx((plays - before[0]) / before[0] * 100)
    assert digest.daily_plays == daily(log, period)
    assert digest.previous_daily_plays == daily(log, period.previous())
    # Resumed plays count once in the totals, on each of their days in the daily series.
    assert sum(digest.daily_plays) >= plays


@pytest.mark.anyio
@pytest.mark.parametrize("rank_by", ["plays", "duration"])
async def test_top_titles_busiest_and_people_match_the_log(
    fake: FakeTautulli, log: PlayLog, rank_by: RankBy
) -> None:
    period = last_complete("month", TODAY)
    digest = await digest_of(fake, period, rank_by)
    plays = list(plays_in(log, period).values())

    def seconds(group: list[Session]) -> int:
        return sum(s.stopped - s.started - s.paused for s in group)

    def ranked(name_of: dict[int, str]) -> list[tuple[str, int, int]]:
        per: dict[str, list[list[Session]]] = defaultdict(list)
        for group in plays:
            if group[0].item.rating_key in name_of:
                per[name_of[group[0].item.rating_key]].append(group)
        rows = [(name, len(gs), sum(seconds(g) for g in gs)) for name, gs in per.items()]
        if rank_by == "plays":
            rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
        else:
            rows.sort(key=lambda r: (-r[2], -r[1], r[0]))
        return rows[:5]

    items = default_items()
    movies = {i.rating_key: i.title for i in items if i.media_type == "movie"}
    shows = {i.rating_key: i.grandparent_title for i in items if i.media_type == "episode"}
    artists = {i.rating_key: i.grandparent_title for i in items if i.media_type == "track"}
    assert [(t.title, t.plays, t.seconds) for t in digest.top_movies] == ranked(movies)
    assert [(t.title, t.plays, t.seconds) for t in digest.top_shows] == ranked(shows)
    assert [(t.title, t.plays, t.seconds) for t in digest.top_artists] == ranked(artists)
    assert len(digest.top_shows) == 5

    days = Counter(day_of(log, g[0].started) for g in plays)
    best_day = max(days.values())
    assert digest.busiest_day == (min(d for d, n in days.items() if n == best_day), best_day)
    hours = Counter(dt.datetime.fromtimestamp(g[0].started, TZ).hour for g in plays)
    best_hour = max(hours.values())
    assert digest.busiest_hour == (min(h for h, n in hours.items() if n == best_hour), best_hour)

    users_of: dict[str, set[int]] = defaultdict(set)
    for group in plays:
        item = group[0].item
        users_of[item.grandparent_title or item.title].add(group[0].user_id)
    assert digest.most_popular is not None
    assert digest.most_popular.users == max(len(u) for u in users_of.values())

    per_user = Counter(g[0].user_id for g in plays)
    per_user_seconds = Counter[int]()
    for group in plays:
        per_user_seconds[group[0].user_id] += seconds(group)
    assert digest.top_user is not None
    key = per_user if rank_by == "plays" else per_user_seconds
    assert key[digest.top_user.user_id] == max(key.values())
    assert digest.top_user.name == log.user(digest.top_user.user_id).friendly_name


@pytest.mark.anyio
async def test_peak_platform_and_libraries_match_the_log(fake: FakeTautulli, log: PlayLog) -> None:
    period = last_complete("month", TODAY)
    digest = await digest_of(fake, period)
    sessions = sessions_in(log, period)

    def streaming(at: int) -> int:
        return sum(1 for s in sessions if s.started <= at < s.stopped)

    most = max(streaming(s.started) for s in sessions)
    first = min(s.started for s in sessions if streaming(s.started) == most)
    assert digest.peak is not None
    assert (digest.peak.streams, digest.peak.at) == (most, dt.datetime.fromtimestamp(first, TZ))
    assert most >= 2

    plays = list(plays_in(log, period).values())
    platforms = Counter(g[0].platform for g in plays)
    assert digest.top_platform is not None
    assert digest.top_platform.plays == max(platforms.values())

    names = {library.section_id: library.section_name for library in DEFAULT_LIBRARIES}
    per_library = Counter(names[g[0].item.section_id] for g in plays)
    assert {(s.name, s.plays) for s in digest.libraries} == set(per_library.items())
    assert [s.plays for s in digest.libraries] == sorted(per_library.values(), reverse=True)
    # TV Shows and Anime are both show libraries: each was asked for by section.
    sections = {r.params.get("section_id") for r in fake.calls("get_history")}
    assert {"2", "4"} <= sections


@pytest.mark.anyio
async def test_calls_run_concurrently_and_never_ask_for_dated_home_stats() -> None:
    log = weekly_log([2, 3])
    log.libraries = [lib for lib in log.libraries if lib.section_name != "Anime"]
    with FakeTautulli(log=log) as fake:
        # The five calls (this week, last week, the daily and monthly series, the libraries)
        # are held until all five are in flight: sent one after the other, they would fail.
        fake.wait_for_concurrent(5)
        digest = await digest_of(fake, last_complete("week", TODAY), max_concurrent=5)
        assert digest.plays.current > 0
        assert fake.max_in_flight >= 5
        assert fake.calls("get_home_stats") == []


# -- records ------------------------------------------------------------------------------------


def weekly_log(plays_per_week: list[int], *, now: dt.datetime = NOW) -> PlayLog:
    """A log whose weeks (Monday first), oldest first and ending with last week, hold the given
    number of movie plays, each on the week's Wednesday evening."""
    log = hand_log(now)
    movie = next(i for i in default_items() if i.media_type == "movie")
    last_week = last_complete("week", now.date())
    for back, count in enumerate(reversed(plays_per_week)):
        wednesday = last_week.start - dt.timedelta(weeks=back) + dt.timedelta(days=2)
        for n in range(count):
            start = dt.datetime.combine(wednesday, dt.time(18)) + dt.timedelta(minutes=3 * n)
            log.play(1000 + n % 5, movie, start, 120)
    return log


@pytest.mark.anyio
async def test_busiest_week_in_weeks_on_a_young_server() -> None:
    with FakeTautulli(log=weekly_log([3, 5, 4, 6, 9])) as fake:
        digest = await digest_of(fake, last_complete("week", TODAY))
    assert digest.record is not None
    # The first week is held from its Wednesday only: three whole weeks beaten, not 52.
    assert (digest.record.direction, digest.record.beaten) == ("busiest", 3)
    assert not digest.record.whole_window


@pytest.mark.anyio
async def test_busiest_week_of_the_whole_year() -> None:
    with FakeTautulli(log=weekly_log([5] * 60 + [7])) as fake:
        digest = await digest_of(fake, last_complete("week", TODAY))
    assert digest.record is not None
    assert (digest.record.direction, digest.record.beaten) == ("busiest", 52)
    assert digest.record.whole_window


@pytest.mark.anyio
async def test_quietest_streak_and_no_record() -> None:
    with FakeTautulli(log=weekly_log([2, 9, 8, 6, 5, 4])) as fake:
        quiet = await digest_of(fake, last_complete("week", TODAY))
    assert quiet.record is not None
    assert (quiet.record.direction, quiet.record.beaten) == ("quietest", 4)
    with FakeTautulli(log=weekly_log([3, 9, 5, 6])) as fake:
        ordinary = await digest_of(fake, last_complete("week", TODAY))
    assert ordinary.record is None  # beats only one week before a busier one
    with FakeTautulli(log=weekly_log([3, 2, 0])) as fake:
        empty = await digest_of(fake, last_complete("week", TODAY))
    assert empty.record is None  # an empty week is no "quietest" record


@pytest.mark.anyio
async def test_busiest_month_against_twelve() -> None:
    log = hand_log()
    movie = next(i for i in default_items() if i.media_type == "movie")
    last_month = last_complete("month", TODAY)
    for back in range(14):
        month = last_month
        for _ in range(back):
            month = month.previous()
        for n in range(10 if back == 0 else 4 + back % 3):
            log.play(1001, movie, dt.datetime.combine(month.start, dt.time(20, n)), 60)
    with FakeTautulli(log=log) as fake:
        digest = await digest_of(fake, last_month)
    assert digest.record is not None
    assert (digest.record.direction, digest.record.beaten, digest.record.whole_window) == (
        "busiest",
        12,
        True,
    )


# -- thin data ------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_period_without_plays() -> None:
    with FakeTautulli(log=weekly_log([4, 0, 3, 0])) as fake:
        digest = await digest_of(fake, last_complete("week", TODAY))
    assert (digest.plays.current, digest.plays.previous) == (0, 3)
    assert digest.plays.percent == pytest.approx(-100.0)
    assert digest.seconds.current == 0
    assert digest.top_movies == digest.top_shows == digest.top_artists == ()
    assert digest.most_popular is None
    assert digest.busiest_day is digest.busiest_hour is digest.peak is None
    assert digest.top_platform is digest.top_user is None
    assert digest.libraries == ()
    assert digest.daily_plays == (0,) * 7
    assert digest.record is None


@pytest.mark.anyio
async def test_a_server_younger_than_the_previous_period() -> None:
    log = weekly_log([6])
    with FakeTautulli(log=log) as fake:
        digest = await digest_of(fake, last_complete("week", TODAY))
    assert digest.plays.current == 6
    assert digest.plays.previous is None
    assert digest.plays.percent is None and digest.plays.delta is None
    assert digest.active_users is not None and digest.active_users.previous is None
    assert digest.previous_daily_plays == (0,) * 7
    assert digest.record is None


@pytest.mark.anyio
async def test_a_server_with_no_plays_at_all() -> None:
    with FakeTautulli(log=hand_log()) as fake:
        for kind in ("week", "month", "year"):
            digest = await digest_of(fake, last_complete(kind, TODAY))  # type: ignore[arg-type]
            assert digest.plays.current == 0
            assert digest.plays.previous is None
            assert digest.record is None


@pytest.mark.anyio
async def test_a_period_so_far_compares_the_same_days(fake: FakeTautulli, log: PlayLog) -> None:
    week = last_complete("week", TODAY).previous()
    cut = Period("week", week.start, week.start + dt.timedelta(days=2))
    digest = await digest_of(fake, cut)
    assert digest.previous.days == 3
    assert digest.plays.current == totals(log, cut)[0]
    assert digest.plays.previous == totals(log, cut.previous())[0]


def daily_seconds(log: PlayLog, period: Period) -> int:
    return sum(
        s.stopped - s.started - s.paused
        for s in log.sessions
        if period.start <= day_of(log, s.started) <= period.end
    )


@pytest.mark.anyio
async def test_a_year_reads_no_history_and_counts_the_daily_series(log: PlayLog) -> None:
    year = last_complete("year", TODAY)
    with FakeTautulli(log=log) as fake:  # 2.17.2: no home stats for dates
        digest = await digest_of(fake, year)
        assert fake.calls("get_history") == []  # never the whole server's year, page by page
        assert fake.calls("get_plays_per_month")
    assert digest.plays.current == sum(daily(log, year))
    assert digest.seconds.current == daily_seconds(log, year)
    assert digest.plays.previous is None  # the log starts in the autumn of 2025
    assert digest.active_users is None
    assert digest.top_movies == digest.top_shows == digest.top_artists == ()
    assert digest.top_platform is digest.top_user is digest.most_popular is None
    assert digest.busiest_hour is digest.peak is None
    assert digest.libraries == ()
    busiest = max(zip(year.dates(), daily(log, year), strict=True), key=lambda d: d[1])
    assert digest.busiest_day is not None and digest.busiest_day[1] == busiest[1]
    assert len(digest.daily_plays) == 365
    assert digest.daily_plays == daily(log, year)
    assert digest.record is None  # no whole year before it


@pytest.mark.anyio
async def test_a_year_takes_its_lists_from_dated_home_stats_where_they_work(log: PlayLog) -> None:
    year = Period("year", dt.date(2026, 1, 1), dt.date(2026, 12, 31)).so_far(TODAY)
    with FakeTautulli(log=log, version="v2.16.1") as fake:
        digest = await digest_of(fake, year)
        assert fake.calls("get_history") == []
    sessions = sessions_in(log, year)
    by_user = Counter(s.user_id for s in {s.reference_id: s for s in sessions}.values())
    assert digest.active_users is not None
    assert digest.active_users.current == len(by_user)
    assert digest.active_users.previous is None  # 2025 is held from the autumn only
    assert digest.top_user is not None
    assert digest.top_user.plays == max(by_user.values())
    assert len(digest.top_movies) == 5
    movie_plays = [t.plays for t in digest.top_movies]
    assert movie_plays == sorted(movie_plays, reverse=True)
    assert digest.top_platform is not None and digest.libraries
    assert digest.most_popular is not None and digest.most_popular.users > 1
    assert digest.plays.current == sum(daily(log, year))


@pytest.mark.anyio
async def test_without_library_names_or_with_a_photo_library_the_rest_stands() -> None:
    log = weekly_log([2, 3])
    log.libraries = [*log.libraries, LogLibrary(9, "Photos", "photo")]
    with FakeTautulli(log=log) as fake:
        with_photos = await digest_of(fake, last_complete("week", TODAY))
        fake.forget_command("get_library_names")  # as a Tautulli without the command
        without = await digest_of(fake, last_complete("week", TODAY))
    assert [(s.name, s.plays) for s in with_photos.libraries] == [("Movies", 3)]
    assert without.libraries == ()
    assert without.plays.current == with_photos.plays.current == 3


def test_series_categories_that_are_not_dates_or_months_are_skipped() -> None:
    daily = GraphData(["2026-11-30", "yesterday"], [GraphSeries("TV", [2, 5])])
    monthly = GraphData(["Nov 2026", "Brumaire 2026"], [GraphSeries("TV", [4, 1])])
    assert daily_totals(daily) == {dt.date(2026, 11, 30): 2}
    assert monthly_totals(monthly) == {(2026, 11): 4}


@pytest.mark.anyio
async def test_a_server_that_began_during_the_previous_period_shows_no_change() -> None:
    log = hand_log()
    movie = next(i for i in default_items() if i.media_type == "movie")
    last_week = last_complete("week", TODAY)
    sunday_before = last_week.start - dt.timedelta(days=1)
    for n in range(2):  # the server's first plays: the last day of the week before
        log.play(1001, movie, dt.datetime.combine(sunday_before, dt.time(20, n)), 60)
    for n in range(21):
        day = last_week.start + dt.timedelta(days=n % 7)
        log.play(1002, movie, dt.datetime.combine(day, dt.time(19, n)), 60)
    with FakeTautulli(log=log) as fake:
        digest = await digest_of(fake, last_week)
    assert digest.plays.current == 21
    assert digest.plays.previous is digest.seconds.previous is None
    assert digest.active_users is not None and digest.active_users.previous is None
    assert digest.record is None  # the week held in part is no window to beat


def test_a_partial_first_period_is_no_record_window() -> None:
    last_week = last_complete("week", TODAY)
    daily: dict[dt.date, int] = {}
    for back in range(1, 4):  # three whole weeks of 1 play a day before last week
        start = last_week.start - dt.timedelta(weeks=back)
        for d in range(7):
            daily[start + dt.timedelta(days=d)] = 1
    first = last_week.start - dt.timedelta(weeks=4, days=-6)  # only the Sunday of week 4
    daily[first] = 1
    for d in range(7):
        daily[last_week.start + dt.timedelta(days=d)] = 2
    record = record_of_days(last_week, daily, first)
    assert record is not None
    assert record.beaten == 3  # the week held for one day only is no week beaten


def test_a_year_begun_in_its_first_month_is_no_whole_year() -> None:
    year = Period("year", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    monthly = {(y, m): 1 for y in (2023, 2024) for m in range(1, 13)}
    monthly |= {(2025, m): 5 for m in range(1, 13)}
    # A month gives no day: the first play may have come on the 31st of January 2023.
    assert first_held({}, monthly) == dt.date(2023, 1, 31)
    assert record_of_years(year, monthly, first_held({}, monthly)) is None  # 2024 alone


# -- Tautulli's time zone is not the bot's ------------------------------------------------------


@pytest.mark.anyio
async def test_a_bot_west_of_tautulli_never_names_a_day_outside_the_period(
    caplog: pytest.LogCaptureFixture,
) -> None:
    utc = ZoneInfo("UTC")
    new_york = ZoneInfo("America/New_York")
    # 02:00 in Tautulli's UTC is still yesterday in New York.
    log = PlayLog(utc, dt.datetime(2026, 12, 3, 2, 0, tzinfo=utc), default_users(), [])
    log.libraries = list(DEFAULT_LIBRARIES)
    movie = next(i for i in default_items() if i.media_type == "movie")
    week = Period("week", dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    for n in range(5):  # Monday 01:00 UTC: Sunday evening the 22nd in New York
        log.play(1000 + n, movie, dt.datetime(2026, 11, 23, 1, 0), 3600)
    log.play(1001, movie, dt.datetime(2026, 11, 25, 18, 0), 600)
    with FakeTautulli(log=log) as fake:
        async with TautulliClient(fake.url, fake.api_key, cache_ttl=0) as client:
            digest = await gather_digest(
                client, week, tz=new_york, rank_by="plays", today=dt.date(2026, 12, 2)
            )
    assert digest.plays.current == 6  # Tautulli's dates count every play of its week
    assert digest.busiest_day == (dt.date(2026, 11, 25), 1)
    assert digest.busiest_hour == (13, 1)
    assert digest.peak is not None and digest.peak.at.date() == dt.date(2026, 11, 25)
    warnings = [r for r in caplog.records if "TIMEZONE" in r.getMessage()]
    assert len(warnings) == 1
    assert "2026-12-03" in warnings[0].getMessage()
