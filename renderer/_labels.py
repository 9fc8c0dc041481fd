"""Text on the graphs: category ticks (Babel names), series names, units and numbers."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Sequence
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_time, get_day_names
from babel.numbers import format_decimal
from babel.units import format_unit

from renderer import series
from renderer.censor import censor_usernames, distinct_labels
from renderer.errors import UnexpectedGraphData
from renderer.specs import CategoryKind
from renderer.translation import N_, Translator

log = logging.getLogger(__name__)

Unit = Literal["plays", "streams", "minutes", "hours", "days"]

SERIES_NAMES: dict[str, str] = {
    series.TV: N_("TV"),
    series.MOVIES: N_("Movies"),
    series.MUSIC: N_("Music"),
    series.LIVE_TV: N_("Live TV"),
    series.TOTAL: N_("Total"),
    series.DIRECT_PLAY: N_("Direct Play"),
    series.DIRECT_STREAM: N_("Direct Stream"),
    series.TRANSCODE: N_("Transcode"),
    series.MAX_CONCURRENT_STREAMS: N_("Max. Concurrent Streams"),
}
"""Tautulli's series names, marked for translation."""

SECONDS_PER: dict[Unit, int] = {"minutes": 60, "hours": 3600, "days": 86400}
MAX_LABEL_LENGTH = 24

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HOUR = re.compile(r"[01]\d|2[0-3]")
_MONTH = re.compile(r"([A-Z][a-z]{2}) (\d{4})")


@functools.cache
def babel_locale(language: str) -> Locale:
    """The Babel locale for ``da``, ``pt_BR`` or ``pt-BR``; English when Babel has no such one."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        log.warning("No Babel locale for language %r; using English names and numbers", language)
        return Locale.parse("en")


def category_labels(
    graph: str, kind: CategoryKind, categories: Sequence[str], locale: Locale, *, censor: bool
) -> list[str]:
    """Tick labels in Tautulli's order; user names are censored last, after truncation."""
    match kind:
        case "date":
            return [format_skeleton("MMMd", _date(graph, c), locale=locale) for c in categories]
        case "weekday":
            names = get_day_names("wide", context="stand-alone", locale=locale)
            return [str(names[_weekday(graph, c)]) for c in categories]
        case "hour":
            return [_hour(graph, c) for c in categories]
        case "month":
            return [format_skeleton("yMMM", _month(graph, c), locale=locale) for c in categories]
        case "label":
            return distinct_labels([_shorten(c) for c in categories])
        case "user":
            short = [_shorten(c) for c in categories]
            return censor_usernames(short) if censor else distinct_labels(short)


def summary_category(kind: CategoryKind, category: str, label: str, locale: Locale) -> str:
    """How a category reads in a sentence: hours as clock times ("8:00 PM"), others as drawn."""
    if kind == "hour":
        return format_time(dt.time(int(category)), "short", locale=locale)
    return label


def _date(graph: str, category: str) -> dt.date:
    if _DATE.fullmatch(category):
        try:
            return dt.date.fromisoformat(category)
        except ValueError:
            pass
    raise UnexpectedGraphData(graph, f"date {category!r} is not YYYY-MM-DD")


def _weekday(graph: str, category: str) -> int:
    try:
        return _WEEKDAYS.index(category)
    except ValueError:
        raise UnexpectedGraphData(graph, f"{category!r} is not an English weekday") from None


def _hour(graph: str, category: str) -> str:
    if not _HOUR.fullmatch(category):
        raise UnexpectedGraphData(graph, f"hour {category!r} is not 00..23")
    return category


def _month(graph: str, category: str) -> dt.date:
    found = _MONTH.fullmatch(category)
    if found is None or found.group(1) not in _MONTHS:
        raise UnexpectedGraphData(graph, f"month {category!r} is not like 'Dec 2025'")
    return dt.date(int(found.group(2)), _MONTHS.index(found.group(1)) + 1, 1)


def _shorten(label: str) -> str:
    label = " ".join(label.split())
    if len(label) <= MAX_LABEL_LENGTH:
        return label
    return label[: MAX_LABEL_LENGTH - 1] + "…"


def series_label(name: str, t: Translator) -> str:
    """The translated legend name; a name Tautulli adds in the future is shown as sent."""
    message = SERIES_NAMES.get(name)
    return name if message is None else t.gettext(message)


def duration_unit(largest_seconds: float) -> Unit:
    """Minutes for short times, hours for most, days when hours would run into thousands."""
    if largest_seconds < 2 * 3600:
        return "minutes"
    if largest_seconds < 1000 * 3600:
        return "hours"
    return "days"


def value_axis_label(unit: Unit, t: Translator) -> str:
    match unit:
        case "plays":
            return t.gettext("Plays")
        case "streams":
            return t.gettext("Concurrent streams")
        case "minutes":
            return t.gettext("Watch time (minutes)")
        case "hours":
            return t.gettext("Watch time (hours)")
        case "days":
            return t.gettext("Watch time (days)")


def format_number(value: float, locale: Locale) -> str:
    """Whole numbers as they are, others with one decimal, grouped the way ``locale`` writes."""
    return format_decimal(round(value, 1), format="#,##0.#", locale=locale)


def format_amount(value: float, unit: Unit, locale: Locale, t: Translator) -> str:
    """A value with its unit, for sentences: "1,234 plays", "63.2 hr"."""
    match unit:
        case "plays":
            count = round(value)
            return t.ngettext("{count} play", "{count} plays", count).format(
                count=format_number(count, locale)
            )
        case "streams":
            return format_number(value, locale)
        case "minutes" | "hours" | "days":
            babel_unit = {"minutes": "duration-minute", "hours": "duration-hour"}.get(
                unit, "duration-day"
            )
            return format_unit(
                round(value, 1), babel_unit, length="short", format="#,##0.#", locale=locale
            )


def time_range_label(*, months: bool, count: int, t: Translator) -> str:
    if months:
        return t.ngettext("Last {count} month", "Last {count} months", count).format(count=count)
    return t.ngettext("Last {count} day", "Last {count} days", count).format(count=count)
