"""The digest and Wrapped messages from hand-built models: wording, numbers, thin data, limits."""

from __future__ import annotations

import datetime as dt
import gettext
from zoneinfo import ZoneInfo

import msgspec
import pytest

from interactions_app.digest import Wording, digest_message, wrapped_message
from interactions_app.digest.message import record_line
from interactions_app.digest.produce import DigestUnavailable, client_of
from interactions_app.discord import SUPPRESS_NOTIFICATIONS, Embed, check_message
from interactions_app.i18n import translator_for
from renderer import RenderedGraph
from renderer.digest import (
    Change,
    Digest,
    Peak,
    Period,
    Person,
    Record,
    Share,
    Streak,
    TitleStat,
    Wrapped,
    period_containing,
)
from renderer.sample import SampleTautulli

T = gettext.NullTranslations()
EN = Wording(T, "en")
WEEK = period_containing("week", dt.date(2026, 11, 23))
CHART = RenderedGraph(
    key="digest",
    title="Plays per day",
    png=b"\x89PNG fake",
    width=1600,
    height=900,
    numbers={},
    summary="1,234 plays this week",
)


def title(name: str, plays: int, users: int = 1, year: int | None = 2020) -> TitleStat:
    return TitleStat(title=name, year=year, plays=plays, seconds=plays * 2700, users=users)


def digest(**changes: object) -> Digest:
    values: dict[str, object] = {
        "period": WEEK,
        "previous": WEEK.previous(),
        "rank_by": "plays",
        "plays": Change(1234, 1046),
        "seconds": Change(227_520, 242_280),
        "active_users": Change(12, 12),
        "top_movies": (title("Dune: Part Two", 14, 6, 2024), title("Arrival", 9)),
        "top_shows": (title("The *Bear*", 40, 3, None),),
        "top_artists": (),
        "most_popular": title("Dune: Part Two", 14, 6, 2024),
        "busiest_day": (dt.date(2026, 11, 27), 301),
        "busiest_hour": (20, 188),
        "peak": Peak(5, dt.datetime(2026, 11, 27, 21, 14, tzinfo=ZoneInfo("Europe/Berlin"))),
        "top_platform": Share("Roku", 540, 99_000),
        "libraries": (Share("TV Shows", 700, 1), Share("Movies", 534, 1)),
        "top_user": Person(7, "Alice Smith", 300, 40_000),
        "record": Record("busiest", 7, whole_window=False),
        "daily_plays": (1, 2, 3, 4, 5, 6, 7),
        "previous_daily_plays": (1, 1, 1, 1, 1, 1, 1),
    }
    values.update(changes)
    return Digest(**values)  # type: ignore[arg-type]


def plain(text: str | None) -> str:
    """Babel's thin and narrow no-break spaces as plain spaces, for readable expectations."""
    return (text or "").replace("\u2009", " ").replace("\u202f", " ").replace("\u2013", "-")


def text_of(embed: object) -> str:
    return msgspec.json.encode(embed).decode()


def test_a_week_in_english() -> None:
    payload, uploads = digest_message(digest(), None, EN, censor=True, show_top_user=True)

    [embed] = payload.embeds or []
    assert plain(embed.title) == "Weekly digest: Nov 23 - 29, 2026"
    assert embed.description is not None
    lines = plain(embed.description).splitlines()
    assert lines[0] == "**1,234 plays** ▲ +188 (+18%)"
    assert lines[1] == "**63.2 hr** watched ▼ -4.1 hr (-6%)"
    assert lines[2] == "**12** active users = no change"
    assert lines[3] == "Compared with Nov 16 - 22, 2026."
    assert lines[4] == "🏆 The busiest week of the last 8 weeks."
    fields = {field.name: plain(field.value) for field in embed.fields}
    assert (
        fields["Top movies"] == "1. Dune: Part Two (2024) · 14 plays\n2. Arrival (2020) · 9 plays"
    )
    assert fields["Top TV shows"] == "1. The \\*Bear\\* · 40 plays"
    assert "Top artists" not in fields
    assert fields["Most popular"] == "Dune: Part Two, played by 6 people"
    assert fields["Busiest day"] == "Fri, November 27 · 301 plays"
    assert fields["Busiest hour"] == "8:00 PM · 188 plays"
    assert fields["Peak"] == "5 streams at once · Fri, Nov 27 9:14 PM"
    assert fields["Most used platform"] == "Roku · 540 plays"
    assert fields["Libraries"] == "TV Shows · 700 plays (57%)\nMovies · 534 plays (43%)"
    assert fields["Top watcher"] == "A\\*\\*\\*\\* S\\*\\*\\*\\* · 300 plays"
    assert embed.footer is not None
    assert "counts once" in embed.footer.text
    assert uploads == []
    assert embed.image is None
    check_message(payload, uploads)


