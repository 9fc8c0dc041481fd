"""/link: a member proves which Plex account is theirs by signing in to Plex.

The bot creates a plex.tv PIN, answers privately with a button to Plex's sign-in page for it,
and checks the PIN every few seconds, within the deferred job, until the member has signed in,
the PIN expired, or the interaction token (15 minutes) is about to run out. The token the PIN
then carries is used once, to ask plex.tv whose account signed in, and dropped: only the Plex
account id and the time are stored. The account is linked when Tautulli knows it as a user of
this server (Tautulli's user ids are plex.tv account ids) and no other member holds it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Literal

import anyio
import anyio.to_thread

from interactions_app.commands._context import CommandContext, Deferral, Reply
from interactions_app.commands._registry import Command
from interactions_app.commands._replies import refusal
from interactions_app.discord import MessagePayload
from interactions_app.discord._components import ActionRow, LinkButton
from interactions_app.explorer.access import unlinked
from interactions_app.plex import (
    PlexAccount,
    PlexTV,
    PlexTVUnavailable,
    client_identifier,
    sign_in_url,
)
from interactions_app.state import PlexAccountAlreadyBound
from renderer.translation import N_, Translator

__all__ = ["COMMAND", "POLL_SECONDS", "not_linked", "sign_in"]

logger = logging.getLogger(__name__)

POLL_SECONDS = 3.0
"""Between two checks of the PIN (plex.tv asks clients not to poll faster than once a second)."""
SIGN_IN_WINDOW = timedelta(minutes=14)
"""The interaction token lasts 15 minutes; the last minute is kept for the final edit."""
MAX_FAILED_CHECKS = 3
"""plex.tv may miss a check or two over several minutes; this many in a row end the wait."""

Outcome = PlexAccount | Literal["expired", "refused"]


def not_linked(ctx: CommandContext) -> str:
    """How an unlinked member gets linked when it is not by Plex sign-in (which /my_stats
    starts itself)."""
    return unlinked(ctx.t, ctx.config.LINKING)


def _plex_down(t: Translator) -> str:
    return t.gettext("plex.tv did not answer, so nothing was linked. Please try again later.")


async def sign_in(ctx: CommandContext) -> None:
    """The whole sign-in, editing the member's private "thinking…" message as it goes."""
    t = ctx.t
    config = ctx.config
    deadline = ctx.services.now() + SIGN_IN_WINDOW
    client_id = client_identifier(config.DISCORD_APPLICATION_ID)
    async with PlexTV(config.PLEX_TV_BASE, client_id) as plex:
        try:
            pin = await plex.create_pin()
        except PlexTVUnavailable as exc:
            logger.warning("/link: %s", exc)
            await ctx.say(_plex_down(t))
            return
        button = LinkButton(
            label=t.gettext("Sign in to Plex"), url=sign_in_url(client_id, pin.code)
        )
        await ctx.edit_original(
            MessagePayload(
                content=t.gettext(
                    "Sign in to Plex with the button below to link your Discord account to "
                    "your Plex account. This message changes once you have signed in "
                    "(the button works for about {minutes} minutes)."
                ).format(minutes=int(SIGN_IN_WINDOW.total_seconds() // 60)),
                embeds=[],
                components=[ActionRow(components=[button])],
            )
        )
        try:
            outcome = await _wait_for_account(ctx, plex, pin.id, deadline)
        except PlexTVUnavailable as exc:
            logger.warning("/link: %s", exc)
            outcome = None
    await ctx.edit_original(
        MessagePayload(content=await _finish(ctx, outcome), embeds=[], components=[])
    )


async def _wait_for_account(
    ctx: CommandContext, plex: PlexTV, pin_id: int, deadline: datetime
) -> Outcome:
    failures = 0
    while ctx.services.now() < deadline:
        await anyio.sleep(POLL_SECONDS)
        try:
            pin = await plex.check_pin(pin_id)
        except PlexTVUnavailable:
            failures += 1
            if failures >= MAX_FAILED_CHECKS:
                raise
            continue
        failures = 0
        if pin is None:
            return "expired"
        if pin.auth_token is not None:
            account = await plex.account(pin.auth_token)
            return "refused" if account is None else account
    return "expired"


async def _finish(ctx: CommandContext, outcome: Outcome | None) -> str:
    t = ctx.t
    if outcome is None:
        return _plex_down(t)
    if outcome == "expired":
        return t.gettext("The sign-in expired before it was finished. Use /link to try again.")
    if outcome == "refused":
        return t.gettext(
            "plex.tv did not confirm the sign-in, so nothing was linked. Use /link to try again."
        )
    users = await ctx.services.tautulli.users()
    if not any(user.user_id == outcome.id and user.user_id != 0 for user in users):
        return t.gettext(
            "The Plex account {name} is not a user of this Plex server, so it was not linked."
        ).format(name=outcome.name)
    state = ctx.services.state
    now = ctx.services.now()
    try:
        await anyio.to_thread.run_sync(lambda: state.link_verified(ctx.user_id, outcome.id, now))
    except PlexAccountAlreadyBound as exc:
        return exc.explain(t)
    logger.info(
        "Linked Discord user %s to Plex account %s by Plex sign-in", ctx.user_id, outcome.id
    )
    return t.gettext(
        "Linked to {name}. /my_stats now shows the statistics of this Plex account."
    ).format(name=outcome.name)


async def link(ctx: CommandContext) -> Reply:
    t = ctx.t
    if ctx.config.LINKING == "admin":
        return refusal(
            t.gettext(
                "On this server, only admins link Discord accounts to Plex accounts. "
                "Ask an admin to link yours."
            )
        )
    if ctx.config.LINKING == "email":
        return refusal(
            t.gettext(
                "On this server, /my_stats with the email address of your Plex account "
                "links your Discord account."
            )
        )
    return Deferral(lambda: sign_in(ctx), ephemeral=True, name="link")


COMMAND = Command(
    # Translators: a slash-command name: lower-case, no spaces, 1-32 characters.
    name=N_("link"),
    description=N_("Link your Discord account to your Plex account by signing in to Plex"),
    handler=link,
)
