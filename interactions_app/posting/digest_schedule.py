"""When the scheduled digest is due, and which period it sums up: pure, DST-safe arithmetic.

A weekly digest has a slot every ``DIGEST_WEEKDAY`` at ``DIGEST_TIME`` (local, ``TIMEZONE``), a
monthly one every ``DIGEST_MONTH_DAY`` (1-28, so every month has it) at that time. The digest of
a slot sums up the last whole period that ended before the slot's local date: the week (from
``WEEK_START``) or the calendar month before. A run posts the digest of the **latest** slot that
has passed, once (the state remembers each period): after downtime the missed digest comes at
the next run, for the period it was due for; older missed ones are not posted in a burst.

DST: a slot whose wall-clock time does not exist that day (spring forward) falls on the moment
the clocks jump, an ambiguous one (fall back) on its first occurrence, as for the graph post
(``schedule.local_instant``). Periods are whole local dates, so they never move with DST.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from interactions_app.posting.schedule import local_instant
from renderer.digest import Period, PeriodKind, last_complete

if TYPE_CHECKING:
    from interactions_app.config import Config

Cadence = Literal["weekly", "monthly"]
WEEKDAY_NUMBERS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
PERIOD_OF: dict[Cadence, PeriodKind] = {"weekly": "week", "monthly": "month"}


@dataclass(frozen=True, slots=True)
class DigestSchedule:
    cadence: Cadence
    day: int
    """Weekly: 0 = Monday ... 6 = Sunday; monthly: the day of the month, 1-28."""
    at: dt.time
    tz: ZoneInfo
    first_weekday: int
    """The first day of a week (0 = Monday), for the weeks a weekly digest sums up."""

    @classmethod
    def from_config(cls, config: Config) -> DigestSchedule | None:
        """The configured schedule; None when ``DIGEST`` is off."""
        if config.DIGEST == "off":
            return None
        hour, minute = config.DIGEST_TIME.split(":")
        weekly = config.DIGEST == "weekly"
        return cls(
            cadence=config.DIGEST,
            day=WEEKDAY_NUMBERS[config.DIGEST_WEEKDAY] if weekly else config.DIGEST_MONTH_DAY,
            at=dt.time(int(hour), int(minute)),
            tz=ZoneInfo(config.TIMEZONE),
            first_weekday=WEEKDAY_NUMBERS[config.WEEK_START],
        )

    @property
    def kind(self) -> PeriodKind:
        return PERIOD_OF[self.cadence]

    def _slot_on_or_before(self, day: dt.date) -> dt.date:
        if self.cadence == "weekly":
            return day - dt.timedelta(days=(day.weekday() - self.day) % 7)
        if day.day >= self.day:
            return day.replace(day=self.day)
        month_before = day.replace(day=1) - dt.timedelta(days=1)
        return month_before.replace(day=self.day)

    def _slot_after(self, day: dt.date) -> dt.date:
        if self.cadence == "weekly":
            return day + dt.timedelta(days=(self.day - day.weekday() - 1) % 7 + 1)
        if day.day < self.day:
            return day.replace(day=self.day)
        next_month = day.replace(day=28) + dt.timedelta(days=4)
        return next_month.replace(day=self.day)

    def instant(self, slot: dt.date) -> dt.datetime:
        """The aware UTC instant of the slot on local date ``slot``."""
        return local_instant(slot, self.at, self.tz)

    def latest_slot(self, now: dt.datetime) -> dt.date:
        """The local date of the latest slot at or before ``now``."""
        slot = self._slot_on_or_before(now.astimezone(self.tz).date())
        if self.instant(slot) > now:
            slot = self._slot_on_or_before(slot - dt.timedelta(days=1))
        return slot

    def next_slot(self, now: dt.datetime) -> dt.datetime:
        """The instant of the first slot after ``now``."""
        return self.instant(self._slot_after(self.latest_slot(now)))

    def period_for(self, slot: dt.date) -> Period:
        """The period the digest of ``slot`` sums up: the last whole one before that date."""
        return last_complete(self.kind, slot, self.first_weekday)

    def due_period(self, now: dt.datetime) -> Period:
        """The period whose digest is due at ``now`` (posted already or not)."""
        return self.period_for(self.latest_slot(now))
