"""The graph explorer through signed round trips: /graph, clicks, sharing, access, bursts."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.discord_driver import Sent
from tests.fakes.discord_state import FakeMessage
from tests.fakes.endpoint import ADMIN, FEW_GRAPHS, PNG, Endpoint, running_endpoint
from tests.fakes.interactions import option

SETTINGS = {**FEW_GRAPHS, "ENABLE_PLAY_COUNT_BY_MONTH": True, "GRAPH_SHARE_COOLDOWN_MINUTES": 5}
MEMBER = "1150000000000000801"
OTHER = "1150000000000000802"
JESSICA_ID = 3464780
OUT_OF_DATE = "This view is out of date. Run /graph again for a fresh one."


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[Endpoint]:
    with running_endpoint(tmp_path, settings=SETTINGS) as running:
        yield running


def _open(
    endpoint: Endpoint, *options: dict[str, Any], user_id: str = MEMBER, **kw: Any
) -> FakeMessage:
    sent = endpoint.driver.command("graph", list(options), user_id=user_id, **kw)
    assert sent.answer is not None and sent.answer["type"] == 5
    endpoint.wait_idle()
    message = endpoint.discord.original(sent.token)
    assert message is not None
    return message


def _ids(message: FakeMessage) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row["components"]]


def _button(message: FakeMessage, label: str) -> dict[str, Any]:
    return next(
        c for row in message.components for c in row["components"] if c.get("label") == label
    )


def _menu(message: FakeMessage) -> dict[str, Any]:
    return message.components[0]["components"][0]


def test_graph_opens_a_private_explorer_with_controls(endpoint: Endpoint) -> None:
    message = _open(endpoint)
    assert message.ephemeral and message.owner_id == MEMBER
    (embed,) = message.embeds
    assert embed["title"] == "Daily play count · 30 days"
    assert embed["image"]["url"] == "attachment://daily_play_count.png"
    (attachment,) = message.attachments
    assert attachment.data[:8] == PNG and attachment.description
    menu = _menu(message)
    assert [o["value"] for o in menu["options"]] == [
        "daily_play_count", "play_count_by_dayofweek", "play_count_by_month", "top_10_users",
    ]  # fmt: skip
    assert _button(message, "30 days")["disabled"] is True
    assert _button(message, "Share in channel")["style"] == 3
    assert all(len(i) <= 100 for i in _ids(message))
    endpoint.discord.assert_all_valid()


def _click(
    endpoint: Endpoint, message: FakeMessage, label: str, user_id: str = MEMBER, **kw: Any
) -> Sent:
    return endpoint.driver.click(
        message, _button(message, label)["custom_id"], user_id=user_id, **kw
    )


def _fresh(endpoint: Endpoint, message: FakeMessage) -> FakeMessage:
    endpoint.wait_idle()
    found = endpoint.discord.message(message.id)
    assert found is not None
    return found


def _graph_calls(endpoint: Endpoint, cmd: str = "get_plays_by_date") -> list[dict[str, str]]:
    return [r.params for r in endpoint.tautulli.calls(cmd)]


def test_switching_period_graph_and_measure_changes_the_message_in_place(
    endpoint: Endpoint,
) -> None:
    message = _open(endpoint)
    sent = _click(endpoint, message, "7 days")
    assert sent.answer == {"type": 6}
    message = _fresh(endpoint, message)
    assert message.embeds[0]["title"] == "Daily play count · 7 days"
    assert _button(message, "7 days")["disabled"] is True
    assert _graph_calls(endpoint)[-1]["time_range"] == "7"

    menu = _menu(message)
    sent = endpoint.driver.click(
        message, menu["custom_id"], user_id=MEMBER, values=["play_count_by_month"]
    )
    assert sent.answer == {"type": 6}
    message = _fresh(endpoint, message)
    # A period in days becomes the nearest period in months.
    assert message.embeds[0]["title"] == "Play count by month · 3 months"
    assert [b["label"] for b in message.components[1]["components"]] == [
        "3 months", "6 months", "12 months", "24 months",
    ]  # fmt: skip

    _click(endpoint, message, "Show watch time")
    message = _fresh(endpoint, message)
    assert message.embeds[0]["title"] == "Watch time by month · 3 months"
    assert _graph_calls(endpoint, "get_plays_per_month")[-1]["y_axis"] == "duration"
    assert _button(message, "Show plays")
    (attachment,) = message.attachments
    assert attachment.filename == "play_count_by_month.png" and attachment.data[:8] == PNG
    assert message.edits == 4  # the deferred answer, then one edit per click
    endpoint.discord.assert_all_valid()


def test_a_cached_view_is_answered_at_once_with_type_7(endpoint: Endpoint) -> None:
    message = _open(endpoint)
    _click(endpoint, message, "7 days")
    message = _fresh(endpoint, message)
    calls = len(endpoint.tautulli.requests)
    sent = _click(endpoint, message, "30 days")
    # The image goes along, so the answer went through the callback endpoint: 202 here.
    assert sent.status == 202 and sent.answer is None
    (callback,) = endpoint.discord.requests_for("create_interaction_response")
    assert callback.payload["type"] == 7
    assert [part.data[:8] for part in callback.files] == [PNG]
    shown = endpoint.discord.message(message.id)
    assert shown is not None and shown.embeds[0]["title"] == "Daily play count · 30 days"
    endpoint.wait_idle()
    assert len(endpoint.tautulli.requests) == calls
    endpoint.discord.assert_all_valid()


def test_share_posts_the_view_publicly_with_its_own_cooldown(endpoint: Endpoint) -> None:
    message = _open(endpoint)
    sent = _click(endpoint, message, "Share in channel")
    assert sent.answer == {"type": 6}
    endpoint.wait_idle()
    channel = endpoint.discord.channel_messages(message.channel_id)
    (public,) = [m for m in channel if not m.ephemeral]
    assert public.owner_id == MEMBER
    assert public.embeds[0]["title"] == "Daily play count · 30 days"
    assert _button(public, "Explore privately")
    assert "Share in channel" not in [
        c.get("label") for r in public.components for c in r["components"]
    ]
    assert _fresh(endpoint, message).edits == 1  # the private explorer stays as it was

    again = _click(endpoint, message, "Share in channel")
    assert again.answer is not None and again.answer["data"]["flags"] == 64
    assert again.content.startswith("You can share a graph in the channel again <t:")
    endpoint.wait_idle()
    assert (
        len([m for m in endpoint.discord.channel_messages(message.channel_id) if not m.ephemeral])
        == 1
    )
    endpoint.discord.assert_all_valid()


def test_a_click_on_a_public_explorer_opens_a_private_copy(endpoint: Endpoint) -> None:
    public = _open(endpoint, option("share", True, type=5))
    assert not public.ephemeral
    assert _button(public, "Explore privately")
    for label in ("Explore privately", "90 days"):
        sent = _click(endpoint, public, label, user_id=OTHER)
        assert sent.answer == {"type": 5, "data": {"flags": 64}}
        endpoint.wait_idle()
        copy = endpoint.discord.original(sent.token)
        assert copy is not None and copy.ephemeral and copy.owner_id == OTHER
        assert _button(copy, "Share in channel")
    assert copy.embeds[0]["title"] == "Daily play count · 90 days"
    assert _fresh(endpoint, public).edits == 1  # nobody changes the shared message
    # Others do not see the private copies.
    seen = endpoint.discord.visible_messages(public.channel_id, MEMBER)
    assert [m.id for m in seen] == [public.id]
    endpoint.discord.assert_all_valid()


def test_the_scheduled_posts_explore_button_opens_a_private_explorer(endpoint: Endpoint) -> None:
    hook = endpoint.discord.create_webhook()
    post = endpoint.discord.post_as_webhook(hook, "")
    post.components = [
        {"type": 1, "components": [
            {"type": 2, "style": 2, "label": key, "custom_id": f"explore:{key}"}
            for key in ("daily_play_count", "play_count_by_hourofday", "no_such_graph")
        ]}
    ]  # fmt: skip
    sent = endpoint.driver.click(post, "explore:daily_play_count", user_id=OTHER)
    assert sent.answer == {"type": 5, "data": {"flags": 64}}
    endpoint.wait_idle()
    copy = endpoint.discord.original(sent.token)
    assert copy is not None and copy.ephemeral and copy.owner_id == OTHER
    assert copy.embeds[0]["title"] == "Daily play count · 30 days"
    for key in ("play_count_by_hourofday", "no_such_graph"):  # turned off; unknown
        refused = endpoint.driver.click(post, f"explore:{key}", user_id=OTHER)
        assert refused.answer is not None and refused.content == OUT_OF_DATE
    endpoint.discord.assert_all_valid()


@pytest.mark.parametrize(
    "custom_id",
    [
        "x1:v:daily_play_count:31:p:-:s",  # a period not offered
        "x1:v:daily_play_count:30:q:-:s",  # an unknown measure
        "x1:v:no_such_graph:30:p:-:s",
        "x0:v:daily_play_count:30:p:-:s",  # an older version
        "x1:v:daily_play_count:30:p:-:m:extra",
        "x1:v:play_count_by_month:30:p:-:s",  # days for a graph by month
        "x1:v:daily_play_count:30:p:0001:s",
        "x1:v:daily_play_count:30:p:3464780:m",  # a personal view names no user
        "garbage",
        "explore:" + "x" * 93,
    ],
)
def test_a_forged_or_old_custom_id_is_out_of_date(endpoint: Endpoint, custom_id: str) -> None:
    message = _open(endpoint)
    sent = endpoint.driver.forged_click(message, custom_id, user_id=MEMBER)
    assert sent.answer is not None
    assert sent.answer["type"] == 4 and sent.answer["data"]["flags"] == 64
    assert sent.content == OUT_OF_DATE
    assert _fresh(endpoint, message).edits == 1


def test_a_member_never_reaches_another_users_statistics(endpoint: Endpoint) -> None:
    message = _open(endpoint)
    forged = "x1:v:daily_play_count:30:p:3464780:s"
    endpoint.tautulli.reset()
    unlinked = endpoint.driver.forged_click(message, forged, user_id=MEMBER)
    assert unlinked.content.startswith("Your Discord account is not linked to a Plex account")
    endpoint.services.state.link_verified(MEMBER, 1234, datetime.now(UTC))
    linked = endpoint.driver.forged_click(message, forged, user_id=MEMBER)
    assert linked.content.startswith("You can explore the whole server's statistics and your own")
    assert "Leave plex_user out" in linked.content
    by_command = endpoint.driver.command(
        "graph", [option("plex_user", str(JESSICA_ID))], user_id=MEMBER
    )
    assert by_command.content == linked.content
    endpoint.wait_idle()
    assert not [r for r in endpoint.tautulli.requests if r.params.get("user_id")]
    # An admin may look at anyone.
    admin = endpoint.driver.forged_click(message, forged, user_id=OTHER, permissions=ADMIN)
    assert admin.answer == {"type": 5, "data": {"flags": 64}}
    endpoint.wait_idle()
    copy = endpoint.discord.original(admin.token)
    assert copy is not None and copy.embeds[0]["footer"]["text"].startswith("Plex user: ")
    assert {r.params["user_id"] for r in endpoint.tautulli.requests if r.params.get("user_id")} == {
        str(JESSICA_ID)
    }


def test_a_member_explores_their_own_account(endpoint: Endpoint) -> None:
    endpoint.services.state.link_verified(MEMBER, JESSICA_ID, datetime.now(UTC))
    message = _open(endpoint, option("plex_user", str(JESSICA_ID)))
    assert [o["value"] for o in _menu(message)["options"]] == [
        "daily_play_count", "play_count_by_dayofweek", "play_count_by_month",
    ]  # fmt: skip
    assert "Share in channel" not in [
        c.get("label") for r in message.components for c in r["components"]
    ]
    _click(endpoint, message, "7 days")
    assert _fresh(endpoint, message).embeds[0]["title"] == "Daily play count · 7 days"
    assert {c["user_id"] for c in _graph_calls(endpoint)} == {str(JESSICA_ID)}


def test_a_view_of_a_graph_turned_off_since_is_out_of_date(endpoint: Endpoint) -> None:
    message = _open(endpoint)
    endpoint.store.set_value("ENABLE_DAILY_PLAY_COUNT", "false")
    sent = _click(endpoint, message, "7 days")
    assert sent.content == OUT_OF_DATE
    assert _fresh(endpoint, message).edits == 1


def test_a_burst_of_clicks_is_acknowledged_and_coalesced_the_last_wins(
    endpoint: Endpoint,
) -> None:
    message = _open(endpoint)
    endpoint.tautulli.slow(0.4)
    answers = [_click(endpoint, message, label).answer for label in ("7 days", "90 days", "1 year")]
    assert answers == [{"type": 6}] * 3
    message = _fresh(endpoint, message)
    assert message.embeds[0]["title"] == "Daily play count · 1 year"
    # The first click's render was in flight; the second was replaced by the third.
    assert [c["time_range"] for c in _graph_calls(endpoint)] == ["30", "7", "365"]
    endpoint.discord.assert_all_valid()


def test_too_many_clicks_get_a_private_slow_down(endpoint: Endpoint) -> None:
    message = _open(endpoint)
    periods = [7, 90, 365] * 3
    answers = [
        endpoint.driver.forged_click(
            message, f"x1:v:daily_play_count:{period}:p:-:s", user_id=MEMBER
        )
        for period in periods
    ]
    assert all(a.answer is None or a.answer["type"] != 4 for a in answers[:8])
    assert answers[8].content.startswith("You are clicking faster than the graphs can be drawn")
    # Another member is not slowed down by it (and gets the 7 days drawn meanwhile at once).
    other = _open(endpoint, user_id=OTHER)
    assert _click(endpoint, other, "7 days", user_id=OTHER).status == 202
    endpoint.wait_idle()


def test_the_initial_answer_to_a_click_must_come_within_three_seconds(
    endpoint: Endpoint,
) -> None:
    message = _open(endpoint)
    fake = endpoint.discord
    real = fake.clock
    readings: list[float] = []

    def late() -> float:
        # The first reading dates the click; every later one is 10 s on.
        readings.append(real())
        return readings[0] + (0 if len(readings) == 1 else 10)

    fake.clock = late
    sent = endpoint.driver.click(message, _button(message, "7 days")["custom_id"], user_id=MEMBER)
    endpoint.wait_idle()
    fake.clock = real
    assert sent.answer == {"type": 6}
    assert [p for p in fake.problems() if "Unknown interaction" in p]
    assert _fresh(endpoint, message).edits == 1  # Discord refused the late answer


def test_my_stats_carries_the_controls_in_personal_mode(endpoint: Endpoint) -> None:
    endpoint.services.state.link_verified(MEMBER, JESSICA_ID, datetime.now(UTC))
    sent = endpoint.driver.command("my_stats", user_id=MEMBER)
    assert sent.answer == {"type": 5, "data": {"flags": 64}}
    endpoint.wait_idle()
    message = endpoint.discord.original(sent.token)
    assert message is not None and len(message.embeds) == 3
    # The graphs comparing users are never offered, and no user is named in any id.
    assert [o["value"] for o in _menu(message)["options"]] == [
        "daily_play_count", "play_count_by_dayofweek", "play_count_by_month",
    ]  # fmt: skip
    assert all(i.endswith(":-:m") for i in _ids(message))
    assert "Share in channel" not in [
        c.get("label") for r in message.components for c in r["components"]
    ]
    sent = endpoint.driver.click(
        message, _menu(message)["custom_id"], user_id=MEMBER, values=["play_count_by_dayofweek"]
    )
    # A private one-graph copy: the message with all of the member's graphs stays as it was.
    assert sent.answer == {"type": 5, "data": {"flags": 64}}
    assert len(_fresh(endpoint, message).embeds) == 3
    copy = endpoint.discord.original(sent.token)
    assert copy is not None and copy.ephemeral and copy.owner_id == MEMBER
    (embed,) = copy.embeds
    assert embed["title"] == "Play count by day of week · 30 days"
    assert embed["footer"]["text"] == "Your statistics"
    calls = endpoint.tautulli.calls("get_plays_by_dayofweek")
    assert {c.params.get("user_id") for c in calls} == {str(JESSICA_ID)}
    # The copy changes in place.
    _click(endpoint, copy, "7 days")
    assert _fresh(endpoint, copy).embeds[0]["title"] == "Play count by day of week · 7 days"
    # The same ids clicked by an unlinked member show nothing of anyone.
    forged = endpoint.driver.forged_click(message, _ids(message)[1], user_id=OTHER)
    assert forged.content.startswith("Your Discord account is not linked to a Plex account")
    endpoint.discord.assert_all_valid()


def test_graph_options_pick_the_view_and_wrong_ones_get_a_clear_refusal(
    endpoint: Endpoint,
) -> None:
    message = _open(
        endpoint,
        option("graph", "play_count_by_month"),
        option("period", "365d"),
        option("measure", "duration"),
    )
    # A day count for the graph by month becomes the nearest number of months.
    assert message.embeds[0]["title"] == "Watch time by month · 12 months"
    refusals = {
        "That graph is not available here": [option("graph", "play_count_by_hourofday")],
        "Pick the Plex user from the suggestions.": [option("plex_user", "Jessica")],
        "One member's statistics are only shown privately": [
            option("plex_user", str(JESSICA_ID)),
            option("share", True, type=5),
        ],
    }
    for text, options in refusals.items():
        sent = endpoint.driver.command("graph", options, user_id=OTHER, permissions=ADMIN)
        assert sent.answer is not None and sent.answer["type"] == 4
        assert sent.content.startswith(text)


def test_the_user_option_suggests_whom_the_member_may_see(endpoint: Endpoint) -> None:
    def suggestions(user_id: str, permissions: str = "0") -> list[dict[str, Any]]:
        answer = endpoint.client.autocomplete(
            "graph",
            [option("plex_user", "", focused=True)],
            user_id=user_id,
            permissions=permissions,
        ).json()
        assert answer["type"] == 8
        return answer["data"]["choices"]

    assert suggestions(MEMBER) == []  # not linked: nobody but the whole server
    endpoint.services.state.link_verified(MEMBER, JESSICA_ID, datetime.now(UTC))
    (own,) = suggestions(MEMBER)
    assert own["value"] == str(JESSICA_ID)
    assert len(suggestions(OTHER, ADMIN)) > 1


def test_a_failed_type_7_falls_back_to_an_edit(endpoint: Endpoint) -> None:
    message = _open(endpoint)
    _click(endpoint, message, "7 days")
    message = _fresh(endpoint, message)
    endpoint.discord.inject("create_interaction_response", status=400, code=50035)
    sent = _click(endpoint, message, "30 days")
    assert sent.answer == {"type": 6}
    assert _fresh(endpoint, message).embeds[0]["title"] == "Daily play count · 30 days"


def test_a_failed_render_says_why_on_the_explorer(endpoint: Endpoint) -> None:
    message = _open(endpoint)
    endpoint.tautulli.go_down()
    _click(endpoint, message, "90 days")
    message = _fresh(endpoint, message)
    assert message.content.startswith("Tautulli")
    assert message.embeds[0]["title"] == "Daily play count · 30 days"  # the last good graph


def test_a_share_the_bot_is_too_busy_for_costs_no_cooldown(tmp_path: Path) -> None:
    with running_endpoint(tmp_path, settings=SETTINGS, max_jobs=1) as endpoint:
        message = _open(endpoint)
        endpoint.tautulli.slow(1.0)
        endpoint.driver.command("graph", [option("period", "7d")], user_id=OTHER)
        busy = _click(endpoint, message, "Share in channel")
        assert busy.content == "The bot is busy with other requests; try again in a minute."
        endpoint.wait_idle()
        endpoint.tautulli.clear_faults()
        assert _click(endpoint, message, "Share in channel").answer == {"type": 6}
        endpoint.wait_idle()
        public = [
            m for m in endpoint.discord.channel_messages(message.channel_id) if not m.ephemeral
        ]
        assert len(public) == 1


def test_the_graph_option_suggests_only_enabled_graphs_by_their_translated_names(
    endpoint: Endpoint,
) -> None:
    def suggestions(*options: dict[str, Any], typed: str = "") -> list[tuple[str, str]]:
        answer = endpoint.client.autocomplete(
            "graph",
            [*options, option("graph", typed, focused=True)],
            user_id=OTHER,
            permissions=ADMIN,
            locale="de",
        ).json()
        assert answer["type"] == 8
        return [(c["name"], c["value"]) for c in answer["data"]["choices"]]

    assert suggestions() == [
        ("Wiedergaben pro Tag", "daily_play_count"),
        ("Wiedergaben nach Wochentag", "play_count_by_dayofweek"),
        ("Wiedergaben pro Monat", "play_count_by_month"),
        ("Top 10 Benutzer", "top_10_users"),
    ]
    assert suggestions(typed="woche") == [("Wiedergaben nach Wochentag", "play_count_by_dayofweek")]
    # With a user chosen, the graphs comparing users cannot be shown.
    personal = suggestions(option("plex_user", str(JESSICA_ID)))
    assert [key for _, key in personal] == [
        "daily_play_count", "play_count_by_dayofweek", "play_count_by_month",
    ]  # fmt: skip
    # The user option still suggests Plex users.
    users = endpoint.client.autocomplete(
        "graph", [option("plex_user", "", focused=True)], user_id=OTHER, permissions=ADMIN
    ).json()
    assert len(users["data"]["choices"]) > 1


def test_a_click_during_a_slow_type_7_queues_behind_it_and_wins(endpoint: Endpoint) -> None:
    message = _open(endpoint)
    _click(endpoint, message, "7 days")
    message = _fresh(endpoint, message)
    held = endpoint.discord.hold("create_interaction_response")
    with ThreadPoolExecutor(1) as pool:
        # 30 days is cached: its type 7 is on its way when the member clicks 90 days.
        cached = pool.submit(_click, endpoint, message, "30 days")
        assert held.arrived.wait(10)
        later = _click(endpoint, message, "90 days")
        assert later.answer == {"type": 6}
        endpoint.wait_idle()
        held.release()
        assert cached.result().status == 202
    message = _fresh(endpoint, message)
    assert message.embeds[0]["title"] == "Daily play count · 90 days"
    routes = [r.operation_id for r in endpoint.discord.requests[-2:]]
    assert routes == ["create_interaction_response", "update_original_webhook_message"]
    endpoint.discord.assert_all_valid()


def test_a_cached_click_during_a_slow_type_7_takes_type_6(endpoint: Endpoint) -> None:
    message = _open(endpoint)
    for label in ("7 days", "90 days"):
        _click(endpoint, message, label)
        message = _fresh(endpoint, message)
    held = endpoint.discord.hold("create_interaction_response")
    with ThreadPoolExecutor(1) as pool:
        cached = pool.submit(_click, endpoint, message, "30 days")
        assert held.arrived.wait(10)
        # Cached as well, but a type 7 of its own could overtake the first one.
        assert _click(endpoint, message, "7 days").answer == {"type": 6}
        held.release()
        assert cached.result().status == 202
    message = _fresh(endpoint, message)
    assert message.embeds[0]["title"] == "Daily play count · 7 days"
    endpoint.discord.assert_all_valid()


def test_my_stats_draws_the_period_its_controls_show(tmp_path: Path) -> None:
    with running_endpoint(tmp_path, settings={**SETTINGS, "TIME_RANGE_DAYS": 14}) as endpoint:
        endpoint.services.state.link_verified(MEMBER, JESSICA_ID, datetime.now(UTC))
        sent = endpoint.driver.command("my_stats", user_id=MEMBER)
        endpoint.wait_idle()
        message = endpoint.discord.original(sent.token)
        assert message is not None
        # 14 days is not offered: the nearest, 7 days, is drawn and shown selected.
        assert _button(message, "7 days")["disabled"] is True
        assert {c["time_range"] for c in _graph_calls(endpoint)} == {"7"}


def test_graph_share_costs_the_share_cooldown(endpoint: Endpoint) -> None:
    public = _open(endpoint, option("share", True, type=5))
    assert not public.ephemeral
    again = endpoint.driver.command("graph", [option("share", True, type=5)], user_id=MEMBER)
    assert again.answer is not None and again.answer["type"] == 4
    assert again.content.startswith("You can share a graph in the channel again <t:")
    private = _open(endpoint)
    assert _click(endpoint, private, "Share in channel").content.startswith(
        "You can share a graph in the channel again <t:"
    )
    endpoint.wait_idle()
    shared = [m for m in endpoint.discord.channel_messages(public.channel_id) if not m.ephemeral]
    assert [m.id for m in shared] == [public.id]


def test_a_graph_share_the_bot_is_too_busy_for_costs_no_cooldown(tmp_path: Path) -> None:
    with running_endpoint(tmp_path, settings=SETTINGS, max_jobs=1) as endpoint:
        endpoint.tautulli.slow(1.0)
        endpoint.driver.command("graph", [option("period", "7d")], user_id=OTHER)
        busy = endpoint.driver.command("graph", [option("share", True, type=5)], user_id=MEMBER)
        assert busy.content == "The bot is busy with other requests; try again in a minute."
        endpoint.wait_idle()
        endpoint.tautulli.clear_faults()
        assert not _open(endpoint, option("share", True, type=5)).ephemeral


def test_a_share_that_fails_to_draw_costs_no_cooldown(endpoint: Endpoint) -> None:
    message = _open(endpoint)
    share = "x1:s:daily_play_count:90:p:-:s"  # a view not drawn (nor cached) yet
    endpoint.tautulli.go_down()
    assert endpoint.driver.forged_click(message, share, user_id=MEMBER).answer == {"type": 6}
    endpoint.wait_idle()
    endpoint.tautulli.come_up()
    assert endpoint.driver.forged_click(message, share, user_id=MEMBER).answer == {"type": 6}
    endpoint.wait_idle()
    public = [m for m in endpoint.discord.channel_messages(message.channel_id) if not m.ephemeral]
    assert [m.embeds[0]["title"] for m in public] == ["Daily play count · 90 days"]


def test_a_bug_in_a_click_answers_a_private_line(
    endpoint: Endpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = _open(endpoint)

    def broken(custom_id: str, values: list[str]) -> None:
        raise KeyError(custom_id)

    monkeypatch.setattr("interactions_app.commands._explore.decode", broken)
    sent = _click(endpoint, message, "7 days")
    assert sent.status == 200 and sent.answer is not None
    assert sent.answer["type"] == 4 and sent.answer["data"]["flags"] == 64
    assert sent.content.startswith("Something went wrong while preparing the answer (KeyError)")


def test_an_explorer_dismissed_meanwhile_is_left_alone(
    endpoint: Endpoint, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    message = _open(endpoint)
    edits = len(endpoint.discord.requests_for("update_original_webhook_message"))
    endpoint.discord.inject(
        "update_original_webhook_message", status=404, code=10008, message="Unknown Message"
    )
    _click(endpoint, message, "90 days")
    endpoint.wait_idle()
    # One try, no report of the failure to a message that is gone, no traceback.
    assert len(endpoint.discord.requests_for("update_original_webhook_message")) == edits + 1
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert [r for r in caplog.records if "is gone" in r.getMessage()]


def test_a_click_that_arrived_long_ago_skips_the_type_7(tmp_path: Path) -> None:
    offset = [0.0]
    with running_endpoint(
        tmp_path, settings=SETTINGS, clock=lambda: time.time() + offset[0]
    ) as endpoint:
        message = _open(endpoint)
        _click(endpoint, message, "7 days")
        message = _fresh(endpoint, message)
        replays = endpoint.services.replays
        checked = replays.delivery

        async def slow_state_file(*args: Any, **kwargs: Any) -> Any:
            offset[0] += 2.0  # the replay check waited on the state file
            return await checked(*args, **kwargs)

        replays.delivery = slow_state_file  # type: ignore[method-assign]
        sent = _click(endpoint, message, "30 days")  # cached, but too late for a type 7
        assert sent.answer == {"type": 6}
        assert not endpoint.discord.requests_for("create_interaction_response")
        assert _fresh(endpoint, message).embeds[0]["title"] == "Daily play count · 30 days"


@pytest.mark.parametrize(
    ("linking", "how"),
    [
        ("plex", "Use /link first"),
        ("admin", "Ask an admin of this server to link it."),
        ("email", "Use /my_stats with the email address of your Plex account."),
    ],
)
def test_an_unlinked_member_is_told_how_this_server_links(
    tmp_path: Path, linking: str, how: str
) -> None:
    with running_endpoint(tmp_path, settings={**SETTINGS, "LINKING": linking}) as endpoint:
        message = _open(endpoint)
        mine = endpoint.driver.forged_click(
            message, "x1:v:daily_play_count:30:p:-:m", user_id=OTHER
        )
        assert mine.content.startswith("Your Discord account is not linked to a Plex account")
        assert how in mine.content


def test_an_admins_view_is_shown_without_the_name_when_naming_fails(endpoint: Endpoint) -> None:
    endpoint.tautulli.fail(500, command="get_users")
    sent = endpoint.driver.command(
        "graph", [option("plex_user", str(JESSICA_ID))], user_id=OTHER, permissions=ADMIN
    )
    endpoint.wait_idle()
    message = endpoint.discord.original(sent.token)
    assert message is not None and message.content == ""
    (embed,) = message.embeds
    assert embed["title"] == "Daily play count · 30 days" and "footer" not in embed
    assert message.attachments[0].data[:8] == PNG


def test_a_shutdown_tells_every_waiting_copy_instead_of_leaving_it_thinking(
    tmp_path: Path,
) -> None:
    restarted = "The bot was restarted before the answer was ready; please try again."
    with running_endpoint(tmp_path, settings=SETTINGS, drain_timeout=0.5) as endpoint:
        public = _open(endpoint, option("share", True, type=5))
        private = _open(endpoint)
        endpoint.tautulli.slow(60)
        assert _click(endpoint, private, "7 days").answer == {"type": 6}
        pause, deadline = threading.Event(), time.monotonic() + 10
        while not any(c["time_range"] == "7" for c in _graph_calls(endpoint)):
            assert time.monotonic() < deadline, "the worker never started drawing 7 days"
            pause.wait(0.01)
        # The member's own private copy of the public message waits behind that drawing.
        copy = _click(endpoint, public, "90 days")
        assert copy.answer == {"type": 5, "data": {"flags": 64}}
    shown = endpoint.discord.original(copy.token)
    assert shown is not None and shown.content == restarted
    assert endpoint.discord.message(private.id) is not None
