"""/about, /uptime, permissions, cooldowns and the reply language, through the real endpoint."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.endpoint import ADMIN, Endpoint, running_endpoint
from tests.fakes.interactions import option

ADMIN_ROLE = "1150000000000000777"
ADMIN_USER = "1150000000000000888"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    settings = {"ADMIN_ROLE_IDS": [ADMIN_ROLE], "ADMIN_USER_IDS": [ADMIN_USER]}
    with running_endpoint(tmp_path_factory.mktemp("basic"), settings=settings) as running:
        yield running


def test_uptime_answers_at_once_with_discord_timestamps(endpoint: Endpoint) -> None:
    answer = endpoint.client.command("uptime").json()
    assert answer["type"] == 4
    started = int(endpoint.services.started_at)
    assert answer["data"]["content"] == f"Running since <t:{started}:F> (<t:{started}:R>)."
    assert answer["data"]["allowed_mentions"] == {"parse": []}
    assert "flags" not in answer["data"]


def test_uptime_answers_in_the_users_language_when_a_catalog_exists(endpoint: Endpoint) -> None:
    danish = endpoint.client.command("uptime", locale="da").json()["data"]["content"]
    assert danish.startswith("Har kørt siden <t:")
    # No catalog for Japanese: LANGUAGE (English) answers.
    japanese = endpoint.client.command("uptime", locale="ja").json()["data"]["content"]
    assert japanese.startswith("Running since <t:")


def _about(endpoint: Endpoint, **kwargs: Any) -> dict[str, str]:
    """/about's fields by name; it must answer at once (type 4), never "thinking…"."""
    answer = endpoint.client.command("about", **kwargs).json()
    assert answer["type"] == 4
    assert "flags" not in answer["data"]
    (embed,) = answer["data"]["embeds"]
    assert embed["title"].startswith("TGraph Bot ")
    return {field["name"]: field["value"] for field in embed["fields"]}


def test_about_answers_at_once_with_version_graphs_tautulli_and_next_post(
    endpoint: Endpoint,
) -> None:
    before = len(endpoint.tautulli.requests)
    fields = _about(endpoint)
    assert fields["Tautulli"] == "Reachable (Tautulli v2.17.2)"
    assert "• Daily play count" in fields["12 graphs enabled"]
    assert fields["Next scheduled post"] == "Due now: at the next run of the post timer"
    assert fields["What the bot keeps about members"].startswith(
        "Your Discord id, the id of the Plex account it is linked to"
    )
    # The status comes from the background check made at start-up, not from a call now.
    assert len(endpoint.tautulli.requests) == before
    assert endpoint.services.jobs.active == 0


def test_about_says_when_tautulli_is_down(tmp_path: Path) -> None:
    # Nothing listens on the discard port: the check at start-up is refused.
    with running_endpoint(tmp_path, settings={"TAUTULLI_URL": "http://127.0.0.1:9"}) as endpoint:
        fields = _about(endpoint)
    assert fields["Tautulli"].startswith(
        "Not reachable: Tautulli at http://127.0.0.1:9 refused the connection."
    )


def test_about_is_never_refused_as_busy_and_never_waits_on_a_hung_tautulli(
    tmp_path: Path,
) -> None:
    # One job slot, taken by /my_stats waiting on a Tautulli that no longer answers.
    with running_endpoint(tmp_path, max_jobs=1) as endpoint:
        endpoint.tautulli.slow(60)
        try:
            waiting = endpoint.client.interaction(
                2, "my_stats", [option("email", "someone@example.com")]
            )
            assert endpoint.client.post(waiting).json()["type"] == 5
            assert "busy" in endpoint.client.command("update_graphs", permissions=ADMIN).text
            # Tautulli holds requests for 60 s, the test client gives up after 10: an /about
            # that asked Tautulli itself would time out here.
            fields = _about(endpoint)
            assert fields["Tautulli"] == "Reachable (Tautulli v2.17.2)"
            assert not endpoint.tautulli.calls("get_tautulli_info")[1:]
        finally:
            endpoint.tautulli.clear_faults()
            endpoint.tautulli.stop()  # lets the held request go: /my_stats fails at once
        endpoint.wait_idle()


def test_an_unknown_command_gets_a_private_answer(endpoint: Endpoint) -> None:
    answer = endpoint.client.command("status").json()
    assert answer["type"] == 4
    assert answer["data"]["flags"] == 64
    assert "not known" in answer["data"]["content"]


