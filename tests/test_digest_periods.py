"""Digest periods: whole weeks from the configured first weekday, months, years, cut-short ones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renderer.digest import PERIOD_KINDS, Period, PeriodKind, last_complete, period_containing

D = dt.date


def test_week_starts_on_the_configured_weekday() -> None:
    assert period_containing("week", D(2026, 12, 3)) == Period(
        "week", D(2026, 11, 30), D(2026, 12, 6)
    )
    sunday = period_containing("week", D(2026, 12, 3), first_weekday=6)
    assert (sunday.start, sunday.end) == (D(2026, 11, 29), D(2026, 12, 5))


def test_last_complete_periods() -> None:
    assert last_complete("week", D(2026, 11, 30)).start == D(2026, 11, 23)
    assert last_complete("month", D(2024, 3, 1)) == Period("month", D(2024, 2, 1), D(2024, 2, 29))
    assert last_complete("year", D(2026, 1, 1)) == Period("year", D(2025, 1, 1), D(2025, 12, 31))


def test_a_period_so_far_compares_with_as_many_days_before() -> None:
    so_far = period_containing("week", D(2026, 12, 3)).so_far(D(2026, 12, 3))
    assert (so_far.days, so_far.complete) == (4, False)
    assert so_far.previous() == Period("week", D(2026, 11, 23), D(2026, 11, 26))
    march = period_containing("month", D(2026, 3, 30)).so_far(D(2026, 3, 30))
    assert march.previous() == Period("month", D(2026, 2, 1), D(2026, 2, 28))


def test_invalid_periods_are_refused() -> None:
    with pytest.raises(ValueError, match="not a week"):
        Period("week", D(2026, 12, 1), D(2026, 12, 7))
    with pytest.raises(ValueError, match="0 \\(Monday\\) to 6"):
        period_containing("week", D(2026, 12, 1), first_weekday=7)
    with pytest.raises(ValueError, match="before this month"):
        period_containing("month", D(2026, 12, 1)).so_far(D(2026, 11, 30))


@given(
    kind=st.sampled_from(PERIOD_KINDS),
    day=st.dates(D(1990, 1, 1), D(2100, 12, 31)),
    first_weekday=st.integers(0, 6),
)
def test_periods_tile_the_calendar(kind: PeriodKind, day: dt.date, first_weekday: int) -> None:
    period = period_containing(kind, day, first_weekday)
    assert period.start <= day <= period.end and period.complete
    before = period.previous()
    assert before.end + dt.timedelta(days=1) == period.start and before.complete
    assert period.dates()[0] == period.start and len(period.dates()) == period.days
