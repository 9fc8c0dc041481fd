"""/digest and /wrapped through signed round trips, their numbers checked against the fake
Tautulli's play log (counted by hand, as in ``test_digest_gather``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from renderer.digest import last_complete, period_containing
from tests.fakes.endpoint import FEW_GRAPHS, PNG, Endpoint, running_endpoint
from tests.fakes.interactions import option
from tests.fakes.tautulli_log import PlayLog, generated_log
from tests.render_samples import png_size
from tests.test_digest_gather import TZ, daily, totals

MEMBER = "1150000000000000811"
ADMIN_PERMISSIONS = "32"
ADA = 1000
"""Ada Park, a user of the generated log."""


@pytest.fixture(scope="module")
def log() -> PlayLog:
    return generated_log(now=dt.datetime.now(TZ), tz=TZ, days=120)


@pytest.fixture
def endpoint(tmp_path: Path, log: PlayLog) -> Iterator[Endpoint]:
    settings = {
        **FEW_GRAPHS,
        "TIMEZONE": TZ.key,
        "DIGEST_COOLDOWN_MINUTES": 0,
        "DIGEST_GLOBAL_COOLDOWN_SECONDS": 0,
        "WRAPPED_COOLDOWN_MINUTES": 0,
        "WRAPPED_GLOBAL_COOLDOWN_SECONDS": 0,
    }
    with running_endpoint(tmp_path, settings=settings) as running:
        running.tautulli.log = log
        yield running


def ask(
    endpoint: Endpoint, name: str, options: list[dict[str, Any]], **kwargs: Any
) -> dict[str, Any]:
    """The deferred answer's message, once the job has edited it."""
    body = endpoint.client.interaction(2, name, options, **kwargs)
    answer = endpoint.client.post(body).json()
    assert answer["type"] == 5, answer
    endpoint.wait_idle()
    message = endpoint.discord.original(body["token"])
    assert message is not None
    return {"answer": answer, "message": message}


def grouped(number: int) -> str:
    return f"{number:,}"


def test_digest_of_the_last_week_matches_the_log_privately(
    endpoint: Endpoint, log: PlayLog
) -> None:
    found = ask(endpoint, "digest", [], user_id=MEMBER)

    assert found["answer"] == {"type": 5, "data": {"flags": 64}}
    [embed] = found["message"].embeds
    today = dt.datetime.now(TZ).date()
    week = last_complete("week", today)
    plays, _, users = totals(log, week)
    before, _, users_before = totals(log, week.previous())
    assert embed["title"].startswith("Weekly digest: ")
    lines = embed["description"].splitlines()
    assert lines[0].startswith(f"**{grouped(plays)} plays**")
    delta = plays - before
    if delta:
        arrow = "▲" if delta > 0 else "▼"
        sign = "+" if delta > 0 else "-"
        assert f"{arrow} {sign}{grouped(abs(delta))} (" in lines[0]
    assert lines[2].startswith(f"**{users}** active user")
    assert ("no change" in lines[2]) == (users == users_before)
    assert "Top watcher" in {field["name"] for field in embed["fields"]}
    assert embed["image"]["url"] == "attachment://digest.png"
    [edit] = endpoint.discord.requests_for("update_original_webhook_message")
    [png] = edit.files
    assert png.data[:8] == PNG
    assert png_size(png.data) == (1600, 900)
    endpoint.discord.assert_all_valid()
    assert not [
        r for r in endpoint.tautulli.requests if r.cmd == "get_home_stats" and r.params.get("after")
    ]


def test_a_shared_month_so_far_is_public_and_says_so(endpoint: Endpoint, log: PlayLog) -> None:
    found = ask(
        endpoint,
        "digest",
        [option("period", "month"), option("which", "current"), option("share", True, type=5)],
    )

    assert found["answer"] == {"type": 5, "data": {"flags": 0}}
    [embed] = found["message"].embeds
    today = dt.datetime.now(TZ).date()
    month = period_containing("month", today).so_far(today)
    plays, _, _ = totals(log, month)
    if plays:
        assert embed["title"].endswith("(so far)")
        assert embed["description"].startswith(f"**{grouped(plays)} play")
    else:
        assert embed["description"] == "Nobody played anything in this period."


def test_a_forged_period_is_refused(endpoint: Endpoint) -> None:
    answer = endpoint.client.command("digest", [option("period", "decade")]).json()
    assert answer["type"] == 4
    assert answer["data"]["content"] == "Pick the period from the list."
    assert answer["data"]["flags"] == 64


def test_wrapped_needs_a_linked_account(endpoint: Endpoint) -> None:
    found = ask(endpoint, "wrapped", [], user_id=MEMBER)
    assert found["answer"] == {"type": 5, "data": {"flags": 64}}
    assert found["message"].content.startswith("Your Discord account is not linked")
    assert "/link" in found["message"].content


def year_plays(log: PlayLog, user_id: int, year: int) -> int:
    return len(
        {
            s.reference_id
            for s in log.sessions
            if s.user_id == user_id and log.local_date(s.started).year == year
        }
    )


