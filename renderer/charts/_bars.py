"""Vertical bars by category, side by side per series or stacked into one bar."""

from __future__ import annotations

from matplotlib.axes import Axes

from renderer.charts._axes import label_categories
from renderer.charts._model import Plot, add_bars, add_stacked_bars, annotate

GROUP_WIDTH = 0.8


def draw_bars(ax: Axes, plot: Plot) -> None:
    positions = [float(x) for x in range(len(plot.categories))]
    if plot.stacked:
        add_stacked_bars(ax, plot, positions, thickness=GROUP_WIDTH, horizontal=False)
    else:
        _grouped(ax, plot, positions)
    label_categories(ax, positions, plot.categories, plot, horizontal=False)
    ax.set_xlim(-0.6, len(positions) - 0.4)
    ax.margins(y=0.08)
    ax.autoscale_view()


def _grouped(ax: Axes, plot: Plot, positions: list[float]) -> None:
    width = GROUP_WIDTH / len(plot.series)
    zeros = [0.0] * len(positions)
    for index, series in enumerate(plot.series):
        offset = (index - (len(plot.series) - 1) / 2) * width
        centers = [x + offset for x in positions]
        add_bars(ax, centers, zeros, series.values, thickness=width * 0.95, series=series,
                 edge=plot.palette.background, horizontal=False)  # fmt: skip
        for x, value in zip(centers, series.values, strict=True):
            annotate(ax, plot, x, value, value, horizontal=False)
