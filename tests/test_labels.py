from __future__ import annotations

import gettext
import logging

import pytest

from renderer._labels import (
    babel_locale,
    category_labels,
    duration_unit,
    format_amount,
    series_label,
    time_range_label,
    value_axis_label,
)
from tests.render_samples import MarkingTranslator

T = gettext.NullTranslations()
WEEK = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def test_weekday_names_come_from_babel_in_the_order_sent() -> None:
    danish = category_labels("g", "weekday", WEEK, babel_locale("da"), censor=False)
    assert danish == ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"]
    monday_first = WEEK[1:] + WEEK[:1]
    german = category_labels("g", "weekday", monday_first, babel_locale("de"), censor=False)
    assert german[0] == "Montag"
    assert german[-1] == "Sonntag"


def test_months_dates_and_hours() -> None:
    da = babel_locale("da")
    assert category_labels("g", "month", ["Dec 2025", "Jan 2026"], da, censor=False) == [
        "dec. 2025",
        "jan. 2026",
    ]
    en = babel_locale("en")
    assert category_labels("g", "date", ["2026-10-25"], en, censor=False) == ["Oct 25"]
    assert category_labels("g", "hour", ["00", "23"], en, censor=False) == ["00", "23"]


def test_long_labels_are_shortened_and_kept_distinct() -> None:
    long = "A platform with a very long name indeed"
    labels = category_labels("g", "label", [long, long + "!"], babel_locale("en"), censor=False)
    assert labels == ["A platform with a very …", "A platform with a very … (2)"]
    users = category_labels("g", "user", ["Sam Lee", "Sam Lee"], babel_locale("en"), censor=True)
    assert users == ["S** L**", "S** L** (2)"]


def test_locale_names_in_either_spelling_and_an_unknown_one_falls_back_to_english(
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert str(babel_locale("pt-BR")) == "pt_BR"
    assert str(babel_locale("pt_BR")) == "pt_BR"
    with caplog.at_level(logging.WARNING, logger="renderer.labels"):
        assert str(babel_locale("xx-nowhere")) == "en"
    assert "xx-nowhere" in caplog.text


def test_series_names_are_translated_and_new_ones_shown_as_sent() -> None:
    t = MarkingTranslator()
    assert series_label("Direct Play", t) == "T:Direct Play"
    assert series_label("Max. Concurrent Streams", t) == "T:Max. Concurrent Streams"
    assert series_label("Audiobooks", t) == "Audiobooks"


@pytest.mark.parametrize(
    ("seconds", "unit"),
    [(0, "minutes"), (7199, "minutes"), (7200, "hours"), (999 * 3600, "hours"),
     (1000 * 3600, "days")],
)  # fmt: skip
def test_duration_unit_by_magnitude(seconds: float, unit: str) -> None:
    assert duration_unit(seconds) == unit


def test_amounts_and_axis_labels() -> None:
    en, da = babel_locale("en"), babel_locale("da")
    assert format_amount(1, "plays", en, T) == "1 play"
    assert format_amount(1234, "plays", da, T) == "1.234 plays"
    assert format_amount(9, "streams", en, T) == "9"
    assert format_amount(12.34, "minutes", en, T) == "12.3 min"
    assert format_amount(1529.5, "hours", da, T) == "1.529,5 t."
    assert format_amount(2, "days", en, T) == "2 days"
    labels = {unit: value_axis_label(unit, T) for unit in
              ("plays", "streams", "minutes", "hours", "days")}  # fmt: skip
    assert labels == {
        "plays": "Plays",
        "streams": "Concurrent streams",
        "minutes": "Watch time (minutes)",
        "hours": "Watch time (hours)",
        "days": "Watch time (days)",
    }


def test_time_ranges() -> None:
    assert time_range_label(months=False, count=30, t=T) == "Last 30 days"
    assert time_range_label(months=False, count=1, t=T) == "Last 1 day"
    assert time_range_label(months=True, count=12, t=T) == "Last 12 months"
    assert time_range_label(months=True, count=1, t=MarkingTranslator()) == "T:Last 1 month"
