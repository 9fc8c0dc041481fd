"""What a post needs (``PostContext``), what it did (``PostResult``), and when the next is due."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import anyio
from babel.dates import format_timedelta

from interactions_app.config import Config
from interactions_app.discord import DiscordRest, parse_webhook_url
from interactions_app.schedule import next_due, parse_fixed_time
from interactions_app.state import StateStore
from renderer import Translator, babel_locale
from renderer.tautulli import TautulliSource

LEASE_SECONDS = 600.0
"""How long the post lock holds without renewal. It must outlast rendering the whole set (the
lock is taken before rendering, so concurrent runs never render twice) and then one upload; it
matches the unit's ``TimeoutStartSec=10min``. A run killed on this host frees it at once: the
next run sees the owner's process is gone and takes the lock over."""

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
    discord_clock: Callable[[], datetime] = _utc_now
    """The time as Discord stamps message ids: real time, also when tests move ``clock``."""
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
    unverified: int = 0
    """Posts of an interrupted run that may be in the channel unrecorded: the bot could not
    read the channel to find them (no bot token or no access), so the operator must look."""


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
            line = t.ngettext(
                "Posted {count} graph; next post due {when}.",
                "Posted {count} graphs; next post due {when}.",
                len(result.message_ids),
            ).format(count=len(result.message_ids), when=when)
        case "not_due":
            line = t.gettext("Not due yet: next post due {when}.").format(when=when)
        case "busy":
            line = t.gettext("Another run is posting the graphs right now; nothing to do.")
    notes = [line]
    if result.leftover:
        notes.append(
            t.ngettext(
                "{count} old message could not be deleted yet; the next run tries again.",
                "{count} old messages could not be deleted yet; the next run tries again.",
                result.leftover,
            ).format(count=result.leftover)
        )
    if result.unverified:
        notes.append(
            t.ngettext(
                "An interrupted run may have left {count} message in the channel; without "
                "DISCORD_BOT_TOKEN and read access to the channel the bot cannot look, so check "
                "the channel and delete a stray copy by hand.",
                "An interrupted run may have left {count} messages in the channel; without "
                "DISCORD_BOT_TOKEN and read access to the channel the bot cannot look, so check "
                "the channel and delete any stray copy by hand.",
                result.unverified,
            ).format(count=result.unverified)
        )
    return " ".join(notes)


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
