"""Render options, the one-time global style, and colours derived from the background."""

from __future__ import annotations

import threading
from typing import Literal

import msgspec
from matplotlib.colors import to_rgb

DEFAULT_SERIES_COLORS: dict[str, str] = {
    "TV": "#1f77b4",
    "Movies": "#ff7f0e",
    "Music": "#2ca02c",
    "Live TV": "#9467bd",
    "Total": "#7f7f7f",
    "Direct Play": "#17becf",
    "Direct Stream": "#bcbd22",
    "Transcode": "#d62728",
    "Max. Concurrent Streams": "#e377c2",
}
"""Tautulli series name -> colour; the same defaults as the config file."""


class RenderOptions(msgspec.Struct, frozen=True, kw_only=True):
    """Everything about how graphs look, as plain values (the renderer never reads config)."""

    language: str = "en"
    """A Babel locale name (``da``, ``pt_BR``) for weekday and month names and numbers."""
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


class Palette(msgspec.Struct, frozen=True):
    """Colours for everything that is not a series, readable on the chosen background."""

    background: str
    text: str
    muted: str
    grid: str


def palette_for(background: str) -> Palette:
    """Dark text on light backgrounds and light text on dark ones, so both Discord themes work."""
    red, green, blue = to_rgb(background)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    if luminance > 0.5:
        return Palette(background, text="#1e1f22", muted="#4e5058", grid="#d4d7dc")
    return Palette(background, text="#f2f3f5", muted="#b5bac1", grid="#4e5058")


_style_lock = threading.Lock()
_style_ready = threading.Event()


def setup_style() -> None:
    """Set the process-wide theme once; safe to call from any thread, any number of times.

    Per-render choices (colours, grid, background) are made on each Figure instead, because
    ``rcParams`` are shared by every thread.
    """
    with _style_lock:
        if _style_ready.is_set():
            return
        import seaborn  # noqa: PLC0415 - heavy import, deferred until the first render

        seaborn.set_theme(
            context="notebook",
            style="ticks",
            font="DejaVu Sans",
            rc={"axes.spines.top": False, "axes.spines.right": False},
        )
        _style_ready.set()
