"""/link, /unlink, /my_stats and /config link|links through signed round trips to the running
app, with a loopback plex.tv: the Plex token is used once and appears nowhere afterwards."""

from __future__ import annotations

import functools
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from interactions_app.commands import _link
from interactions_app.state import STATE_FILE_NAME
from tests.fakes.endpoint import ADMIN, FEW_GRAPHS, Endpoint, running_endpoint
from tests.fakes.interactions import option, subcommand
from tests.fakes.plextv import PlexTVFake, running_plextv

JESSICA_ID = 3464780
AIDEN_ID = 54341375
MEMBER = "1150000000000000801"
OTHER = "1150000000000000802"


@pytest.fixture
def plextv(monkeypatch: pytest.MonkeyPatch) -> Iterator[PlexTVFake]:
    monkeypatch.setattr(_link, "POLL_SECONDS", 0.0)
    with running_plextv() as fake:
        yield fake


@pytest.fixture
def endpoint(tmp_path: Path, plextv: PlexTVFake) -> Iterator[Endpoint]:
    with running_endpoint(tmp_path, settings={**FEW_GRAPHS, "PLEX_TV_BASE": plextv.url}) as e:
        yield e


def _run(endpoint: Endpoint, name: str, options: list[dict[str, Any]] | None = None,
         **kwargs: Any) -> dict[str, Any]:  # fmt: skip
    body = endpoint.client.interaction(2, name, options, **kwargs)
    assert endpoint.client.post(body).json() == {"type": 5, "data": {"flags": 64}}
    endpoint.wait_idle()
    return body


def _edits(endpoint: Endpoint, token: str) -> list[dict[str, Any]]:
    return [
        r.json
        for r in endpoint.discord.requests_for("update_original_webhook_message")
        if token in r.path
    ]


def _linked(endpoint: Endpoint, member: str) -> int | None:
    binding = endpoint.services.state.binding_for_discord(member)
    return None if binding is None else binding.plex_user_id


def test_link_shows_a_sign_in_button_then_links_the_account_that_signed_in(
    endpoint: Endpoint, plextv: PlexTVFake
) -> None:
    plextv.sign_in_next(account_id=JESSICA_ID, username="tanaka_jessica", after_checks=3)
    body = _run(endpoint, "link", user_id=MEMBER)
    button_edit, final = _edits(endpoint, body["token"])
    (row,) = button_edit["components"]
    (button,) = row["components"]
    assert (row["type"], button["type"], button["style"]) == (1, 2, 5)
    assert button["url"].startswith("https://app.plex.tv/auth#?clientID=tgraph-bot-")
    assert "&code=" in button["url"]
    assert "context%5Bdevice%5D%5Bproduct%5D=TGraph%20Bot" in button["url"]
    assert "Sign in to Plex" in button_edit["content"]
    assert final["components"] == []
    assert final["content"] == (
        "Linked to tanaka_jessica. /my_stats now shows the statistics of this Plex account."
    )
    assert _linked(endpoint, MEMBER) == JESSICA_ID
    checks = [r for r in plextv.requests if r.method == "GET" and "/pins/" in r.path]
    assert len(checks) == 3
    endpoint.discord.assert_all_valid()


def test_my_stats_of_an_unlinked_member_offers_the_sign_in_then_shows_their_graphs(
    endpoint: Endpoint, plextv: PlexTVFake
) -> None:
    plextv.sign_in_next(account_id=JESSICA_ID, username="tanaka_jessica")
    first = _run(endpoint, "my_stats", [option("email", "brown_aiden@example.com")], user_id=MEMBER)
    assert endpoint.original_content(first["token"]).startswith("Linked to tanaka_jessica.")
    assert _linked(endpoint, MEMBER) == JESSICA_ID  # the email was ignored
    second = _run(endpoint, "my_stats", user_id=MEMBER)
    assert endpoint.original_content(second["token"]) == (
        "Your statistics (only you can see this message):"
    )
    user_calls = {r.params["user_id"] for r in endpoint.tautulli.requests if "user_id" in r.params}
    assert user_calls == {str(JESSICA_ID)}


