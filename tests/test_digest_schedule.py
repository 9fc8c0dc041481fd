"""The digest's slots and periods across weeks, months, DST changes and downtime."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import msgspec
import pytest

from interactions_app.config import Config
from interactions_app.posting.digest_schedule import DigestSchedule

UTC = dt.UTC


def schedule(**changes: object) -> DigestSchedule:
    values: dict[str, object] = {"DIGEST": "weekly", "TIMEZONE": "Europe/Berlin", **changes}
    found = DigestSchedule.from_config(msgspec.convert(values, Config))
    assert found is not None
    return found


def local(text: str, zone: str = "Europe/Berlin") -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def test_off_has_no_schedule() -> None:
    assert DigestSchedule.from_config(Config()) is None


def test_a_weekly_slot_sums_up_the_week_before() -> None:
    weekly = schedule()
    # Monday 30 November 2026, 09:00 in Berlin.
    assert weekly.latest_slot(local("2026-11-30T09:00")) == dt.date(2026, 11, 30)
    assert weekly.latest_slot(local("2026-11-30T08:59")) == dt.date(2026, 11, 23)
    period = weekly.due_period(local("2026-12-02T12:00"))
    assert (period.start, period.end) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert weekly.next_slot(local("2026-11-30T09:00")) == local("2026-12-07T09:00")
    assert weekly.next_slot(local("2026-11-30T08:00")) == local("2026-11-30T09:00")


def test_weeks_start_on_the_configured_day_and_the_slot_may_be_any_day() -> None:
    sunday_weeks = schedule(WEEK_START="sunday", DIGEST_WEEKDAY="wednesday")
    period = sunday_weeks.due_period(local("2026-12-02T10:00"))  # a Wednesday
    assert (period.start, period.end) == (dt.date(2026, 11, 22), dt.date(2026, 11, 28))


def test_a_monthly_slot_sums_up_the_month_before() -> None:
    monthly = schedule(DIGEST="monthly", DIGEST_MONTH_DAY=3, DIGEST_TIME="07:30")
    assert monthly.latest_slot(local("2026-03-03T07:29")) == dt.date(2026, 2, 3)
    period = monthly.due_period(local("2026-03-03T07:30"))
    assert (period.start, period.end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert monthly.next_slot(local("2026-12-05T00:00")) == local("2027-01-03T07:30")
    assert monthly.next_slot(local("2026-12-01T00:00")) == local("2026-12-03T07:30")
    january = monthly.due_period(local("2027-01-02T00:00"))
    assert (january.start, january.end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [
        ("Europe/Berlin", "2026-03-29", "2026-10-25"),
        ("America/New_York", "2026-03-08", "2026-11-01"),
    ],
)
def test_slots_keep_their_local_time_across_dst(zone: str, spring: str, autumn: str) -> None:
    # A Sunday slot at 02:30: the spring day has no 02:30, the autumn day has two.
    sunday = schedule(TIMEZONE=zone, DIGEST_WEEKDAY="sunday", DIGEST_TIME="02:30")
    jump = sunday.instant(dt.date.fromisoformat(spring)).astimezone(ZoneInfo(zone))
    assert (jump.hour, jump.minute) == (3, 0)
    twice = sunday.instant(dt.date.fromisoformat(autumn))
    assert twice.astimezone(ZoneInfo(zone)).fold == 0
    assert twice.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == dt.datetime.fromisoformat(
        f"{autumn}T02:30"
    )
    # Every slot over a year is a week after the one before, at 02:30 or the jump.
    slot = sunday.next_slot(local("2026-01-01T00:00", zone))
    seen: list[dt.date] = []
    while slot.year < 2027:
        shown = slot.astimezone(ZoneInfo(zone))
        assert (shown.hour, shown.minute) in {(2, 30), (3, 0)}
        seen.append(shown.date())
        assert sunday.latest_slot(slot) == shown.date()
        assert sunday.latest_slot(slot - dt.timedelta(seconds=1)) == shown.date() - dt.timedelta(
            days=7
        )
        slot = sunday.next_slot(slot)
    assert len(seen) == 52
    assert all(b - a == dt.timedelta(days=7) for a, b in itertools.pairwise(seen))
