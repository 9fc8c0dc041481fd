"""/my_stats [email]: a member's own graphs, privately (ephemeral, or by DM when configured).

With ``LINKING: plex`` (the default) or ``admin`` only a link made by Plex sign-in (/link, which
/my_stats starts for an unlinked member under ``plex``) or by an admin counts, and the email
option is ignored. With ``LINKING: email`` the first delivered answer links the Discord account
to the Plex account (one-to-one; see ``state._bindings`` for the provisional link held
meanwhile). A linked account can only ever see
its own Plex account's graphs. The answer to an email that is not the member's own depends only
on the member's own link, never on whether, or to whom, the email belongs: an unlinked member
gets the same words for an unknown email and for one linked to someone else, a linked member the
same words for an unknown email and for another member's. Either way it is one Tautulli lookup
and one state transaction, and nothing changes; the command cannot probe who uses the server.
Admins remove a link with ``/config unbind``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta

import anyio.to_thread
import msgspec

from interactions_app.commands._context import CommandContext, Deferral, Reply
from interactions_app.commands._link import not_linked, sign_in
from interactions_app.commands._registry import Command, Option
from interactions_app.discord import (
    CANNOT_DM_USER,
    EPHEMERAL,
    DiscordHTTPError,
    FileUpload,
    MessagePayload,
)
from interactions_app.explorer.controls import controls
from interactions_app.explorer.view import default_ranges, default_view
from interactions_app.graphs.messages import graph_messages
from interactions_app.graphs.options import enabled_specs, render_options
from interactions_app.graphs.produce import produce_graphs
from renderer.specs import GraphSpec
from renderer.translation import N_, Translator

logger = logging.getLogger(__name__)

BINDING_LEASE = timedelta(minutes=15)
"""How long a provisional link holds: the interaction token's lifetime, after which the answer
can no longer be delivered anyway (a crashed process leaves nothing longer than this)."""


def _not_found(t: Translator) -> str:
    return t.gettext(
        "No Plex account with that email uses this server. "
        "Check the spelling, or use the email of your Plex account."
    )


async def _deliver(
    ctx: CommandContext, messages: Sequence[tuple[MessagePayload, Sequence[FileUpload]]]
) -> None:
    t = ctx.t
    if ctx.config.MY_STATS_DELIVERY == "dm":
        discord = ctx.services.discord
        try:
            for payload, files in messages:
                await discord.send_dm(ctx.user_id, payload, files)
        except DiscordHTTPError as exc:
            if exc.code != CANNOT_DM_USER:
                raise
            logger.info("/my_stats: Discord refused the DM (50007); answering ephemerally")
        else:
            await ctx.say(t.gettext("Your statistics are in your direct messages."))
            return
        note = t.gettext("Discord did not let the bot send you a direct message, so here they are.")
    else:
        note = t.gettext("Your statistics (only you can see this message):")
    first, *rest = messages
    await ctx.edit_original(
        MessagePayload(
            content=note,
            embeds=first[0].embeds,
            attachments=[],
            components=first[0].components,
        ),
        first[1],
    )
    discord = ctx.services.discord
    for payload, files in rest:
        await discord.create_followup(
            ctx.interaction.application_id,
            ctx.interaction.token,
            MessagePayload(embeds=payload.embeds, flags=EPHEMERAL),
            files,
            attachment_size_limit=ctx.interaction.attachment_size_limit,
        )


def _linked_elsewhere(t: Translator) -> str:
    return t.gettext(
        "Your Discord account is linked to another Plex account, so it can only "
        "show that account's statistics. An admin can remove the link."
    )


async def _send_graphs(ctx: CommandContext, specs: Sequence[GraphSpec], plex_user_id: int) -> None:
    services = ctx.services
    # Drawn for the periods the controls show selected (the offered ones nearest the config's).
    days, months = default_ranges(ctx.config)
    options = msgspec.structs.replace(
        render_options(ctx.config, ctx.region), time_range_days=days, time_range_months=months
    )
    graphs = await produce_graphs(
        services.tautulli,
        specs,
        options,
        ctx.t,
        user_id=plex_user_id,
        limiter=services.jobs.render_limiter,
    )
    (first, files), *rest = graph_messages(graphs, ctx.t, posted_at=services.now())
    # The explorer's controls in personal mode: a click shows one of these graphs, changed.
    view = default_view(specs[0], ctx.config, personal=True)
    rows = controls(view, specs, ctx.t, public=False, shareable=False)
    await _deliver(ctx, [(msgspec.structs.replace(first, components=rows), files), *rest])


async def my_stats(ctx: CommandContext) -> Reply:
    email = ctx.text("email").strip()

    async def work() -> None:
        t = ctx.t
        services = ctx.services
        # Before the email is looked up: this answer must not depend on whose email it is.
        specs = enabled_specs(ctx.config, personal_only=True)
        if not specs:
            await ctx.say(t.gettext("No personal graphs are enabled on this server."))
            return
        state = services.state
        if ctx.config.LINKING != "email" or not email:
            # Only a link made by Plex sign-in or an admin counts, unless email claims are on.
            binding = await anyio.to_thread.run_sync(state.binding_for_discord, ctx.user_id)
            usable = binding is not None and (binding.verified or ctx.config.LINKING == "email")
            if binding is not None and usable:
                await _send_graphs(ctx, specs, binding.plex_user_id)
            elif ctx.config.LINKING == "plex":
                await sign_in(ctx)
            else:
                await ctx.say(not_linked(ctx))
            return
        source = services.tautulli
        user = await source.user_by_email(email)
        plex_user_id = None if user is None else user.user_id
        now = services.now()
        # Unknown, linked to someone else, or not the member's own: one state call and one
        # answer per case that depends only on the member's own link, never on the email's owner.
        claimed = await anyio.to_thread.run_sync(
            lambda: state.claim_binding(ctx.user_id, plex_user_id, email, now, now + BINDING_LEASE)
        )
        if claimed == "linked_elsewhere":
            await ctx.say(_linked_elsewhere(t))
            return
        if claimed == "unavailable" or plex_user_id is None:
            await ctx.say(_not_found(t))
            return
        delivered = False
        try:
            await _send_graphs(ctx, specs, plex_user_id)
            delivered = True
        finally:
            # The link is made by a *delivered* answer; a failed try gives up only its own hold.
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(
                    lambda: state.settle_binding(ctx.user_id, plex_user_id, delivered=delivered)
                )

    return Deferral(work, ephemeral=True, name="my_stats")


COMMAND = Command(
    # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
    name=N_("my_stats"),
    description=N_("Get your own Plex statistics as graphs, privately"),
    handler=my_stats,
    options=(
        Option(
            # Translators: a command option name: lower-case, no spaces, 1-32 characters.
            name=N_("email"),
            description=N_("The email of your Plex account (when this server links by email)"),
            max_length=254,
        ),
    ),
)
