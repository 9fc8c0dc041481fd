"""Vertical bars by category, side by side per series or stacked into one bar."""

from __future__ import annotations

from matplotlib.axes import Axes

from renderer.charts._model import Plot, annotate, stack_totals

GROUP_WIDTH = 0.8


def draw_bars(ax: Axes, plot: Plot) -> None:
    positions = list(range(len(plot.categories)))
    if plot.stacked:
        _stacked(ax, plot, positions)
    else:
        _grouped(ax, plot, positions)
    ax.set_xticks(positions, plot.categories)
    ax.set_xlim(-0.6, len(positions) - 0.4)
    ax.margins(y=0.08)


def _grouped(ax: Axes, plot: Plot, positions: list[int]) -> None:
    width = GROUP_WIDTH / len(plot.series)
    for index, series in enumerate(plot.series):
        offset = (index - (len(plot.series) - 1) / 2) * width
        xs = [x + offset for x in positions]
        ax.bar(xs, series.values, width * 0.95, color=series.color, label=series.label)
        for x, value in zip(xs, series.values, strict=True):
            annotate(ax, plot, x, value, value, horizontal=False)


def _stacked(ax: Axes, plot: Plot, positions: list[int]) -> None:
    bottom = [0.0] * len(positions)
    for series in plot.series:
        ax.bar(
            positions,
            series.values,
            GROUP_WIDTH,
            bottom=bottom,
            color=series.color,
            label=series.label,
        )
        bottom = [b + v for b, v in zip(bottom, series.values, strict=True)]
    for x, total in zip(positions, stack_totals(plot), strict=True):
        annotate(ax, plot, x, total, total, horizontal=False)