def test_numbers_follow_the_language() -> None:
    german = Wording(translator_for("de"), "de")
    payload, _ = digest_message(digest(), None, german, censor=False, show_top_user=True)

    [embed] = payload.embeds or []
    assert embed.description is not None
    first = embed.description.splitlines()[0]
    assert "1.234" in first
    assert "18\xa0%" in first
    fields = {field.name: field.value for field in embed.fields}
    assert "Alice Smith" in "".join(fields.values())
    assert "20:00" in "".join(fields.values())


def test_nothing_to_compare_shows_no_change_and_new_is_new() -> None:
    young = digest(
        plays=Change(10, None),
        seconds=Change(3600, None),
        active_users=Change(2, 0),
        record=None,
    )
    payload, _ = digest_message(young, None, EN, censor=True, show_top_user=False)

    [embed] = payload.embeds or []
    assert embed.description is not None
    lines = embed.description.splitlines()
    assert lines[:3] == ["**10 plays**", "**60 min** watched", "**2** active users ▲ new"]
    assert "%" not in embed.description
    assert "Compared" not in embed.description
    assert "Top watcher" not in {field.name for field in embed.fields}


def test_an_empty_period_is_one_short_line() -> None:
    empty = digest(plays=Change(0, 30), seconds=Change(0, 9000), active_users=Change(0, 3))
    payload, _ = digest_message(empty, None, EN, censor=True, show_top_user=True)

    [embed] = payload.embeds or []
    assert embed.description == "Nobody played anything in this period."
    assert embed.fields == []
    assert "100" not in text_of(embed)


def test_a_month_so_far_says_so_and_posts_silently() -> None:
    month = Period("month", dt.date(2026, 12, 1), dt.date(2026, 12, 3))
    payload, _ = digest_message(
        digest(period=month, previous=month.previous()),
        None,
        EN,
        censor=True,
        show_top_user=True,
        flags=SUPPRESS_NOTIFICATIONS,
    )
    [embed] = payload.embeds or []
    assert embed.image is None
    assert plain(embed.title) == "Monthly digest: Dec 1 - 3, 2026 (so far)"
    assert payload.flags == 4096


@pytest.mark.parametrize(
    ("record", "kind", "line"),
    [
        (
            Record("busiest", 51, whole_window=True),
            "week",
            "The busiest week of the last 52 weeks.",
        ),
        (
            Record("quietest", 2, whole_window=False),
            "month",
            "The quietest month of the last 3 months.",
        ),
        (Record("busiest", 4, whole_window=True), "year", "The busiest year on record."),
        (
            Record("quietest", 3, whole_window=False),
            "year",
            "The quietest year of the last 4 years.",
        ),
    ],
)
def test_records(record: Record, kind: str, line: str) -> None:
    assert record_line(record, kind, T) == line  # type: ignore[arg-type]


def test_long_titles_stay_within_discords_limits() -> None:
    long = tuple(title("Ü" * 500, 10_000_000 + n) for n in range(5))
    payload, uploads = digest_message(
        digest(top_movies=long, top_shows=long, top_artists=long),
        None,
        EN,
        censor=True,
        show_top_user=True,
    )
    check_message(payload, uploads)


def wrapped(**changes: object) -> Wrapped:
    values: dict[str, object] = {
        "year": 2026,
        "user_id": 7,
        "name": "Alice Smith",
        "rank_by": "duration",
        "plays": 321,
        "seconds": 444_600,
        "top_movies": (title("Arrival", 3),),
        "top_shows": (),
        "top_artists": (),
        "busiest_month": (3, 72_000),
        "favourite_weekday": 4,
        "favourite_hour": 21,
        "longest_streak": Streak(9, dt.date(2026, 3, 2), dt.date(2026, 3, 10)),
        "percentile": 80.4,
        "monthly_seconds": (0,) * 12,
    }
    values.update(changes)
    return Wrapped(**values)  # type: ignore[arg-type]


def test_a_wrapped_in_english() -> None:
    payload, _ = wrapped_message(wrapped(), None, EN, own=True, censor=True)

    [embed] = payload.embeds or []
    assert embed.title == "Your 2026 Wrapped"
    assert embed.description == (
        "**123.5 hr** watched\n**321 plays**\nWatched more than 80% of the other active users."
    )
    fields = {field.name: plain(field.value) for field in embed.fields}
    assert fields == {
        "Top movies": "1. Arrival (2020) · 2.2 hr",
        "Busiest month": "March · 20 hr",
        "Favourite day": "Friday",
        "Favourite hour": "9:00 PM",
        "Longest streak": "9 days in a row · Mar 2 - 10, 2026",
    }
    assert "Alice" not in text_of(embed)


