"""Clicks on the explorer's components (message component interactions, type 3).

A click on a member's own private explorer changes that message: at once with type 7 when the
view is cached and nothing is drawing for them (the image goes along, so it is sent through
the callback endpoint and Discord's POST gets 202), else type 6 now and an edit once drawn.
Any other click (a public message, someone else's, "Explore privately", the scheduled post's
``explore:<graph>``) opens the clicker's own private copy: type 5 (ephemeral) now, the graph
after. "Share in channel" posts the view as a new public message (its own cooldown).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

import anyio

from interactions_app.commands._context import CommandContext, Runtime, Work
from interactions_app.commands._replies import refusal
from interactions_app.commands.cooldowns import Cooldowns
from interactions_app.discord.interactions import MessageComponent
from interactions_app.discord.markup import format_discord_timestamp
from interactions_app.discord.responses import (
    DeferredUpdate,
    InteractionResponse,
    deferred,
)
from interactions_app.explorer.access import Refused, Stale, authorize
from interactions_app.explorer.codec import Click, Entry, OutOfDate, decode
from interactions_app.explorer.render import Looks, cache_key, explorer_message, formatting_locale
from interactions_app.explorer.service import Drawing
from interactions_app.explorer.view import View, default_view
from interactions_app.state import StateStore, StateUnavailable
from renderer.specs import spec_by_key
from renderer.translation import Translator

__all__ = [
    "ClickAnswer",
    "busy",
    "claim_share",
    "context_drawing",
    "handle_click",
    "looks_for",
    "out_of_date",
    "share_again",
]

logger = logging.getLogger(__name__)

SHARE = "graph_share"
"""The cooldown's name in the state file; config keys ``GRAPH_SHARE_*``."""
FAST_PATH_SECONDS = 1.5
"""How long the type-7 callback may take before the click falls back to type 6 + an edit."""
FAST_PATH_DEADLINE = 2.2
"""Seconds after the click arrived by which the type-7 callback must be done, so that the
type 6 answered when it is not stays well inside Discord's 3 s."""
FAST_PATH_MINIMUM = 0.3
"""Less time left than this: no type 7 is tried (it would hardly ever make it)."""


@dataclass(frozen=True, slots=True)
class ClickAnswer:
    """The initial response (None: sent through the callback endpoint; answer 202) and the
    work to run once it has been sent."""

    response: InteractionResponse | None
    work: Work | None = None
    refund: Work | None = None
    """Gives a claimed share cooldown back when the work does not start after all."""


def busy(t: Translator) -> str:
    return t.gettext("The bot is busy with other requests; try again in a minute.")


def share_again(t: Translator, until: datetime) -> str:
    return t.gettext("You can share a graph in the channel again {when}.").format(
        when=format_discord_timestamp(until, "R")
    )


def out_of_date(t: Translator) -> str:
    return t.gettext("This view is out of date. Run /graph again for a fresh one.")


def looks_for(discord_locale: str | None, runtime: Runtime, language: str) -> Looks:
    return Looks(language, formatting_locale(discord_locale, runtime.config))


async def handle_click(
    services: Runtime,
    interaction: MessageComponent,
    *,
    admin: bool,
    language: str,
    t: Translator,
    received_at: float,
) -> ClickAnswer:
    """``received_at``: when the click arrived (``Runtime.clock``); the fast path's budget."""
    try:
        member_id, click, user = await _checked(services, interaction, admin=admin, t=t)
    except Refused as refused:
        return ClickAnswer(refusal(refused.text))
    drawing = Drawing(
        view=click.view,
        user=user,
        looks=looks_for(interaction.locale, services, language),
        t=t,
        application_id=interaction.application_id,
        token=interaction.token,
        attachment_size_limit=interaction.attachment_size_limit,
        target=interaction.message.id,
    )
    if click.action == "share":
        return await _share(services, member_id, drawing, t)
    message = interaction.message
    # Several graphs in one message (/my_stats): a click must not replace them all with one.
    own = message.ephemeral and message.answered_user_id == member_id and len(message.embeds) <= 1
    if click.action == "open" or not own:
        # A private copy: a new message, so nothing else can replace its drawing.
        fresh = replace(drawing, target=("new", interaction.id))
        return ClickAnswer(deferred(ephemeral=True), _serve(services, member_id, fresh))
    budget = min(FAST_PATH_SECONDS, FAST_PATH_DEADLINE - (services.clock() - received_at))
    return await _update(services, interaction, member_id, drawing, budget)


async def _checked(
    services: Runtime, interaction: MessageComponent, *, admin: bool, t: Translator
) -> tuple[str, Click, int | None]:
    """``(clicking member, click, whose plays)``; ``Refused`` says why the click does nothing."""
    member = interaction.invoker
    if member is None:
        raise Refused(out_of_date(t))
    if not services.explorer.clicks.allow(member.id, services.clock()):
        raise Refused(
            t.gettext(
                "You are clicking faster than the graphs can be drawn. "
                "Wait a few seconds, then try again."
            )
        )
    try:
        decoded = decode(interaction.data.custom_id, interaction.data.values)
    except OutOfDate:
        raise Refused(out_of_date(t)) from None
    if isinstance(decoded, Entry):
        decoded = Click("open", default_view(spec_by_key(decoded.graph), services.config))
    try:
        user = await authorize(services, decoded.view, member.id, admin=admin, t=t)
    except StateUnavailable:
        raise Refused(busy(t)) from None
    except Stale:
        raise Refused(out_of_date(t)) from None
    return member.id, decoded, user