@pytest.mark.parametrize(
    ("permissions", "roles", "user_id"),
    [
        ("0", [], "1150000000000000401"),
        (str(1 << 11), ["1150000000000000999"], "1150000000000000401"),  # SEND_MESSAGES only
        ("not a number", [], "1150000000000000401"),
    ],
)
def test_non_admins_are_refused_admin_commands_privately(
    endpoint: Endpoint, permissions: str, roles: list[str], user_id: str
) -> None:
    for name, options in (
        ("update_graphs", []),
        ("config", [{"name": "view", "type": 1, "options": []}]),
    ):
        answer = endpoint.client.command(
            name, options, permissions=permissions, roles=roles, user_id=user_id
        ).json()
        assert answer["type"] == 4
        assert answer["data"]["flags"] == 64
        assert "Only server admins" in answer["data"]["content"]
        assert f"/{name}" in answer["data"]["content"]


@pytest.mark.parametrize(
    ("permissions", "roles", "user_id"),
    [
        (ADMIN, [], "1150000000000000402"),  # Manage Server
        (str(1 << 3), [], "1150000000000000402"),  # Administrator
        (str((1 << 40) | (1 << 5)), [], "1150000000000000402"),  # big integer
        ("0", [ADMIN_ROLE], "1150000000000000402"),  # configured role
        ("0", [], ADMIN_USER),  # configured user
    ],
)
def test_admins_are_recognised(
    endpoint: Endpoint, permissions: str, roles: list[str], user_id: str
) -> None:
    view = [{"name": "view", "type": 1, "options": [{"name": "key", "type": 3, "value": "Y_AXIS"}]}]
    answer = endpoint.client.command(
        "config", view, permissions=permissions, roles=roles, user_id=user_id
    ).json()
    assert answer["data"]["content"] == "Y_AXIS is `plays` (default)\nOne of: plays, duration."


def test_a_configured_admin_user_is_recognised_in_a_dm(endpoint: Endpoint) -> None:
    view = [{"name": "view", "type": 1, "options": [{"name": "key", "type": 3, "value": "Y_AXIS"}]}]
    assert endpoint.client.command("config", view, dm=True, user_id=ADMIN_USER).json()["data"][
        "content"
    ] == ("Y_AXIS is `plays` (default)\nOne of: plays, duration.")
    refused = endpoint.client.command("config", view, dm=True, user_id="1150000000000000403")
    assert "Only server admins" in refused.json()["data"]["content"]


def test_cooldowns_per_user_and_for_everyone(tmp_path: Path) -> None:
    now = [1_800_000_000.0]
    settings = {"UPTIME_COOLDOWN_MINUTES": 2, "UPTIME_GLOBAL_COOLDOWN_SECONDS": 30}
    with running_endpoint(tmp_path, settings=settings, clock=lambda: now[0]) as endpoint:
        alice, bob = "1150000000000000501", "1150000000000000502"
        first = endpoint.client.command("uptime", user_id=alice).json()
        assert "Running since" in first["data"]["content"]
        refused = endpoint.client.command("uptime", user_id=alice).json()
        assert refused["data"]["flags"] == 64
        assert refused["data"]["content"] == (
            f"/uptime is cooling down; you can use it again <t:{int(now[0]) + 120}:R>."
        )
        # Bob meets the global cooldown (30 s), not Alice's.
        refused_bob = endpoint.client.command("uptime", user_id=bob).json()["data"]["content"]
        assert f"<t:{int(now[0]) + 30}:R>" in refused_bob
        now[0] += 31
        assert (
            "Running since"
            in endpoint.client.command("uptime", user_id=bob).json()["data"]["content"]
        )
        now[0] += 31
        assert (
            "cooling down"
            in endpoint.client.command("uptime", user_id=alice).json()["data"]["content"]
        )
        now[0] += 60
        assert (
            "Running since"
            in endpoint.client.command("uptime", user_id=alice).json()["data"]["content"]
        )


def test_about_in_danish_lists_the_graphs_in_danish(endpoint: Endpoint) -> None:
    answer = endpoint.client.command("about", locale="da").json()
    fields = {field["name"]: field["value"] for field in answer["data"]["embeds"][0]["fields"]}
    graphs = next(value for name, value in fields.items() if re.fullmatch(r"12 .+", name))
    assert "• Afspilninger pr. dag\n" in graphs
