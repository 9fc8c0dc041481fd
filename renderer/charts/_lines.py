"""Lines over dates: one line per series, the peak of each labelled when annotating."""

from __future__ import annotations

import math

from matplotlib.axes import Axes

from renderer.charts._axes import label_categories
from renderer.charts._model import Plot, annotate

MAX_DATE_TICKS = 11
MAX_MARKED_POINTS = 62


def draw_lines(ax: Axes, plot: Plot) -> None:
    count = len(plot.categories)
    positions = list(range(count))
    dense = count > MAX_MARKED_POINTS
    marker = None if dense else "o"
    width = 1.5 if dense else 2.5
    for series in plot.series:
        ax.plot(
            positions,
            series.values,
            color=series.color,
            label=series.label,
            linewidth=width * 0.8 if series.reference else width,
            linestyle="--" if series.reference else "-",
            marker=marker,
            markersize=4,
        )
        peak = max(range(count), key=series.values.__getitem__)
        annotate(ax, plot, peak, series.values[peak], series.values[peak], horizontal=False)
    # Thinned ticks stay horizontal and readable, and drawing fewer texts keeps renders short;
    # they count back from the latest day, the one people look for.
    step = math.ceil(count / MAX_DATE_TICKS)
    first = (count - 1) % step
    label_categories(ax, positions[first::step], plot.categories[first::step], plot,
                     horizontal=False)  # fmt: skip
    ax.set_xlim(-0.5, count - 0.5)
    ax.set_ylim(bottom=0)
    ax.margins(y=0.1)
