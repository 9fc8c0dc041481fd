"""Horizontal stacked bars, first category on top, as in Tautulli's top-10 lists."""

from __future__ import annotations

from matplotlib.axes import Axes

from renderer.charts._axes import label_categories
from renderer.charts._model import Plot, add_stacked_bars

BAR_HEIGHT = 0.7


def draw_top10(ax: Axes, plot: Plot) -> None:
    positions = [float(y) for y in range(len(plot.categories))]
    add_stacked_bars(ax, plot, positions, thickness=BAR_HEIGHT, horizontal=True)
    label_categories(ax, positions, plot.categories, plot, horizontal=True)
    ax.set_ylim(len(positions) - 0.4, -0.6)
    ax.margins(x=0.08)
    ax.autoscale_view()
