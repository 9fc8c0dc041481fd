"""What a command handler receives (the interaction, config, translator, runtime) and returns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from interactions_app.discord import FileUpload, MessagePayload
from interactions_app.discord.interactions import ApplicationCommand, Autocomplete
from interactions_app.discord.responses import ChannelMessage
from interactions_app.i18n import region_for_discord_locale
from renderer.tautulli import TautulliMonitor, TautulliSource
from renderer.translation import Translator

if TYPE_CHECKING:
    from interactions_app.commands._replays import ReplayGuard
    from interactions_app.config import Config, ConfigStore
    from interactions_app.discord import DiscordRest
    from interactions_app.endpoint.jobs import JobRunner
    from interactions_app.explorer.service import Explorer
    from interactions_app.state import RequestStateCalls, StateStore

__all__ = ["AutocompleteContext", "CommandContext", "Deferral", "Reply", "Runtime"]

Work = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Runtime:
    """Everything a handler works with, built whole when the app starts (see ``endpoint.app``).

    The clients and files are opened once, from the config as it was at the start: a change to
    a key they were built from (``config.RESTART_KEYS``) applies at the next start.
    """

    config_store: ConfigStore
    clock: Callable[[], float]
    started_at: float
    version: str
    discord: DiscordRest
    state: StateStore
    request_state: RequestStateCalls
    """State calls made before the initial response (cooldowns, replays): bounded in time."""
    replays: ReplayGuard
    tautulli: TautulliSource
    tautulli_status: TautulliMonitor
    jobs: JobRunner
    explorer: Explorer
    """The graph explorer's render cache, per-member queues and click limit."""

    @property
    def config(self) -> Config:
        return self.config_store.current

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)


@dataclass(frozen=True)
class CommandContext:
    interaction: ApplicationCommand
    services: Runtime
    config: Config
    t: Translator
    language: str
    """The catalog that ``t`` reads (``es`` for ``es-419``)."""
    values: dict[str, str | int | float | bool]
    user_id: str
    is_admin: bool

    @property
    def region(self) -> str:
        """The Babel locale for the member's numbers and dates (``es_419``), from their Discord
        locale; the catalog and the region are chosen apart (see ``i18n._regions``)."""
        return region_for_discord_locale(self.interaction.locale, self.config.LANGUAGE)

    def text(self, name: str, default: str = "") -> str:
        value = self.values.get(name)
        return value if isinstance(value, str) else default

    async def edit_original(
        self, message: MessagePayload, files: Sequence[FileUpload] = ()
    ) -> None:
        """Replace the "thinking…" message (PATCH ``@original``) with the answer."""
        await self.services.discord.edit_original(
            self.interaction.application_id,
            self.interaction.token,
            message,
            files,
            attachment_size_limit=self.interaction.attachment_size_limit,
        )

    async def say(self, text: str) -> None:
        await self.edit_original(MessagePayload(content=text, embeds=[]))


@dataclass(frozen=True)
class AutocompleteContext:
    interaction: Autocomplete
    services: Runtime
    config: Config
    t: Translator
    values: dict[str, str | int | float | bool]
    focused: str | None
    subcommand: str | None
    is_admin: bool

    def typed(self) -> str:
        """What the user has typed so far in the focused option."""
        value = self.values.get(self.focused or "")
        return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Deferral:
    """Answer "thinking…" now (type 5) and run ``work`` after the response has been sent.

    ``work`` edits ``@original`` with the result; if it raises, the app edits ``@original`` into
    the translated explanation of the error.
    """

    work: Work
    ephemeral: bool
    name: str
    refund: Work | None = None
    """Gives back what the handler claimed (a share cooldown) when ``work`` does not start."""


Reply = ChannelMessage | Deferral
