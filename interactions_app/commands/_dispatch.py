"""From a decoded interaction to the initial response (and the job to start once it is sent)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

import anyio

from interactions_app.commands._context import (
    AutocompleteContext,
    CommandContext,
    Deferral,
    Runtime,
    Work,
)
from interactions_app.commands._explore import handle_click
from interactions_app.commands._language import translator_for_locale
from interactions_app.commands._registry import Command, CommandRegistry
from interactions_app.commands._replies import explain_error, refusal
from interactions_app.commands.cooldowns import Cooldowns
from interactions_app.commands.permissions import is_admin
from interactions_app.discord import MessagePayload
from interactions_app.discord.interactions import (
    ApplicationCommand,
    Autocomplete,
    Interaction,
    MessageComponent,
    ModalSubmit,
    Ping,
)
from interactions_app.discord.markup import format_discord_timestamp
from interactions_app.discord.responses import (
    InteractionResponse,
    Pong,
    autocomplete,
    deferred,
)
from interactions_app.endpoint.jobs import ErrorHandler, JobSlot
from interactions_app.state import StateStore, StateUnavailable
from renderer.translation import Translator

__all__ = ["Dispatcher", "Outcome"]

logger = logging.getLogger(__name__)

Refund = Callable[[], Awaitable[None]]
"""Gives a claimed cooldown back when the command did not run after all."""


@dataclass(frozen=True)
class Outcome:
    """The initial response, and the job to start once it has been sent (if any).

    ``response`` None: it was sent through the callback endpoint; Discord's POST gets 202."""

    response: InteractionResponse | None
    slot: JobSlot | None = None
    job: Work | None = None
    on_error: ErrorHandler | None = None
    refund: Refund | None = None

    def start_job(self) -> None:
        if self.slot is not None and self.job is not None:
            self.slot.start(self.job, on_error=self.on_error)

    async def cancel_job(self) -> None:
        """The response could not be sent: the job never starts, its cooldown is given back."""
        if self.slot is not None:
            self.slot.release()
        if self.refund is not None:
            with anyio.CancelScope(shield=True):
                await self.refund()


