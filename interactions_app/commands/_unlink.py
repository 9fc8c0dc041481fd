"""/unlink: a member removes their own Discord ↔ Plex link."""

from __future__ import annotations

import anyio.to_thread

from interactions_app.commands._context import CommandContext, Deferral, Reply
from interactions_app.commands._registry import Command
from renderer.translation import N_


async def unlink(ctx: CommandContext) -> Reply:
    t = ctx.t
    state = ctx.services.state

    async def work() -> None:
        removed = await anyio.to_thread.run_sync(state.unbind, ctx.user_id)
        if removed:
            await ctx.say(t.gettext("Your Discord account is no longer linked to a Plex account."))
        else:
            await ctx.say(t.gettext("Your Discord account was not linked to a Plex account."))

    return Deferral(work, ephemeral=True, name="unlink")


COMMAND = Command(
    # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
    name=N_("unlink"),
    description=N_("Remove the link between your Discord account and your Plex account"),
    handler=unlink,
)