def test_relink_replaces_the_link_and_unlink_removes_it(
    endpoint: Endpoint, plextv: PlexTVFake
) -> None:
    plextv.sign_in_next(account_id=JESSICA_ID, username="tanaka_jessica")
    plextv.sign_in_next(account_id=AIDEN_ID, username="brown_aiden")
    _run(endpoint, "link", user_id=MEMBER)
    again = _run(endpoint, "link", user_id=MEMBER)
    assert endpoint.original_content(again["token"]).startswith("Linked to brown_aiden.")
    assert _linked(endpoint, MEMBER) == AIDEN_ID
    gone = _run(endpoint, "unlink", user_id=MEMBER)
    assert endpoint.original_content(gone["token"]) == (
        "Your Discord account is no longer linked to a Plex account."
    )
    assert _linked(endpoint, MEMBER) is None
    twice = _run(endpoint, "unlink", user_id=MEMBER)
    assert endpoint.original_content(twice["token"]) == (
        "Your Discord account was not linked to a Plex account."
    )


def test_a_second_discord_account_cannot_take_the_same_plex_account(
    endpoint: Endpoint, plextv: PlexTVFake
) -> None:
    plextv.sign_in_next(account_id=JESSICA_ID, username="tanaka_jessica")
    plextv.sign_in_next(account_id=JESSICA_ID, username="tanaka_jessica")
    _run(endpoint, "link", user_id=MEMBER)
    second = _run(endpoint, "link", user_id=OTHER)
    assert endpoint.original_content(second["token"]).startswith(
        "That Plex account is already linked to another Discord account."
    )
    assert _linked(endpoint, MEMBER) == JESSICA_ID
    assert _linked(endpoint, OTHER) is None


def test_a_plex_account_that_is_not_a_user_of_this_server_is_not_linked(
    endpoint: Endpoint, plextv: PlexTVFake
) -> None:
    plextv.sign_in_next(account_id=999, username="stranger")
    body = _run(endpoint, "link", user_id=MEMBER)
    assert endpoint.original_content(body["token"]) == (
        "The Plex account stranger is not a user of this Plex server, so it was not linked."
    )
    assert _linked(endpoint, MEMBER) is None


def test_an_expired_pin_a_pin_never_used_and_plex_tv_down_each_say_why(
    tmp_path: Path, plextv: PlexTVFake
) -> None:
    now = [1_800_000_000.0]

    def clock() -> float:
        now[0] += 60.0  # every look at the clock is a minute later: the token runs out
        return now[0]

    settings = {**FEW_GRAPHS, "PLEX_TV_BASE": plextv.url, "SIGNATURE_MAX_AGE_SECONDS": 0}
    with running_endpoint(tmp_path, settings=settings, clock=clock) as endpoint:
        plextv.expire_next(after_checks=2)
        expired = _run(endpoint, "link", user_id=MEMBER)
        never = _run(endpoint, "link", user_id=MEMBER)
        plextv.fail(503)
        down = _run(endpoint, "link", user_id=MEMBER)
        for body in (expired, never):
            assert endpoint.original_content(body["token"]) == (
                "The sign-in expired before it was finished. Use /link to try again."
            )
        assert endpoint.original_content(down["token"]) == (
            "plex.tv did not answer, so nothing was linked. Please try again later."
        )
        checks = [r for r in plextv.requests if r.method == "GET"]
        assert 2 <= len(checks) <= 2 + 14, "polling stops when the token's time runs out"
        assert _linked(endpoint, MEMBER) is None


def test_plex_tv_failing_while_the_member_signs_in_ends_the_wait(
    endpoint: Endpoint, plextv: PlexTVFake
) -> None:
    plextv.sign_in_next(account_id=JESSICA_ID, username="tanaka_jessica", after_checks=100)
    plextv.fail(502, after=3)  # the PIN is made and checked twice, then plex.tv fails
    body = _run(endpoint, "link", user_id=MEMBER)
    assert endpoint.original_content(body["token"]) == (
        "plex.tv did not answer, so nothing was linked. Please try again later."
    )
    checks = [r for r in plextv.requests if r.method == "GET"]
    assert len(checks) == 2 + _link.MAX_FAILED_CHECKS


def test_a_token_plex_tv_then_refuses_links_nothing(endpoint: Endpoint, plextv: PlexTVFake) -> None:
    plextv.sign_in_next(account_id=JESSICA_ID, username="tanaka_jessica", refuse=True)
    body = _run(endpoint, "link", user_id=MEMBER)
    assert endpoint.original_content(body["token"]) == (
        "plex.tv did not confirm the sign-in, so nothing was linked. Use /link to try again."
    )
    assert _linked(endpoint, MEMBER) is None


