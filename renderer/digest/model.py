"""What a digest and a Wrapped hold: plain numbers the bot words and formats per language.

Names are Tautulli's (friendly names, titles) and uncensored; censoring is the caller's choice.
Counts of "plays" are Tautulli's grouped plays (its History page: a play resumed later counts
once) unless a field says it comes from the daily series, where a play spanning midnight counts
on both days. A yearly digest's totals and busiest day come from the daily series.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from renderer.digest.periods import Period

RankBy = Literal["plays", "duration"]


@dataclass(frozen=True, slots=True)
class Change:
    """One total of a period and the same total of the period before."""

    current: float
    previous: float | None
    """None when the previous period is before Tautulli's first play (nothing to compare)."""

    @property
    def delta(self) -> float | None:
        return None if self.previous is None else self.current - self.previous

    @property
    def percent(self) -> float | None:
        """None when there is nothing to compare or the previous total was 0 (say "new")."""
        if self.previous is None or self.previous == 0:
            return None
        return (self.current - self.previous) / self.previous * 100


@dataclass(frozen=True, slots=True)
class TitleStat:
    title: str
    """A movie's title, a show's title (episodes grouped) or an artist (tracks grouped)."""
    year: int | None
    plays: int
    seconds: int
    users: int
    """How many different users played it."""


@dataclass(frozen=True, slots=True)
class Share:
    """One platform or library and what was played on or from it."""

    name: str
    plays: int
    seconds: int


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    name: str
    """Tautulli's friendly name, uncensored."""
    plays: int
    seconds: int


@dataclass(frozen=True, slots=True)
class Record:
    """This period is the busiest (or quietest) of those before it, in daily-series plays."""

    direction: Literal["busiest", "quietest"]
    beaten: int
    """How many earlier periods with data it beats in a row, going back (at least 2)."""
    whole_window: bool
    """It beats every earlier period in the window: 52 weeks, 12 months, or all the years held."""


@dataclass(frozen=True, slots=True)
class Peak:
    streams: int
    at: dt.datetime
    """When the peak began, aware, in the digest's time zone."""


@dataclass(frozen=True, slots=True)
class Digest:
    period: Period
    previous: Period
    rank_by: RankBy
    plays: Change
    seconds: Change
    """Watch time."""
    active_users: Change | None
    """None for a year on a Tautulli that cannot give home stats for dates."""
    top_movies: tuple[TitleStat, ...]
    top_shows: tuple[TitleStat, ...]
    top_artists: tuple[TitleStat, ...]
    """Each at most 5, ranked by ``rank_by``; empty when that kind had no plays (or no library)."""
    most_popular: TitleStat | None
    """The title the most different users played."""
    busiest_day: tuple[dt.date, int] | None
    """Day and its plays."""
    busiest_hour: tuple[int, int] | None
    """Local hour (0-23) and its plays over the whole period."""
    peak: Peak | None
    top_platform: Share | None
    libraries: tuple[Share, ...]
    """Largest first; every library with a play."""
    top_user: Person | None
    record: Record | None
    daily_plays: tuple[int, ...]
    """Daily-series plays for each day of ``period``."""
    previous_daily_plays: tuple[int, ...]
    """The same for each day of ``previous``; zeros before Tautulli's first play."""


@dataclass(frozen=True, slots=True)
class Streak:
    days: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class Wrapped:
    """One user's year."""

    year: int
    user_id: int
    name: str
    rank_by: RankBy
    plays: int
    seconds: int
    top_movies: tuple[TitleStat, ...]
    top_shows: tuple[TitleStat, ...]
    top_artists: tuple[TitleStat, ...]
    busiest_month: tuple[int, int] | None
    """Month (1-12) and its watch seconds."""
    favourite_weekday: int | None
    """0 = Monday."""
    favourite_hour: int | None
    longest_streak: Streak | None
    percentile: float | None
    """Share of the year's active users this user out-watched (0-100), or None when fewer than 5
    users were active; never names anyone."""
    monthly_seconds: tuple[int, ...]
    """Twelve values, January first; months after today are 0."""
    so_far: bool = False
    """The year is not over yet: it runs up to today."""
