"""``post_graph_set``: one run of the exactly-once posting protocol (see the package doc)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

import anyio
import anyio.to_thread

from interactions_app.discord import (
    DiscordError,
    DiscordOutcomeUnknown,
    FileUpload,
    MessagePayload,
    snowflake_at,
)
from interactions_app.graphs.archive import write_preview
from interactions_app.graphs.messages import graph_message
from interactions_app.graphs.options import enabled_specs, render_options
from interactions_app.graphs.produce import Progress, produce_graphs
from interactions_app.posting._context import LEASE_SECONDS, PostContext, webhook_key
from interactions_app.posting._errors import (
    AnswerLost,
    LockLost,
    NoGraphsEnabled,
    PostingFailed,
    WebhookNotConfigured,
)
from interactions_app.posting._explore import ExploreEntry, explore_entry
from interactions_app.posting._result import PostResult
from interactions_app.posting.retention import remove_old_graphs, set_directory
from interactions_app.posting.schedule import due_at, is_due, next_due, parse_fixed_time
from interactions_app.state import PostedMessage, lock_owner
from renderer import RenderedGraph

logger = logging.getLogger(__name__)

CLOCK_SKEW = timedelta(minutes=1)
"""How far this host's clock may be ahead of Discord's when dating a lost POST."""
_SENDS_PER_MESSAGE = 3
"""Sends of one message whose answers were lost, each time with nothing found posted."""
_PAGE = 100


async def post_graph_set(
    ctx: PostContext, *, force: bool, progress: Progress | None = None
) -> PostResult:
    """Post the enabled graphs as a new set if due (or ``force``); see the module docstring."""
    if not ctx.config.DISCORD_WEBHOOK_URL:
        raise WebhookNotConfigured
    key = webhook_key(ctx.config.DISCORD_WEBHOOK_URL)
    now = ctx.clock()
    if not force:
        due = await _db(due_at, ctx.config, ctx.state)
        if not is_due(now, due):
            removed, leftover, unverified = await _tidy_up_when_free(ctx, key)
            await _remove_old_files(ctx, now)
            return _not_due(now, due, (removed, leftover), unverified)

    owner = lock_owner()
    if not await _db(ctx.state.acquire_post_lock, owner, LEASE_SECONDS, now):
        return PostResult(status="busy", now=now, next_due=await _db(due_at, ctx.config, ctx.state))
    try:
        unverified = await _reconcile(ctx, key)
        due = await _db(due_at, ctx.config, ctx.state)
        if not force and not is_due(now, due):
            # Another run posted between our first look and the lock.
            return _not_due(now, due, await _delete_earlier(ctx, key), unverified)
        result = await _post_locked(ctx, key=key, owner=owner, progress=progress)
        return replace(result, unverified=unverified)
    finally:
        await _release_lock(ctx, owner)


def _not_due(
    now: datetime, due: datetime | None, deleted: tuple[int, int], unverified: int
) -> PostResult:
    removed, leftover = deleted
    return PostResult(
        status="not_due",
        now=now,
        next_due=due,
        removed=removed,
        leftover=leftover,
        unverified=unverified,
    )


async def _post_locked(
    ctx: PostContext, *, key: str, owner: str, progress: Progress | None
) -> PostResult:
    config = ctx.config
    specs = enabled_specs(config)
    if not specs:
        # An empty set would still replace the one in the channel: refuse instead.
        raise NoGraphsEnabled
    graphs = await produce_graphs(
        ctx.source,
        specs,
        render_options(config, config.LANGUAGE),
        ctx.t,
        limiter=ctx.limiter,
        progress=progress,
    )
    posted_at = ctx.clock()
    directory = await _keep_files(ctx, graphs, posted_at)
    upcoming = next_due(
        posted_at,
        update_days=config.UPDATE_DAYS,
        fixed_time=parse_fixed_time(config.FIXED_UPDATE_TIME),
        tz=ctx.tz,
    )
    # Before the run is begun: a look-up that fails costs the button, never the post.
    entry = await explore_entry(ctx)
    run_id = uuid.uuid4().hex
    await _db(ctx.state.begin_run, run_id)
    posted = await _post_messages(
        ctx,
        graphs,
        run_id=run_id,
        key=key,
        owner=owner,
        posted_at=posted_at,
        upcoming=upcoming,
        entry=entry,
    )
    if not await _db(ctx.state.renew_post_lock, owner, LEASE_SECONDS, ctx.clock()):
        raise LockLost(len(posted), len(posted))
    earlier = await _db(ctx.state.complete_run, run_id, posted_at, upcoming)
    logger.info("Posted %d graphs (run %s); next post due %s", len(posted), run_id, upcoming)
    removed, leftover = await _delete_messages(ctx, earlier, key)
    await _remove_old_files(ctx, posted_at)
    return PostResult(
        status="posted",
        now=posted_at,
        next_due=upcoming,
        message_ids=tuple(posted),
        removed=removed,
        leftover=leftover,
        directory=directory,
    )


async def _post_messages(
    ctx: PostContext,
    graphs: Sequence[RenderedGraph],
    *,
    run_id: str,
    key: str,
    owner: str,
    posted_at: datetime,
    upcoming: datetime | None,
    entry: ExploreEntry,
) -> list[str]:
    posted: list[str] = []
    for number, graph in enumerate(graphs, start=1):
        if not await _db(ctx.state.renew_post_lock, owner, LEASE_SECONDS, ctx.clock()):
            raise LockLost(len(posted), len(graphs))
        payload, upload = graph_message(graph, ctx.t, posted_at=posted_at, next_update=upcoming)
        payload = entry.message(payload, graph.key, ctx.t, last=number == len(graphs))
        try:
            posted.append(await _post_once(ctx, payload, upload, run_id=run_id, key=key))
        except DiscordError as error:
            logger.warning("Upload %d of %d failed: %s", number, len(graphs), error)
            mine = [PostedMessage(message_id, run_id, key) for message_id in posted]
            _, leftover = await _delete_messages(ctx, mine, key)
            raise PostingFailed(
                error, failed_at=number, total=len(graphs), leftover=leftover
            ) from error
    return posted


async def _post_once(
    ctx: PostContext, payload: MessagePayload, upload: FileUpload, *, run_id: str, key: str
) -> str:
    """Post one message and record its id: exactly once, or raise having posted nothing.

    The intent is recorded before sending. Discord answers 429 and connection failures
    before acting, which the client retries itself; after a lost answer
    (``DiscordOutcomeUnknown``) the channel is searched for what the webhook posted
    meanwhile: a message found is adopted, none found means the POST may be sent again.
    """
    url = ctx.config.DISCORD_WEBHOOK_URL
    for _ in range(_SENDS_PER_MESSAGE):
        sent_at = ctx.discord_clock()
        intent = await _db(ctx.state.record_intent, run_id, key, sent_at)
        try:
            sent = await ctx.discord.execute_webhook(url, payload, [upload])
        except DiscordOutcomeUnknown as error:
            found = await _find_unrecorded(ctx, since=sent_at)
            if found is None:
                # Nobody can tell whether it was posted: the next run's reconciliation or the
                # operator must. The intent stays for the next run to look again.
                raise AnswerLost(error) from error
            await _db(ctx.state.resolve_intent, intent)
            if not found:
                logger.warning("Discord's answer was lost (%s) and nothing was posted", error)
                continue
            await _adopt(ctx, found, run_id=run_id, key=key)
            return found[0]
        except DiscordError:
            # Refused or unreachable before acting: nothing was posted.
            await _db(ctx.state.resolve_intent, intent)
            raise
        try:
            await _db(ctx.state.record_posted_message, run_id, key, sent.id, intent)
        except BaseException:
            # Unrecorded, no later run could ever delete it: it would stay beside every set.
            with anyio.CancelScope(shield=True):
                await _delete_unrecorded(ctx, sent.id)
            raise
        return sent.id
    raise AnswerLost(None)


async def _adopt(ctx: PostContext, found: Sequence[str], *, run_id: str, key: str) -> None:
    """The first message found is the one this run meant to post; any other is a stray copy,
    recorded under a run of its own so that the clean-up deletes it."""
    await _db(ctx.state.record_posted_message, run_id, key, found[0])
    for stray in found[1:]:
        await _db(ctx.state.record_posted_message, f"stray-{uuid.uuid4().hex}", key, stray)
    logger.warning(
        "Discord's answer was lost; found the posted message %s in the channel", found[0]
    )


async def _find_unrecorded(ctx: PostContext, *, since: datetime) -> list[str] | None:
    """Messages the configured webhook posted since ``since`` that no run recorded, oldest
    first; None when the bot cannot read the channel (no bot token, or no access).

    Reading a channel needs the bot token, the bot user in the server, and View Channel +
    Read Message History there; only ids and ``webhook_id`` are read, never content."""
    if not ctx.discord.has_bot_token:
        return None
    url = ctx.config.DISCORD_WEBHOOK_URL
    try:
        webhook = await ctx.discord.get_webhook(url)
        after = snowflake_at(since - CLOCK_SKEW)
        found: list[str] = []
        while True:
            page = await ctx.discord.list_messages_after(webhook.channel_id, after)
            found += [message.id for message in page if message.webhook_id == webhook.id]
            if len(page) < _PAGE:
                break
            after = page[-1].id
    except DiscordError as error:
        logger.warning("Could not look for lost messages in the channel: %s", error)
        return None
    return [message_id for message_id in found if not await _db(ctx.state.is_recorded, message_id)]


async def _reconcile(ctx: PostContext, key: str) -> int:
    """Settle the POSTs of an interrupted run whose answers were never recorded (under the
    lock). Found messages join that run, so the clean-up deletes them; returns how many could
    not be looked for (the operator is told)."""
    intents = await _db(ctx.state.unresolved_intents)
    if not intents:
        return 0
    found = await _find_unrecorded(ctx, since=min(intent.sent_at for intent in intents))
    if found is None:
        logger.error(
            "%d message(s) of an interrupted run may be in the channel without a record (sent "
            "from %s); TGraph cannot look without DISCORD_BOT_TOKEN and read access to the "
            "channel: delete any stray copy by hand",
            len(intents),
            intents[0].sent_at.isoformat(timespec="seconds"),
        )
    for message_id in found or ():
        await _db(ctx.state.record_posted_message, intents[0].run_id, key, message_id)
    for intent in intents:
        await _db(ctx.state.resolve_intent, intent.seq)
    return len(intents) if found is None else 0


async def _delete_unrecorded(ctx: PostContext, message_id: str) -> None:
    try:
        await ctx.discord.delete_webhook_message(ctx.config.DISCORD_WEBHOOK_URL, message_id)
    except DiscordError as error:
        logger.error(  # noqa: TRY400 - the caller raises the cause with its traceback
            "Message %s could not be recorded nor deleted; delete it by hand: %s",
            message_id,
            error,
        )


async def _tidy_up_when_free(ctx: PostContext, key: str) -> tuple[int, int, int]:
    """Settle and delete leftovers of earlier runs, if any, unless a run is posting right now.

    Returns (deleted, still recorded, could not be looked for)."""
    pending = await _db(ctx.state.messages_to_delete) or await _db(ctx.state.unresolved_intents)
    if not pending:
        return 0, 0, 0
    owner = lock_owner()
    if not await _db(ctx.state.acquire_post_lock, owner, LEASE_SECONDS, ctx.clock()):
        return 0, 0, 0
    try:
        unverified = await _reconcile(ctx, key)
        return (*await _delete_earlier(ctx, key), unverified)
    finally:
        await _release_lock(ctx, owner)


async def _release_lock(ctx: PostContext, owner: str) -> None:
    # Shielded: it must run even when the caller is being cancelled. In a worker thread: it may
    # wait seconds for another process's write lock, and the endpoint's event loop (which runs
    # /update_graphs) must go on answering interactions meanwhile.
    with anyio.CancelScope(shield=True):
        await _db(ctx.state.release_post_lock, owner)


async def _delete_earlier(ctx: PostContext, key: str) -> tuple[int, int]:
    return await _delete_messages(ctx, await _db(ctx.state.messages_to_delete), key)


async def _delete_messages(
    ctx: PostContext, messages: Sequence[PostedMessage], key: str
) -> tuple[int, int]:
    """Delete and forget each message; returns (deleted or already gone, still recorded)."""
    url = ctx.config.DISCORD_WEBHOOK_URL
    removed = leftover = 0
    for message in messages:
        if message.webhook_key != key:
            # Only the webhook that posted a message can delete it, and that one is no longer
            # configured: keeping the record would retry a hopeless delete on every run.
            logger.warning(
                "Message %s was posted through another webhook; leave it or delete it by hand",
                message.message_id,
            )
            await _db(ctx.state.forget_message, message.message_id)
            continue
        try:
            await ctx.discord.delete_webhook_message(url, message.message_id)
        except DiscordError as error:
            logger.warning("Could not delete message %s yet: %s", message.message_id, error)
            leftover += 1
            continue
        await _db(ctx.state.forget_message, message.message_id)
        removed += 1
    return removed, leftover


async def _keep_files(
    ctx: PostContext, graphs: Sequence[RenderedGraph], posted_at: datetime
) -> Path | None:
    """Save the set under ``DATA_DIR/graphs/<local date>/``; None if the disk refused."""
    directory = set_directory(ctx.graphs_data_dir, posted_at.astimezone(ctx.tz).date())
    try:
        await anyio.to_thread.run_sync(
            partial(write_preview, graphs, directory, ctx.t, language=ctx.config.LANGUAGE)
        )
    except OSError as error:
        # The channel matters more than the archive copy: post anyway, say why in the log
        # (at error level: the script's journal shows errors only; no traceback for a full disk).
        logger.error("Could not keep the graphs in %s: %s", directory, error)  # noqa: TRY400
        return None
    return directory


async def _remove_old_files(ctx: PostContext, now: datetime) -> None:
    removed = await anyio.to_thread.run_sync(
        partial(
            remove_old_graphs,
            ctx.graphs_data_dir,
            keep_days=ctx.config.KEEP_DAYS,
            now=now,
            today=now.astimezone(ctx.tz).date(),
        )
    )
    for path in removed:
        logger.info("Removed old graphs %s", path)


async def _db[**P, R](function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    # SQLite calls are short but may wait on another process's write lock (busy timeout):
    # keep them off the event loop the endpoint shares with every interaction.
    return await anyio.to_thread.run_sync(partial(function, *args, **kwargs))