def test_admin_links_a_member_and_lists_links_censored(
    endpoint: Endpoint, plextv: PlexTVFake
) -> None:
    suggestions = endpoint.client.autocomplete(
        "config",
        [
            subcommand(
                "link", option("member", MEMBER, type=6), option("plex_user", "j", focused=True)
            )
        ],
        permissions=ADMIN,
    ).json()["data"]["choices"]
    assert suggestions == [
        {"name": "J****** T*****", "value": str(JESSICA_ID)},
        {"name": "S***** J******", "value": "85172287"},
    ]
    body = _run(
        endpoint,
        "config",
        [
            subcommand(
                "link", option("member", MEMBER, type=6), option("plex_user", str(JESSICA_ID))
            )
        ],
        permissions=ADMIN,
    )
    assert endpoint.original_content(body["token"]) == (
        f"<@{MEMBER}> is now linked to the Plex user J****** T*****."
    )
    taken = _run(
        endpoint,
        "config",
        [subcommand("link", option("member", OTHER, type=6), option("plex_user", str(JESSICA_ID)))],
        permissions=ADMIN,
    )
    assert endpoint.original_content(taken["token"]) == (
        f"J****** T***** is already linked to <@{MEMBER}>; "
        "remove that link first with /config unbind."
    )
    listing = _run(endpoint, "config", [subcommand("links")], permissions=ADMIN)
    message = endpoint.discord.original(listing["token"])
    assert message is not None
    assert message.embeds[0]["description"].strip() == f"<@{MEMBER}> → J****** T***** (verified)"
    # The member's own /my_stats honours the admin's link, and plex sign-in is not needed.
    stats = _run(endpoint, "my_stats", user_id=MEMBER)
    assert endpoint.original_content(stats["token"]).startswith("Your statistics")
    assert not plextv.requests


def test_admin_link_refuses_what_is_not_a_plex_user_of_this_server(endpoint: Endpoint) -> None:
    member = option("member", MEMBER, type=6)
    typed = endpoint.client.command(
        "config", [subcommand("link", member, option("plex_user", "Jessica"))], permissions=ADMIN
    ).json()
    assert typed["data"]["content"] == "Pick the Plex user from the suggestions."
    unknown = _run(
        endpoint, "config", [subcommand("link", member, option("plex_user", "999"))],
        permissions=ADMIN,
    )  # fmt: skip
    assert endpoint.original_content(unknown["token"]) == (
        "That is not a Plex user of this server. Pick one from the suggestions."
    )
    empty = _run(endpoint, "config", [subcommand("links")], permissions=ADMIN)
    assert endpoint.original_content(empty["token"]) == (
        "No Discord account is linked to a Plex account."
    )


def test_the_links_listing_names_how_each_link_was_made_and_fits_one_message(
    endpoint: Endpoint,
) -> None:
    state = endpoint.services.state
    now = endpoint.services.now()
    state.bind(MEMBER, AIDEN_ID, "brown_aiden@example.com", now)
    state.link_verified(OTHER, 424242, now)  # since removed from the Plex server
    for n in range(150):
        state.link_verified(f"11500000000009{n:05d}", 1_000_000 + n, now)
    body = _run(endpoint, "config", [subcommand("links")], permissions=ADMIN)
    message = endpoint.discord.original(body["token"])
    assert message is not None
    lines = message.embeds[0]["description"].splitlines()
    assert lines[0] == f"<@{MEMBER}> → A**** B**** (claimed by email)"
    assert lines[1] == f"<@{OTHER}> → (no longer a user) (verified)"
    shown = len(lines) - 1
    assert lines[-1] == f"…and {152 - shown} more."
    assert len(message.embeds[0]["description"]) <= 4096
    endpoint.discord.assert_all_valid()


def test_admin_mode_refuses_link_and_tells_unlinked_members_to_ask_an_admin(
    tmp_path: Path, plextv: PlexTVFake
) -> None:
    settings = {**FEW_GRAPHS, "PLEX_TV_BASE": plextv.url, "LINKING": "admin"}
    with running_endpoint(tmp_path, settings=settings) as endpoint:
        answer = endpoint.client.command("link", user_id=MEMBER).json()
        assert answer["data"]["content"].startswith("On this server, only admins link")
        body = _run(endpoint, "my_stats", [option("email", "tanaka_jessica@example.org")],
                    user_id=MEMBER)  # fmt: skip
        assert endpoint.original_content(body["token"]) == (
            "Your Discord account is not linked to a Plex account yet. "
            "Ask an admin of this server to link it."
        )
        assert _linked(endpoint, MEMBER) is None
        assert not plextv.requests


