"""The scheduled post: due check, lock, render, post, replace, record, retention.

``post_graph_set`` drives the exactly-once protocol of ``interactions_app.state._posting``
(read its docstring for the crash analysis). In short, for one run:

1. Not forced and not due: say when it is due (and, under the lock, delete leftovers of an
   earlier run that could not be deleted then). The due time is computed from the last post and
   the *current* config, so an edited ``UPDATE_DAYS`` applies at once.
2. Take the post lock (a lease in the state DB); check "due" again under it.
3. Render everything (Tautulli down → nothing posted) and keep the files in
   ``DATA_DIR/graphs/YYYY-MM-DD/``.
4. Post one message per graph through the channel webhook, recording each id as soon as Discord
   confirms it. If one fails, delete this run's messages (best effort; what cannot be deleted
   stays recorded for the next run) and raise ``PostingFailed``.
5. Complete the run (it becomes the shown set, the schedule moves on), then delete the previous
   set's messages: only ever messages this bot posted itself.
6. Remove old graph files, release the lock.

The scheduled script and ``/update_graphs`` (``force=True``, with a progress callback) share it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import anyio
import anyio.to_thread
from babel.dates import format_timedelta

from interactions_app.config import Config
from interactions_app.discord import DiscordError, DiscordRest, parse_webhook_url
from interactions_app.graph_messages import graph_message
from interactions_app.graph_options import enabled_specs, render_options
from interactions_app.pipeline import Progress, produce_graphs
from interactions_app.preview import write_preview
from interactions_app.retention import remove_old_graphs, set_directory
from interactions_app.schedule import is_due, next_due, parse_fixed_time
from interactions_app.state import PostedMessage, StateStore
from renderer import RenderedGraph, Translator
from renderer.labels import babel_locale
from renderer.tautulli import TautulliSource

logger = logging.getLogger(__name__)

LEASE_SECONDS = 900.0
"""How long the post lock holds without renewal: it must outlast rendering the whole set (the
lock is taken before rendering, so concurrent runs never render twice) and then one upload."""

PostStatus = Literal["posted", "not_due", "busy"]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, kw_only=True)
class PostContext:
    """Everything a post needs; the endpoint builds one per ``/update_graphs``."""

    config: Config
    state: StateStore
    discord: DiscordRest
    source: TautulliSource
    limiter: anyio.CapacityLimiter
    t: Translator
    clock: Callable[[], datetime] = _utc_now
    data_dir: Path | None = None
    """Defaults to ``config.DATA_DIR`` (relative to the working directory)."""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.config.TIMEZONE)

    @property
    def graphs_data_dir(self) -> Path:
        return self.data_dir if self.data_dir is not None else Path(self.config.DATA_DIR)


@dataclass(frozen=True, kw_only=True)
class PostResult:
    status: PostStatus
    now: datetime
    next_due: datetime | None
    """When the next post is due (None: at the next run)."""
    message_ids: tuple[str, ...] = ()
    """The messages posted by this run, in graph order."""
    removed: int = 0
    """Messages of earlier runs deleted from the channel."""
    leftover: int = 0
    """Messages of earlier runs that could not be deleted; the next run tries again."""
    directory: Path | None = None
    """Where this run's PNG and JSON files were saved."""


class PostingError(Exception):
    """Base class of the failures of the posting protocol itself."""

    def explain(self, t: Translator) -> str:
        return t.gettext("The graphs could not be posted.")


class WebhookNotConfigured(PostingError):
    def __init__(self) -> None:
        super().__init__("DISCORD_WEBHOOK_URL is not set")

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "DISCORD_WEBHOOK_URL is not set: create a webhook in the channel's Integrations "
            "settings and put its URL in the configuration."
        )


class NoGraphsEnabled(PostingError):
    def __init__(self) -> None:
        super().__init__("every graph is disabled")

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "Every graph is turned off (all ENABLE_… settings are false): there is nothing to "
            "post. Turn on at least one graph in the configuration."
        )


class LockLost(PostingError):
    def __init__(self, posted: int, total: int) -> None:
        super().__init__(f"post lock lost after {posted} of {total} messages")
        self.posted = posted
        self.total = total

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "Another run took over the post lock after {posted} of {total} graphs were posted "
            "(this run took too long); it finishes the job."
        ).format(posted=self.posted, total=self.total)


class PostingFailed(PostingError):
    """An upload failed part-way; this run's messages were deleted where Discord allowed."""

    def __init__(self, cause: DiscordError, *, failed_at: int, total: int, leftover: int) -> None:
        super().__init__(f"upload {failed_at} of {total} failed: {cause}")
        self.cause = cause
        self.failed_at = failed_at
        self.total = total
        self.leftover = leftover

    def explain(self, t: Translator) -> str:
        reason = self.cause.explain(t)
        if self.leftover:
            return t.gettext(
                "Posting stopped at graph {failed_at} of {total}: {reason} {leftover} messages "
                "of this run could not be removed yet; the next run removes them."
            ).format(
                failed_at=self.failed_at, total=self.total, reason=reason, leftover=self.leftover
            )
        return t.gettext(
            "Posting stopped at graph {failed_at} of {total}: {reason} Nothing of this run was "
            "left in the channel; the next run tries again."
        ).format(failed_at=self.failed_at, total=self.total, reason=reason)


