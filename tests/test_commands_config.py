"""/config view, edit and unbind, and their autocomplete, through the real endpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.endpoint import ADMIN, Endpoint, running_endpoint
from tests.fakes.interactions import option, subcommand

SECRETS = ("TAUTULLI_API_KEY", "DISCORD_BOT_TOKEN", "DISCORD_PUBLIC_KEY", "DISCORD_WEBHOOK_URL")


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[Endpoint]:
    with running_endpoint(tmp_path) as running:
        yield running


def _config(endpoint: Endpoint, sub: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("permissions", ADMIN)
    return endpoint.client.command("config", [sub], **kwargs).json()


def _edit(endpoint: Endpoint, key: str, value: str) -> str:
    body = endpoint.client.interaction(
        2, "config", [subcommand("edit", option("key", key), option("value", value))],
        permissions=ADMIN,
    )  # fmt: skip
    answer = endpoint.client.post(body).json()
    assert answer == {"type": 5, "data": {"flags": 64}}
    endpoint.wait_idle()
    return endpoint.original_content(body["token"])


def _complete(endpoint: Endpoint, sub: dict[str, Any], **kwargs: Any) -> list[dict[str, Any]]:
    kwargs.setdefault("permissions", ADMIN)
    answer = endpoint.client.autocomplete("config", [sub], **kwargs).json()
    assert answer["type"] == 8
    return answer["data"]["choices"]


def test_view_lists_every_setting_with_secrets_masked(endpoint: Endpoint) -> None:
    answer = _config(endpoint, subcommand("view"))
    assert answer["type"] == 4
    assert answer["data"]["flags"] == 64
    embeds = answer["data"]["embeds"]
    text = "\n".join(embed["description"] for embed in embeds)
    assert 1 <= len(embeds) <= 10
    assert sum(len(e["description"]) + len(e["title"]) for e in embeds) <= 6000
    assert all(len(embed["description"]) <= 4096 for embed in embeds)
    for key in ("UPDATE_DAYS: 7  (default)", "Y_AXIS: plays", "TV_COLOR: #1f77b4", *SECRETS):
        assert key in text
    config = endpoint.store.current
    for secret in (config.TAUTULLI_API_KEY, config.DISCORD_BOT_TOKEN, config.DISCORD_PUBLIC_KEY):
        assert secret not in text
    assert "discord.com/api/webhooks" not in text
    assert text.count("\n") + 1 - 2 * len(embeds) == len(type(config).__struct_fields__)


def test_view_one_key_and_the_refusals(endpoint: Endpoint) -> None:
    one = _config(endpoint, subcommand("view", option("key", "update_days")))
    assert one["data"]["content"] == "UPDATE_DAYS is `7` (default)\nA whole number from 1 to 365."
    for secret in SECRETS:
        refused = _config(endpoint, subcommand("view", option("key", secret)))["data"]
        assert refused["flags"] == 64
        assert refused["content"].startswith(f"{secret} is a secret")
    unknown = _config(endpoint, subcommand("view", option("key", "NOPE")))["data"]["content"]
    assert unknown == "There is no setting called NOPE. Pick one from the suggestions."


def test_edit_saves_keeps_comments_shows_old_and_new_and_applies_at_once(
    endpoint: Endpoint,
) -> None:
    before = endpoint.config_path.read_text()
    assert "# tautulli url" in before
    reply = _edit(endpoint, "UPDATE_DAYS", "14")
    assert reply == "UPDATE_DAYS changed from `7` to `14`. It applies from now on."
    after = endpoint.config_path.read_text()
    assert "# tautulli url" in after
    assert after.startswith("# TGraph Bot test configuration\n")
    assert "UPDATE_DAYS: 14" in after
    assert endpoint.store.current.UPDATE_DAYS == 14
    shown = _config(endpoint, subcommand("view", option("key", "UPDATE_DAYS")))
    assert (
        shown["data"]["content"]
        == "UPDATE_DAYS is `14` (config file)\nA whole number from 1 to 365."
    )
    assert _edit(endpoint, "MAX_CONCURRENT_RENDERS", "2").endswith("It applies from now on.")
    # The next deferred command's job runs with the new limit.
    endpoint.client.post(
        endpoint.client.interaction(2, "my_stats", [option("email", "nobody@example.com")])
    )
    endpoint.wait_idle()
    jobs = endpoint.services.jobs
    assert jobs.render_limiter.total_tokens == 2
    # The reply language applies at once too.
    assert "changed from `en` to `da`" in _edit(endpoint, "LANGUAGE", "da")
    assert (
        endpoint.client.command("uptime", locale="ja")
        .json()["data"]["content"]
        .startswith("Har kørt siden")
    )
    endpoint.discord.assert_all_valid()


def test_edit_of_a_bad_value_explains_what_is_allowed_and_changes_nothing(
    endpoint: Endpoint,
) -> None:
    before = endpoint.config_path.read_bytes()
    reply = _edit(endpoint, "UPDATE_DAYS", "0")
    assert "UPDATE_DAYS" in reply
    assert "0" in reply
    assert endpoint.config_path.read_bytes() == before
    assert endpoint.store.current.UPDATE_DAYS == 7


def test_secrets_and_unknown_keys_cannot_be_edited(endpoint: Endpoint) -> None:
    before = endpoint.config_path.read_bytes()
    for secret in SECRETS:
        answer = _config(endpoint, subcommand("edit", option("key", secret), option("value", "x")))
        assert answer["type"] == 4
        assert answer["data"]["content"].startswith(f"{secret} is a secret")
    unknown = _config(endpoint, subcommand("edit", option("key", "NOPE"), option("value", "1")))
    assert unknown["data"]["content"].startswith("There is no setting called NOPE")
    for key in ("DATA_DIR", "TAUTULLI_URL", "DISCORD_API_BASE", "TAUTULLI_MAX_CONCURRENT_REQUESTS"):
        file_only = _config(endpoint, subcommand("edit", option("key", key), option("value", "2")))
        assert file_only["data"]["content"] == (
            f"{key} can only be changed in the config file on the server "
            "(the bot reads it when it starts)."
        )
    assert endpoint.config_path.read_bytes() == before


def _edit_by_hand(endpoint: Endpoint, old_line: str, new_line: str) -> str:
    text = endpoint.config_path.read_text(encoding="utf-8")
    assert text.count(f"\n{old_line}\n") == 1
    text = text.replace(f"\n{old_line}\n", f"\n{new_line}\n")
    endpoint.config_path.write_text(text, encoding="utf-8")
    return text


def test_an_edit_applies_only_its_key_not_hand_edits_of_others(endpoint: Endpoint) -> None:
    _edit_by_hand(endpoint, "MY_STATS_COOLDOWN_MINUTES: 0", "MY_STATS_COOLDOWN_MINUTES: 30")
    assert _edit(endpoint, "KEEP_DAYS", "9").endswith("It applies from now on.")
    assert endpoint.services.config.KEEP_DAYS == 9
    # Saved with the edit, applied at the next start: /my_stats is not cooling down now.
    assert "MY_STATS_COOLDOWN_MINUTES: 30" in endpoint.config_path.read_text(encoding="utf-8")
    assert endpoint.services.config.MY_STATS_COOLDOWN_MINUTES == 0
    one = _config(endpoint, subcommand("view", option("key", "MY_STATS_COOLDOWN_MINUTES")))
    assert (
        one["data"]["content"]
        == "MY_STATS_COOLDOWN_MINUTES is `0` (config file)\nA whole number from 0 to 10080."
    )


def test_an_edit_is_refused_while_data_dir_was_changed_by_hand(endpoint: Endpoint) -> None:
    started_in = endpoint.services.config.DATA_DIR
    moved = str(endpoint.config_path.parent / "moved")
    text = _edit_by_hand(
        endpoint, f"DATA_DIR: {json.dumps(started_in)}", f"DATA_DIR: {json.dumps(moved)}"
    )
    assert _edit(endpoint, "UPDATE_DAYS", "3") == (
        "DATA_DIR was changed in the config file, and the bot reads it only when it starts: "
        "restart the bot to apply it, then edit again. Nothing was saved."
    )
    body = endpoint.client.interaction(
        2, "config", [subcommand("edit", option("key", "UPDATE_DAYS"), option("value", "3"))],
        permissions=ADMIN, locale="de",
    )  # fmt: skip
    endpoint.client.post(body)
    endpoint.wait_idle()
    assert endpoint.original_content(body["token"]).startswith(
        "DATA_DIR wurde in der Konfigurationsdatei"
    )
    assert endpoint.config_path.read_text(encoding="utf-8") == text
    assert started_in == endpoint.services.config.DATA_DIR
    assert endpoint.services.config.UPDATE_DAYS == 7
    assert not Path(moved).exists()


def test_key_autocomplete_matches_what_was_typed_and_never_offers_secrets(
    endpoint: Endpoint,
) -> None:
    choices = _complete(endpoint, subcommand("edit", option("key", "color", focused=True)))
    values = [choice["value"] for choice in choices]
    assert "TV_COLOR" in values
    assert all("COLOR" in value for value in values)
    assert {"name": "TV_COLOR = #1f77b4", "value": "TV_COLOR"} in choices
    everything = _complete(endpoint, subcommand("view", option("key", "", focused=True)))
    assert len(everything) == 25
    assert not {c["value"] for c in everything} & set(SECRETS)
    discord = _complete(endpoint, subcommand("view", option("key", "DISCORD", focused=True)))
    assert [c["value"] for c in discord] == [
        "DISCORD_APPLICATION_ID",
        "DISCORD_API_BASE",
    ]
    prefix_first = _complete(endpoint, subcommand("view", option("key", "tv", focused=True)))
    assert prefix_first[0]["value"] == "TV_COLOR"


def test_value_autocomplete_offers_the_fixed_choices_or_the_current_value(
    endpoint: Endpoint,
) -> None:
    def values(key: str, typed: str) -> list[str]:
        sub = subcommand("edit", option("key", key), option("value", typed, focused=True))
        return [choice["value"] for choice in _complete(endpoint, sub)]

    assert values("Y_AXIS", "") == ["plays", "duration"]
    assert values("Y_AXIS", "dur") == ["duration"]
    assert values("CENSOR_USERNAMES", "") == ["true", "false"]
    assert values("UPDATE_DAYS", "") == ["7"]
    assert values("UPDATE_DAYS", "30") == ["30"]
    assert values("TAUTULLI_API_KEY", "") == []
    assert values("NOPE", "") == []


def test_non_admins_get_no_suggestions(endpoint: Endpoint) -> None:
    sub = subcommand("view", option("key", "", focused=True))
    assert _complete(endpoint, sub, permissions="0") == []


def test_autocomplete_for_a_command_without_it_is_empty(endpoint: Endpoint) -> None:
    answer = endpoint.client.autocomplete("my_stats", [option("email", "a", focused=True)])
    assert answer.json() == {"type": 8, "data": {"choices": []}}
    unknown = endpoint.client.autocomplete("status", [option("x", "a", focused=True)])
    assert unknown.json() == {"type": 8, "data": {"choices": []}}


def test_unbind_removes_a_link(endpoint: Endpoint) -> None:
    state = endpoint.services.state
    member = "1150000000000000601"
    state.bind(member, 3464780, "tanaka_jessica@example.org", datetime.now(UTC))

    def unbind() -> tuple[dict[str, Any], str]:
        body = endpoint.client.interaction(
            2, "config", [subcommand("unbind", option("user", member, type=6))], permissions=ADMIN
        )
        answer = endpoint.client.post(body).json()
        endpoint.wait_idle()
        return answer, endpoint.original_content(body["token"])

    answer, content = unbind()
    assert answer == {"type": 5, "data": {"flags": 64}}
    assert content.startswith(f"<@{member}> is no longer linked")
    assert state.binding_for_discord(member) is None
    (edit,) = [
        r for r in endpoint.discord.requests_for("update_original_webhook_message")
        if r.payload.get("content", "").startswith(f"<@{member}>")
    ]  # fmt: skip
    assert edit.payload["allowed_mentions"] == {"parse": []}
    assert unbind()[1] == f"<@{member}> was not linked to a Plex account."


def test_a_password_in_the_tautulli_url_is_never_shown(tmp_path: Path) -> None:
    # Tautulli behind a proxy with basic auth: http://user:password@host. The Tautulli client
    # already keeps the password out of its errors; /config must not show it either.
    url = "http://plex:hunter2-secret@127.0.0.1:8181/tautulli"
    with running_endpoint(tmp_path, settings={"TAUTULLI_URL": url}) as endpoint:
        listing = _config(endpoint, subcommand("view"))["data"]
        text = "\n".join(embed["description"] for embed in listing["embeds"])
        one = _config(endpoint, subcommand("view", option("key", "TAUTULLI_URL")))["data"]
        choices = _complete(endpoint, subcommand("view", option("key", "TAUTULLI", focused=True)))
    shown = [text, one["content"], *(choice["name"] for choice in choices)]
    assert all("hunter2-secret" not in item for item in shown), shown
    assert "TAUTULLI_URL: http://plex:" in text
    assert "127.0.0.1:8181/tautulli" in one["content"]


def test_a_listing_too_long_for_one_message_says_what_was_left_out(tmp_path: Path) -> None:
    admins = [str(100000000000000000 + n) for n in range(190)]
    with running_endpoint(tmp_path, settings={"ADMIN_USER_IDS": admins}) as endpoint:
        answer = _config(endpoint, subcommand("view"))["data"]
    embeds = answer["embeds"]
    assert sum(len(e["description"]) + len(e["title"]) for e in embeds) <= 6000
    shown = "\n".join(embed["description"] for embed in embeds).count(": ")
    left_out = len(type(endpoint.store.current).__struct_fields__) - shown
    assert left_out > 0
    assert answer["content"] == (
        f"{left_out} more settings did not fit; show them one at a time with /config view key."
    )
