"""A member's Discord locale picks the region for numbers and dates, apart from the catalog.

The expected strings are CLDR's (Babel's data): es-419 groups with a comma and abbreviates
September "sep" with a 12-hour clock, es-ES groups with a period and writes "sept" and 20:00;
en-GB puts the day first and uses a 24-hour clock, en-US the month first and "PM".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.dates import format_skeleton, format_time

from interactions_app.i18n import region_for_discord_locale, translator_for
from renderer import RenderOptions, render_graph, spec_by_key
from renderer._labels import babel_locale, format_number
from renderer.sample import sample_graph
from tests.fakes.endpoint import FEW_GRAPHS, Endpoint, running_endpoint
from tests.fakes.interactions import option


@pytest.mark.parametrize(
    ("locale", "region"),
    [
        ("es-419", "es_419"),
        ("es-ES", "es_ES"),
        ("en-GB", "en_GB"),
        ("en-US", "en_US"),
        ("pt-BR", "pt_BR"),
        ("sv-SE", "sv_SE"),
        ("zh-CN", "zh_Hans_CN"),
        ("zh-TW", "zh_Hant_TW"),
        ("no", "nb"),
        ("da", "da"),
    ],
)
def test_every_kind_of_discord_locale_reads_as_a_babel_locale(locale: str, region: str) -> None:
    assert region_for_discord_locale(locale, "en") == region
    assert str(babel_locale(region)) == region


@pytest.mark.parametrize("locale", [None, "", "xx-YY", "und", "not a locale"])
def test_a_missing_or_unknown_locale_gives_the_configured_language(locale: str | None) -> None:
    assert region_for_discord_locale(locale, "de") == "de"
    assert region_for_discord_locale(locale, "pt-BR") == "pt_BR"


def test_cldr_really_tells_these_regions_apart() -> None:
    # What the other tests rely on, straight from Babel: if CLDR ever merged two of these
    # regions, this test says so instead of the others failing obscurely.
    september = format_skeleton("MMM", dt.date(2026, 9, 3), locale=babel_locale("es_419"))
    assert september == "sep"
    assert format_skeleton("MMM", dt.date(2026, 9, 3), locale=babel_locale("es_ES")) == "sept"
    assert format_number(1234.5, babel_locale("es_419")) == "1,234.5"
    assert format_number(1234.5, babel_locale("es_ES")) == "1.234,5"
    eight_pm = dt.time(20)
    assert format_time(eight_pm, "short", locale=babel_locale("en_GB")) == "20:00"
    assert format_time(eight_pm, "short", locale=babel_locale("en_US")) == "8:00\u202fPM"


def test_the_image_text_follows_the_region_while_the_words_follow_the_catalog() -> None:
    spanish = translator_for("es")
    months = spec_by_key("play_count_by_month")
    data = sample_graph(months.command)
    september = data.categories.index("Sep 2026")
    latin = render_graph(months, data, _options("es-419"), spanish)
    spain = render_graph(months, data, _options("es-ES"), spanish)
    assert latin.numbers["categories"][september] == "sep 2026"
    assert spain.numbers["categories"][september] == "sept 2026"
    assert latin.title == spain.title == spanish.gettext(months.title) != months.title

    weekdays = spec_by_key("play_count_by_dayofweek")
    data = sample_graph(weekdays.command)
    assert render_graph(weekdays, data, _options("es-419"), spanish).summary.startswith("3,777 ")
    assert render_graph(weekdays, data, _options("es-ES"), spanish).summary.startswith("3.777 ")

    english = translator_for("en")
    dates = spec_by_key("daily_play_count")
    data = sample_graph(dates.command)
    assert data.categories[0] == "2026-10-25"
    british = render_graph(dates, data, _options("en-GB"), english)
    american = render_graph(dates, data, _options("en-US"), english)
    assert british.numbers["categories"][0] == "25 Oct"
    assert american.numbers["categories"][0] == "Oct 25"


def test_my_stats_numbers_and_times_follow_the_members_region(tmp_path: Path) -> None:
    settings = {
        **FEW_GRAPHS,
        "LINKING": "email",
        "ENABLE_PLAY_COUNT_BY_HOUROFDAY": True,
        "Y_AXIS": "duration",
        "LANGUAGE": "de",
    }
    with running_endpoint(tmp_path, settings=settings) as endpoint:
        latin = _hour_summary(endpoint, "es-419")
        spain = _hour_summary(endpoint, "es-ES")
        british = _hour_summary(endpoint, "en-GB")
        american = _hour_summary(endpoint, "en-US")
        endpoint.discord.assert_all_valid()
    # The same Spanish words; only the region's numbers and clock differ.
    assert "1,439.1 h de visualización en total" in latin
    assert "8:00\u202fp.m." in latin
    assert "1.439,1 h de visualización en total" in spain
    assert "20:00" in spain
    assert "20:00" in british
    assert "1,439.1 hrs watched" in british
    assert "8:00\u202fPM" in american
    assert "1,439.1 hr watched" in american


def _hour_summary(endpoint: Endpoint, locale: str) -> str:
    body = endpoint.client.interaction(
        2,
        "my_stats",
        [option("email", "tanaka_jessica@example.org")],
        user_id="1150000000000000801",
        locale=locale,
    )
    assert endpoint.client.post(body).json() == {"type": 5, "data": {"flags": 64}}
    endpoint.wait_idle()
    message = endpoint.discord.original(body["token"])
    assert message is not None
    image = "attachment://play_count_by_hourofday.png"
    (hours,) = [embed for embed in message.embeds if embed["image"]["url"] == image]
    return str(hours["description"])


def _options(locale: str) -> RenderOptions:
    return RenderOptions(language=region_for_discord_locale(locale, "en"))
