"""Axis labels drawn as plain texts, without matplotlib's Tick machinery.

A Tick costs about 1 ms to build (two marker lines, a grid line, two texts) and a graph needs
up to 30 of them; the same names drawn as texts take a tenth of that. Only the texts (and, when
asked, grid lines as one collection) are drawn, so the pictures are the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation

from renderer.charts._model import Plot

LABEL_SIZE = 13
PAD_POINTS = 8
LABEL_PAD_POINTS = PAD_POINTS + LABEL_SIZE * 1.6
"""Room below a row of names for the axis title."""
VALUE_TICKS = 6


def label_categories(
    ax: Axes, positions: Sequence[float], labels: Sequence[str], plot: Plot, *, horizontal: bool
) -> None:
    """Category names beside the category axis: left of it for horizontal bars, else below."""
    _label(ax, positions, labels, plot, along_x=not horizontal)


def label_values(ax: Axes, plot: Plot, *, horizontal: bool, grid: bool) -> list[float]:
    """Round values along the value axis (call after drawing, once the limits are final)."""
    low, high = ax.get_xlim() if horizontal else ax.get_ylim()
    locator = MaxNLocator(nbins=VALUE_TICKS, integer=True)
    values = [float(v) for v in locator.tick_values(low, high) if low <= v <= high]
    _label(ax, values, [plot.format_value(v) for v in values], plot, along_x=horizontal)
    if grid:
        if horizontal:
            segments = [[(v, 0.0), (v, 1.0)] for v in values]
            transform = ax.get_xaxis_transform()
        else:
            segments = [[(0.0, v), (1.0, v)] for v in values]
            transform = ax.get_yaxis_transform()
        lines = LineCollection(segments, colors=plot.palette.grid, linewidths=0.8, zorder=0.5,
                               transform=transform)  # fmt: skip
        ax.add_collection(lines, autolim=False)
    return values


def _label(
    ax: Axes, positions: Sequence[float], labels: Sequence[str], plot: Plot, *, along_x: bool
) -> None:
    pad = PAD_POINTS / 72
    scale = ax.figure.dpi_scale_trans
    if along_x:
        ax.set_xticks([])
        where = ax.get_xaxis_transform() + ScaledTranslation(0, -pad, scale)
        for x, label in zip(positions, labels, strict=True):
            ax.text(x, 0, label, transform=where, ha="center", va="top", fontsize=LABEL_SIZE,
                    color=plot.palette.text)  # fmt: skip
        # With no tick labels the axis title would sit on the names; move it below them.
        ax.xaxis.labelpad = LABEL_PAD_POINTS
    else:
        ax.set_yticks([])
        where = ax.get_yaxis_transform() + ScaledTranslation(-pad, 0, scale)
        for y, label in zip(positions, labels, strict=True):
            ax.text(0, y, label, transform=where, ha="right", va="center", fontsize=LABEL_SIZE,
                    color=plot.palette.text)  # fmt: skip
