"""/config link and /config links (admins): link a member to a Plex user, list who is linked.

Plex users are named as Tautulli shows them, censored when CENSOR_USERNAMES is on (the censored
names stay distinct, so an admin can still tell two users apart in the suggestions).
"""

from __future__ import annotations

import anyio.to_thread

from interactions_app.commands._context import AutocompleteContext, CommandContext, Deferral, Reply
from interactions_app.commands._replies import refusal
from interactions_app.discord import Embed, MessagePayload
from interactions_app.graphs.users import plex_user_names, shown_names
from interactions_app.state import PlexAccountAlreadyBound

__all__ = ["complete_plex_user", "link_member", "list_links", "plex_user_names"]

MAX_SUGGESTIONS = 25
MAX_LISTING = 4000


async def complete_plex_user(ctx: AutocompleteContext) -> list[tuple[str, str]]:
    names = shown_names(await ctx.services.tautulli.users(), ctx.config.CENSOR_USERNAMES)
    typed = ctx.typed().strip().casefold()
    found = [(name, str(user_id)) for user_id, name in names.items() if typed in name.casefold()]
    return sorted(found)[:MAX_SUGGESTIONS]


async def link_member(ctx: CommandContext) -> Reply:
    t = ctx.t
    member = ctx.text("member")
    chosen = ctx.text("plex_user").strip()
    if not chosen.isdigit():
        return refusal(t.gettext("Pick the Plex user from the suggestions."))
    plex_user_id = int(chosen)
    services = ctx.services
    state = services.state

    async def work() -> None:
        names = shown_names(await services.tautulli.users(), ctx.config.CENSOR_USERNAMES)
        name = names.get(plex_user_id)
        if name is None:
            await ctx.say(
                t.gettext("That is not a Plex user of this server. Pick one from the suggestions.")
            )
            return
        now = services.now()
        try:
            await anyio.to_thread.run_sync(lambda: state.link_verified(member, plex_user_id, now))
        except PlexAccountAlreadyBound:
            holder = await anyio.to_thread.run_sync(state.binding_for_plex, plex_user_id)
            await ctx.say(
                t.gettext(
                    "{name} is already linked to <@{holder}>; remove that link first with "
                    "/config unbind."
                ).format(name=name, holder=holder.discord_user_id if holder else "?")
            )
            return
        await ctx.say(
            t.gettext("<@{member}> is now linked to the Plex user {name}.").format(
                member=member, name=name
            )
        )

    return Deferral(work, ephemeral=True, name="config-link")


async def list_links(ctx: CommandContext) -> Reply:
    t = ctx.t
    services = ctx.services
    state = services.state

    async def work() -> None:
        bindings = await anyio.to_thread.run_sync(state.list_bindings)
        if not bindings:
            await ctx.say(t.gettext("No Discord account is linked to a Plex account."))
            return
        names = shown_names(await services.tautulli.users(), ctx.config.CENSOR_USERNAMES)
        lines: list[str] = []
        for binding in bindings:
            how = t.gettext("verified") if binding.verified else t.gettext("claimed by email")
            name = names.get(binding.plex_user_id, t.gettext("(no longer a user)"))
            lines.append(f"<@{binding.discord_user_id}> → {name} ({how})")
        text, shown = "", 0
        for line in lines:
            if len(text) + len(line) + 1 > MAX_LISTING:
                break
            text += line + "\n"
            shown += 1
        if shown < len(lines):
            left = len(lines) - shown
            text += t.ngettext("…and {count} more.", "…and {count} more.", left).format(count=left)
        await ctx.edit_original(
            MessagePayload(embeds=[Embed(title=t.gettext("Linked accounts"), description=text)])
        )

    return Deferral(work, ephemeral=True, name="config-links")
