"""The digest's and the Wrapped's images: valid PNGs of the graphs' size, localized labels, and
alt texts that carry the totals."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import subprocess
import sys
from dataclasses import replace

from PIL import Image

from renderer import RenderOptions
from renderer.digest import (
    Change,
    Digest,
    Period,
    Wrapped,
    last_complete,
    render_digest_chart,
    render_wrapped_chart,
)
from tests.render_samples import MarkingTranslator, png_size

T = gettext.NullTranslations()


def digest(period: Period, plays: float, previous: float | None) -> Digest:
    before = period.previous()
    return Digest(
        period=period,
        previous=before,
        rank_by="plays",
        plays=Change(plays, previous),
        seconds=Change(45 * 3600 + 1800, 40 * 3600),
        active_users=Change(7, 6),
        top_movies=(),
        top_shows=(),
        top_artists=(),
        most_popular=None,
        busiest_day=None,
        busiest_hour=None,
        peak=None,
        top_platform=None,
        libraries=(),
        top_user=None,
        record=None,
        daily_plays=tuple(range(10, 10 + period.days)),
        previous_daily_plays=tuple(range(before.days)),
    )


def wrapped(monthly: tuple[int, ...]) -> Wrapped:
    busiest = max(range(12), key=lambda m: monthly[m])
    return Wrapped(
        year=2026,
        user_id=1,
        name="Ada",
        rank_by="plays",
        plays=321,
        seconds=sum(monthly),
        top_movies=(),
        top_shows=(),
        top_artists=(),
        busiest_month=(busiest + 1, monthly[busiest]) if any(monthly) else None,
        favourite_weekday=None,
        favourite_hour=None,
        longest_streak=None,
        percentile=None,
        monthly_seconds=monthly,
    )


def test_a_week_over_the_last_in_english() -> None:
    week = last_complete("week", dt.date(2026, 12, 3))
    graph = render_digest_chart(digest(week, 1234, 1100), RenderOptions(), T)
    assert (graph.key, graph.title) == ("digest", "Plays per day")
    assert png_size(graph.png) == (graph.width, graph.height) == (1600, 900)
    Image.open(io.BytesIO(graph.png)).verify()
    assert graph.summary == (
        "This week: 1,234 plays, 45.5 hr watched, 7 active users. Last week: 1,100 plays."
    )
    assert graph.numbers["categories"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert graph.numbers["series"] == {
        "this week": list(range(10, 17)),
        "last week": list(range(7)),
    }


def test_numbers_and_names_follow_the_language() -> None:
    month = last_complete("month", dt.date(2026, 12, 3))
    graph = render_digest_chart(digest(month, 1234, None), RenderOptions(language="de"), T)
    # Babel's German grouping and decimal comma; nothing to compare with, so no "last month".
    assert graph.summary == "This month: 1.234 plays, 45,5 Std. watched, 7 active users."
    assert graph.numbers["categories"][:3] == ["1", "3", "5"]  # every other day
    week = last_complete("week", dt.date(2026, 12, 3), first_weekday=6)
    german = render_digest_chart(digest(week, 3, 2), RenderOptions(language="de"), T)
    assert german.numbers["categories"][:2] == ["So", "Mo"]


def test_every_text_is_translated() -> None:
    year = last_complete("year", dt.date(2026, 12, 3))
    graph = render_digest_chart(digest(year, 50000, 40000), RenderOptions(), MarkingTranslator())
    assert graph.title == "T:Plays per day"
    assert set(graph.numbers["series"]) == {"T:this year", "T:last year"}
    # The sentence, the period's name, the plays and the users went through the translator.
    assert graph.summary == (
        "T:T:this year: T:50,000 plays, 45.5 hr watched, T:7 active users. "
        "T:T:last year: T:40,000 plays."
    )
    assert graph.numbers["categories"][0] == "Jan"
    assert len(graph.numbers["series"]["T:this year"]) == 365


def test_wrapped_bars_of_the_months() -> None:
    monthly = (3600, 7200, 0, 0, 0, 36000, 0, 0, 0, 0, 1800, 0)
    graph = render_wrapped_chart(wrapped(monthly), RenderOptions(language="fr"), T)
    assert (graph.key, graph.title) == ("wrapped", "Watch time by month")
    assert png_size(graph.png) == (1600, 900)
    assert graph.numbers["unit"] == "hours"
    assert graph.numbers["series"]["Watch time (hours)"][5] == 10.0
    assert graph.numbers["categories"][:2] == ["janv.", "févr."]
    assert graph.summary == "13,5\u202fh watched in 2026, the most in juin"


def test_wrapped_without_plays() -> None:
    graph = render_wrapped_chart(wrapped((0,) * 12), RenderOptions(), T)
    assert graph.summary == "No plays in this period"
    assert graph.numbers["unit"] == "minutes"


def test_importing_the_digest_does_not_load_matplotlib() -> None:
    code = (
        "import sys, renderer.digest\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib loaded'\n"
        "renderer.digest.render_digest_chart\n"
        "assert 'matplotlib' in sys.modules\n"
        "try:\n"
        "    renderer.digest.nothing\n"
        "except AttributeError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert "has no attribute 'nothing'" in done.stdout


def test_a_year_without_active_users_leaves_them_out_of_the_alt_text() -> None:
    year = last_complete("year", dt.date(2026, 12, 3))
    graph = render_digest_chart(
        replace(digest(year, 1234, None), active_users=None), RenderOptions(), T
    )
    assert graph.summary == "This year: 1,234 plays, 45.5 hr watched."
