"""/wrapped [year] [plex_user]: a member's own year in numbers, privately.

A member gets the year of the Plex account their Discord account is linked to (by Plex sign-in,
an admin, or an e-mail claim where ``LINKING: email``), never anyone else's: the ``user`` option
is for admins, who may pick any Plex user of the server (suggested like ``/config link``). The
answer is always ephemeral, so nobody sees another person's Wrapped by looking over a shoulder
in the channel. The comparison with the server is a percentile that names nobody.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import anyio.to_thread

from interactions_app.commands._config_links import complete_plex_user, plex_user_names
from interactions_app.commands._context import AutocompleteContext, CommandContext, Deferral, Reply
from interactions_app.commands._link import not_linked
from interactions_app.commands._registry import Command, Option, OptionType
from interactions_app.commands._replies import refusal
from interactions_app.digest import Wording, wrapped_message
from interactions_app.digest.produce import wrapped_with_chart
from renderer.translation import N_, Translator

__all__ = ["COMMAND"]

FIRST_YEAR = 2008
"""Plex Media Server's first year: no Tautulli holds plays before it."""


def _link_first(ctx: CommandContext) -> str:
    if ctx.config.LINKING == "plex":
        return ctx.t.gettext(
            "Your Discord account is not linked to a Plex account yet: use /link to sign in "
            "to Plex, then /wrapped again."
        )
    return not_linked(ctx)


def _admins_only(t: Translator) -> str:
    return t.gettext("Only admins can see someone else's Wrapped; leave out the user option.")


async def _suggest_user(ctx: AutocompleteContext) -> list[tuple[str, str]]:
    # The dispatcher asks for suggestions of any command; only admins may pick a user.
    return await complete_plex_user(ctx) if ctx.is_admin else []


async def wrapped(ctx: CommandContext) -> Reply:
    t = ctx.t
    services = ctx.services
    config = ctx.config
    tz = ZoneInfo(config.TIMEZONE)
    this_year = services.now().astimezone(tz).year
    year = ctx.values.get("year", this_year)
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= this_year:
        return refusal(
            t.gettext("Pick a year from {first} to {last}.").format(
                first=FIRST_YEAR, last=this_year
            )
        )
    chosen = ctx.text("plex_user").strip()
    if chosen and not ctx.is_admin:
        return refusal(_admins_only(t))
    if chosen and not chosen.isdigit():
        return refusal(t.gettext("Pick the Plex user from the suggestions."))

    async def work() -> None:
        if chosen:
            plex_user_id = int(chosen)
            if plex_user_id not in await plex_user_names(services.tautulli, censor=True):
                await ctx.say(
                    t.gettext(
                        "That is not a Plex user of this server. Pick one from the suggestions."
                    )
                )
                return
        else:
            binding = await anyio.to_thread.run_sync(
                services.state.binding_for_discord, ctx.user_id
            )
            if binding is None or not (binding.verified or config.LINKING == "email"):
                await ctx.say(_link_first(ctx))
                return
            plex_user_id = binding.plex_user_id
        found, chart = await wrapped_with_chart(
            services.tautulli,
            year,
            plex_user_id,
            config=config,
            language=ctx.region,
            t=t,
            limiter=services.jobs.render_limiter,
            today=services.now().astimezone(tz).date(),
        )
        payload, uploads = wrapped_message(
            found,
            chart,
            Wording(t, ctx.region),
            own=not chosen,
            censor=config.CENSOR_USERNAMES,
        )
        await ctx.edit_original(payload, uploads)

    return Deferral(work, ephemeral=True, name="wrapped")


COMMAND = Command(
    # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
    name=N_("wrapped"),
    description=N_("Your year on this Plex server in numbers, privately"),
    handler=wrapped,
    autocomplete=_suggest_user,
    options=(
        Option(
            # Translators: a command option name: lower-case, no spaces, 1-32 characters.
            name=N_("year"),
            description=N_("Which year (default: this year)"),
            type=OptionType.INTEGER,
        ),
        Option(
            # Translators: a command option name: lower-case, no spaces, 1-32 characters.
            name=N_("plex_user"),
            description=N_("Admins only: the Plex user whose year to show"),
            autocomplete=True,
        ),
    ),
)
