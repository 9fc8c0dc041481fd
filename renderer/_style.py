"""The one-time global style, and colours derived from the background."""

from __future__ import annotations

import threading

import msgspec
from matplotlib.colors import to_rgb


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
