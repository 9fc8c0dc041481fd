"""Numbers, amounts, changes, dates and title lists, worded for one language (CLDR via Babel).

Everything shown goes through the translator (plurals with ``ngettext``) and Babel (digits,
grouping, percent signs, month and weekday names), so a Danish reader sees "1.234 afspilninger"
and "18 %" where an English one sees "1,234 plays" and "18%".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from babel import Locale
from babel.dates import (
    format_interval,
    format_skeleton,
    format_time,
    get_day_names,
    get_month_names,
)
from babel.numbers import format_percent, get_minus_sign_symbol, get_plus_sign_symbol

from renderer import SECONDS_PER, babel_locale, duration_unit, format_amount, format_number
from renderer.digest import Change, Period, RankBy, TitleStat
from renderer.translation import Translator

MAX_TITLE = 80
"""Characters of a title in a list line: five lines per field stay far inside 1,024."""

_MARKDOWN = re.compile(r"([\\*_~`|>#\[\]()-])")


def escape_markdown(text: str) -> str:
    """Titles and names as plain text: Discord must not read ``*`` or ``_`` in them as markup."""
    return _MARKDOWN.sub(r"\\\1", text)


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def period_label(period: Period, locale: Locale) -> str:
    """A week as "Nov 23-29, 2026" (CLDR's interval), a month, or a year, in the language."""
    if period.kind == "week" or not period.complete:
        if period.start == period.end:
            return format_skeleton("yMMMd", period.start, locale=locale)
        return format_interval(period.start, period.end, "yMMMd", locale=locale)
    if period.kind == "month":
        return format_skeleton("yMMMM", period.start, locale=locale)
    return str(period.start.year)


@dataclass(frozen=True)
class Wording:
    """How one reader's language writes the numbers of a digest or a Wrapped."""

    t: Translator
    language: str

    @cached_property
    def locale(self) -> Locale:
        return babel_locale(self.language)

    def number(self, value: float) -> str:
        return format_number(value, self.locale)

    def plays(self, count: int) -> str:
        return format_amount(count, "plays", self.locale, self.t)

    def duration(self, seconds: float, *, like: float | None = None) -> str:
        """Minutes, hours or days, whichever reads best for ``like`` (default: ``seconds``)."""
        unit = duration_unit(abs(seconds if like is None else like))
        return format_amount(seconds / SECONDS_PER[unit], unit, self.locale, self.t)

    def hours(self, seconds: float) -> str:
        return format_amount(seconds / 3600, "hours", self.locale, self.t)

    def amount(self, rank_by: RankBy, plays: int, seconds: int) -> str:
        """What a list ranks by: plays, or watch time."""
        return self.plays(plays) if rank_by == "plays" else self.duration(seconds)

    def percent(self, value: float) -> str:
        """``value`` in per cent (18.4 → "18%"), rounded to a whole number; above 0 but
        rounding to 0, "<1%" (a "0%" share or change would read as none)."""
        if 0 < value < 0.5:
            return "<" + format_percent(0.01, locale=self.locale)
        return format_percent(round(value) / 100, locale=self.locale)

    def weekday(self, number: int) -> str:
        return str(get_day_names("wide", context="stand-alone", locale=self.locale)[number])

    def hour(self, hour: int) -> str:
        return format_time(dt.time(hour), "short", locale=self.locale)

    def day(self, day: dt.date) -> str:
        return format_skeleton("MMMMEd", day, locale=self.locale)

    def moment(self, at: dt.datetime) -> str:
        return f"{format_skeleton('MMMEd', at, locale=self.locale)} {self.hour_minute(at)}"

    def hour_minute(self, at: dt.datetime) -> str:
        return format_time(at, "short", locale=self.locale)

    def month(self, year: int, month: int) -> str:
        del year  # the stand-alone month name does not change with the year
        return str(get_month_names("wide", context="stand-alone", locale=self.locale)[month])

    def dates(self, start: dt.date, end: dt.date) -> str:
        if start == end:
            return format_skeleton("yMMMd", start, locale=self.locale)
        return format_interval(start, end, "yMMMd", locale=self.locale)

    def change(self, change: Change, shown: str) -> str | None:
        """ "▲ +188 (+18%)" against the period before; ``shown`` is the delta's amount written
        out. None when there is nothing to compare (no data before, or nothing both times)."""
        if change.previous is None or (change.previous == 0 and change.current == 0):
            return None
        percent = change.percent
        if percent is None:
            return "▲ " + self.t.gettext("new")
        delta = change.current - change.previous
        if delta == 0:
            return "= " + self.t.gettext("no change")
        plus, minus = get_plus_sign_symbol(self.locale), get_minus_sign_symbol(self.locale)
        sign, arrow = (plus, "▲") if delta > 0 else (minus, "▼")
        percent_shown = self.percent(abs(percent))
        # "<1%" goes without a sign: the arrow and the delta already tell the direction.
        if not percent_shown.startswith("<"):
            percent_shown = sign + percent_shown
        return f"{arrow} {sign}{shown} ({percent_shown})"

    def title_lines(self, titles: tuple[TitleStat, ...], rank_by: RankBy) -> str:
        """Up to five numbered lines: "1. Title (2019) · 12 plays"."""
        lines: list[str] = []
        for rank, title in enumerate(titles[:5], start=1):
            name = escape_markdown(clip(title.title, MAX_TITLE))
            if title.year:
                name = f"{name} ({title.year})"
            lines.append(f"{rank}. {name} · {self.amount(rank_by, title.plays, title.seconds)}")
        return "\n".join(lines)
