"""``post_digest``: the scheduled digest, at most once per period (``state._digests``).

It shares the graph post's machinery: the same post lock (taken over at once from a killed run
on this host), the same look in the channel for what a lost answer may have posted, and the
graph run's reconciliation first, so a message of an interrupted graph run is never taken for
the digest. A period's record is written before its POST; a run that finds it posted does
nothing, one that finds it half-done settles it (found: recorded; surely nothing: posted now;
cannot look: never posted again, the operator is told).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from interactions_app.digest import Wording, digest_message
from interactions_app.discord import (
    SUPPRESS_NOTIFICATIONS,
    DiscordError,
    DiscordOutcomeUnknown,
    FileUpload,
    MessagePayload,
)
from interactions_app.posting._context import LEASE_SECONDS, PostContext, webhook_key
from interactions_app.posting._errors import DigestAnswerLost, WebhookNotConfigured
from interactions_app.posting._post import (
    _SENDS_PER_MESSAGE,  # pyright: ignore[reportPrivateUsage]
    _db,  # pyright: ignore[reportPrivateUsage]
    _find_unrecorded,  # pyright: ignore[reportPrivateUsage]
    _reconcile,  # pyright: ignore[reportPrivateUsage]
    _release_lock,  # pyright: ignore[reportPrivateUsage]
)
from interactions_app.posting._result import DigestResult, DigestStatus
from interactions_app.posting.digest_schedule import DigestSchedule
from interactions_app.state import lock_owner
from renderer import RenderedGraph
from renderer.digest import Digest, Period

logger = logging.getLogger(__name__)

DigestMaker = Callable[[PostContext, Period], Awaitable[tuple[Digest, RenderedGraph | None]]]
"""Gathers a period's digest from Tautulli and draws its chart."""


async def post_digest(ctx: PostContext, *, make: DigestMaker) -> DigestResult:
    """Post the digest of the period due now, unless that period has its digest already."""
    now = ctx.clock()
    schedule = DigestSchedule.from_config(ctx.config)
    if schedule is None:
        return DigestResult(status="off", now=now)
    if not ctx.config.DISCORD_WEBHOOK_URL:
        raise WebhookNotConfigured
    key = webhook_key(ctx.config.DISCORD_WEBHOOK_URL)
    period = schedule.due_period(now)
    upcoming = schedule.next_slot(now)

    def result(
        status: DigestStatus, message_id: str | None = None, unverified: int = 0
    ) -> DigestResult:
        return DigestResult(
            status=status,
            now=now,
            period=period,
            next_due=upcoming,
            message_id=message_id,
            unverified=unverified,
        )

    record = await _db(ctx.state.digest_record, schedule.kind, period.start)
    pending = await _db(ctx.state.digests_sending)
    if record is not None and not pending:
        return result("done")
    owner = lock_owner()
    if not await _db(ctx.state.acquire_post_lock, owner, LEASE_SECONDS, now):
        return result("busy")
    try:
        unverified = await _reconcile(ctx, key) + await _settle(ctx)
        if await _db(ctx.state.digest_record, schedule.kind, period.start) is not None:
            return result("done", unverified=unverified)
        status, message_id = await _make_and_send(
            ctx, period, make, key=key, kind=schedule.kind, owner=owner
        )
        return result(status, message_id=message_id, unverified=unverified)
    finally:
        await _release_lock(ctx, owner)


async def _make_and_send(
    ctx: PostContext, period: Period, make: DigestMaker, *, key: str, kind: str, owner: str
) -> tuple[DigestStatus, str | None]:
    """Gather, draw and post the digest under the post lock: posted (with the message id),
    busy (another run took the lock over) or done (another run recorded the period)."""
    digest, chart = await make(ctx, period)
    flags = None if ctx.config.DIGEST_NOTIFY else SUPPRESS_NOTIFICATIONS
    payload, uploads = digest_message(
        digest,
        chart,
        Wording(ctx.t, ctx.config.LANGUAGE),
        censor=ctx.config.CENSOR_USERNAMES,
        show_top_user=ctx.config.DIGEST_SHOW_TOP_USER,
        posted_at=ctx.clock(),
        flags=flags,
    )
    if not await _db(ctx.state.renew_post_lock, owner, LEASE_SECONDS, ctx.clock()):
        # Gathering took longer than the lease and another run took over: it posts.
        return "busy", None
    message_id = await _send(ctx, period, payload, uploads, key=key, kind=kind)
    if message_id is None:  # recorded by another run meanwhile: it posts, or posted
        return "done", None
    logger.info("Posted the %s digest of %s (message %s)", kind, period, message_id)
    return "posted", message_id


async def _settle(ctx: PostContext) -> int:
    """Settle digests whose POST went out unanswered; returns how many could not be looked for."""
    unverified = 0
    for record in await _db(ctx.state.digests_sending):
        found = await _find_unrecorded(ctx, since=record.sent_at)
        kind, start = record.kind, record.period_start
        if found is None:
            logger.error(
                "The %s digest of %s may be in the channel (sent %s); TGraph cannot look without "
                "DISCORD_BOT_TOKEN and read access to the channel, and does not post it again",
                kind,
                start,
                record.sent_at.isoformat(timespec="seconds"),
            )
            await _db(ctx.state.digest_unverified, kind, start)
            unverified += 1
        elif found:
            await _db(ctx.state.digest_sent, kind, start, found[0])
        else:
            await _db(ctx.state.drop_digest, kind, start)
    return unverified


async def _send(
    ctx: PostContext,
    period: Period,
    payload: MessagePayload,
    uploads: Sequence[FileUpload],
    *,
    key: str,
    kind: str,
) -> str | None:
    """POST the digest once: record, send, record the id; as ``_post._post_once`` does.
    None when the period has a record already: another run posts (or posted) it."""
    url = ctx.config.DISCORD_WEBHOOK_URL
    for _ in range(_SENDS_PER_MESSAGE):
        sent_at = ctx.discord_clock()
        claimed = await _db(
            ctx.state.begin_digest, kind, period.start, period.end, webhook_key=key, at=sent_at
        )
        if not claimed:
            logger.info("The %s digest of %s is recorded by another run already", kind, period)
            return None
        try:
            sent = await ctx.discord.execute_webhook(url, payload, uploads)
        except DiscordOutcomeUnknown as error:
            found = await _find_unrecorded(ctx, since=sent_at)
            if found is None:
                # The record stays "sending": the next run looks again, or gives up looking.
                raise DigestAnswerLost(error) from error
            if found:
                await _db(ctx.state.digest_sent, kind, period.start, found[0])
                return found[0]
            logger.warning("Discord's answer was lost (%s) and nothing was posted", error)
            await _db(ctx.state.drop_digest, kind, period.start)
            continue
        except DiscordError:
            # Refused or unreachable before acting: nothing was posted, a later run tries again.
            await _db(ctx.state.drop_digest, kind, period.start)
            raise
        # Should this fail, the record stays "sending" and the next run finds the message.
        await _db(ctx.state.digest_sent, kind, period.start, sent.id)
        return sent.id
    raise DigestAnswerLost(None)
