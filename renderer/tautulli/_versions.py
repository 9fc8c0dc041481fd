"""What a Tautulli version can do, read from ``get_tautulli_info``'s ``tautulli_version``."""

from __future__ import annotations

import re

_VERSION = re.compile(r"v?(\d+)\.(\d+)\.(\d+)")

DATED_HOME_STATS_SINCE = (2, 14, 0)
"""``get_home_stats`` took ``before``/``after`` from 2.14.0; older ones ignore them and answer
their rolling 30-day window as if it were the dates."""
DATED_HOME_STATS_BROKEN = ((2, 17, 0), (2, 17, 2))
"""2.17.0-2.17.2 answer every dated call with an error (a quoted ``'?'`` in the date filter)."""


def version_of(text: str) -> tuple[int, int, int] | None:
    """``v2.17.2`` (or ``2.13.4-beta``) as numbers; None when it does not read as a version."""
    found = _VERSION.match(text.strip())
    if found is None:
        return None
    major, minor, patch = (int(part) for part in found.groups())
    return (major, minor, patch)


def dated_home_stats_may_work(version: str) -> bool:
    """Worth trying ``get_home_stats`` with dates on this version (unknown versions: no)."""
    number = version_of(version)
    if number is None or number < DATED_HOME_STATS_SINCE:
        return False
    first_broken, last_broken = DATED_HOME_STATS_BROKEN
    return not first_broken <= number <= last_broken
