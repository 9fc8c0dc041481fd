"""Tautulli's daily and monthly play series, read by date, and the records found in them."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence

from renderer.digest.model import Record
from renderer.digest.periods import Period
from renderer.tautulli import GraphData

WEEKS_COMPARED = 52
MONTHS_COMPARED = 12
MIN_BEATEN = 2
"""A period is a record only when it beats at least this many earlier periods in a row."""

# get_plays_per_month labels months with Python's %b under Tautulli's (English) locale.
_MONTHS = {
    name: number
    for number, name in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}


def _totals(graph: GraphData) -> list[int]:
    """Each category's plays: the ``Total`` series, or the sum of the media series."""
    total = [s for s in graph.series if s.name == "Total"]
    series = total or graph.series
    return [int(sum(s.data[i] for s in series)) for i in range(len(graph.categories))]


def daily_totals(graph: GraphData) -> dict[dt.date, int]:
    """``get_plays_by_date``'s plays per local date (a play resumed on another day counts on
    both); categories that are not dates are skipped."""
    days: dict[dt.date, int] = {}
    for category, total in zip(graph.categories, _totals(graph), strict=True):
        try:
            days[dt.date.fromisoformat(category)] = total
        except ValueError:
            continue
    return days


def monthly_totals(graph: GraphData) -> dict[tuple[int, int], int]:
    """``get_plays_per_month``'s plays per (year, month); unreadable categories are skipped."""
    months: dict[tuple[int, int], int] = {}
    for category, total in zip(graph.categories, _totals(graph), strict=True):
        name, _, year = category.partition(" ")
        if name in _MONTHS and year.isdigit():
            months[(int(year), _MONTHS[name])] = total
    return months


def first_held(
    daily: Mapping[dt.date, int], monthly: Mapping[tuple[int, int], int] | None = None
) -> dt.date | None:
    """The latest day Tautulli's first play can have come on, as far back as the series reach.

    A month gives no day, so a month's plays count from its last day: a period is held whole
    only when the data shows it. When the first category of a series already has plays, the
    data may go further back than it reaches; nothing before that category is compared anyway.
    """
    candidates = [day for day, plays in daily.items() if plays]
    if monthly:
        months = [(y, m) for (y, m), plays in monthly.items() if plays]
        candidates += [dt.date(y, m, calendar.monthrange(y, m)[1]) for y, m in months]
    return min(candidates) if candidates else None


def plays_in(daily: Mapping[dt.date, int], period: Period) -> tuple[int, ...]:
    return tuple(daily.get(day, 0) for day in period.dates())


def earlier_periods(period: Period, count: int) -> list[Period]:
    """The ``count`` periods before ``period``, most recent first (cut like ``previous()``)."""
    found: list[Period] = []
    current = period
    for _ in range(count):
        current = current.previous()
        found.append(current)
    return found


def series_start(period: Period) -> dt.date:
    """The first day the daily series must reach for this period's previous and its records."""
    if period.kind == "week":
        return earlier_periods(period, WEEKS_COMPARED)[-1].start
    if period.kind == "month":
        return earlier_periods(period, MONTHS_COMPARED)[-1].start
    return period.previous().start


def find_record(current: int, earlier: Sequence[int], *, full_window: bool) -> Record | None:
    """Busiest or quietest: ``current`` against ``earlier`` (most recent first; the periods
    Tautulli holds, the first one perhaps only in part). Quietest needs plays in this period:
    an empty one more likely means Tautulli or Plex was down than that nobody watched."""
    for direction in ("busiest", "quietest"):
        beaten = 0
        for plays in earlier:
            if (current > plays) if direction == "busiest" else (0 < current < plays):
                beaten += 1
            else:
                break
        if beaten >= MIN_BEATEN:
            return Record(direction, beaten, whole_window=full_window and beaten == len(earlier))
    return None


def record_of_days(
    period: Period, daily: Mapping[dt.date, int], held_from: dt.date | None
) -> Record | None:
    """Weeks against the last 52, months against the last 12, in daily-series plays."""
    window = WEEKS_COMPARED if period.kind == "week" else MONTHS_COMPARED
    if held_from is None:
        return None
    # A period Tautulli holds only in part would be an unfair one to beat.
    earlier = [p for p in earlier_periods(period, window) if p.start >= held_from]
    return find_record(
        sum(plays_in(daily, period)),
        [sum(plays_in(daily, p)) for p in earlier],
        full_window=len(earlier) == window,
    )


def record_of_years(
    period: Period, monthly: Mapping[tuple[int, int], int], held_from: dt.date | None
) -> Record | None:
    """A whole year against every year before it that Tautulli holds (a year cut short gets
    none: months are the finest the yearly series gives)."""
    if held_from is None or not period.complete:
        return None

    def year_total(year: int) -> int:
        return sum(monthly.get((year, month), 0) for month in range(1, 13))

    first_whole = (
        held_from.year if held_from == dt.date(held_from.year, 1, 1) else held_from.year + 1
    )
    earlier = [year_total(year) for year in range(period.start.year - 1, first_whole - 1, -1)]
    return find_record(year_total(period.start.year), earlier, full_window=True)
