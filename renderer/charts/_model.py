"""What every chart kind draws from: categories, coloured series, and how to label values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection

from renderer._style import Palette

ANNOTATION_SIZE = 11


@dataclass(frozen=True, slots=True)
class PlotSeries:
    label: str
    color: str
    values: list[float]
    reference: bool = False
    """A derived series (Total, Max. Concurrent Streams), drawn dashed so it reads as a guide."""


@dataclass(frozen=True, slots=True)
class ValueLabels:
    color: str
    outline_color: str | None


@dataclass(frozen=True, slots=True)
class Plot:
    categories: list[str]
    series: list[PlotSeries]
    stacked: bool
    palette: Palette
    format_value: Callable[[float], str]
    value_labels: ValueLabels | None


def annotate(ax: Axes, plot: Plot, x: float, y: float, value: float, *, horizontal: bool) -> None:
    """A value label just past the end of a bar or above a point."""
    note = plot.value_labels
    if note is None or value == 0:
        return
    effects = (
        [patheffects.withStroke(linewidth=2.5, foreground=note.outline_color)]
        if note.outline_color is not None
        else []
    )
    ax.annotate(
        plot.format_value(value),
        (x, y),
        xytext=(6, 0) if horizontal else (0, 5),
        textcoords="offset points",
        ha="left" if horizontal else "center",
        va="center" if horizontal else "bottom",
        fontsize=ANNOTATION_SIZE,
        fontweight="bold",
        color=note.color,
        path_effects=effects,
    )


def add_bars(
    ax: Axes,
    centers: list[float],
    starts: list[float],
    lengths: list[float],
    *,
    thickness: float,
    series: PlotSeries,
    edge: str,
    horizontal: bool,
) -> None:
    """One collection per series: far fewer artists than one Rectangle per bar, same picture."""
    boxes: list[list[tuple[float, float]]] = []
    for center, start, length in zip(centers, starts, lengths, strict=True):
        low, high = center - thickness / 2, center + thickness / 2
        end = start + length
        if horizontal:
            boxes.append([(start, low), (end, low), (end, high), (start, high)])
        else:
            boxes.append([(low, start), (high, start), (high, end), (low, end)])
    bars = PolyCollection(
        boxes, facecolors=series.color, edgecolors=edge, linewidths=0.8, label=series.label
    )
    # Bars grow from zero: keep the value axis from padding below it.
    sticky = bars.sticky_edges.x if horizontal else bars.sticky_edges.y
    cast("list[float]", sticky).append(0.0)
    ax.add_collection(bars, autolim=True)


def add_stacked_bars(
    ax: Axes, plot: Plot, positions: list[float], *, thickness: float, horizontal: bool
) -> None:
    """Every series' bars on top of the previous ones, the total labelled past each stack."""
    starts = [0.0] * len(positions)
    for series in plot.series:
        add_bars(ax, positions, starts, series.values, thickness=thickness, series=series,
                 edge=plot.palette.background, horizontal=horizontal)  # fmt: skip
        starts = [b + v for b, v in zip(starts, series.values, strict=True)]
    for at, total in zip(positions, stack_totals(plot), strict=True):
        x, y = (total, at) if horizontal else (at, total)
        annotate(ax, plot, x, y, total, horizontal=horizontal)


def stack_totals(plot: Plot) -> list[float]:
    return [sum(column) for column in zip(*(s.values for s in plot.series), strict=True)]