def test_a_linked_member_gets_their_own_year(endpoint: Endpoint, log: PlayLog) -> None:
    endpoint.services.state.link_verified(MEMBER, ADA, dt.datetime.now(dt.UTC))
    year = dt.datetime.now(TZ).year

    found = ask(endpoint, "wrapped", [], user_id=MEMBER)

    [embed] = found["message"].embeds
    assert embed["title"] in (f"Your {year} Wrapped (so far)", f"Your {year} Wrapped")
    plays = year_plays(log, ADA, year)
    assert f"**{grouped(plays)} play" in embed["description"]
    assert "Ada" not in str(embed)
    assert embed["image"]["url"] == "attachment://wrapped.png"
    history = [r for r in endpoint.tautulli.requests if r.cmd == "get_history"]
    assert {r.params.get("user_id") for r in history} >= {str(ADA)}


def test_only_admins_pick_someone_elses_year(endpoint: Endpoint, log: PlayLog) -> None:
    refused = endpoint.client.command(
        "wrapped", [option("plex_user", str(ADA))], user_id=MEMBER
    ).json()
    assert refused["type"] == 4
    assert refused["data"]["content"].startswith("Only admins can see someone else's Wrapped")
    assert endpoint.client.autocomplete(
        "wrapped", [option("plex_user", "a", focused=True)], user_id=MEMBER
    ).json() == {"type": 8, "data": {"choices": []}}

    suggested = endpoint.client.autocomplete(
        "wrapped", [option("plex_user", "a", focused=True)], permissions=ADMIN_PERMISSIONS
    ).json()
    assert {"name": "A** P***", "value": str(ADA)} in suggested["data"]["choices"]

    year = dt.datetime.now(TZ).year - 1
    found = ask(
        endpoint,
        "wrapped",
        [option("year", year, type=4), option("plex_user", str(ADA))],
        permissions=ADMIN_PERMISSIONS,
    )
    [embed] = found["message"].embeds
    assert embed["title"] == f"{year} Wrapped for A\\*\\* P\\*\\*\\*"
    plays = year_plays(log, ADA, year)
    if plays:
        assert f"**{grouped(plays)} play" in embed["description"]


def test_a_year_out_of_range_is_refused(endpoint: Endpoint) -> None:
    answer = endpoint.client.command("wrapped", [option("year", 1999, type=4)]).json()
    assert answer["type"] == 4
    assert answer["data"]["content"].startswith("Pick a year from 2008 to ")


def test_digest_has_a_cooldown(tmp_path: Path, log: PlayLog) -> None:
    settings = {**FEW_GRAPHS, "TIMEZONE": TZ.key, "DIGEST_GLOBAL_COOLDOWN_SECONDS": 0}
    with running_endpoint(tmp_path, settings=settings) as endpoint:
        endpoint.tautulli.log = log
        ask(endpoint, "digest", [], user_id=MEMBER)
        again = endpoint.client.command("digest", [], user_id=MEMBER).json()
    assert again["type"] == 4
    assert again["data"]["content"].startswith("/digest is cooling down")


def test_the_members_language_words_the_digest(endpoint: Endpoint, log: PlayLog) -> None:
    found = ask(endpoint, "digest", [option("period", "month")], locale="de")

    [embed] = found["message"].embeds
    assert embed["title"].startswith("Monatsrückblick: ")
    month = last_complete("month", dt.datetime.now(TZ).date())
    plays, _, _ = totals(log, month)
    assert embed["description"].startswith(f"**{plays:,} Wiedergaben**".replace(",", "."))
    assert "Wiedergaben sind Tautullis Verlaufseinträge" in embed["footer"]["text"]


def test_an_admin_must_pick_a_real_plex_user(endpoint: Endpoint) -> None:
    typed = endpoint.client.command(
        "wrapped", [option("plex_user", "Ada")], permissions=ADMIN_PERMISSIONS
    ).json()
    assert typed["data"]["content"] == "Pick the Plex user from the suggestions."

    found = ask(endpoint, "wrapped", [option("plex_user", "424242")], permissions=ADMIN_PERMISSIONS)
    assert found["message"].content.startswith("That is not a Plex user of this server.")


def test_the_members_region_formats_the_digests_numbers(endpoint: Endpoint, log: PlayLog) -> None:
    today = dt.datetime.now(TZ).date()
    year = period_containing("year", today).so_far(today)
    plays = sum(daily(log, year))  # a year counts plays per day
    assert 1_000 <= plays < 10_000, plays
    asked = [option("period", "year"), option("which", "current")]

    latin = ask(endpoint, "digest", asked, locale="es-419")
    spain = ask(endpoint, "digest", asked, locale="es-ES")

    [latin_embed] = latin["message"].embeds
    [spain_embed] = spain["message"].embeds
    # One Spanish catalog, two regions: the words agree, the dates and numbers do not.
    latin_dates = latin_embed["title"].removeprefix("Resumen anual: ")
    spain_dates = spain_embed["title"].removeprefix("Resumen anual: ")
    assert latin_dates.startswith("1 de ene \u2013 ") and f" de {today.year}" in latin_dates
    assert spain_dates.startswith("1 ene \u2013 ") and " de " not in spain_dates
    # CLDR: Latin-American Spanish groups thousands with a comma, Spain's with a full stop.
    assert latin_embed["description"].startswith(f"**{plays:,} ")
    assert spain_embed["description"].startswith(f"**{plays:,} ".replace(",", "."))
