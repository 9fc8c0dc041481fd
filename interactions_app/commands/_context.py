"""What a command handler receives (the interaction, config, translator, services) and returns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from interactions_app.discord import FileUpload, MessagePayload
from interactions_app.discord.interactions import ApplicationCommand, Autocomplete
from interactions_app.discord.responses import ChannelMessage
from renderer.tautulli import TautulliMonitor, TautulliSource
from renderer.translation import Translator

if TYPE_CHECKING:
    from interactions_app.config import Config, ConfigStore
    from interactions_app.discord import DiscordRest
    from interactions_app.endpoint.jobs import JobRunner
    from interactions_app.state import RequestStateCalls, StateStore

__all__ = ["AutocompleteContext", "CommandContext", "Deferral", "Reply", "Services"]

Work = Callable[[], Awaitable[None]]


@dataclass
class Services:
    """The app's collaborators, opened by the lifespan (or injected by tests)."""

    config_store: ConfigStore
    clock: Callable[[], float]
    started_at: float
    version: str
    tautulli_factory: Callable[[], TautulliSource]
    tautulli_status: TautulliMonitor
    discord: DiscordRest | None = None
    state: StateStore | None = None
    request_state: RequestStateCalls | None = None
    """State calls made before the initial response (cooldowns, replays): bounded in time."""
    jobs: JobRunner | None = None

    @property
    def config(self) -> Config:
        return self.config_store.current

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC)

    def tautulli(self) -> TautulliSource:
        return self.tautulli_factory()

    def require_discord(self) -> DiscordRest:
        if self.discord is None:
            raise RuntimeError("the Discord REST client is not open (lifespan not started)")
        return self.discord

    def require_state(self) -> StateStore:
        if self.state is None:
            raise RuntimeError("the state store is not open (lifespan not started)")
        return self.state


@dataclass(frozen=True)
class CommandContext:
    interaction: ApplicationCommand
    services: Services
    config: Config
    t: Translator
    language: str
    values: dict[str, str | int | float | bool]
    user_id: str
    is_admin: bool

    def text(self, name: str, default: str = "") -> str:
        value = self.values.get(name)
        return value if isinstance(value, str) else default

    async def edit_original(
        self, message: MessagePayload, files: Sequence[FileUpload] = ()
    ) -> None:
        """Replace the "thinking…" message (PATCH ``@original``) with the answer."""
        await self.services.require_discord().edit_original(
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
    services: Services
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


Reply = ChannelMessage | Deferral
