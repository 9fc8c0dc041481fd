"""/uptime: since when the endpoint has been running."""

from __future__ import annotations

from datetime import UTC, datetime

from interactions_app.commands._context import CommandContext, Reply
from interactions_app.commands._registry import Command
from interactions_app.discord.markup import format_discord_timestamp
from interactions_app.discord.responses import message
from renderer.translation import N_


async def uptime(ctx: CommandContext) -> Reply:
    started = datetime.fromtimestamp(ctx.services.started_at, UTC)
    return message(
        ctx.t.gettext("Running since {since} ({ago}).").format(
            since=format_discord_timestamp(started, "F"),
            ago=format_discord_timestamp(started, "R"),
        )
    )


COMMAND = Command(
    # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
    name=N_("uptime"),
    description=N_("Show since when the bot has been running"),
    handler=uptime,
)
