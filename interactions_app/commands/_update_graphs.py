"""/update_graphs (admins): post a fresh graph set to the channel now, and restart the schedule.

The posting itself is the pipeline's ``post_graph_set`` (shared with the scheduled post, forced
here); this command only builds its context and shows progress in the deferred message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import anyio

from interactions_app.commands._context import CommandContext, Deferral, Reply
from interactions_app.commands._registry import Command
from interactions_app.discord import DiscordError
from interactions_app.discord.markup import format_discord_timestamp
from interactions_app.i18n import translator_for
from interactions_app.posting import PostContext, PostResult, post_graph_set
from renderer.translation import N_, Translator

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL = 1.0
"""Seconds between progress edits: one edit per graph would spend the webhook's rate limit."""


@dataclass
class _ProgressMessage:
    ctx: CommandContext
    last_edit: float = float("-inf")

    async def __call__(self, done: int, total: int) -> None:
        now = anyio.current_time()
        if done < total and now - self.last_edit < PROGRESS_INTERVAL:
            return
        self.last_edit = now
        text = self.ctx.t.ngettext(
            "{done}/{total} graph rendered…", "{done}/{total} graphs rendered…", total
        ).format(done=done, total=total)
        try:
            await self.ctx.say(text)
        except DiscordError as exc:
            # Progress is a courtesy: the post itself must go on.
            logger.warning("/update_graphs: could not show progress: %s", exc)


def summary(t: Translator, result: PostResult) -> str:
    if result.status == "busy":
        return t.gettext(
            "Another post is running right now; it will show the fresh graphs when it is done."
        )
    posted = len(result.message_ids)
    text = t.ngettext(
        "Posted {n} graph to the channel.", "Posted {n} graphs to the channel.", posted
    ).format(n=posted)
    if result.next_due is None:
        return text
    return t.gettext("{posted} Next scheduled post: {when}.").format(
        posted=text, when=format_discord_timestamp(result.next_due, "R")
    )


def posting_context(ctx: CommandContext) -> PostContext:
    services = ctx.services
    return PostContext(
        config=ctx.config,
        state=services.state,
        discord=services.discord,
        source=services.tautulli,
        limiter=services.jobs.render_limiter,
        # The channel's set is for everyone: its words follow LANGUAGE like its dates and
        # numbers do. The admin's own locale is for the progress and summary replies only.
        t=translator_for(ctx.config.LANGUAGE),
        clock=services.now,
    )


async def update_graphs(ctx: CommandContext) -> Reply:
    async def work() -> None:
        result = await post_graph_set(
            posting_context(ctx), force=True, progress=_ProgressMessage(ctx)
        )
        await ctx.say(summary(ctx.t, result))

    return Deferral(work, ephemeral=True, name="update_graphs")


COMMAND = Command(
    # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
    name=N_("update_graphs"),
    description=N_("Post fresh graphs to the channel now and restart the schedule (admins)"),
    handler=update_graphs,
    admin=True,
)
