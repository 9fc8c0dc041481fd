"""The scheduled post's way into the explorer, through the real post run and the fake Discord.

The fake applies Discord's webhook rules (``tests/fakes/discord_webhooks.py``): a webhook the
bot created may send buttons, one made in Discord's settings may not. So: an "Explore" button
per graph on the bot's webhook; otherwise the /graph command named under the last graph.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from interactions_app.discord import DiscordRest
from interactions_app.i18n import translator_for
from interactions_app.posting import post_graph_set
from renderer import GRAPH_SPECS
from tests.fakes.discord import DiscordFake, FakeWebhook
from tests.test_posting import BotFactory, make_bot

pytest_plugins = ["tests.fixtures"]
__all__ = ["make_bot"]

KEYS = [spec.key for spec in GRAPH_SPECS[:3]]


def _explore_row(key: str, label: str = "Explore") -> list[dict[str, Any]]:
    button = {
        "type": 2,
        "style": 2,
        "label": label,
        "custom_id": f"explore:{key}",
        "disabled": False,
    }
    return [{"type": 1, "components": [button]}]


@pytest.mark.anyio
async def test_a_webhook_the_bot_created_gets_an_explore_button_on_every_graph(
    make_bot: BotFactory, discord: DiscordFake
) -> None:
    owned = discord.create_webhook(application_id=discord.application_id)
    bot = make_bot(DISCORD_WEBHOOK_URL=owned.url, DISCORD_APPLICATION_ID=discord.application_id)

    result = await bot.post()

    messages = discord.channel_messages(owned.channel_id)
    assert [m.id for m in messages] == list(result.message_ids)
    assert [discord.components(m.id) for m in messages] == [_explore_row(k) for k in KEYS]
    assert [m.content for m in messages] == ["", "", ""]
    sends = discord.requests_for("execute_webhook")
    assert {r.query.get("with_components") for r in sends} == {"true"}
    discord.assert_all_valid()


@pytest.mark.anyio
async def test_the_button_speaks_the_configured_language(
    make_bot: BotFactory, discord: DiscordFake
) -> None:
    owned = discord.create_webhook(application_id=discord.application_id)
    bot = make_bot(
        graphs=1,
        DISCORD_WEBHOOK_URL=owned.url,
        DISCORD_APPLICATION_ID=discord.application_id,
        LANGUAGE="de",
    )
    german = translator_for("de")

    await post_graph_set(bot.context(t=german), force=True)

    (message,) = discord.channel_messages(owned.channel_id)
    label = german.gettext("Explore")
    assert label != "Explore"
    assert discord.components(message.id) == _explore_row(KEYS[0], label)


@pytest.mark.anyio
async def test_a_webhook_made_in_discord_names_the_graph_command_under_the_last_graph(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook, rest: DiscordRest
) -> None:
    registered = await rest.bulk_overwrite_commands(
        discord.application_id,
        [{"name": "about", "description": "About"}, {"name": "graph", "description": "Graphs"}],
    )
    graph_id = next(c["id"] for c in registered if c["name"] == "graph")
    bot = make_bot(bot_token=discord.bot_token, DISCORD_APPLICATION_ID=discord.application_id)

    await bot.post()

    messages = discord.channel_messages(webhook.channel_id)
    assert [m.content for m in messages[:-1]] == ["", ""]
    assert messages[-1].content == (
        f"Explore these graphs for another period or your own plays: </graph:{graph_id}>"
    )
    assert all(discord.components(m.id) == [] for m in messages)
    sends = discord.requests_for("execute_webhook")
    assert all("components" not in r.payload for r in sends)
    discord.assert_all_valid()


@pytest.mark.anyio
async def test_a_graph_command_registered_in_the_webhooks_server_is_found_too(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook, rest: DiscordRest
) -> None:
    registered = await rest.bulk_overwrite_commands(
        discord.application_id, [{"name": "graph", "description": "Graphs"}], discord.guild_id
    )
    bot = make_bot(bot_token=discord.bot_token, DISCORD_APPLICATION_ID=discord.application_id)

    await bot.post()

    messages = discord.channel_messages(webhook.channel_id)
    assert messages[-1].content.endswith(f": </graph:{registered[0]['id']}>")
    discord.assert_all_valid()


@pytest.mark.anyio
async def test_without_a_registered_graph_command_the_post_points_nowhere(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot(bot_token=discord.bot_token, DISCORD_APPLICATION_ID=discord.application_id)

    result = await bot.post()

    assert result.status == "posted"
    messages = discord.channel_messages(webhook.channel_id)
    assert [m.content for m in messages] == ["", "", ""]
    assert discord.requests_for("list_application_commands")
    discord.assert_all_valid()


@pytest.mark.anyio
async def test_without_a_bot_token_the_command_is_named_in_plain_words(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot(DISCORD_APPLICATION_ID=discord.application_id)

    await bot.post()

    messages = discord.channel_messages(webhook.channel_id)
    assert messages[-1].content.endswith(": /graph")
    assert not discord.requests_for("list_application_commands")
    discord.assert_all_valid()


@pytest.mark.anyio
async def test_without_an_application_id_nothing_is_asked_and_nothing_added(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot(bot_token=discord.bot_token)

    await bot.post()

    assert [m.content for m in discord.channel_messages(webhook.channel_id)] == ["", "", ""]
    assert not discord.requests_for("get_webhook_by_token")
    assert not discord.requests_for("list_application_commands")


@pytest.mark.anyio
async def test_failed_look_ups_cost_the_button_not_the_post(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    discord.inject("get_webhook_by_token", status=500, times=2)
    discord.inject("list_application_commands", status=403, code=50001)
    bot = make_bot(bot_token=discord.bot_token, DISCORD_APPLICATION_ID=discord.application_id)

    result = await bot.post()

    assert len(result.message_ids) == 3
    messages = discord.channel_messages(webhook.channel_id)
    assert messages[-1].content.endswith(": /graph")


@pytest.mark.anyio
async def test_the_fake_applies_discords_component_rules_for_webhooks(
    discord: DiscordFake, webhook: FakeWebhook
) -> None:
    owned = discord.create_webhook(application_id=discord.application_id)
    button = _explore_row("daily_play_count")
    docs = {"type": 2, "style": 5, "label": "Docs", "url": "https://example.org"}
    link = [{"type": 1, "components": [docs]}]
    async with httpx.AsyncClient() as http:

        async def send(hook: FakeWebhook, components: list[Any], query: str) -> httpx.Response:
            return await http.post(
                f"{hook.local_url}?wait=true{query}",
                json={"content": "hi", "components": components},
                headers={"User-Agent": "DiscordBot (https://example.org, 1)"},
            )

        ignored = await send(owned, button, "")
        kept = await send(owned, button, "&with_components=true")
        refused = await send(webhook, button, "&with_components=true")
        links = await send(webhook, link, "&with_components=true")

    assert discord.components(ignored.json()["id"]) == []
    assert discord.components(kept.json()["id"]) == button
    assert refused.status_code == 400
    assert refused.json()["code"] == 50035
    assert discord.components(links.json()["id"]) == link
    assert len(discord.channel_messages(webhook.channel_id)) == 1
    assert any("interactive components" in p for p in discord.problems())
