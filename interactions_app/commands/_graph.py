"""/graph [graph] [period] [measure] [plex_user] [share]: one graph, with the explorer's controls.

Defaults come from the config (the first enabled graph, ``TIME_RANGE_DAYS``/``_MONTHS`` when
they are offered periods, ``Y_AXIS``). Admins may name any Plex user (suggested from Tautulli,
censored when ``CENSOR_USERNAMES`` is on); members only their own linked account, or nobody for
the whole server. The answer is private unless ``share`` is true, and only the whole server's
statistics can be shared.
"""

from __future__ import annotations

from dataclasses import replace

from interactions_app.commands._config_links import MAX_SUGGESTIONS, complete_plex_user
from interactions_app.commands._context import (
    AutocompleteContext,
    CommandContext,
    Deferral,
    Reply,
    Work,
)
from interactions_app.commands._explore import busy, claim_share, context_drawing, share_again
from interactions_app.commands._registry import Command, Option, OptionType
from interactions_app.commands._replies import refusal
from interactions_app.explorer.access import PLEX_USER_OPTION, linked_account, not_yours
from interactions_app.explorer.render import plex_user_name
from interactions_app.explorer.service import Drawing
from interactions_app.explorer.view import View, default_view, nearest_period, periods_for
from interactions_app.graphs.options import enabled_specs
from interactions_app.state import StateUnavailable
from renderer.specs import GraphSpec
from renderer.translation import N_

__all__ = ["COMMAND"]

_DAYS_PER_MONTH = 30
PERIOD_CHOICES = (
    (N_("7 days"), "7d"),
    (N_("30 days"), "30d"),
    (N_("90 days"), "90d"),
    (N_("1 year"), "365d"),
    (N_("3 months (graph by month)"), "3m"),
    (N_("6 months (graph by month)"), "6m"),
    (N_("12 months (graph by month)"), "12m"),
    (N_("24 months (graph by month)"), "24m"),
)
MEASURE_CHOICES = ((N_("Plays"), "plays"), (N_("Watch time"), "duration"))
# Translators: a command option name: lower-case, no spaces, 1-32 characters.
SHARE_OPTION = N_("share")


def _period(spec: GraphSpec, chosen: str) -> int | None:
    """The offered period nearest to the chosen one (a day count fits a monthly graph too)."""
    number, unit = chosen[:-1], chosen[-1:]
    if not number.isdigit() or unit not in ("d", "m"):
        return None
    days = int(number) * (_DAYS_PER_MONTH if unit == "m" else 1)
    if (unit == "m") == spec.months and int(number) in periods_for(spec):
        return int(number)
    return nearest_period(spec, days)


async def graph(ctx: CommandContext) -> Reply:
    t = ctx.t
    config = ctx.config
    share = ctx.values.get("share") is True
    chosen_user = ctx.text("plex_user").strip()
    user: int | None = None
    if chosen_user and ctx.is_admin:
        if not chosen_user.isdigit() or int(chosen_user) == 0:
            return refusal(t.gettext("Pick the Plex user from the suggestions."))
        user = int(chosen_user)
    elif chosen_user:
        try:
            linked = await linked_account(ctx.services, ctx.user_id)
        except StateUnavailable:
            return refusal(busy(t))
        if linked is None or chosen_user != str(linked):
            return refusal(not_yours(t))
        user = linked
    if share and user is not None:
        return refusal(
            t.gettext(
                "One member's statistics are only shown privately; leave {share} out."
            ).format(share=t.gettext(SHARE_OPTION))
        )
    offered = enabled_specs(config, personal_only=user is not None)
    key = ctx.text("graph")
    spec = next((s for s in offered if s.key == key), None) if key else next(iter(offered), None)
    if spec is None:
        return refusal(
            t.gettext(
                "That graph is not available here: it is turned off on this server, or it "
                "compares users and cannot be shown for one. Pick another graph."
            )
        )
    view = default_view(spec, config, user=user)
    period = _period(spec, ctx.text("period")) if ctx.text("period") else None
    if period is not None:
        view = replace(view, period=period)
    measure = ctx.text("measure")
    if measure in ("plays", "duration"):
        view = replace(view, measure="plays" if measure == "plays" else "duration")
    return await _answer(ctx, view, user, share=share)


