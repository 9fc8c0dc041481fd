"""Digests and Wrapped recaps: periods, what they hold, how they are gathered from Tautulli.

Importing it stays light: ``render_digest_chart`` and ``render_wrapped_chart`` load matplotlib
on first use, like ``renderer.render_graph``.
"""

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from renderer.digest._chart import render_digest_chart, render_wrapped_chart

_DRAWING = {"render_digest_chart", "render_wrapped_chart"}


def __getattr__(name: str) -> Any:
    if name not in _DRAWING:
        raise AttributeError(f"module 'renderer.digest' has no attribute {name!r}")
    from renderer.digest import _chart  # noqa: PLC0415 - matplotlib, loaded on first use

    return getattr(_chart, name)


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
    "render_digest_chart",
    "render_wrapped_chart",
]
