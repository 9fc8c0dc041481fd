"""/my_stats: private delivery, account binding rules, DMs, and failures, end to end."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.endpoint import FEW_GRAPHS, PNG, Endpoint, running_endpoint
from tests.fakes.interactions import option
from tests.state_file import bindings

GRAPHS = {**FEW_GRAPHS, "LINKING": "email"}
"""These tests are about the e-mail claim; Plex sign-in is tested in test_link.py."""
JESSICA = "tanaka_jessica@example.org"
JESSICA_ID = 3464780
AIDEN = "brown_aiden@example.com"
NOT_FOUND = (
    "No Plex account with that email uses this server. "
    "Check the spelling, or use the email of your Plex account."
)


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[Endpoint]:
    with running_endpoint(tmp_path, settings=GRAPHS) as running:
        yield running


def _my_stats(endpoint: Endpoint, email: str, user_id: str, **kwargs: Any) -> dict[str, Any]:
    body = endpoint.client.interaction(
        2, "my_stats", [option("email", email)], user_id=user_id, **kwargs
    )
    answer = endpoint.client.post(body).json()
    assert answer == {"type": 5, "data": {"flags": 64}}
    endpoint.wait_idle()
    return body


def test_stats_arrive_privately_as_png_files_and_bind_the_account(endpoint: Endpoint) -> None:
    member = "1150000000000000701"
    body = _my_stats(endpoint, "  TANAKA_Jessica@Example.ORG ", member)
    message = endpoint.discord.original(body["token"])
    assert message is not None
    assert message.content == "Your statistics (only you can see this message):"
    titles = [embed["title"] for embed in message.embeds]
    assert titles == ["Daily play count", "Play count by day of week"]
    (edit,) = endpoint.discord.requests_for("update_original_webhook_message")
    assert [part.data[:8] for part in edit.files] == [PNG, PNG]
    user_calls = [r for r in endpoint.tautulli.requests if r.params.get("user_id")]
    assert {r.cmd for r in user_calls} == {"get_plays_by_date", "get_plays_by_dayofweek"}
    assert {r.params["user_id"] for r in user_calls} == {str(JESSICA_ID)}
    binding = endpoint.services.state.binding_for_discord(member)
    assert binding is not None
    assert binding.plex_user_id == JESSICA_ID
    endpoint.discord.assert_all_valid()


def test_an_unknown_email_and_an_email_bound_to_someone_else_get_the_same_words(
    endpoint: Endpoint,
) -> None:
    owner, other = "1150000000000000702", "1150000000000000703"
    state = endpoint.services.state
    state.bind(owner, JESSICA_ID, JESSICA, datetime.now(UTC))
    unknown = _my_stats(endpoint, "nobody@example.com", other)
    taken = _my_stats(endpoint, JESSICA, other)
    assert endpoint.original_content(unknown["token"]) == NOT_FOUND
    assert endpoint.original_content(taken["token"]) == NOT_FOUND
    assert state.binding_for_discord(other) is None
    assert not [r for r in endpoint.tautulli.requests if r.params.get("user_id")]


def test_a_bound_account_cannot_fetch_another_accounts_stats(endpoint: Endpoint) -> None:
    member = "1150000000000000704"
    _my_stats(endpoint, JESSICA, member)
    attempt = _my_stats(endpoint, AIDEN, member)
    assert endpoint.original_content(attempt["token"]).startswith(
        "Your Discord account is linked to another Plex account"
    )
    binding = endpoint.services.state.binding_for_discord(member)
    assert binding is not None and binding.plex_user_id == JESSICA_ID
    # Its own stats still work, and after an admin unbinds it, another account can be bound.
    again = _my_stats(endpoint, JESSICA, member)
    assert endpoint.discord.original(again["token"]) is not None
    endpoint.services.state.unbind(member)
    switched = _my_stats(endpoint, AIDEN, member)
    assert "only you can see" in endpoint.original_content(switched["token"])


def test_tautulli_down_turns_the_deferred_message_into_the_error(
    endpoint: Endpoint, caplog: pytest.LogCaptureFixture
) -> None:
    member = "1150000000000000705"
    endpoint.tautulli.go_down()
    with caplog.at_level(logging.DEBUG):
        body = _my_stats(endpoint, JESSICA, member)
    content = endpoint.original_content(body["token"])
    assert content.startswith("Tautulli")
    assert endpoint.services.state.binding_for_discord(member) is None
    # The failure is in the log, and nothing there carries a secret or the email.
    assert "Job my_stats failed" in caplog.text
    for secret in (body["token"], endpoint.tautulli.api_key, endpoint.discord.bot_token, JESSICA):
        assert secret not in caplog.text


def test_tautulli_failing_while_rendering_leaves_no_binding(endpoint: Endpoint) -> None:
    member = "1150000000000000706"
    endpoint.tautulli.fail(500, command="get_plays_by_date")
    body = _my_stats(endpoint, JESSICA, member)
    assert endpoint.original_content(body["token"]).startswith("Tautulli")
    assert endpoint.services.state.binding_for_discord(member) is None


def test_a_rate_limited_edit_waits_for_retry_after(endpoint: Endpoint) -> None:
    member = "1150000000000000707"
    endpoint.discord.rate_limit("update_original_webhook_message", retry_after=0.6)
    body = _my_stats(endpoint, JESSICA, member)
    edits = endpoint.discord.requests_for("update_original_webhook_message")
    assert [r.status for r in edits] == [429, 200]
    assert edits[1].time - edits[0].time >= 0.6
    message = endpoint.discord.original(body["token"])
    assert message is not None and len(message.embeds) == 2


def test_dm_delivery(tmp_path: Path) -> None:
    member = "1150000000000000708"
    with running_endpoint(tmp_path, settings={**GRAPHS, "MY_STATS_DELIVERY": "dm"}) as endpoint:
        body = _my_stats(endpoint, JESSICA, member)
        assert endpoint.original_content(body["token"]) == (
            "Your statistics are in your direct messages."
        )
        (dm,) = endpoint.discord.channel_messages(endpoint.discord.dm_channel_id(member))
        assert [embed["title"] for embed in dm.embeds] == [
            "Daily play count",
            "Play count by day of week",
        ]
        assert len(dm.attachments) == 2
        endpoint.discord.assert_all_valid()


def test_dm_refused_falls_back_to_an_ephemeral_answer(tmp_path: Path) -> None:
    member = "1150000000000000709"
    with running_endpoint(tmp_path, settings={**GRAPHS, "MY_STATS_DELIVERY": "dm"}) as endpoint:
        endpoint.discord.block_dms(member)
        body = _my_stats(endpoint, JESSICA, member)
        message = endpoint.discord.original(body["token"])
        assert message is not None
        assert message.content.startswith("Discord did not let the bot send you a direct message")
        assert len(message.embeds) == 2
        assert endpoint.discord.channel_messages(endpoint.discord.dm_channel_id(member)) == []


def test_cooldown_applies_to_my_stats(tmp_path: Path) -> None:
    member = "1150000000000000710"
    with running_endpoint(
        tmp_path, settings={**GRAPHS, "MY_STATS_COOLDOWN_MINUTES": 5}
    ) as endpoint:
        _my_stats(endpoint, JESSICA, member)
        refused = endpoint.client.command("my_stats", [option("email", JESSICA)], user_id=member)
        data = refused.json()["data"]
        assert data["flags"] == 64
        assert data["content"].startswith("/my_stats is cooling down; you can use it again <t:")
        danish = endpoint.client.command(
            "my_stats", [option("email", JESSICA)], user_id=member, locale="da"
        ).json()["data"]["content"]
        # Discord shows a Danish member the localized name, so the refusal uses it too.
        assert danish.startswith("/min_statistik ")


def test_a_danish_member_gets_a_danish_reply_and_graphs_with_danish_labels(
    endpoint: Endpoint,
) -> None:
    from interactions_app.i18n import translator_for

    danish = translator_for("da")
    body = _my_stats(endpoint, JESSICA, "1150000000000000790", locale="da")
    message = endpoint.discord.original(body["token"])
    assert message is not None
    english_note = "Your statistics (only you can see this message):"
    assert message.content == danish.gettext(english_note) != english_note
    titles = [embed["title"] for embed in message.embeds]
    english_titles = ["Daily play count", "Play count by day of week"]
    assert titles == [danish.gettext(title) for title in english_titles]
    assert titles != english_titles
    weekdays = message.embeds[1]["description"]
    assert any(day in weekdays for day in ("søndag", "mandag", "tirsdag", "onsdag", "torsdag"))
    endpoint.discord.assert_all_valid()


def test_a_linked_member_gets_the_same_answer_for_an_unknown_email_and_another_members(
    endpoint: Endpoint,
) -> None:
    member, owner = "1150000000000000711", "1150000000000000712"
    state = endpoint.services.state
    state.bind(member, JESSICA_ID, JESSICA, datetime.now(UTC))
    _my_stats(endpoint, AIDEN, owner)  # Aiden's own account, linked to him
    before = bindings(state.path)
    answers: list[str] = []
    calls: list[list[str]] = []
    for email in (AIDEN, "nobody@example.com"):
        seen = len(endpoint.tautulli.requests)
        body = _my_stats(endpoint, email, member)
        answers.append(endpoint.original_content(body["token"]))
        calls.append([request.cmd or "" for request in endpoint.tautulli.requests[seen:]])
    assert answers[0] == answers[1]
    assert answers[0].startswith("Your Discord account is linked to another Plex account")
    assert calls[0] == calls[1]  # the same work (and so the same time) either way
    assert bindings(state.path) == before


def test_no_personal_graphs_answers_before_the_email_is_looked_up_and_links_nothing(
    tmp_path: Path,
) -> None:
    member = "1150000000000000713"
    settings = {**GRAPHS, "ENABLE_DAILY_PLAY_COUNT": False, "ENABLE_PLAY_COUNT_BY_DAYOFWEEK": False}
    with running_endpoint(tmp_path, settings=settings) as endpoint:
        for email in (JESSICA, "nobody@example.com"):
            body = _my_stats(endpoint, email, member)
            assert endpoint.original_content(body["token"]) == (
                "No personal graphs are enabled on this server."
            )
        assert bindings(endpoint.services.state.path) == []
        # Only the background reachability check (for /about) may have reached Tautulli.
        assert {request.cmd for request in endpoint.tautulli.requests} <= {"get_tautulli_info"}
