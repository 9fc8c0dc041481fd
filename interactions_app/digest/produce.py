"""A period's digest or a member's year, gathered from Tautulli (calls run concurrently, in
``renderer.digest``) and drawn in a render thread, bounded like every other render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import anyio
import anyio.to_thread

from interactions_app.config import Config
from interactions_app.graphs.options import render_options
from interactions_app.posting.digest_schedule import WEEKDAY_NUMBERS
from renderer import RenderedGraph, RenderOptions
from renderer.digest import (
    Digest,
    Period,
    Wrapped,
    gather_digest,
    gather_wrapped,
    render_digest_chart,
    render_wrapped_chart,
)
from renderer.tautulli import TautulliClient, TautulliSource
from renderer.translation import Translator

if TYPE_CHECKING:
    from interactions_app.posting import PostContext


class DigestUnavailable(Exception):
    """The Tautulli source cannot answer history queries (the bundled sample data)."""

    def explain(self, t: Translator) -> str:
        return t.gettext("Digests need a Tautulli server; the sample data has no play history.")


def first_weekday(config: Config) -> int:
    return WEEKDAY_NUMBERS[config.WEEK_START]


def client_of(source: TautulliSource) -> TautulliClient:
    if not isinstance(source, TautulliClient):
        raise DigestUnavailable
    return source


async def digest_with_chart(
    source: TautulliSource,
    period: Period,
    *,
    config: Config,
    language: str,
    t: Translator,
    limiter: anyio.CapacityLimiter,
    today: dt.date,
) -> tuple[Digest, RenderedGraph]:
    digest = await gather_digest(
        client_of(source),
        period,
        tz=ZoneInfo(config.TIMEZONE),
        rank_by=config.Y_AXIS,
        today=today,
    )
    return digest, await _drawn(
        render_digest_chart, digest, config=config, language=language, t=t, limiter=limiter
    )


async def wrapped_with_chart(
    source: TautulliSource,
    year: int,
    user_id: int,
    *,
    config: Config,
    language: str,
    t: Translator,
    limiter: anyio.CapacityLimiter,
    today: dt.date,
) -> tuple[Wrapped, RenderedGraph]:
    wrapped = await gather_wrapped(
        client_of(source),
        year,
        user_id,
        tz=ZoneInfo(config.TIMEZONE),
        rank_by=config.Y_AXIS,
        today=today,
    )
    return wrapped, await _drawn(
        render_wrapped_chart, wrapped, config=config, language=language, t=t, limiter=limiter
    )


async def _drawn[T](
    draw: Callable[[T, RenderOptions, Translator], RenderedGraph],
    found: T,
    *,
    config: Config,
    language: str,
    t: Translator,
    limiter: anyio.CapacityLimiter,
) -> RenderedGraph:
    """The chart of ``found``, drawn in a render thread under the shared limiter."""
    options = render_options(config, language)
    return await anyio.to_thread.run_sync(partial(draw, found, options, t), limiter=limiter)


async def make_digest(ctx: PostContext, period: Period) -> tuple[Digest, RenderedGraph | None]:
    """The scheduled digest, in ``LANGUAGE`` (``posting.DigestMaker``)."""
    return await digest_with_chart(
        ctx.source,
        period,
        config=ctx.config,
        language=ctx.config.LANGUAGE,
        t=ctx.t,
        limiter=ctx.limiter,
        today=ctx.clock().astimezone(ctx.tz).date(),
    )