class Dispatcher:
    def __init__(self, registry: CommandRegistry, services: Runtime) -> None:
        self.registry = registry
        self.services = services

    async def dispatch(
        self, interaction: Interaction, *, received_at: float | None = None
    ) -> Outcome:
        """``received_at``: when the request arrived (``Runtime.clock``), for time budgets."""
        match interaction:
            case Ping():
                return Outcome(Pong())
            case ApplicationCommand():
                return await self._command(interaction)
            case Autocomplete():
                return Outcome(await self._autocomplete(interaction))
            case MessageComponent():
                received = self.services.clock() if received_at is None else received_at
                return await self._component(interaction, received)
            case ModalSubmit():
                _, t = self._translator(interaction.locale)
                return Outcome(refusal(t.gettext("This button or form is no longer in use.")))

    def _translator(self, locale: str | None) -> tuple[str, Translator]:
        return translator_for_locale(locale, self.services.config.LANGUAGE)

    def _is_admin(self, interaction: ApplicationCommand | Autocomplete | MessageComponent) -> bool:
        config = self.services.config
        return is_admin(
            interaction.member,
            interaction.invoker,
            admin_role_ids=config.ADMIN_ROLE_IDS,
            admin_user_ids=config.ADMIN_USER_IDS,
        )

    def busy(self, interaction: Interaction) -> Outcome:
        """The bot cannot take this interaction now (no job slot, state file unavailable)."""
        _, t = self._translator(interaction.locale)
        return Outcome(
            refusal(t.gettext("The bot is busy with other requests; try again in a minute."))
        )

    async def _command(self, interaction: ApplicationCommand) -> Outcome:
        language, t = self._translator(interaction.locale)
        resolved = self.registry.resolve(interaction.data)
        invoker = interaction.invoker
        if resolved is None or resolved.handler is None or invoker is None:
            return Outcome(refusal(t.gettext("This command is not known (any more).")))
        admin = self._is_admin(interaction)
        refused, refund = await self._gate(resolved.command, invoker.id, admin=admin, t=t)
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
            await _give_back(refund)
            return Outcome(refusal(explain_error(exc, t)))
        if not isinstance(reply, Deferral):
            return Outcome(reply)
        refund = _together(refund, reply.refund)
        jobs = self.services.jobs
        jobs.set_render_limit(self.services.config.MAX_CONCURRENT_RENDERS)
        slot = jobs.reserve(reply.name)
        if slot is None:
            await _give_back(refund)
            return self.busy(interaction)
        return Outcome(
            deferred(ephemeral=reply.ephemeral),
            slot=slot,
            job=reply.work,
            on_error=self._error_editor(interaction, t),
            refund=refund,
        )

    async def _component(self, interaction: MessageComponent, received_at: float) -> Outcome:
        language, t = self._translator(interaction.locale)
        try:
            answer = await handle_click(
                self.services,
                interaction,
                admin=self._is_admin(interaction),
                language=language,
                t=t,
                received_at=received_at,
            )
        except Exception as exc:
            # Like a command's: a bug answers a private line, not an HTTP 500.
            logger.exception("A click on %r failed", interaction.data.custom_id)
            return Outcome(refusal(explain_error(exc, t)))
        if answer.work is None:
            return Outcome(answer.response)
        jobs = self.services.jobs
        jobs.set_render_limit(self.services.config.MAX_CONCURRENT_RENDERS)
        slot = jobs.reserve("explore")
        if slot is None:
            await _give_back(answer.refund)
            # Answered through the callback already: the clicks queued meanwhile stay undrawn.
            return self.busy(interaction) if answer.response is not None else Outcome(None)
        return Outcome(
            answer.response,
            slot=slot,
            job=answer.work,
            on_error=self._error_editor(interaction, t),
            refund=answer.refund,
        )

    async def _gate(
        self, command: Command, user_id: str, *, admin: bool, t: Translator
    ) -> tuple[str | None, Refund | None]:
        """Why the command may not run now (permissions, cooldown), or its cooldown's refund.

        The cooldown is claimed here, atomically, and the caller gives it back whenever the
        command does not run after all: a refusal must not cost the user their next try."""
        # Discord shows the user the command's localized name; name it the same way.
        shown = t.gettext(command.name)
        if command.admin and not admin:
            return t.gettext(
                "Only server admins (Manage Server) or configured admin roles and "
                "users can use /{command}."
            ).format(command=shown), None
        allowed_again, refund = await self._claim_cooldown(command, user_id)
        if allowed_again is not None:
            return t.gettext("/{command} is cooling down; you can use it again {when}.").format(
                command=shown, when=format_discord_timestamp(allowed_again, "R")
            ), None
        return None, refund

    def _error_editor(
        self, interaction: ApplicationCommand | MessageComponent, t: Translator
    ) -> ErrorHandler:
        """Turns a failed job into a specific, translated edit of the "thinking…" message."""
        services = self.services

        async def edit(exc: BaseException) -> None:
            await services.discord.edit_original(
                interaction.application_id,
                interaction.token,
                MessagePayload(content=explain_error(exc, t)),
            )

        return edit

    async def _claim_cooldown(
        self, command: Command, user_id: str
    ) -> tuple[datetime | None, Refund | None]:
        """``(None, refund)`` when the command may run now (its cooldown has started and
        ``refund`` gives it back), else ``(when it may run again, None)``."""
        calls = self.services.request_state
        config = self.services.config
        prefix = command.config_prefix
        per_user = int(getattr(config, f"{prefix}_COOLDOWN_MINUTES", 0)) * 60
        global_ = int(getattr(config, f"{prefix}_GLOBAL_COOLDOWN_SECONDS", 0))
        if per_user == 0 and global_ == 0:
            return None, None
        now = self.services.now()

        def claim(store: StateStore) -> datetime | None:
            return Cooldowns(store).check(
                command.name, user_id, per_user_seconds=per_user, global_seconds=global_, now=now
            )

        def give_back(store: StateStore) -> None:
            Cooldowns(store).refund(
                command.name, user_id, per_user_seconds=per_user, global_seconds=global_, now=now
            )

        async def refund() -> None:
            try:
                await calls.call(give_back)
            except StateUnavailable as exc:
                logger.warning("Could not give back the cooldown of /%s: %s", command.name, exc)

        try:
            until = await calls.call(claim)
        except StateUnavailable as exc:
            # The answer must leave within Discord's 3 s; a cooldown is a courtesy limit, so a
            # state file that cannot be asked in time lets the command run.
            logger.warning(
                "Cooldown check for /%s failed (%s); allowing the command", command.name, exc
            )
            return None, None
        if until is not None:
            return until, None
        return None, refund

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


def _together(first: Refund | None, second: Refund | None) -> Refund | None:
    if first is None or second is None:
        return first or second

    async def both() -> None:
        await first()
        await second()

    return both


async def _give_back(refund: Refund | None) -> None:
    if refund is not None:
        await refund()