def webhook_key(webhook_url: str) -> str:
    """A stable name for the webhook that never reveals its token (stored with each message)."""
    webhook_id, token = parse_webhook_url(webhook_url)
    digest = hashlib.sha256(f"{webhook_id}/{token}".encode()).hexdigest()[:16]
    return f"{webhook_id}:{digest}"


def due_at(config: Config, state: StateStore) -> datetime | None:
    """When the next post is due by the current config; None means due now."""
    last = state.last_post_at()
    if last is None or state.next_due_at() is None:
        # Never posted, or the schedule was reset to "due at the next run".
        return None
    return next_due(
        last,
        update_days=config.UPDATE_DAYS,
        fixed_time=parse_fixed_time(config.FIXED_UPDATE_TIME),
        tz=ZoneInfo(config.TIMEZONE),
    )


def describe_result(result: PostResult, t: Translator, *, tz: ZoneInfo, language: str) -> str:
    """One line for the operator's journal: what the run did and when the next post is due."""
    when = _when(result.next_due, result.now, t, tz=tz, language=language)
    match result.status:
        case "posted":
            return t.ngettext(
                "Posted {count} graph; next post due {when}.",
                "Posted {count} graphs; next post due {when}.",
                len(result.message_ids),
            ).format(count=len(result.message_ids), when=when)
        case "not_due":
            return t.gettext("Not due yet: next post due {when}.").format(when=when)
        case "busy":
            return t.gettext("Another run is posting the graphs right now; nothing to do.")


def _when(
    due: datetime | None, now: datetime, t: Translator, *, tz: ZoneInfo, language: str
) -> str:
    if due is None:
        return t.gettext("at the next run")
    local = due.astimezone(tz)
    relative = format_timedelta(
        due - now, add_direction=True, threshold=1.5, locale=babel_locale(language)
    )
    return t.gettext("{date} {time} {zone} ({relative})").format(
        date=local.date().isoformat(),
        time=local.strftime("%H:%M"),
        zone=local.tzname() or tz.key,
        relative=relative,
    )


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
            removed, leftover = await _tidy_up_when_free(ctx, key)
            await _remove_old_files(ctx, now)
            return PostResult(
                status="not_due", now=now, next_due=due, removed=removed, leftover=leftover
            )

    owner = f"{os.getpid()}-{uuid.uuid4().hex}"
    if not await _db(ctx.state.acquire_post_lock, owner, LEASE_SECONDS, now):
        return PostResult(status="busy", now=now, next_due=await _db(due_at, ctx.config, ctx.state))
    try:
        due = await _db(due_at, ctx.config, ctx.state)
        if not force and not is_due(now, due):
            # Another run posted between our first look and the lock.
            removed, leftover = await _delete_earlier(ctx, key)
            return PostResult(
                status="not_due", now=now, next_due=due, removed=removed, leftover=leftover
            )
        return await _post_locked(ctx, key=key, owner=owner, progress=progress)
    finally:
        # Synchronous on purpose: it must run even when the caller is being cancelled.
        ctx.state.release_post_lock(owner)


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
    directory = set_directory(ctx.graphs_data_dir, posted_at.astimezone(ctx.tz).date())
    await anyio.to_thread.run_sync(
        partial(write_preview, graphs, directory, ctx.t, language=config.LANGUAGE)
    )
    upcoming = next_due(
        posted_at,
        update_days=config.UPDATE_DAYS,
        fixed_time=parse_fixed_time(config.FIXED_UPDATE_TIME),
        tz=ctx.tz,
    )
    run_id = uuid.uuid4().hex
    await _db(ctx.state.begin_run, run_id)
    posted = await _post_messages(
        ctx, graphs, run_id=run_id, key=key, owner=owner, posted_at=posted_at, upcoming=upcoming
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
) -> list[str]:
    url = ctx.config.DISCORD_WEBHOOK_URL
    posted: list[str] = []
    for number, graph in enumerate(graphs, start=1):
        if not await _db(ctx.state.renew_post_lock, owner, LEASE_SECONDS, ctx.clock()):
            raise LockLost(len(posted), len(graphs))
        payload, upload = graph_message(graph, ctx.t, posted_at=posted_at, next_update=upcoming)
        try:
            sent = await ctx.discord.execute_webhook(url, payload, [upload])
        except DiscordError as error:
            logger.warning("Upload %d of %d failed: %s", number, len(graphs), error)
            mine = [PostedMessage(message_id, run_id, key) for message_id in posted]
            _, leftover = await _delete_messages(ctx, mine, key)
            raise PostingFailed(
                error, failed_at=number, total=len(graphs), leftover=leftover
            ) from error
        await _db(ctx.state.record_posted_message, run_id, key, sent.id)
        posted.append(sent.id)
    return posted


async def _tidy_up_when_free(ctx: PostContext, key: str) -> tuple[int, int]:
    """Delete leftovers of earlier runs, if any, unless a run is posting right now."""
    if not await _db(ctx.state.messages_to_delete):
        return 0, 0
    owner = f"{os.getpid()}-{uuid.uuid4().hex}"
    if not await _db(ctx.state.acquire_post_lock, owner, LEASE_SECONDS, ctx.clock()):
        return 0, 0
    try:
        return await _delete_earlier(ctx, key)
    finally:
        ctx.state.release_post_lock(owner)


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
