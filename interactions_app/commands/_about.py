"""/about: version, enabled graphs, whether Tautulli answers, and the next scheduled post.

It answers at once (no "thinking…", so it never needs a job slot): whether Tautulli answers
comes from the app's background monitor, never from a call made while the member waits.
"""

from __future__ import annotations

import anyio.to_thread

from interactions_app.commands._context import CommandContext, Reply
from interactions_app.commands._registry import Command
from interactions_app.discord import MAX_FIELD_VALUE, Embed, EmbedField
from interactions_app.discord.markup import format_discord_timestamp
from interactions_app.discord.responses import message
from interactions_app.graphs.options import enabled_specs
from interactions_app.posting import due_at
from renderer.translation import N_


def _tautulli_status(ctx: CommandContext) -> str:
    t = ctx.t
    monitor = ctx.services.tautulli_status
    report = monitor.latest()
    if report is None:
        return t.gettext("Not checked yet: ask again in a few seconds.")
    if report.version is not None:
        return t.gettext("Reachable (Tautulli {version})").format(version=report.version)
    if report.error is not None:
        return t.gettext("Not reachable: {reason}").format(reason=report.error.explain(t))
    return t.gettext("Not reachable: no answer within {seconds} seconds.").format(
        seconds=round(monitor.check_seconds)
    )


async def _next_post(ctx: CommandContext) -> str:
    state = ctx.services.state
    due = await anyio.to_thread.run_sync(due_at, ctx.config, state)
    if due is None:
        return ctx.t.gettext("Due now: at the next run of the post timer")
    return format_discord_timestamp(due, "R")


async def about(ctx: CommandContext) -> Reply:
    t = ctx.t
    titles = [t.gettext(spec.title) for spec in enabled_specs(ctx.config)]
    graphs = "\n".join(f"• {title}" for title in titles) or t.gettext("None enabled")
    embed = Embed(
        title=t.gettext("TGraph Bot {version}").format(version=ctx.services.version),
        description=t.gettext("Tautulli statistics as graphs, posted to Discord."),
        fields=[
            EmbedField(name=t.gettext("Tautulli"), value=_tautulli_status(ctx)[:MAX_FIELD_VALUE]),
            EmbedField(
                name=t.ngettext("{n} graph enabled", "{n} graphs enabled", len(titles)).format(
                    n=len(titles)
                ),
                value=graphs[:MAX_FIELD_VALUE],
            ),
            EmbedField(name=t.gettext("Next scheduled post"), value=await _next_post(ctx)),
            EmbedField(
                name=t.gettext("What the bot keeps about members"),
                value=t.gettext(
                    "Your Discord id, the id of the Plex account it is linked to and when it "
                    "was linked (/unlink removes them), and when your command cooldowns end."
                ),
            ),
        ],
    )
    return message(embeds=[embed])


COMMAND = Command(
    # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
    name=N_("about"),
    description=N_("Show the bot's version, its graphs and whether Tautulli answers"),
    handler=about,
)
