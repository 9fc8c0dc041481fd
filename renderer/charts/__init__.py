"""Drawing code shared by every graph of a chart kind."""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.axes import Axes

from renderer.charts._axes import label_categories, label_values
from renderer.charts._bars import draw_bars
from renderer.charts._lines import draw_lines
from renderer.charts._model import Plot, PlotSeries, ValueLabels
from renderer.charts._top10 import draw_top10
from renderer.specs import ChartKind

DRAWERS: dict[ChartKind, Callable[[Axes, Plot], None]] = {
    "lines": draw_lines,
    "bars": draw_bars,
    "top10": draw_top10,
}

__all__ = [
    "DRAWERS",
    "Plot",
    "PlotSeries",
    "ValueLabels",
    "draw_bars",
    "draw_lines",
    "draw_top10",
    "label_categories",
    "label_values",
]
