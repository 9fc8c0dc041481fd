"""A week's or a month's digest from Tautulli: every call at once, then summed up here
(a year's is gathered in ``_year``, without reading its history).

Exact windows come from ``get_history`` (``after``/``before``, paged; plays grouped the way
Tautulli's History page groups them) and the daily series of ``get_plays_by_date``;
``get_home_stats`` is not used, as it cannot take dates on Tautulli 2.17.0-2.17.2 and its
rolling windows do not line up with a period. The library split is exact: a library that is
the only one of its type (movies, shows, music) gets every play of that media type; libraries
sharing a type (say "TV Shows" and "Anime") get their own ``section_id`` history.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Coroutine
from typing import Any
from zoneinfo import ZoneInfo

import anyio

from renderer.digest._plays import (
    Play,
    busiest_day,
    busiest_hour,
    grouped_plays,
    most_popular,
    peak,
    placed_within,
    shares,
    top_person,
    top_titles,
    weight,
)
from renderer.digest._series import (
    daily_totals,
    first_held,
    monthly_totals,
    plays_in,
    record_of_days,
    series_start,
)
from renderer.digest._year import gather_year
from renderer.digest.model import Change, Digest, RankBy, Share
from renderer.digest.periods import Period
from renderer.tautulli import (
    GraphData,
    HistoryRow,
    TautulliClient,
    TautulliCommandUnknown,
    TautulliLibrary,
)

logger = logging.getLogger(__name__)

MEDIA_OF_LIBRARY = {"movie": "movie", "show": "episode", "artist": "track"}
"""The history ``media_type`` a library type plays as."""


class _Found:
    """What the concurrent calls bring back."""

    def __init__(self) -> None:
        self.rows: list[HistoryRow] = []
        self.previous_rows: list[HistoryRow] = []
        self.daily: GraphData | None = None
        self.monthly: GraphData | None = None
        self.libraries: list[TautulliLibrary] = []
        self.section_rows: dict[int, list[HistoryRow]] = {}


async def gather_digest(
    client: TautulliClient, period: Period, *, tz: ZoneInfo, rank_by: RankBy, today: dt.date
) -> Digest:
    """The digest of ``period`` (local dates of Tautulli's time zone; ``tz`` places hours and
    the peak), compared with ``period.previous()``. ``today`` is the local date now: graph
    windows count back from it."""
    if period.kind == "year":
        return await gather_year(client, period, rank_by=rank_by, today=today)
    previous = period.previous()
    found = _Found()

    async def rows() -> None:
        found.rows = await client.history(after=period.start, before=period.end, grouping=False)

    async def previous_rows() -> None:
        found.previous_rows = await client.history(
            after=previous.start, before=previous.end, grouping=False
        )

    async def daily() -> None:
        # One day more than needed, in case Tautulli's clock is a day ahead of ours.
        days = max(1, (today - series_start(period)).days + 2)
        found.daily = await client.graph("get_plays_by_date", time_range=days)

    async def monthly() -> None:
        # Months before the daily series' reach tell whether its first weeks are held whole.
        start = series_start(period)
        months = (today.year - start.year) * 12 + today.month - start.month + 2
        found.monthly = await client.graph("get_plays_per_month", time_range=months)

    async def libraries() -> None:
        try:
            found.libraries = await client.libraries()
        except TautulliCommandUnknown:
            return
        async with anyio.create_task_group() as group:
            for library in _sharing_a_type(found.libraries):
                group.start_soon(section, library.section_id)

    async def section(section_id: int) -> None:
        found.section_rows[section_id] = await client.history(
            after=period.start, before=period.end, section_id=section_id, grouping=False
        )

    calls: list[Callable[[], Coroutine[Any, Any, None]]] = [
        rows,
        previous_rows,
        daily,
        monthly,
        libraries,
    ]
    async with anyio.create_task_group() as group:
        for call in calls:
            group.start_soon(call)
    if found.daily is not None:
        _warn_of_another_zone(found.daily, today, tz)
    return _digest(period, previous, found, tz=tz, rank_by=rank_by)


def _warn_of_another_zone(daily: GraphData, today: dt.date, tz: ZoneInfo) -> None:
    """Say so when Tautulli's today (the daily series' last date) is not ours: its time zone
    is then another than ``TIMEZONE``. Seen only in the hours the two dates differ."""
    theirs = daily.categories[-1] if daily.categories else None
    if theirs is not None and theirs != today.isoformat():
        logger.warning(
            "Tautulli's today is %s but today in TIMEZONE (%s) is %s: set TIMEZONE to "
            "Tautulli's time zone, or busiest days and hours count only part of a period",
            theirs,
            tz.key,
            today.isoformat(),
        )


def _sharing_a_type(libraries: list[TautulliLibrary]) -> list[TautulliLibrary]:
    by_type: dict[str, list[TautulliLibrary]] = defaultdict(list)
    for library in libraries:
        if library.section_type in MEDIA_OF_LIBRARY:
            by_type[library.section_type].append(library)
    return [library for group in by_type.values() if len(group) > 1 for library in group]


def _digest(
    period: Period, previous: Period, found: _Found, *, tz: ZoneInfo, rank_by: RankBy
) -> Digest:
    plays = grouped_plays(found.rows)
    before = grouped_plays(found.previous_rows)
    daily = daily_totals(found.daily) if found.daily is not None else {}
    monthly = monthly_totals(found.monthly) if found.monthly is not None else None
    held_from = first_held(daily, monthly)
    # Compare only with a period Tautulli held whole: one begun part-way through would show
    # a young server's first days as a leap ("+950 %").
    compare = held_from is not None and held_from <= previous.start
    placed = placed_within(plays, period.start, period.end, tz)
    tops = top_titles(plays, rank_by)
    platforms = shares(plays, lambda play: play.first.platform, rank_by)
    record = record_of_days(period, daily, held_from)
    return Digest(
        period=period,
        previous=previous,
        rank_by=rank_by,
        plays=_change(len(plays), len(before), compare),
        seconds=_change(_seconds(plays), _seconds(before), compare),
        active_users=_change(_users(plays), _users(before), compare),
        top_movies=tops["movies"],
        top_shows=tops["shows"],
        top_artists=tops["artists"],
        most_popular=most_popular(plays),
        busiest_day=busiest_day(placed, tz),
        busiest_hour=busiest_hour(placed, tz),
        peak=peak(placed_within(found.rows, period.start, period.end, tz), tz),
        top_platform=platforms[0] if platforms else None,
        libraries=_library_split(plays, found, rank_by),
        top_user=top_person(plays, rank_by),
        record=record,
        daily_plays=plays_in(daily, period),
        previous_daily_plays=plays_in(daily, previous),
    )


def _change(current: int, previous: int, compare: bool) -> Change:
    return Change(current, previous if compare else None)


def _seconds(plays: list[Play]) -> int:
    return sum(play.seconds for play in plays)


def _users(plays: list[Play]) -> int:
    return len({play.user_id for play in plays})


def _library_split(plays: list[Play], found: _Found, rank_by: RankBy) -> tuple[Share, ...]:
    name_of_media: dict[str, str] = {}
    per_section: list[Share] = []
    for library in found.libraries:
        media = MEDIA_OF_LIBRARY.get(library.section_type)
        if media is None:
            continue
        rows = found.section_rows.get(library.section_id)
        if rows is None:
            name_of_media[media] = library.section_name
        else:
            per_section += _named(grouped_plays(rows), library.section_name, rank_by)
    by_media = shares(plays, lambda play: name_of_media.get(play.media_type), rank_by)
    split = by_media + per_section
    split.sort(key=lambda s: (*(-w for w in weight(s.plays, s.seconds, rank_by)), s.name))
    return tuple(split)


def _named(plays: list[Play], name: str, rank_by: RankBy) -> list[Share]:
    return shares(plays, lambda _play: name, rank_by)
