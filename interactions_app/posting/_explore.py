"""The way from the scheduled post to the graph explorer, as far as the channel webhook allows.

Discord's Execute Webhook docs (webhook.mdx): "Application-owned webhooks can always send
components. Non-application-owned webhooks cannot send interactive components". A webhook is
application-owned when the bot created it (its ``application_id``). So a webhook made by the
bot (``tgraph-bot webhook create``) gets an "Explore" button on every graph; one made in
Discord's channel settings gets a ``</graph:ID>`` mention (clickable: it fills in the command)
when the bot token can list the commands, else the plain words "/graph". Without
``DISCORD_APPLICATION_ID`` (no commands registered) or without a registered /graph, nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from msgspec.structs import replace

from interactions_app.discord import (
    ActionRow,
    ApplicationCommandInfo,
    Button,
    DiscordError,
    MessagePayload,
)
from interactions_app.posting._context import PostContext
from renderer import Translator

logger = logging.getLogger(__name__)

EXPLORE_PREFIX = "explore:"
"""``explore:<graph key>``: the button's ``custom_id``; the explorer opens that graph."""
GRAPH_COMMAND = "graph"
_CHAT_INPUT = 1


@dataclass(frozen=True)
class ExploreEntry:
    """What this run's messages carry: buttons, or the command named in the text, or neither."""

    buttons: bool = False
    command: str | None = None
    """``</graph:ID>`` or ``/graph``; None when the application has no /graph command."""

    def message(
        self, payload: MessagePayload, graph_key: str, t: Translator, *, last: bool
    ) -> MessagePayload:
        """``payload`` with the entry point: a button on each graph, or a line under the last."""
        if self.buttons:
            # Translators: a button under each posted graph; it opens the graph explorer.
            button = Button(label=t.gettext("Explore"), custom_id=EXPLORE_PREFIX + graph_key)
            return replace(payload, components=[ActionRow(components=[button])])
        if self.command is not None and last:
            text = t.gettext("Explore these graphs for another period or your own plays: {command}")
            return replace(payload, content=text.format(command=self.command))
        return payload


async def explore_entry(ctx: PostContext) -> ExploreEntry:
    """Ask Discord once per run which entry point the configured webhook can carry.

    Nothing here may cost the post: a failed look-up gives the plain-text entry."""
    config = ctx.config
    application_id = config.DISCORD_APPLICATION_ID
    if not application_id:
        # Commands cannot be registered without it, so there is no /graph to point to.
        return ExploreEntry()
    guild_id: str | None = None
    try:
        webhook = await ctx.discord.get_webhook(config.DISCORD_WEBHOOK_URL)
    except DiscordError as error:
        logger.warning("Could not read the channel webhook (%s); no Explore buttons", error)
    else:
        if webhook.application_id == application_id:
            return ExploreEntry(buttons=True)
        guild_id = webhook.guild_id
    if not ctx.discord.has_bot_token:
        return ExploreEntry(command="/" + GRAPH_COMMAND)
    try:
        commands = await ctx.discord.list_commands(application_id)
        if guild_id is not None and not _graph_command(commands):
            commands = await ctx.discord.list_commands(application_id, guild_id)
    except DiscordError as error:
        logger.warning("Could not list the bot's commands (%s); naming /graph as text", error)
        return ExploreEntry(command="/" + GRAPH_COMMAND)
    found = _graph_command(commands)
    return ExploreEntry(command=None if found is None else f"</{GRAPH_COMMAND}:{found}>")


def _graph_command(commands: list[ApplicationCommandInfo]) -> str | None:
    for command in commands:
        if command.name == GRAPH_COMMAND and command.type == _CHAT_INPUT:
            return command.id
    return None
