"""From a decoded interaction to the initial response (and the job to start once it is sent)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import anyio
import anyio.to_thread

from interactions_app.commands._context import (
    AutocompleteContext,
    CommandContext,
    Deferral,
    Services,
    Work,
)
from interactions_app.commands._language import translator_for_locale
from interactions_app.commands._registry import Command, CommandRegistry
from interactions_app.commands._replies import explain_error, refusal
from interactions_app.discord import MessagePayload
from interactions_app.interactions import (
    ApplicationCommand,
    Autocomplete,
    Interaction,
    MessageComponent,
    ModalSubmit,
    Ping,
)
from interactions_app.jobs import ErrorHandler, JobSlot
from interactions_app.permissions import is_admin
from interactions_app.responses import (
    InteractionResponse,
    Pong,
    autocomplete,
    deferred,
)
from interactions_app.schedule import format_discord_timestamp
from renderer.translation import Translator

__all__ = ["Dispatcher", "Outcome"]

logger = logging.getLogger(__name__)

COOLDOWN_CHECK_SECONDS = 1.5


@dataclass(frozen=True)
class Outcome:
    """The initial response, and the job to start once it has been sent (if any)."""

    response: InteractionResponse
    slot: JobSlot | None = None
    job: Work | None = None
    on_error: ErrorHandler | None = None

    def start_job(self) -> None:
        if self.slot is not None and self.job is not None:
            self.slot.start(self.job, on_error=self.on_error)

    def cancel_job(self) -> None:
        if self.slot is not None:
            self.slot.release()


class Dispatcher:
    def __init__(self, registry: CommandRegistry, services: Services) -> None:
        self.registry = registry
        self.services = services

    async def dispatch(self, interaction: Interaction) -> Outcome:
        match interaction:
            case Ping():
                return Outcome(Pong())
            case ApplicationCommand():
                return await self._command(interaction)
            case Autocomplete():
                return Outcome(await self._autocomplete(interaction))
            case MessageComponent() | ModalSubmit():
                _, t = self._translator(interaction.locale)
                return Outcome(refusal(t.gettext("This button or form is no longer in use.")))

    def _translator(self, locale: str | None) -> tuple[str, Translator]:
        return translator_for_locale(locale, self.services.config.LANGUAGE)

    def _is_admin(self, interaction: ApplicationCommand | Autocomplete) -> bool:
        config = self.services.config
        return is_admin(
            interaction.member,
            interaction.invoker,
            admin_role_ids=config.ADMIN_ROLE_IDS,
            admin_user_ids=config.ADMIN_USER_IDS,
        )

    async def _command(self, interaction: ApplicationCommand) -> Outcome:
        language, t = self._translator(interaction.locale)
        resolved = self.registry.resolve(interaction.data)
        invoker = interaction.invoker
        if resolved is None or resolved.handler is None or invoker is None:
            return Outcome(refusal(t.gettext("This command is not known (any more).")))
        admin = self._is_admin(interaction)
        refused = await self._gate(resolved.command, invoker.id, admin=admin, t=t)
        if refused is not None:
            return Outcome(refusal(refused))
        context = CommandContext(
            interaction=interaction,
            services=self.services,
            config=self.services.config,
            t=t,
            language=language,
            values=resolved.values,
            user_id=invoker.id,
            is_admin=admin,
        )
        try:
            reply = await resolved.handler(context)
        except Exception as exc:
            logger.exception("Command /%s failed", resolved.command.name)
            return Outcome(refusal(explain_error(exc, t)))
        if not isinstance(reply, Deferral):
            return Outcome(reply)
        jobs = self.services.jobs
        if jobs is not None:
            jobs.set_render_limit(self.services.config.MAX_CONCURRENT_RENDERS)
        slot = jobs.reserve(reply.name) if jobs is not None else None
        if slot is None:
            return Outcome(
                refusal(t.gettext("The bot is busy with other requests; try again in a minute."))
            )
        return Outcome(
            deferred(ephemeral=reply.ephemeral),
            slot=slot,
            job=reply.work,
            on_error=self._error_editor(interaction, t),
        )

    async def _gate(
        self, command: Command, user_id: str, *, admin: bool, t: Translator
    ) -> str | None:
        """Why the command may not run now (permissions, cooldown), or None."""
        # Discord shows the user the command's localized name; name it the same way.
        shown = t.gettext(command.name)
        if command.admin and not admin:
            return t.gettext(
                "Only server admins (Manage Server) or configured admin roles and "
                "users can use /{command}."
            ).format(command=shown)
        allowed_again = await self._cooldown(command, user_id)
        if allowed_again is not None:
            return t.gettext("/{command} is cooling down; you can use it again {when}.").format(
                command=shown, when=allowed_again
            )
        return None

    def _error_editor(self, interaction: ApplicationCommand, t: Translator) -> ErrorHandler:
        """Turns a failed job into a specific, translated edit of the "thinking…" message."""
        services = self.services

        async def edit(exc: BaseException) -> None:
            await services.require_discord().edit_original(
                interaction.application_id,
                interaction.token,
                MessagePayload(content=explain_error(exc, t)),
            )

        return edit

    async def _cooldown(self, command: Command, user_id: str) -> str | None:
        """None when the command may run now (its cooldown starts), else "<t:…:R>"."""
        cooldowns = self.services.cooldowns
        config = self.services.config
        prefix = command.config_prefix
        per_user = int(getattr(config, f"{prefix}_COOLDOWN_MINUTES", 0)) * 60
        global_ = int(getattr(config, f"{prefix}_GLOBAL_COOLDOWN_SECONDS", 0))
        if cooldowns is None or (per_user == 0 and global_ == 0):
            return None
        now = self.services.now()

        def check() -> datetime | None:
            return cooldowns.check(
                command.name, user_id, per_user_seconds=per_user, global_seconds=global_, now=now
            )

        # The state file may be locked by another process (a scheduled post) for seconds; the
        # answer must still leave within Discord's 3 s, so a slow check lets the command run.
        with anyio.move_on_after(COOLDOWN_CHECK_SECONDS):
            until = await anyio.to_thread.run_sync(check, abandon_on_cancel=True)
            return None if until is None else format_discord_timestamp(until, "R")
        logger.warning(
            "Cooldown check for /%s took over %.1f s (state file busy); allowing the command",
            command.name,
            COOLDOWN_CHECK_SECONDS,
        )
        return None

    async def _autocomplete(self, interaction: Autocomplete) -> InteractionResponse:
        resolved = self.registry.resolve(interaction.data)
        if resolved is None or resolved.autocomplete is None:
            return autocomplete([])
        admin = self._is_admin(interaction)
        if resolved.command.admin and not admin:
            return autocomplete([])
        _, t = self._translator(interaction.locale)
        context = AutocompleteContext(
            interaction=interaction,
            services=self.services,
            config=self.services.config,
            t=t,
            values=resolved.values,
            focused=resolved.focused,
            subcommand=resolved.subcommand.name if resolved.subcommand else None,
            is_admin=admin,
        )
        try:
            return autocomplete(await resolved.autocomplete(context))
        except Exception:
            logger.exception("Autocomplete for /%s failed", resolved.command.name)
            return autocomplete([])
