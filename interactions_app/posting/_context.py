"""What a post needs (``PostContext``), and the name a webhook is recorded under."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import anyio

from interactions_app.config import Config
from interactions_app.discord import DiscordRest, parse_webhook_url
from interactions_app.state import StateStore
from renderer import Translator
from renderer.tautulli import TautulliSource

LEASE_SECONDS = 600.0
"""How long the post lock holds without renewal. It must outlast rendering the whole set (the
lock is taken before rendering, so concurrent runs never render twice) and then one upload; it
matches the unit's ``TimeoutStartSec=10min``. A run killed on this host frees it at once: the
next run sees the owner's process is gone and takes the lock over."""


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


def webhook_key(webhook_url: str) -> str:
    """A stable name for the webhook that never reveals its token (stored with each message)."""
    webhook_id, token = parse_webhook_url(webhook_url)
    digest = hashlib.sha256(f"{webhook_id}/{token}".encode()).hexdigest()[:16]
    return f"{webhook_id}:{digest}"
