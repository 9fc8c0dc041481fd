"""Digest periods: whole local days, weeks starting on a chosen weekday, calendar months and years.

A period is a run of local dates, both ends inclusive, because Tautulli's exact windows
(``get_history`` ``after``/``before`` and ``get_plays_by_date`` categories) are whole dates.
A period cut short ("this week so far") compares with the same number of days of the one before.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

PeriodKind = Literal["week", "month", "year"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("week", "month", "year")

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Period:
    kind: PeriodKind
    start: dt.date
    end: dt.date
    """The last day counted; before ``natural_end`` when the period is cut short."""
    first_weekday: int = 0
    """0 = Monday ... 6 = Sunday; only weeks use it."""

    def __post_init__(self) -> None:
        if _start_of(self.kind, self.start, self.first_weekday) != self.start or not (
            self.start <= self.end <= self.natural_end
        ):
            raise ValueError(f"{self.start}..{self.end} is not a {self.kind} or the start of one")

    @property
    def natural_end(self) -> dt.date:
        if self.kind == "week":
            return self.start + dt.timedelta(days=6)
        if self.kind == "month":
            last = calendar.monthrange(self.start.year, self.start.month)[1]
            return self.start.replace(day=last)
        return self.start.replace(month=12, day=31)

    @property
    def complete(self) -> bool:
        return self.end == self.natural_end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def dates(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.days)]

    def previous(self) -> Period:
        """The period before; cut to as many days as this one when this one is cut short."""
        whole = period_containing(self.kind, self.start - _DAY, self.first_weekday)
        if self.complete:
            return whole
        end = min(whole.natural_end, whole.start + dt.timedelta(days=self.days - 1))
        return Period(self.kind, whole.start, end, self.first_weekday)

    def so_far(self, today: dt.date) -> Period:
        """This period up to ``today`` (inclusive), or whole when ``today`` is past its end."""
        if today < self.start:
            raise ValueError(f"{today} is before this {self.kind}, which starts {self.start}")
        return Period(self.kind, self.start, min(today, self.natural_end), self.first_weekday)


def _start_of(kind: PeriodKind, day: dt.date, first_weekday: int) -> dt.date:
    if not 0 <= first_weekday <= 6:
        raise ValueError(f"first_weekday is {first_weekday}; it is 0 (Monday) to 6 (Sunday)")
    if kind == "week":
        return day - dt.timedelta(days=(day.weekday() - first_weekday) % 7)
    if kind == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def period_containing(kind: PeriodKind, day: dt.date, first_weekday: int = 0) -> Period:
    """The whole period of ``kind`` that holds ``day``."""
    start = _start_of(kind, day, first_weekday)
    whole = Period(kind, start, start, first_weekday)
    return Period(kind, start, whole.natural_end, first_weekday)


def last_complete(kind: PeriodKind, today: dt.date, first_weekday: int = 0) -> Period:
    """The latest whole period that ended before ``today``."""
    return period_containing(kind, today, first_weekday).previous()
