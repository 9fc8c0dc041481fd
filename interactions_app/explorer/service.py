"""The explorer's running parts: render cache, per-member queues and click limit, and drawing
a view into a message (an edit of ``@original``, or a new public message for "Share")."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import anyio

from interactions_app.discord import (
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    DiscordHTTPError,
    MessagePayload,
)
from interactions_app.endpoint.jobs import JobCancelled
from interactions_app.explorer.cache import RenderCache
from interactions_app.explorer.queue import UserQueues
from interactions_app.explorer.ratelimit import ClickRateLimit
from interactions_app.explorer.render import (
    Looks,
    explorer_message,
    plex_user_name,
    render_view,
)
from interactions_app.explorer.view import View
from renderer.translation import Translator

if TYPE_CHECKING:
    from collections.abc import Hashable

    from interactions_app.commands._context import Runtime

__all__ = ["Drawing", "Explain", "Explorer"]

logger = logging.getLogger(__name__)

_REPORT_TIMEOUT = 10.0
_RESTART_TIMEOUT = 3.0
"""For telling every waiting member about a shutdown: the drain timeout is short too."""


@dataclass(frozen=True, slots=True)
class Drawing:
    """One view to draw into one message, with the token of the interaction that asked."""

    view: View
    user: int | None
    """Whose plays (already authorized); None for the whole server."""
    looks: Looks
    t: Translator
    application_id: str
    token: str
    attachment_size_limit: int
    target: Hashable
    """The message it changes: drawings for the same target replace each other."""
    public: bool = False
    """The message is seen by the channel (its controls offer "Explore privately")."""
    post: bool = False
    """Post a new message (a follow-up) instead of editing ``@original``."""
    refund: Callable[[], Awaitable[None]] | None = None
    """Gives back the share cooldown this drawing claimed, when it fails."""


Explain = Callable[[BaseException, Translator], str]
"""An error as one clear, translated line (``commands.explain_error``)."""


class Explorer:
    def __init__(self, explain: Explain) -> None:
        self.explain = explain
        self.cache = RenderCache()
        self.queues: UserQueues[Drawing] = UserQueues()
        self.clicks = ClickRateLimit()

    async def serve(self, services: Runtime, member_id: str, drawing: Drawing) -> None:
        """Draw ``drawing``, or leave it to the member's worker that is already drawing."""
        if self.queues.submit(member_id, drawing.target, drawing):
            await self.drain(services, member_id, own_token=drawing.token)

    async def drain(self, services: Runtime, member_id: str, *, own_token: str) -> None:
        """Draw the member's waiting requests, one at a time; the member must be marked busy
        (``submit`` returned True, or a claim ended with requests waiting).

        ``own_token``: the interaction whose job this is (the job runner tells it about a
        shutdown; the others waiting here are told by this worker)."""
        drawing: Drawing | None = None
        try:
            while (drawing := self.queues.take(member_id)) is not None:
                try:
                    await self.draw(services, drawing)
                except Exception as exc:
                    if drawing.refund is not None:
                        # Nothing was shared: the member may try again at once.
                        await drawing.refund()
                    if _gone(exc):
                        # Dismissed by the member (or its token expired): nobody to tell.
                        logger.info(
                            "Explorer: the message for %s is gone (%s)", drawing.view.graph, exc
                        )
                        continue
                    logger.exception("Explorer: drawing %s failed", drawing.view.graph)
                    await _report(services, drawing, self.explain(exc, drawing.t))
        except anyio.get_cancelled_exc_class():
            # Shutting down: no "thinking…" is left waiting for a drawing that never comes.
            waiting = [d for d in [drawing, *self.queues.waiting(member_id)] if d is not None]
            with anyio.CancelScope(shield=True), anyio.move_on_after(_RESTART_TIMEOUT):
                for left in waiting:
                    if left.token != own_token:
                        await _report(services, left, self.explain(JobCancelled(), left.t))
            raise
        finally:
            # Cancelled at shutdown: the member's next click starts a new worker.
            self.queues.abandon(member_id)

    async def draw(self, services: Runtime, drawing: Drawing) -> None:
        view, t = drawing.view, drawing.t
        graph = await render_view(
            services, self.cache, view, user=drawing.user, looks=drawing.looks, t=t
        )
        name = None
        if drawing.user is not None and not view.personal:
            try:
                name = await plex_user_name(services, drawing.user)
            except Exception as exc:
                # The graph is drawn: show it, only without the name below it.
                logger.warning("Explorer: could not name Plex user %s (%s)", drawing.user, exc)
        payload, upload = explorer_message(
            graph,
            view,
            services.config,
            t,
            public=drawing.public,
            posted_at=services.now(),
            user_name=name,
        )
        discord = services.discord
        if drawing.post:
            await discord.create_followup(
                drawing.application_id,
                drawing.token,
                payload,
                [upload],
                attachment_size_limit=drawing.attachment_size_limit,
            )
        else:
            await discord.edit_original(
                drawing.application_id,
                drawing.token,
                payload,
                [upload],
                attachment_size_limit=drawing.attachment_size_limit,
            )


def _gone(exc: Exception) -> bool:
    return isinstance(exc, DiscordHTTPError) and exc.code in (UNKNOWN_MESSAGE, UNKNOWN_WEBHOOK)


async def _report(services: Runtime, drawing: Drawing, text: str) -> None:
    """The explanation replaces the message's text; the last good graph stays below it."""
    with anyio.move_on_after(_REPORT_TIMEOUT):
        try:
            await services.discord.edit_original(
                drawing.application_id,
                drawing.token,
                MessagePayload(content=text),
            )
        except Exception:
            logger.exception("Explorer: could not tell the member about the failure")