def _serve(services: Runtime, member_id: str, drawing: Drawing) -> Work:
    async def work() -> None:
        await services.explorer.serve(services, member_id, drawing)

    return work


async def _update(
    services: Runtime,
    interaction: MessageComponent,
    member_id: str,
    drawing: Drawing,
    budget: float,
) -> ClickAnswer:
    """Type 7 with the cached image when the view is cached and nothing is drawing for the
    member, else type 6 and an edit once drawn.

    The member counts as busy for the whole type-7 callback, so clicks arriving meanwhile take
    type 6 and queue behind it: their edits land after it, and the last choice wins."""
    explorer = services.explorer
    queues = explorer.queues
    if budget < FAST_PATH_MINIMUM or not queues.claim(member_id):
        # Too late for a type 7 (a slow state file, say), or a drawing in flight that must
        # not be overwritten by this one: queue behind it.
        return ClickAnswer(DeferredUpdate(), _serve(services, member_id, drawing))
    try:
        updated = await _update_at_once(services, interaction, drawing, budget)
        if not updated:
            # Drawn by the worker, unless a newer click for this message waits already.
            queues.offer(member_id, drawing.target, drawing)
    finally:
        waiting = queues.release(member_id)
    if not waiting:
        return ClickAnswer(None)

    async def drain() -> None:
        await explorer.drain(services, member_id, own_token=interaction.token)

    async def forget() -> None:
        queues.abandon(member_id)

    return ClickAnswer(None if updated else DeferredUpdate(), drain, forget)


async def _update_at_once(
    services: Runtime, interaction: MessageComponent, drawing: Drawing, budget: float
) -> bool:
    """Type 7 with the cached image; False when it is not cached or the callback failed."""
    explorer = services.explorer
    view = drawing.view
    if view.user is not None and not view.personal:
        return False  # naming the user costs a Tautulli call
    key = cache_key(view, drawing.user, drawing.looks, services.config)
    graph = explorer.cache.get(key, services.clock())
    if graph is None:
        return False
    try:
        payload, upload = explorer_message(
            graph, view, services.config, drawing.t, public=False, posted_at=services.now()
        )
        with anyio.fail_after(budget):
            await services.discord.update_component_message(
                interaction.id,
                interaction.token,
                payload,
                [upload],
                attachment_size_limit=interaction.attachment_size_limit,
            )
    except Exception:
        logger.warning("Explorer: the type-7 update failed; editing after a type 6", exc_info=True)
        return False
    return True


async def _share(services: Runtime, member_id: str, drawing: Drawing, t: Translator) -> ClickAnswer:
    view = drawing.view
    if view.user is not None or view.personal:
        # Never offered: one member's statistics are not posted for the channel to see.
        return ClickAnswer(refusal(out_of_date(t)))
    claimed_at = services.now()
    until = await claim_share(services, member_id, claimed_at, refund=False)
    if until is not None:
        return ClickAnswer(refusal(share_again(t, until)))

    async def give_back() -> None:
        await claim_share(services, member_id, claimed_at, refund=True)

    posted = replace(
        drawing, target=("share", drawing.token), public=True, post=True, refund=give_back
    )

    return ClickAnswer(DeferredUpdate(), _serve(services, member_id, posted), give_back)


async def claim_share(
    services: Runtime, member_id: str, now: datetime, *, refund: bool
) -> datetime | None:
    """Claim the share cooldown at ``now`` (None: allowed, and it now runs), or give back the
    claim made at ``now``."""
    config = services.config
    per_user = config.GRAPH_SHARE_COOLDOWN_MINUTES * 60
    everyone = config.GRAPH_SHARE_GLOBAL_COOLDOWN_SECONDS

    def claim(store: StateStore) -> datetime | None:
        cooldowns = Cooldowns(store)
        if refund:
            cooldowns.refund(
                SHARE, member_id, per_user_seconds=per_user, global_seconds=everyone, now=now
            )
            return None
        return cooldowns.check(
            SHARE, member_id, per_user_seconds=per_user, global_seconds=everyone, now=now
        )

    try:
        return await services.request_state.call(claim)
    except StateUnavailable as exc:
        # Like the commands' cooldowns: a courtesy limit never holds up the 3 s answer.
        logger.warning("Share cooldown check or refund failed (%s); allowing the share", exc)
        return None


def context_drawing(ctx: CommandContext, view: View, user: int | None, *, public: bool) -> Drawing:
    """The drawing that answers a command (/graph, /my_stats) by editing its ``@original``."""
    interaction = ctx.interaction
    return Drawing(
        view=view,
        user=user,
        looks=looks_for(interaction.locale, ctx.services, ctx.language),
        t=ctx.t,
        application_id=interaction.application_id,
        token=interaction.token,
        attachment_size_limit=interaction.attachment_size_limit,
        target=("command", interaction.id),
        public=public,
    )