def test_email_mode_claims_but_never_takes_over_a_verified_link(
    tmp_path: Path, plextv: PlexTVFake
) -> None:
    settings = {**FEW_GRAPHS, "PLEX_TV_BASE": plextv.url, "LINKING": "email"}
    with running_endpoint(tmp_path, settings=settings) as endpoint:
        answer = endpoint.client.command("link", user_id=MEMBER).json()
        assert answer["data"]["content"].startswith("On this server, /my_stats with the email")
        endpoint.services.state.link_verified(MEMBER, JESSICA_ID, endpoint.services.now())
        taken = _run(endpoint, "my_stats", [option("email", "tanaka_jessica@example.org")],
                     user_id=OTHER)  # fmt: skip
        assert endpoint.original_content(taken["token"]).startswith("No Plex account with")
        claimed = _run(endpoint, "my_stats", [option("email", "brown_aiden@example.com")],
                       user_id=OTHER)  # fmt: skip
        assert endpoint.original_content(claimed["token"]).startswith("Your statistics")
        assert _linked(endpoint, OTHER) == AIDEN_ID
        assert _linked(endpoint, MEMBER) == JESSICA_ID
        nothing = _run(endpoint, "my_stats", user_id="1150000000000000803")
        assert endpoint.original_content(nothing["token"]) == (
            "Your Discord account is not linked to a Plex account yet. "
            "Use /my_stats with the email address of your Plex account."
        )


def test_an_email_claim_made_earlier_does_not_count_once_linking_is_by_plex(
    endpoint: Endpoint, plextv: PlexTVFake
) -> None:
    state = endpoint.services.state
    state.bind(MEMBER, AIDEN_ID, "brown_aiden@example.com", endpoint.services.now())
    plextv.sign_in_next(account_id=JESSICA_ID, username="tanaka_jessica")
    body = _run(endpoint, "my_stats", user_id=MEMBER)
    assert endpoint.original_content(body["token"]).startswith("Linked to tanaka_jessica.")
    assert _linked(endpoint, MEMBER) == JESSICA_ID


def test_the_plex_token_appears_in_no_log_state_row_or_discord_request(
    endpoint: Endpoint, plextv: PlexTVFake, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    plextv.sign_in_next(account_id=JESSICA_ID, username="tanaka_jessica")
    plextv.sign_in_next(account_id=999, username="stranger")
    _run(endpoint, "link", user_id=MEMBER)
    _run(endpoint, "link", user_id=OTHER)
    assert len(plextv.tokens) == 2
    users = [r for r in plextv.requests if r.path == "/api/v2/user"]
    assert [r.headers["x-plex-token"] for r in users] == plextv.tokens
    state_file = Path(endpoint.store.current.DATA_DIR) / STATE_FILE_NAME
    with closing(sqlite3.connect(state_file)) as conn:
        rows = [
            repr(row)
            for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            for row in conn.execute(f"SELECT * FROM {table}")
        ]
    raw = state_file.read_bytes()
    for token in plextv.tokens:
        assert token not in caplog.text
        assert not any(token in row for row in rows)
        assert token.encode() not in raw
        for request in endpoint.discord.requests:
            assert token.encode() not in request.body
            assert token not in request.path
            assert not any(token in value for value in request.headers.values())


def test_a_plex_tv_too_slow_to_answer_is_said_and_links_nothing(
    endpoint: Endpoint, plextv: PlexTVFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    # plex.tv answers after 2 s; the bot's client gives up after 0.2 s (10 s in production).
    monkeypatch.setattr(_link, "PlexTV", functools.partial(_link.PlexTV, timeout=0.2))
    plextv.slow(2.0)
    body = _run(endpoint, "link", user_id=MEMBER)
    assert endpoint.original_content(body["token"]) == (
        "plex.tv did not answer, so nothing was linked. Please try again later."
    )
    assert _linked(endpoint, MEMBER) is None
