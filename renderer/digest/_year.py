"""A server-wide year without reading its history: series and, where they work, dated cards.

A busy server's year is tens of thousands of plays, hundreds of ``get_history`` pages, and
Tautulli runs the whole query again for each page. So a year's totals come from the daily
series (``get_plays_by_date`` in plays and in seconds: a play across midnight counts on both
days), its records from the monthly one, and the top lists, platform, libraries, top watcher and
active users from ``get_home_stats`` for the year's dates, on a Tautulli where that call works
(see ``TautulliClient.home_stats``); elsewhere those sections are left out. The busiest hour and
the peak need every session and are left out of a year.
"""

from __future__ import annotations

import datetime as dt

import anyio

from renderer.digest._series import (
    daily_totals,
    first_held,
    monthly_totals,
    plays_in,
    record_of_years,
)
from renderer.digest.model import Change, Digest, Person, RankBy, Share, TitleStat
from renderer.digest.periods import Period
from renderer.tautulli import GraphData, HomeStat, HomeStatRow, TautulliClient

YEARS_BACK = 25
"""How far back a yearly digest looks for earlier years (Plex is younger than that)."""
TOP = 5
CARD_ROWS = 10
"""Rows asked of each card: the top 5 and enough libraries for the split."""
EVERY_USER = 10_000
"""Rows asked of the ``top_users`` card when counting the active users: all of them."""


class _Found:
    def __init__(self) -> None:
        self.daily: GraphData | None = None
        self.seconds: GraphData | None = None
        self.monthly: GraphData | None = None
        self.cards: list[HomeStat] | None = None
        self.users: list[HomeStat] | None = None
        self.previous_users: list[HomeStat] | None = None


async def gather_year(
    client: TautulliClient, period: Period, *, rank_by: RankBy, today: dt.date
) -> Digest:
    """The digest of a year (``period.kind == "year"``), compared with the year before."""
    previous = period.previous()
    found = _Found()
    # One day more than needed, in case Tautulli's clock is a day ahead of ours.
    days = max(1, (today - previous.start).days + 2)

    async def daily() -> None:
        found.daily = await client.graph("get_plays_by_date", time_range=days)

    async def seconds() -> None:
        found.seconds = await client.graph("get_plays_by_date", time_range=days, y_axis="duration")

    async def monthly() -> None:
        months = (today.year - period.start.year + YEARS_BACK) * 12 + today.month
        found.monthly = await client.graph("get_plays_per_month", time_range=months)

    async def cards() -> None:
        found.cards = await client.home_stats(
            after=period.start, before=period.end, stats_count=CARD_ROWS, stats_type=rank_by
        )

    async def users() -> None:
        found.users = await _users_of(client, period, rank_by)

    async def previous_users() -> None:
        found.previous_users = await _users_of(client, previous, rank_by)

    async with anyio.create_task_group() as group:
        for call in (daily, seconds, monthly, cards, users, previous_users):
            group.start_soon(call)
    return _digest(period, previous, found, rank_by)


async def _users_of(
    client: TautulliClient, period: Period, rank_by: RankBy
) -> list[HomeStat] | None:
    return await client.home_stats(
        after=period.start,
        before=period.end,
        stat_id="top_users",
        stats_count=EVERY_USER,
        stats_type=rank_by,
    )


def _digest(period: Period, previous: Period, found: _Found, rank_by: RankBy) -> Digest:
    daily = daily_totals(found.daily) if found.daily is not None else {}
    seconds = daily_totals(found.seconds) if found.seconds is not None else {}
    monthly = monthly_totals(found.monthly) if found.monthly is not None else {}
    held_from = first_held(daily, monthly)
    compare = held_from is not None and held_from <= previous.start

    def change(series: dict[dt.date, int]) -> Change:
        before = sum(plays_in(series, previous)) if compare else None
        return Change(sum(plays_in(series, period)), before)

    users = _card(found.users, "top_users")
    previous_users = _card(found.previous_users, "top_users")
    active: Change | None = None
    if users is not None:
        before = _active(previous_users) if compare and previous_users is not None else None
        active = Change(_active(users), before)
    card = {stat.stat_id: stat.rows for stat in found.cards or ()}
    top_user = next((_person(row) for row in users or () if row.user_id is not None), None)
    return Digest(
        period=period,
        previous=previous,
        rank_by=rank_by,
        plays=change(daily),
        seconds=change(seconds),
        active_users=active,
        top_movies=_titles(card.get("top_movies", [])),
        top_shows=_titles(card.get("top_tv", [])),
        top_artists=_titles(card.get("top_music", [])),
        most_popular=_most_popular(card),
        busiest_day=_busiest_day(daily, period),
        busiest_hour=None,
        peak=None,
        top_platform=next(iter(_shares(card.get("top_platforms", []), "platform")), None),
        libraries=tuple(_shares(card.get("top_libraries", []), "section_name")),
        top_user=top_user,
        record=record_of_years(period, monthly, held_from),
        daily_plays=plays_in(daily, period),
        previous_daily_plays=plays_in(daily, previous),
    )


def _card(stats: list[HomeStat] | None, stat_id: str) -> list[HomeStatRow] | None:
    """A card's rows; None when the dated call did not work or the card is missing."""
    return next((stat.rows for stat in stats or () if stat.stat_id == stat_id), None)


def _active(rows: list[HomeStatRow]) -> int:
    return sum(1 for row in rows if row.total_plays)


def _person(row: HomeStatRow) -> Person:
    user_id = row.user_id or 0
    return Person(
        user_id, row.friendly_name or str(user_id), row.total_plays or 0, row.total_duration or 0
    )


def _year_of(row: HomeStatRow) -> int | None:
    year = row.year
    if isinstance(year, str):
        return int(year) if year.isdigit() else None
    return year


def _title(row: HomeStatRow) -> TitleStat:
    users = row.users_watched
    watched = int(users) if isinstance(users, str) and users.isdigit() else users
    return TitleStat(
        row.title or "?",
        _year_of(row),
        row.total_plays or 0,
        row.total_duration or 0,
        watched if isinstance(watched, int) else 0,
    )


def _titles(rows: list[HomeStatRow]) -> tuple[TitleStat, ...]:
    return tuple(_title(row) for row in rows if row.total_plays)[:TOP]


def _most_popular(card: dict[str, list[HomeStatRow]]) -> TitleStat | None:
    found = [
        _title(row)
        for stat_id in ("popular_movies", "popular_tv", "popular_music")
        for row in card.get(stat_id, [])
    ]
    found = [stat for stat in found if stat.users]
    if not found:
        return None
    return min(found, key=lambda s: (-s.users, -s.plays, s.title))


def _shares(rows: list[HomeStatRow], field: str) -> list[Share]:
    found: list[Share] = []
    for row in rows:
        name = getattr(row, field)
        if isinstance(name, str) and name and row.total_plays:
            found.append(Share(name, row.total_plays, row.total_duration or 0))
    return found


def _busiest_day(daily: dict[dt.date, int], period: Period) -> tuple[dt.date, int] | None:
    """The date of most plays in the daily series (the earliest of equals)."""
    days = [(day, daily.get(day, 0)) for day in period.dates() if daily.get(day, 0)]
    if not days:
        return None
    return min(days, key=lambda item: (-item[1], item[0]))