def test_an_admins_view_names_the_user_censored_and_a_thin_year_leaves_things_out() -> None:
    thin = wrapped(
        percentile=None, longest_streak=Streak(1, dt.date(2026, 5, 1), dt.date(2026, 5, 1))
    )
    payload, _ = wrapped_message(thin, None, EN, own=False, censor=True)
    [embed] = payload.embeds or []
    assert embed.title == "2026 Wrapped for A\\*\\*\\*\\* S\\*\\*\\*\\*"
    assert "server" not in (embed.description or "")
    assert "Longest streak" not in {field.name for field in embed.fields}

    none = wrapped_message(wrapped(plays=0, seconds=0), None, EN, own=True, censor=True)[0]
    assert (none.embeds or [])[0].description == "No plays in 2026."


def test_the_chart_is_the_embeds_image_with_alt_text() -> None:
    payload, uploads = digest_message(digest(), CHART, EN, censor=True, show_top_user=True)
    [embed] = payload.embeds or []
    assert embed.image is not None
    assert embed.image.url == "attachment://digest.png"
    [upload] = uploads
    assert upload.description == "Plays per day: 1,234 plays this week"
    check_message(payload, uploads)


def test_the_sample_data_cannot_make_a_digest() -> None:
    with pytest.raises(DigestUnavailable) as caught:
        client_of(SampleTautulli())
    assert "need a Tautulli server" in caught.value.explain(T)


def test_a_year_without_dated_home_stats_counts_per_day_and_leaves_users_out() -> None:
    year = period_containing("year", dt.date(2025, 6, 1))
    thin = digest(
        period=year,
        previous=year.previous(),
        active_users=None,
        top_movies=(),
        top_shows=(),
        most_popular=None,
        busiest_hour=None,
        peak=None,
        top_platform=None,
        libraries=(),
        top_user=None,
        record=None,
    )
    payload, _ = digest_message(thin, None, EN, censor=True, show_top_user=True)
    [embed] = payload.embeds or []
    lines = plain(embed.description).splitlines()
    assert lines[:2] == ["**1,234 plays** ▲ +188 (+18%)", "**63.2 hr** watched ▼ -4.1 hr (-6%)"]
    assert "active user" not in plain(embed.description)
    assert [field.name for field in embed.fields] == ["Busiest day"]
    assert embed.footer is not None
    assert embed.footer.text.startswith("Plays are counted per day, as on the chart")


def test_a_wrapped_has_its_own_footer() -> None:
    [embed] = wrapped_message(wrapped(), None, EN, own=True, censor=True)[0].embeds or []
    assert embed.footer is not None
    assert embed.footer.text == (
        "Plays are Tautulli's history entries (a play resumed later counts once); "
        "the chart shows watch time per month."
    )


def wrapped_embeds(model: Wrapped, *, own: bool = True) -> list[Embed]:
    return wrapped_message(model, None, EN, own=own, censor=True)[0].embeds or []


def test_a_percentile_of_0_is_not_shown_and_100_is_of_the_others() -> None:
    [last] = wrapped_embeds(wrapped(percentile=0.0))
    assert "Watched more than" not in (last.description or "")
    [first] = wrapped_embeds(wrapped(percentile=100.0))
    assert (first.description or "").endswith("Watched more than 100% of the other active users.")


def test_a_year_not_over_says_so_far() -> None:
    [own] = wrapped_embeds(wrapped(so_far=True))
    assert own.title == "Your 2026 Wrapped (so far)"
    [other] = wrapped_embeds(wrapped(so_far=True), own=False)
    assert other.title == "2026 Wrapped for A\\*\\*\\*\\* S\\*\\*\\*\\* \\(so far\\)"


def test_a_change_or_share_below_half_a_percent_is_less_than_1_percent() -> None:
    small = digest(
        plays=Change(1003, 1000),
        libraries=(Share("TV Shows", 999, 1), Share("Music", 4, 1)),
    )
    [embed] = digest_message(small, None, EN, censor=True, show_top_user=True)[0].embeds or []
    assert plain(embed.description).splitlines()[0] == "**1,003 plays** ▲ +3 (<1%)"
    fields = {field.name: plain(field.value) for field in embed.fields}
    assert fields["Libraries"] == "TV Shows · 999 plays (100%)\nMusic · 4 plays (<1%)"
    assert Wording(T, "fr").percent(0.2) == "<1\u00a0%"
    assert Wording(T, "de").percent(0.0) == "0\u00a0%"


@pytest.mark.parametrize(
    ("language", "watched"),
    [("es", "**63,2 h** de visualización"), ("fr", "**63,2 h** de visionnage")],
)
def test_watch_time_agrees_with_any_unit(language: str, watched: str) -> None:
    # "vistas" / "regardées" agreed with "horas" / "heures" only, not with "días" or "jours".
    wording = Wording(translator_for(language), language)
    payload, _ = digest_message(digest(), None, wording, censor=True, show_top_user=True)
    [embed] = payload.embeds or []
    assert plain(embed.description).splitlines()[1].startswith(watched)
