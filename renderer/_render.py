"""One Tautulli graph answer -> one PNG, its numbers and a one-line summary."""

from __future__ import annotations

import gc
from typing import Any

import msgspec
from babel import Locale
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from renderer._canvas import encode_png, new_figure
from renderer._labels import (
    SECONDS_PER,
    Unit,
    babel_locale,
    category_labels,
    duration_unit,
    format_amount,
    format_number,
    series_label,
    summary_category,
    time_range_label,
    value_axis_label,
)
from renderer._options import RenderedGraph, RenderOptions
from renderer._style import Palette, palette_for, setup_style
from renderer.charts import DRAWERS, Plot, PlotSeries, ValueLabels, label_values
from renderer.errors import MissingSeriesColor, UnexpectedGraphData
from renderer.specs import GraphSpec
from renderer.tautulli import GraphData
from renderer.translation import Translator

TITLE_SIZE = 24
SUBTITLE_SIZE = 15
LABEL_SIZE = 14
TICK_SIZE = 13


class _Headings(msgspec.Struct, frozen=True):
    title: str
    subtitle: str


def render_graph(
    spec: GraphSpec, data: GraphData, options: RenderOptions, t: Translator
) -> RenderedGraph:
    """Draw ``data`` as ``spec`` says; pure and thread-safe (one Figure per call, no pyplot)."""
    graph = _render(spec, data, options, t)
    # A figure is a web of reference cycles (thousands of objects). They are still in the young
    # generations, which are cheap to collect (a few ms); left to the automatic collector, dead
    # figures pile up and the RSS grows by tens of MB over a set.
    gc.collect(1)
    return graph


def _render(
    spec: GraphSpec, data: GraphData, options: RenderOptions, t: Translator
) -> RenderedGraph:
    setup_style()
    _check_shape(spec, data)
    locale = babel_locale(options.language)
    palette = palette_for(options.background_color)
    count = options.time_range_months if spec.months else options.time_range_days
    headings = _Headings(
        t.gettext(spec.title_for(options.y_axis)),
        time_range_label(months=spec.months, count=count, t=t),
    )
    totals = _totals(spec, data)
    unit = _unit(spec, options, totals)
    if not any(totals):
        return _render_empty(spec, headings, palette, unit, t)

    figure, plot = build_figure(spec, data, options, t, headings=headings, unit=unit)
    scale = SECONDS_PER.get(unit, 1)
    numbers = {
        "categories": plot.categories,
        "series": {s.label: [_json_number(v) for v in s.values] for s in plot.series},
        "unit": unit,
    }
    best = max(range(len(totals)), key=totals.__getitem__)
    category = summary_category(
        spec.categories, data.categories[best], plot.categories[best], locale
    )
    highlight = t.gettext(spec.highlight).format(
        category=category, value=format_amount(totals[best] / scale, unit, locale, t)
    )
    if spec.measure == "streams":
        summary = highlight
    else:
        summary = f"{_grand_total(sum(totals), unit, locale, t)} · {highlight}"
    exact = _exact_colors(palette, [s.color for s in plot.series])
    return _finish(
        spec, figure, headings=headings, numbers=numbers, summary=summary, exact_colors=exact
    )


def _render_empty(
    spec: GraphSpec, headings: _Headings, palette: Palette, unit: Unit, t: Translator
) -> RenderedGraph:
    notice = t.gettext("No plays in this period")
    figure = new_figure(palette)
    _draw_headings(figure, headings, palette)
    figure.text(0.5, 0.5, notice, ha="center", va="center", fontsize=30, color=palette.muted)
    return _finish(
        spec,
        figure,
        headings=headings,
        numbers={"categories": [], "series": {}, "unit": unit},
        summary=notice,
        exact_colors=_exact_colors(palette, []),
    )


