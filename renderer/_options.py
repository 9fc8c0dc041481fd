"""What goes into a render and what comes out, as plain values: light to import (no
matplotlib), so code that only configures or sends graphs never loads the drawing code."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from renderer import series

DEFAULT_SERIES_COLORS: dict[str, str] = {
    series.TV: "#1f77b4",
    series.MOVIES: "#ff7f0e",
    series.MUSIC: "#2ca02c",
    series.LIVE_TV: "#9467bd",
    series.TOTAL: "#7f7f7f",
    series.DIRECT_PLAY: "#17becf",
    series.DIRECT_STREAM: "#bcbd22",
    series.TRANSCODE: "#d62728",
    series.MAX_CONCURRENT_STREAMS: "#e377c2",
}
"""Tautulli series name -> colour; the same defaults as the config file."""


class RenderOptions(msgspec.Struct, frozen=True, kw_only=True):
    """Everything about how graphs look, as plain values (the renderer never reads config)."""

    language: str = "en"
    """A Babel locale name (``da``, ``pt_BR``, ``es_419``) for weekday and month names, clock
    times and numbers. Only the region: the words are the translator's (``t``)."""
    y_axis: Literal["plays", "duration"] = "plays"
    time_range_days: int = 30
    time_range_months: int = 12
    censor_usernames: bool = True
    grid: bool = False
    background_color: str = "#ffffff"
    annotation_color: str = "#ff0000"
    annotation_outline_color: str = "#000000"
    annotation_outline: bool = True
    annotate: frozenset[str] = frozenset()
    """Keys of the graphs that get value labels."""
    series_colors: dict[str, str] = msgspec.field(
        default_factory=lambda: dict(DEFAULT_SERIES_COLORS)
    )
    """Tautulli series name -> colour; a series with no colour here is an error."""


class RenderedGraph(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    title: str
    """Translated, without the time range."""
    png: bytes
    width: int
    height: int
    numbers: dict[str, Any]
    """JSON-ready: ``categories`` and ``series`` (label -> values) as drawn, and the ``unit``."""
    summary: str
