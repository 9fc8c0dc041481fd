"""What an explorer shows: a graph, a period, a measure and whose plays (one user or everyone)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from interactions_app.config import Config
from renderer.specs import GraphSpec

__all__ = [
    "DAY_PERIODS",
    "MONTH_PERIODS",
    "Measure",
    "View",
    "default_period",
    "default_ranges",
    "default_view",
    "nearest_period",
    "periods_for",
]

Measure = Literal["plays", "duration"]
DAY_PERIODS = (7, 30, 90, 365)
MONTH_PERIODS = (3, 6, 12, 24)
_DAYS_PER_MONTH = 30


@dataclass(frozen=True, slots=True)
class View:
    graph: str
    """A ``GraphSpec`` key."""
    period: int
    """Days, or months for a graph counted by month (``spec.months``)."""
    measure: Measure
    user: int | None = None
    """A Plex user id, or None for the whole server."""
    personal: bool = False
    """/my_stats mode: the user is always the clicking member's linked account, so the id
    carries none and the graphs comparing users are never offered."""

    def switched_to(self, spec: GraphSpec) -> View:
        """This view showing ``spec``: the period kept when it fits, else the nearest one."""
        period = self.period
        if period not in periods_for(spec):
            # Offered periods of the two kinds never coincide: the old one is of the other kind.
            period = nearest_period(spec, period if spec.months else period * _DAYS_PER_MONTH)
        return replace(self, graph=spec.key, period=period)


def periods_for(spec: GraphSpec) -> tuple[int, ...]:
    return MONTH_PERIODS if spec.months else DAY_PERIODS


def nearest_period(spec: GraphSpec, days: int) -> int:
    """The offered period closest to ``days`` days (in months for a monthly graph)."""
    if spec.months:
        return min(MONTH_PERIODS, key=lambda months: abs(months * _DAYS_PER_MONTH - days))
    return min(DAY_PERIODS, key=lambda offered: abs(offered - days))


def default_period(spec: GraphSpec, config: Config) -> int:
    """The configured time range when it is one of the offered periods, else the nearest."""
    days, months = default_ranges(config)
    return months if spec.months else days


def default_ranges(config: Config) -> tuple[int, int]:
    """``(days, months)``: the offered periods nearest to ``TIME_RANGE_DAYS``/``_MONTHS``, which
    graphs drawn with the explorer's controls show (the controls offer only these)."""
    days = min(DAY_PERIODS, key=lambda offered: abs(offered - config.TIME_RANGE_DAYS))
    months = min(MONTH_PERIODS, key=lambda offered: abs(offered - config.TIME_RANGE_MONTHS))
    return days, months


def default_view(
    spec: GraphSpec, config: Config, *, user: int | None = None, personal: bool = False
) -> View:
    return View(
        graph=spec.key,
        period=default_period(spec, config),
        measure=config.Y_AXIS,
        user=user,
        personal=personal,
    )
