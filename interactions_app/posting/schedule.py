"""When the next scheduled post is due (``due_at`` decides from the state and the current config):
pure arithmetic over aware datetimes, DST-safe.

Two modes, both counted from the **actual** last post (a late or forced post moves the schedule):

- No fixed time: ``last_post + update_days`` as an exact duration (24 h times days), so across a DST
  change the local hour moves by the change.
- Fixed time ``HH:MM``: that wall-clock time in ``tz`` on the local date ``update_days`` after the
  local date of the last post. The local hour never moves with DST. The slot may be less than
  ``update_days`` times 24 h after the post (posted 10:00, fixed 09:00, daily: due 23 h later), and
  never moves by the hour the post ran late: a post at 09:04 still gives 09:00 the next day.

Wall-clock times that DST makes odd are resolved as follows:

- Nonexistent (spring forward, e.g. 02:30 in Europe/Copenhagen on the last Sunday of March): the
  first valid instant after the gap, i.e. the moment the clocks jump (03:00 local).
- Ambiguous (fall back, e.g. 02:30 on the last Sunday of October happens twice): the first
  occurrence (``fold=0``, still on summer time).

Missed slots never pile up: a schedule stores only the *next* due time, which is due once at the
next run however many slots passed while the machine was off; after that post the next due time
is computed from the post, which is strictly later than the post itself (``update_days >= 1``).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from interactions_app.config import Config
    from interactions_app.state import StateStore

_CLOCK = re.compile(r"(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)")
NO_FIXED_TIME = "XX:XX"


def parse_fixed_time(value: str) -> time | None:
    """``"HH:MM"`` (24-hour clock) as a ``time``; ``"XX:XX"`` (no fixed time) as None.

    Raises ``ValueError`` for anything else (the config schema has already refused it).
    """
    text = value.strip()
    if text.upper() == NO_FIXED_TIME:
        return None
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise ValueError(f"fixed update time {value!r} is neither HH:MM (00:00-23:59) nor XX:XX")
    return time(int(match["hour"]), int(match["minute"]))


def next_due(
    last_post: datetime | None,
    *,
    update_days: int,
    fixed_time: time | None,
    tz: tzinfo,
) -> datetime | None:
    """The aware UTC instant the next post is due; None (never posted) means due now."""
    if update_days < 1:
        raise ValueError(f"update_days must be at least 1, not {update_days}")
    if last_post is None:
        return None
    _require_aware(last_post, "last_post")
    if fixed_time is None:
        # Aware arithmetic is wall-clock arithmetic within one tzinfo: add in UTC to stay exact.
        return last_post.astimezone(UTC) + timedelta(days=update_days)
    local_day = last_post.astimezone(tz).date() + timedelta(days=update_days)
    return local_instant(local_day, fixed_time, tz)


def is_due(now: datetime, next_due_at: datetime | None) -> bool:
    """True when a post is due at ``now`` (a missing due time means never posted: due)."""
    _require_aware(now, "now")
    return next_due_at is None or now >= next_due_at


def local_instant(day: date, wall: time, tz: tzinfo) -> datetime:
    """The aware UTC instant showing ``wall`` on ``day`` in ``tz`` (see the module doc for DST)."""
    naive = datetime.combine(day, wall.replace(tzinfo=None, fold=0))
    first = naive.replace(tzinfo=tz)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive:
        return first.astimezone(UTC)
    return _end_of_gap(naive, tz)


def _end_of_gap(naive: datetime, tz: tzinfo) -> datetime:
    # Inside a gap, fold=0 applies the offset before the jump and fold=1 the offset after
    # (PEP 495), so the jump lies between the two UTC readings; find its first second.
    early = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    late = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    after = late.astimezone(tz).utcoffset()
    lo, hi = int(early.timestamp()), int(late.timestamp())
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, UTC).astimezone(tz).utcoffset() == after:
            hi = mid
        else:
            lo = mid
    return datetime.fromtimestamp(hi, UTC)


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got naive {value.isoformat()}")


def due_at(config: Config, state: StateStore) -> datetime | None:
    """When the next post is due by the current config; None means due now."""
    last = state.last_post_at()
    if last is None or state.next_due_at() is None:
        # Never posted, or the schedule was reset to "due at the next run".
        return None
    return next_due(
        last,
        update_days=config.UPDATE_DAYS,
        fixed_time=parse_fixed_time(config.FIXED_UPDATE_TIME),
        tz=ZoneInfo(config.TIMEZONE),
    )
