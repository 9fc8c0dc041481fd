from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from interactions_app.discord.markup import format_discord_timestamp
from interactions_app.posting.schedule import (
    is_due,
    local_instant,
    next_due,
    parse_fixed_time,
)

CPH = ZoneInfo("Europe/Copenhagen")
# 2026: summer time starts Sunday 29 March 02:00 -> 03:00, ends Sunday 25 October 03:00 -> 02:00.
SPRING_FORWARD = datetime(2026, 3, 29, tzinfo=CPH).date()
FALL_BACK = datetime(2026, 10, 25, tzinfo=CPH).date()


def local(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=CPH)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", time(9, 0)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        (" 07:05 ", time(7, 5)),
        ("XX:XX", None),
        ("xx:xx", None),
    ],
)
def test_parse_fixed_time(text: str, expected: time | None) -> None:
    assert parse_fixed_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9:00", "09:60", "0900", "", "noon", "09:00:00"])
def test_parse_fixed_time_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        parse_fixed_time(text)


def test_never_posted_is_due_now() -> None:
    assert next_due(None, update_days=7, fixed_time=None, tz=CPH) is None
    assert next_due(None, update_days=1, fixed_time=time(9), tz=CPH) is None
    assert is_due(datetime(2026, 1, 1, tzinfo=UTC), None)


@pytest.mark.parametrize("days", [1, 7])
def test_without_fixed_time_the_interval_is_exact(days: int) -> None:
    last = datetime(2026, 1, 5, 17, 42, 13, 500, tzinfo=UTC)
    due = next_due(last, update_days=days, fixed_time=None, tz=CPH)
    assert due == last + timedelta(days=days)
    assert due is not None
    assert due.tzinfo is UTC
    assert not is_due(due - timedelta(microseconds=1), due)
    assert is_due(due, due)


def test_without_fixed_time_the_local_hour_moves_with_dst() -> None:
    due = next_due(local(2026, 3, 28, 9, 0), update_days=1, fixed_time=None, tz=CPH)
    assert due is not None
    assert due - local(2026, 3, 28, 9, 0) == timedelta(hours=24)
    assert due.astimezone(CPH).hour == 10


@pytest.mark.parametrize(
    ("last", "days", "expected"),
    [
        # daily, posted after the slot: tomorrow's slot, less than 24 h later
        (local(2026, 1, 5, 10, 0), 1, local(2026, 1, 6, 9, 0)),
        # daily, posted before the slot (first post, or forced): still tomorrow
        (local(2026, 1, 5, 8, 0), 1, local(2026, 1, 6, 9, 0)),
        # a late post does not drift the schedule
        (local(2026, 1, 5, 9, 4, 59), 1, local(2026, 1, 6, 9, 0)),
        # weekly: the same weekday a week on
        (local(2026, 1, 5, 10, 0), 7, local(2026, 1, 12, 9, 0)),
        # the local date counts, not the UTC date (23:30 UTC on the 4th is the 5th in Copenhagen)
        (datetime(2026, 1, 4, 23, 30, tzinfo=UTC), 1, local(2026, 1, 6, 9, 0)),
    ],
)
def test_fixed_time(last: datetime, days: int, expected: datetime) -> None:
    due = next_due(last, update_days=days, fixed_time=time(9, 0), tz=CPH)
    assert due == expected
    assert due is not None
    assert due.tzinfo is UTC


def test_daily_fixed_time_keeps_the_local_hour_across_both_dst_changes() -> None:
    for start in (local(2026, 3, 25, 9, 0), local(2026, 10, 21, 9, 0)):
        last = start
        gaps: list[timedelta] = []
        for _ in range(8):
            due = next_due(last, update_days=1, fixed_time=time(9, 0), tz=CPH)
            assert due is not None
            assert due.astimezone(CPH).time() == time(9, 0)
            gaps.append(due - last)
            last = due
        assert sorted(set(gaps)) in (
            [timedelta(hours=23), timedelta(hours=24)],
            [timedelta(hours=24), timedelta(hours=25)],
        )
        assert gaps.count(timedelta(hours=24)) == 7


