"""One user's year from Tautulli: their history, paged, and how they compare with the others.

The comparison asks ``get_home_stats`` for the year's ``top_users`` card where the dated call
works (one call). Otherwise it asks once per user: by plays, ``get_history`` with ``length=1``,
whose ``recordsFiltered`` is the user's grouped plays in the year; by watch time, the user's
daily ``get_plays_by_date`` series in seconds, summed over the year's dates (``get_history``'s
``filter_duration`` counts only the rows of the page it sends). Every user, this one included,
is measured the same way, so the percentile compares like with like.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from zoneinfo import ZoneInfo

import anyio

from renderer.digest._plays import (
    Play,
    grouped_plays,
    local,
    placed_within,
    top_titles,
    weight,
)
from renderer.digest._series import daily_totals, plays_in
from renderer.digest.model import RankBy, Streak, Wrapped
from renderer.digest.periods import Period
from renderer.tautulli import HistoryRow, TautulliClient, TautulliUser

type _Key = Callable[[Play], int]

MIN_ACTIVE_USERS = 5
"""Fewer active users than this and a percentile would all but name the others."""


async def gather_wrapped(
    client: TautulliClient,
    year: int,
    user_id: int,
    *,
    tz: ZoneInfo,
    rank_by: RankBy,
    today: dt.date,
) -> Wrapped:
    """``user_id``'s ``year`` up to ``today`` (a year not begun yet is a ValueError)."""
    period = Period("year", dt.date(year, 1, 1), dt.date(year, 12, 31)).so_far(today)
    rows: list[HistoryRow] = []
    users: list[TautulliUser] = []

    async def history() -> None:
        rows.extend(
            await client.history(
                after=period.start, before=period.end, user_id=user_id, grouping=False
            )
        )

    async def people() -> None:
        users.extend(await client.users())

    async with anyio.create_task_group() as group:
        group.start_soon(history)
        group.start_soon(people)
    plays = grouped_plays(rows)
    percentile = None
    if plays:
        measures = await _measures(client, period, users, rank_by, today)
        percentile = _percentile(measures, user_id)
    return _wrapped(period, user_id, rows, plays, users, tz=tz, rank_by=rank_by, pct=percentile)


async def _measures(
    client: TautulliClient,
    period: Period,
    users: list[TautulliUser],
    rank_by: RankBy,
    today: dt.date,
) -> dict[int, int]:
    """Each active user's plays or watch seconds in ``period`` (users without a play left out)."""
    stats = await client.home_stats(
        after=period.start,
        before=period.end,
        stat_id="top_users",
        stats_count=max(len(users), 1) * 2,
        stats_type=rank_by,
    )
    card = next((s for s in stats or () if s.stat_id == "top_users"), None)
    if card is not None:
        measured: dict[int, int] = {}
        for row in card.rows:
            value = row.total_plays if rank_by == "plays" else row.total_duration
            if row.user_id is not None and value:
                measured[row.user_id] = value
        return measured

    found: dict[int, int] = {}
    # One day more than needed, in case Tautulli's clock is a day ahead of ours.
    days = (today - period.start).days + 2

    async def measure(user: TautulliUser) -> None:
        if rank_by == "plays":
            page = await client.history_page(
                after=period.start, before=period.end, user_id=user.user_id, length=1
            )
            value = page.filtered
        else:
            graph = await client.graph(
                "get_plays_by_date", time_range=days, y_axis="duration", user_id=user.user_id
            )
            value = sum(plays_in(daily_totals(graph), period))
        if value:
            found[user.user_id] = value

    async with anyio.create_task_group() as group:
        for user in users:
            group.start_soon(measure, user)
    return found


def _percentile(measures: dict[int, int], user_id: int) -> float | None:
    """The share of the other active users this one out-watched, when enough are active."""
    mine = measures.get(user_id)
    if mine is None or len(measures) < MIN_ACTIVE_USERS:
        return None
    others = [value for other, value in measures.items() if other != user_id]
    return sum(1 for value in others if value < mine) / len(others) * 100


def _wrapped(
    period: Period,
    user_id: int,
    rows: list[HistoryRow],
    plays: list[Play],
    users: list[TautulliUser],
    *,
    tz: ZoneInfo,
    rank_by: RankBy,
    pct: float | None,
) -> Wrapped:
    user = next((u for u in users if u.user_id == user_id), None)
    first = plays[0].first if plays else None
    if user is not None:
        name = user.name
    elif first is not None:
        name = first.friendly_name or first.user or str(user_id)
    else:
        name = str(user_id)
    # Placed in ``tz``: only what falls within the year there (see ``placed_within``).
    rows = placed_within(rows, period.start, period.end, tz)
    placed = placed_within(plays, period.start, period.end, tz)
    monthly = [0] * 12
    for row in rows:
        monthly[local(row.started, tz).month - 1] += row.seconds
    busiest = max(range(12), key=lambda m: (monthly[m], -m)) if any(monthly) else None
    tops = top_titles(plays, rank_by)
    return Wrapped(
        year=period.start.year,
        user_id=user_id,
        name=name,
        rank_by=rank_by,
        plays=len(plays),
        seconds=sum(play.seconds for play in plays),
        top_movies=tops["movies"],
        top_shows=tops["shows"],
        top_artists=tops["artists"],
        busiest_month=(busiest + 1, monthly[busiest]) if busiest is not None else None,
        favourite_weekday=_favourite(placed, lambda p: local(p.started, tz).weekday(), rank_by),
        favourite_hour=_favourite(placed, lambda p: local(p.started, tz).hour, rank_by),
        longest_streak=_longest_streak({local(row.started, tz).date() for row in rows}),
        percentile=pct,
        monthly_seconds=tuple(monthly),
        so_far=not period.complete,
    )


def _favourite(plays: list[Play], key: _Key, rank_by: RankBy) -> int | None:
    counts: Counter[int] = Counter()
    seconds: Counter[int] = Counter()
    for play in plays:
        counts[key(play)] += 1
        seconds[key(play)] += play.seconds
    if not counts:
        return None
    return min(counts, key=lambda k: (*(-w for w in weight(counts[k], seconds[k], rank_by)), k))


def _longest_streak(days: set[dt.date]) -> Streak | None:
    """The longest run of consecutive days (the earliest of equals)."""
    best: Streak | None = None
    for day in sorted(days):
        if day - dt.timedelta(days=1) in days:
            continue  # not the start of a run
        end = day
        while end + dt.timedelta(days=1) in days:
            end += dt.timedelta(days=1)
        length = (end - day).days + 1
        if best is None or length > best.days:
            best = Streak(length, day, end)
    return best
