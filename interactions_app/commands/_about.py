"""/about: version, enabled graphs, whether Tautulli answers, and the next scheduled post.

Asking Tautulli takes a network round trip, so the answer is deferred and edited in.
"""

from __future__ import annotations

import anyio
import anyio.to_thread

from interactions_app.commands._context import CommandContext, Deferral, Reply
from interactions_app.commands._registry import Command
from interactions_app.discord import Embed, EmbedField, MessagePayload
from interactions_app.discord.markup import format_discord_timestamp
from interactions_app.graphs.options import enabled_specs
from interactions_app.posting import due_at
from renderer.tautulli import TautulliError
from renderer.translation import N_

TAUTULLI_CHECK_SECONDS = 3.0
_MAX_FIELD = 1024


async def _tautulli_status(ctx: CommandContext) -> str:
    t = ctx.t
    try:
        with anyio.fail_after(TAUTULLI_CHECK_SECONDS):
            info = await ctx.services.tautulli().server_info()
    except TautulliError as exc:
        return t.gettext("Not reachable: {reason}").format(reason=exc.explain(t))
    except TimeoutError:
        return t.gettext("Not reachable: no answer within {seconds} seconds.").format(
            seconds=int(TAUTULLI_CHECK_SECONDS)
        )
    return t.gettext("Reachable (Tautulli {version})").format(version=info.tautulli_version)


async def _next_post(ctx: CommandContext) -> str:
    state = ctx.services.require_state()
    due = await anyio.to_thread.run_sync(due_at, ctx.config, state)
    if due is None:
        return ctx.t.gettext("Due now: at the next run of the post timer")
    return format_discord_timestamp(due, "R")


async def about(ctx: CommandContext) -> Reply:
    async def work() -> None:
        t = ctx.t
        titles = [t.gettext(spec.title) for spec in enabled_specs(ctx.config)]
        graphs = "\n".join(f"• {title}" for title in titles) or t.gettext("None enabled")
        embed = Embed(
            title=t.gettext("TGraph Bot {version}").format(version=ctx.services.version),
            description=t.gettext("Tautulli statistics as graphs, posted to Discord."),
            fields=[
                EmbedField(
                    name=t.gettext("Tautulli"), value=(await _tautulli_status(ctx))[:_MAX_FIELD]
                ),
                EmbedField(
                    name=t.ngettext("{n} graph enabled", "{n} graphs enabled", len(titles)).format(
                        n=len(titles)
                    ),
                    value=graphs[:_MAX_FIELD],
                ),
                EmbedField(name=t.gettext("Next scheduled post"), value=await _next_post(ctx)),
            ],
        )
        await ctx.edit_original(MessagePayload(embeds=[embed]))

    return Deferral(work, ephemeral=False, name="about")


COMMAND = Command(
    # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
    name=N_("about"),
    description=N_("Show the bot's version, its graphs and whether Tautulli answers"),
    handler=about,
)
