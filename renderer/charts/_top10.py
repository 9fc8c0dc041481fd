"""Horizontal stacked bars, first category on top, as in Tautulli's top-10 lists."""

from __future__ import annotations

from matplotlib.axes import Axes

from renderer.charts._axes import label_categories
from renderer.charts._model import Plot, add_bars, annotate, stack_totals

BAR_HEIGHT = 0.7


def draw_top10(ax: Axes, plot: Plot) -> None:
    positions = [float(y) for y in range(len(plot.categories))]
    left = [0.0] * len(positions)
    for series in plot.series:
        add_bars(ax, positions, left, series.values, thickness=BAR_HEIGHT, series=series,
                 edge=plot.palette.background, horizontal=True)  # fmt: skip
        left = [b + v for b, v in zip(left, series.values, strict=True)]
    for y, total in zip(positions, stack_totals(plot), strict=True):
        annotate(ax, plot, total, y, total, horizontal=True)
    label_categories(ax, positions, plot.categories, plot, horizontal=True)
    ax.set_ylim(len(positions) - 0.4, -0.6)
    ax.margins(x=0.08)
    ax.autoscale_view()
