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
    marker = "o" if count <= MAX_MARKED_POINTS else None
    for series in plot.series:
        ax.plot(
            positions,
            series.values,
            color=series.color,
            label=series.label,
            linewidth=2 if series.reference else 2.5,
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
