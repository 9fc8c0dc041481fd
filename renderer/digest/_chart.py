"""The digest's and the Wrapped's one image each, drawn like the other graphs.

Same figure size, background, text colours, grid and theme as ``render_graph``; the line and
bars take the configured TV colour (the first series colour), last period's line the muted
text colour, dashed, so it reads as the guide it is.
"""

from __future__ import annotations

import gc
import math
from typing import Any

from babel import Locale
from babel.dates import format_interval, get_day_names, get_month_names
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from renderer import series
from renderer._canvas import encode_png, new_figure
from renderer._labels import (
    SECONDS_PER,
    babel_locale,
    duration_unit,
    format_amount,
    format_number,
    value_axis_label,
)
from renderer._options import DEFAULT_SERIES_COLORS, RenderedGraph, RenderOptions
from renderer._style import Palette, palette_for, setup_style
from renderer.charts import Plot, PlotSeries, label_categories, label_values
from renderer.digest.model import Digest, Wrapped
from renderer.digest.periods import Period, PeriodKind
from renderer.translation import N_, Translator

TITLE_SIZE = 24
SUBTITLE_SIZE = 15
LABEL_SIZE = 14
LEGEND_SIZE = 13
MAX_MARKED_POINTS = 62
MAX_DAY_TICKS = 16

LEGENDS: dict[PeriodKind, tuple[str, str]] = {
    "week": (N_("this week"), N_("last week")),
    "month": (N_("this month"), N_("last month")),
    "year": (N_("this year"), N_("last year")),
}
"""Legend names of this period's line and the previous period's."""


def render_digest_chart(digest: Digest, options: RenderOptions, t: Translator) -> RenderedGraph:
    """This period's daily plays over the previous period's, day by day from the first day."""
    setup_style()
    locale = babel_locale(options.language)
    palette = palette_for(options.background_color)
    this, last = (t.gettext(name) for name in LEGENDS[digest.period.kind])
    current = [float(v) for v in digest.daily_plays]
    previous = [float(v) for v in digest.previous_daily_plays]
    count = max(len(current), len(previous))
    color = _main_color(options)
    plot = Plot(
        categories=[],
        series=[
            PlotSeries(last, palette.muted, previous, reference=True),
            PlotSeries(this, color, current),
        ],
        stacked=False,
        palette=palette,
        format_value=lambda v: format_number(v, locale),
        value_labels=None,
    )
    title = t.gettext("Plays per day")
    figure, ax = _canvas(palette, title, _interval(digest.period, locale))
    dense = count > MAX_MARKED_POINTS
    for line in plot.series:
        ax.plot(
            range(len(line.values)),
            line.values,
            color=line.color,
            label=line.label,
            linewidth=(1.5 if dense else 2.5) * (0.8 if line.reference else 1),
            linestyle="--" if line.reference else "-",
            marker=None if dense else "o",
            markersize=4,
        )
    positions, labels = _day_labels(digest.period, count, locale)
    label_categories(ax, positions, labels, plot, horizontal=False)
    ax.set_xlim(-0.5, max(count, 1) - 0.5)
    ax.set_ylim(bottom=0, top=max([*current, *previous, 1.0]) * 1.1)
    _finish_axes(ax, plot, options, value_axis_label("plays", t))
    summary = _digest_summary(digest, this, last, locale, t)
    numbers = {
        "categories": labels,
        "series": {this: list(digest.daily_plays), last: list(digest.previous_daily_plays)},
        "unit": "plays",
    }
    colors = [palette.background, palette.text, palette.muted, color]
    return _encoded("digest", figure, title=title, numbers=numbers, summary=summary, colors=colors)


def render_wrapped_chart(wrapped: Wrapped, options: RenderOptions, t: Translator) -> RenderedGraph:
    """Watch time per month of the year, as bars."""
    setup_style()
    locale = babel_locale(options.language)
    palette = palette_for(options.background_color)
    unit = duration_unit(max(wrapped.monthly_seconds, default=0))
    scale = SECONDS_PER.get(unit, 1)
    values = [v / scale for v in wrapped.monthly_seconds]
    color = _main_color(options)
    months = get_month_names("abbreviated", context="stand-alone", locale=locale)
    labels = [str(months[m]) for m in range(1, 13)]
    label = value_axis_label(unit, t)
    plot = Plot(
        categories=labels,
        series=[PlotSeries(label, color, values)],
        stacked=False,
        palette=palette,
        format_value=lambda v: format_number(v, locale),
        value_labels=None,
    )
    title = t.gettext("Watch time by month")
    figure, ax = _canvas(palette, title, str(wrapped.year))
    ax.bar(range(12), values, width=0.7, color=color, edgecolor=palette.background)
    label_categories(ax, list(range(12)), labels, plot, horizontal=False)
    ax.set_xlim(-0.6, 11.6)
    ax.set_ylim(bottom=0, top=max([*values, 1.0]) * 1.1)
    _finish_axes(ax, plot, options, label, legend=False)
    total = format_amount(wrapped.seconds / SECONDS_PER["hours"], "hours", locale, t)
    if wrapped.busiest_month is None:
        summary = t.gettext("No plays in this period")
    else:
        month = get_month_names("wide", context="format", locale=locale)[wrapped.busiest_month[0]]
        summary = t.gettext("{duration} watched in {year}, the most in {month}").format(
            duration=total, year=wrapped.year, month=month
        )
    numbers = {"categories": labels, "series": {label: values}, "unit": unit}
    colors = [palette.background, palette.text, color]
    return _encoded("wrapped", figure, title=title, numbers=numbers, summary=summary, colors=colors)