def build_figure(
    spec: GraphSpec,
    data: GraphData,
    options: RenderOptions,
    t: Translator,
    *,
    headings: _Headings | None = None,
    unit: Unit | None = None,
) -> tuple[Figure, Plot]:
    """The figure before encoding, and what was drawn on it (tests inspect the artists)."""
    setup_style()
    locale = babel_locale(options.language)
    palette = palette_for(options.background_color)
    if headings is None:
        headings = _Headings(t.gettext(spec.title_for(options.y_axis)), "")
    if unit is None:
        unit = _unit(spec, options, _totals(spec, data))
    scale = SECONDS_PER.get(unit, 1)
    categories = category_labels(
        spec.key, spec.categories, data.categories, locale, censor=options.censor_usernames
    )
    plot = Plot(
        categories=categories,
        series=[
            PlotSeries(
                label=series_label(s.name, t),
                color=_color(spec, options, s.name),
                values=[v / scale for v in s.data] if scale != 1 else list(s.data),
                reference=s.name == spec.total_series,
            )
            for s in data.series
        ],
        stacked=spec.stacked,
        palette=palette,
        format_value=lambda v: format_number(v, locale),
        value_labels=_value_labels(spec, options),
    )
    figure = new_figure(palette)
    _draw_headings(figure, headings, palette)
    horizontal = spec.kind == "top10"
    longest = max(len(c) for c in categories)
    left = min(0.3, 0.06 + 0.0062 * longest) if horizontal else 0.075
    ax = figure.add_axes((left, 0.09, 0.975 - left, 0.74))
    _style_axes(ax, palette)
    DRAWERS[spec.kind](ax, plot)
    label_values(ax, plot, horizontal=horizontal, grid=options.grid)
    _add_legend(ax, plot)
    category_axis, value_axis = (ax.yaxis, ax.xaxis) if horizontal else (ax.xaxis, ax.yaxis)
    category_axis.set_label_text(t.gettext(spec.category_label), fontsize=LABEL_SIZE)
    value_axis.set_label_text(value_axis_label(unit, t), fontsize=LABEL_SIZE)
    category_axis.label.set_color(palette.text)
    value_axis.label.set_color(palette.text)
    # The names left of the axis are texts, not ticks, so matplotlib cannot place the title
    # beside them; the left margin was sized for them, so the figure's edge is clear.
    ax.yaxis.set_label_coords(-(left - 0.02) / (0.975 - left), 0.5)
    return figure, plot


def _finish(
    spec: GraphSpec,
    figure: Figure,
    *,
    headings: _Headings,
    numbers: dict[str, Any],
    summary: str,
    exact_colors: list[str],
) -> RenderedGraph:
    png, width, height = encode_png(figure, exact_colors)
    return RenderedGraph(
        key=spec.key,
        title=headings.title,
        png=png,
        width=width,
        height=height,
        numbers=numbers,
        summary=summary,
    )


def _exact_colors(palette: Palette, series_colors: list[str]) -> list[str]:
    return [palette.background, palette.text, *series_colors]


def _check_shape(spec: GraphSpec, data: GraphData) -> None:
    if problem := data.shape_problem():
        raise UnexpectedGraphData(spec.key, problem)


def _totals(spec: GraphSpec, data: GraphData) -> list[float]:
    """Per-category totals in Tautulli's unit: a total series if sent, else the sum."""
    for series in data.series:
        if series.name == spec.total_series:
            return [float(v) for v in series.data]
    return [float(sum(column)) for column in zip(*(s.data for s in data.series), strict=True)]


def _unit(spec: GraphSpec, options: RenderOptions, totals: list[float]) -> Unit:
    if spec.measure == "streams":
        return "streams"
    if options.y_axis == "plays":
        return "plays"
    return duration_unit(max(totals, default=0.0))


def _color(spec: GraphSpec, options: RenderOptions, series: str) -> str:
    color = options.series_colors.get(series)
    if color is None:
        raise MissingSeriesColor(spec.key, series)
    return color


def _value_labels(spec: GraphSpec, options: RenderOptions) -> ValueLabels | None:
    if spec.key not in options.annotate:
        return None
    outline = options.annotation_outline_color if options.annotation_outline else None
    return ValueLabels(options.annotation_color, outline)


def _grand_total(total: float, unit: Unit, locale: Locale, t: Translator) -> str:
    if unit == "plays":
        count = round(total)
        return t.ngettext("{count} play in total", "{count} plays in total", count).format(
            count=format_number(count, locale)
        )
    amount = format_amount(total / SECONDS_PER.get(unit, 1), unit, locale, t)
    return t.gettext("{duration} watched in total").format(duration=amount)


def _json_number(value: float) -> float | int:
    return value if isinstance(value, int) else round(value, 2)


def _draw_headings(figure: Figure, headings: _Headings, palette: Palette) -> None:
    figure.text(0.5, 0.945, headings.title, ha="center", va="center", fontsize=TITLE_SIZE,
                fontweight="bold", color=palette.text)  # fmt: skip
    if headings.subtitle:
        figure.text(0.5, 0.9, headings.subtitle, ha="center", va="center",
                    fontsize=SUBTITLE_SIZE, color=palette.muted)  # fmt: skip


def _style_axes(ax: Axes, palette: Palette) -> None:
    # The figure already paints the background; a second full-size fill costs time in Agg.
    ax.patch.set_visible(False)
    for spine in ax.spines.values():
        spine.set_color(palette.muted)


def _add_legend(ax: Axes, plot: Plot) -> None:
    palette = plot.palette
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.01),
        ncols=len(plot.series),
        frameon=False,
        fontsize=TICK_SIZE,
        labelcolor=palette.text,
    )