def test_fixed_time_in_the_spring_forward_gap_moves_to_the_jump() -> None:
    due = next_due(local(2026, 3, 28, 2, 30), update_days=1, fixed_time=time(2, 30), tz=CPH)
    # 02:00-03:00 does not exist that night; the first valid instant after is 03:00 CEST.
    assert due == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert due is not None
    assert due.astimezone(CPH).time() == time(3, 0)
    following = next_due(due, update_days=1, fixed_time=time(2, 30), tz=CPH)
    assert following == local(2026, 3, 30, 2, 30)


def test_fixed_time_in_the_fall_back_overlap_takes_the_first_occurrence() -> None:
    due = next_due(local(2026, 10, 24, 2, 30), update_days=1, fixed_time=time(2, 30), tz=CPH)
    assert due == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, not 02:30 CET
    assert local_instant(FALL_BACK, time(2, 30), CPH).astimezone(CPH).utcoffset() == timedelta(
        hours=2
    )


def test_gap_resolution_is_not_tied_to_whole_hour_changes() -> None:
    lord_howe = ZoneInfo("Australia/Lord_Howe")  # moves 30 minutes: 02:00 -> 02:30
    day = datetime(2026, 10, 4).date()
    due = local_instant(day, time(2, 15), lord_howe)
    assert due.astimezone(lord_howe).time() == time(2, 30)
    assert due - timedelta(seconds=1) == local_instant(day, time(1, 59, 59), lord_howe)


def test_ordinary_local_instants() -> None:
    assert local_instant(SPRING_FORWARD, time(1, 59), CPH) == datetime(
        2026, 3, 29, 0, 59, tzinfo=UTC
    )
    assert local_instant(SPRING_FORWARD, time(3, 0), CPH) == datetime(2026, 3, 29, 1, tzinfo=UTC)


@pytest.mark.parametrize("fixed", [None, time(9, 0)])
def test_missed_slots_post_once(fixed: time | None) -> None:
    # The machine was off for four days; a timer then fires every 10 minutes for three days.
    last: datetime | None = local(2026, 1, 1, 9, 0)
    due = next_due(last, update_days=1, fixed_time=fixed, tz=CPH)
    tick = local(2026, 1, 5, 15, 0)
    posts: list[datetime] = []
    while tick < local(2026, 1, 8, 15, 0):
        if is_due(tick, due):
            posts.append(tick)
            last = tick
            due = next_due(last, update_days=1, fixed_time=fixed, tz=CPH)
        tick += timedelta(minutes=10)
    if fixed is None:
        expected = [local(2026, 1, 5 + n, 15, 0) for n in range(3)]
    else:
        expected = [local(2026, 1, 5, 15, 0), local(2026, 1, 6, 9, 0), local(2026, 1, 7, 9, 0)]
        expected.append(local(2026, 1, 8, 9, 0))
    assert posts == expected


def test_update_days_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        next_due(local(2026, 1, 1, 9, 0), update_days=0, fixed_time=None, tz=CPH)


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 1, 1, 9, 0)
    with pytest.raises(ValueError, match="aware"):
        next_due(naive, update_days=1, fixed_time=None, tz=CPH)
    with pytest.raises(ValueError, match="aware"):
        is_due(naive, None)
    with pytest.raises(ValueError, match="aware"):
        format_discord_timestamp(naive)


def test_format_discord_timestamp() -> None:
    new_year = datetime(2026, 1, 1, tzinfo=UTC)
    assert format_discord_timestamp(new_year) == "<t:1767225600:R>"
    assert format_discord_timestamp(new_year.astimezone(CPH), "F") == "<t:1767225600:F>"
    assert format_discord_timestamp(new_year - timedelta(milliseconds=1)) == "<t:1767225599:R>"
    with pytest.raises(ValueError, match="style"):
        format_discord_timestamp(new_year, "x")  # pyright: ignore[reportArgumentType]