def _main_color(options: RenderOptions) -> str:
    return options.series_colors.get(series.TV, DEFAULT_SERIES_COLORS[series.TV])


def _canvas(palette: Palette, title: str, subtitle: str) -> tuple[Figure, Axes]:
    figure = new_figure(palette)
    figure.text(0.5, 0.945, title, ha="center", va="center", fontsize=TITLE_SIZE,
                fontweight="bold", color=palette.text)  # fmt: skip
    figure.text(0.5, 0.9, subtitle, ha="center", va="center", fontsize=SUBTITLE_SIZE,
                color=palette.muted)  # fmt: skip
    ax = figure.add_axes((0.075, 0.09, 0.9, 0.74))
    ax.patch.set_visible(False)
    for spine in ax.spines.values():
        spine.set_color(palette.muted)
    return figure, ax


def _finish_axes(
    ax: Axes, plot: Plot, options: RenderOptions, value_label: str, *, legend: bool = True
) -> None:
    label_values(ax, plot, horizontal=False, grid=options.grid)
    ax.yaxis.set_label_text(value_label, fontsize=LABEL_SIZE)
    ax.yaxis.label.set_color(plot.palette.text)
    ax.yaxis.set_label_coords(-0.055 / 0.9, 0.5)
    if legend:
        # This period first: it is drawn last, over the previous one.
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], labels[::-1], loc="lower left", bbox_to_anchor=(0.0, 1.01),
                  ncols=len(plot.series), frameon=False, fontsize=LEGEND_SIZE,
                  labelcolor=plot.palette.text)  # fmt: skip


def _interval(period: Period, locale: Locale) -> str:
    return str(format_interval(period.start, period.end, "yMMMd", locale=locale))


def _day_labels(period: Period, count: int, locale: Locale) -> tuple[list[int], list[str]]:
    """Where and what to label along the days: weekdays for weeks, the day of the month for
    months, month names at each month's first day for years (both periods share them)."""
    if period.kind == "week":
        names = get_day_names("abbreviated", context="stand-alone", locale=locale)
        first = period.start.weekday()
        return list(range(count)), [str(names[(first + i) % 7]) for i in range(count)]
    if period.kind == "month":
        step = math.ceil(count / MAX_DAY_TICKS)
        positions = list(range(0, count, step))
        return positions, [format_number(i + 1, locale) for i in positions]
    months = get_month_names("abbreviated", context="stand-alone", locale=locale)
    positions: list[int] = []
    labels: list[str] = []
    for month in range(1, 13):
        day = (period.start.replace(month=month) - period.start).days
        if day < count:
            positions.append(day)
            labels.append(str(months[month]))
    return positions, labels


def _digest_summary(digest: Digest, this: str, last: str, locale: Locale, t: Translator) -> str:
    def plays(count: float) -> str:
        return format_amount(count, "plays", locale, t)

    duration = format_amount(digest.seconds.current / SECONDS_PER["hours"], "hours", locale, t)
    if digest.active_users is None:
        text = t.gettext("{period}: {plays}, {duration} watched.").format(
            period=_capitalized(this), plays=plays(digest.plays.current), duration=duration
        )
    else:
        users = round(digest.active_users.current)
        text = t.gettext("{period}: {plays}, {duration} watched, {users}.").format(
            period=_capitalized(this),
            plays=plays(digest.plays.current),
            duration=duration,
            users=t.ngettext("{count} active user", "{count} active users", users).format(
                count=format_number(users, locale)
            ),
        )
    if digest.plays.previous is not None:
        text += " " + t.gettext("{period}: {plays}.").format(
            period=_capitalized(last), plays=plays(digest.plays.previous)
        )
    return text


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _encoded(
    key: str,
    figure: Figure,
    *,
    title: str,
    numbers: dict[str, Any],
    summary: str,
    colors: list[str],
) -> RenderedGraph:
    """``colors`` come out exactly as chosen (the background first)."""
    png, width, height = encode_png(figure, colors)
    # Like render_graph: collect the figure's reference cycles while they are young.
    gc.collect(1)
    return RenderedGraph(
        key=key,
        title=title,
        png=png,
        width=width,
        height=height,
        numbers=numbers,
        summary=summary,
    )