async def _answer(ctx: CommandContext, view: View, user: int | None, *, share: bool) -> Reply:
    services = ctx.services
    drawing = context_drawing(ctx, view, user, public=share)

    def serve(drawing: Drawing) -> Work:
        async def work() -> None:
            await services.explorer.serve(services, ctx.user_id, drawing)

        return work

    if not share:
        return Deferral(serve(drawing), ephemeral=True, name="graph")
    # Sharing costs the same cooldown as the explorer's "Share in channel".
    claimed_at = services.now()
    until = await claim_share(services, ctx.user_id, claimed_at, refund=False)
    if until is not None:
        return refusal(share_again(ctx.t, until))

    async def give_back() -> None:
        await claim_share(services, ctx.user_id, claimed_at, refund=True)

    shared = replace(drawing, refund=give_back)
    return Deferral(serve(shared), ephemeral=False, name="graph", refund=give_back)


async def complete(ctx: AutocompleteContext) -> list[tuple[str, str]]:
    """Suggestions for the focused option: ``graph`` or ``plex_user``."""
    if ctx.focused == "graph":
        return complete_graph(ctx)
    return await complete_user(ctx)


def complete_graph(ctx: AutocompleteContext) -> list[tuple[str, str]]:
    """The graphs turned on here, by their translated names; with a user chosen, only those
    that can be shown for one user (as the command itself checks when it runs)."""
    chosen_user = ctx.values.get("plex_user")
    personal = isinstance(chosen_user, str) and bool(chosen_user.strip())
    typed = ctx.typed().strip().casefold()
    found = [
        (ctx.t.gettext(spec.title), spec.key)
        for spec in enabled_specs(ctx.config, personal_only=personal)
    ]
    return [(name, key) for name, key in found if typed in name.casefold()][:MAX_SUGGESTIONS]


async def complete_user(ctx: AutocompleteContext) -> list[tuple[str, str]]:
    """Admins: any Plex user. Members: their own linked account, if any."""
    if ctx.is_admin:
        return await complete_plex_user(ctx)
    invoker = ctx.interaction.invoker
    if invoker is None:
        return []
    linked = await linked_account(ctx.services, invoker.id)
    if linked is None:
        return []
    name = await plex_user_name(ctx.services, linked)
    return [] if name is None else [(name, str(linked))]


COMMAND = Command(
    # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
    name=N_("graph"),
    description=N_("Explore one graph: change its period, measure and graph with buttons"),
    handler=graph,
    autocomplete=complete,
    options=(
        Option(
            # Translators: a command option name: lower-case, no spaces, 1-32 characters.
            name=N_("graph"),
            description=N_("Which graph (default: the first one enabled)"),
            autocomplete=True,
            max_length=64,
        ),
        Option(
            # Translators: a command option name: lower-case, no spaces, 1-32 characters.
            name=N_("period"),
            description=N_("How far back (default: the configured time range)"),
            choices=PERIOD_CHOICES,
        ),
        Option(
            # Translators: a command option name: lower-case, no spaces, 1-32 characters.
            name=N_("measure"),
            description=N_("Count plays or watch time (default: the configured one)"),
            choices=MEASURE_CHOICES,
        ),
        Option(
            name=PLEX_USER_OPTION,
            description=N_("Whose plays: your own account (admins: anyone); empty for everyone"),
            autocomplete=True,
            max_length=20,
        ),
        Option(
            name=SHARE_OPTION,
            description=N_("Post it in the channel instead of only showing it to you"),
            type=OptionType.BOOLEAN,
        ),
    ),
)
