"""The bot's persistent state: one SQLite file in ``DATA_DIR`` shared by every process.

It holds the schedule (last post, next due time), the post lock, every message a scheduled run
posted (see ``_posting`` for the exactly-once posting protocol and its crash analysis), the
digest of each period (``_digests``), command cooldowns, the Discord ↔ Plex account links, and
the ids of interactions already handled (replay protection). ``_store`` explains the
concurrency model.
"""

from __future__ import annotations

from interactions_app.state._bindings import Binding
from interactions_app.state._digests import DigestRecord, DigestStatus
from interactions_app.state._errors import (
    BindingConflict,
    DiscordAccountAlreadyBound,
    PlexAccountAlreadyBound,
    RunSuperseded,
    StateBusy,
    StateError,
    StateUnavailable,
)
from interactions_app.state._owner import lock_owner
from interactions_app.state._posting import PostedMessage, PostIntent
from interactions_app.state._request_calls import RequestStateCalls
from interactions_app.state._schema import SCHEMA_VERSION
from interactions_app.state._store import STATE_FILE_NAME, StateStore

__all__ = [
    "SCHEMA_VERSION",
    "STATE_FILE_NAME",
    "Binding",
    "BindingConflict",
    "DigestRecord",
    "DigestStatus",
    "DiscordAccountAlreadyBound",
    "PlexAccountAlreadyBound",
    "PostIntent",
    "PostedMessage",
    "RequestStateCalls",
    "RunSuperseded",
    "StateBusy",
    "StateError",
    "StateStore",
    "StateUnavailable",
    "lock_owner",
]
