"""Digests and Wrapped recaps: periods, what they hold, how they are gathered from Tautulli."""

from renderer.digest.gather import gather_digest
from renderer.digest.model import (
    Change,
    Digest,
    Peak,
    Person,
    RankBy,
    Record,
    Share,
    Streak,
    TitleStat,
    Wrapped,
)
from renderer.digest.periods import (
    PERIOD_KINDS,
    Period,
    PeriodKind,
    last_complete,
    period_containing,
)
from renderer.digest.wrapped import gather_wrapped

__all__ = [
    "PERIOD_KINDS",
    "Change",
    "Digest",
    "Peak",
    "Period",
    "PeriodKind",
    "Person",
    "RankBy",
    "Record",
    "Share",
    "Streak",
    "TitleStat",
    "Wrapped",
    "gather_digest",
    "gather_wrapped",
    "last_complete",
    "period_containing",
]
