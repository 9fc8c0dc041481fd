"""The command registry: what is published to Discord, and how interactions resolve on it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from interactions_app.commands import (
    Command,
    CommandRegistry,
    Option,
    Subcommand,
    build_registry,
)
from interactions_app.commands.permissions import MANAGE_GUILD
from interactions_app.discord import DiscordRest
from interactions_app.discord.interactions import CommandData, CommandOption
from interactions_app.discord.responses import message
from interactions_app.i18n import command_name_problem, description_problem, discord_localizations
from tests.fakes.discord import DiscordFake

pytest_plugins = ["tests.fixtures"]

ADMIN_COMMANDS = {"config", "update_graphs"}


def _walk(options: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for option in options:
        yield option
        yield from _walk(option.get("options", []))


def test_every_command_is_published_with_the_right_scope_and_permissions() -> None:
    payload = build_registry().to_discord_json()
    by_name = {command["name"]: command for command in payload}
    assert set(by_name) == {
        "about",
        "uptime",
        "my_stats",
        "graph",
        "digest",
        "wrapped",
        "link",
        "unlink",
        "update_graphs",
        "config",
    }
    for name, command in by_name.items():
        assert command["type"] == 1
        assert command["integration_types"] == [0]
        if name in ADMIN_COMMANDS:
            assert command["default_member_permissions"] == str(MANAGE_GUILD) == "32"
            assert command["contexts"] == [0]
        else:
            assert "default_member_permissions" not in command
            assert command["contexts"] == [0, 1]


def test_config_has_view_edit_unbind_link_and_links_with_autocomplete_where_it_helps() -> None:
    config = next(c for c in build_registry().to_discord_json() if c["name"] == "config")
    subcommands = {sub["name"]: sub for sub in config["options"]}
    assert set(subcommands) == {"view", "edit", "unbind", "link", "links"}
    assert all(sub["type"] == 1 for sub in subcommands.values())
    view_key = subcommands["view"]["options"][0]
    assert view_key == {
        **view_key,
        "name": "key",
        "type": 3,
        "required": False,
        "autocomplete": True,
    }
    edit = {option["name"]: option for option in subcommands["edit"]["options"]}
    assert edit["key"]["required"] and edit["key"]["autocomplete"]
    assert edit["value"]["required"] and edit["value"]["autocomplete"]
    user = subcommands["unbind"]["options"][0]
    assert (user["name"], user["type"], user["required"]) == ("user", 6, True)
    member, plex_user = subcommands["link"]["options"]
    assert (member["name"], member["type"], member["required"]) == ("member", 6, True)
    assert (plex_user["name"], plex_user["type"], plex_user["autocomplete"]) == (
        "plex_user",
        3,
        True,
    )
    assert subcommands["links"]["options"] == []


def test_my_stats_takes_an_optional_email_for_servers_that_link_by_email() -> None:
    my_stats = next(c for c in build_registry().to_discord_json() if c["name"] == "my_stats")
    assert my_stats["options"] == [
        {
            "type": 3,
            "name": "email",
            "description": "The email of your Plex account (when this server links by email)",
            "required": False,
            "max_length": 254,
        }
    ]


def test_names_and_descriptions_follow_discords_rules_in_every_language() -> None:
    payload = build_registry().to_discord_json(localizations=discord_localizations)
    for command in payload:
        for item in [command, *_walk(command["options"])]:
            assert command_name_problem(item["name"]) is None
            assert description_problem(item["description"]) is None
            for text in item.get("description_localizations", {}).values():
                assert description_problem(text) is None
    localized = [c for c in payload if "description_localizations" in c]
    assert localized, "the catalogs translate at least one command description"


def test_localizations_come_from_the_localizer_and_skip_identical_text() -> None:
    def localize(text: str) -> Mapping[str, str]:
        return {"da": f"[da] {text}", "en-GB": text}

    uptime = next(
        c for c in build_registry().to_discord_json(localizations=localize) if c["name"] == "uptime"
    )
    assert uptime["description_localizations"] == {"da": f"[da] {uptime['description']}"}
    assert uptime["name_localizations"] == {"da": "[da] uptime"}


def test_choices_are_published_and_localized() -> None:
    async def handler(_ctx: Any) -> Any:
        return message("x")

    registry = CommandRegistry(
        [
            Command(
                name="pick",
                description="Pick",
                handler=handler,
                options=(Option(name="what", description="What", choices=(("Plays", "plays"),)),),
            )
        ]
    )
    option = registry.to_discord_json(localizations=lambda text: {"de": text.upper()})[0][
        "options"
    ][0]
    assert option["choices"] == [
        {"name": "Plays", "value": "plays", "name_localizations": {"de": "PLAYS"}}
    ]


@pytest.mark.anyio
async def test_the_payload_is_accepted_by_a_bulk_overwrite(discord: DiscordFake) -> None:
    payload = build_registry().to_discord_json(localizations=discord_localizations)
    async with DiscordRest(api_base=discord.api_base, bot_token=discord.bot_token) as rest:
        echoed = await rest.bulk_overwrite_commands(discord.application_id, payload)
    assert [c["name"] for c in echoed] == [c["name"] for c in payload]
    discord.assert_all_valid()


def test_resolve_finds_commands_subcommands_values_and_the_focused_option() -> None:
    registry = build_registry()
    data = CommandData(
        id="1",
        name="config",
        options=[
            CommandOption(
                name="edit",
                type=1,
                options=[
                    CommandOption(name="key", type=3, value="LANGUAGE"),
                    CommandOption(name="value", type=3, value="d", focused=True),
                ],
            )
        ],
    )
    resolved = registry.resolve(data)
    assert resolved is not None
    assert resolved.command.name == "config"
    assert resolved.subcommand is not None and resolved.subcommand.name == "edit"
    assert resolved.values == {"key": "LANGUAGE", "value": "d"}
    assert resolved.focused == "value"
    assert resolved.handler is resolved.subcommand.handler
    assert resolved.autocomplete is resolved.subcommand.autocomplete


@pytest.mark.parametrize(
    "data",
    [
        CommandData(id="1", name="status"),
        CommandData(id="1", name="config"),
        CommandData(id="1", name="config", options=[CommandOption(name="drop", type=1)]),
    ],
)
def test_resolve_returns_none_for_what_this_build_does_not_know(data: CommandData) -> None:
    assert build_registry().resolve(data) is None


def test_a_registry_refuses_duplicates_and_commands_without_a_handler() -> None:
    async def handler(_ctx: Any) -> Any:
        return message("x")

    one = Command(name="one", description="One", handler=handler)
    with pytest.raises(ValueError, match="defined twice"):
        CommandRegistry([one, one])
    with pytest.raises(ValueError, match="either a handler or subcommands"):
        CommandRegistry([Command(name="none", description="None")])
    both = Command(
        name="both",
        description="Both",
        handler=handler,
        subcommands=(Subcommand(name="sub", description="Sub", handler=handler),),
    )
    with pytest.raises(ValueError, match="either a handler or subcommands"):
        CommandRegistry([both])
    registry = CommandRegistry([one])
    assert len(registry) == 1
    assert [c.name for c in registry] == ["one"]
    assert registry.get("one") is one
    assert registry.get("two") is None
