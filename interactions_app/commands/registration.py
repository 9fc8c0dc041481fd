"""Publish the command registry with a bulk overwrite, and say what changed.

The commands come from ``interactions_app.commands.build_registry()`` (the same definitions the
endpoint dispatches on), with name/description localizations from the gettext catalogs. What
was last registered per scope is kept in ``DATA_DIR/commands/`` so a run can say which names it
added, updated and removed (Discord's bulk overwrite answers with the new set only).

The command line (``scripts/register_commands.py``) is ``interactions_app.cli.register``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interactions_app.atomic_file import write_atomically
from interactions_app.commands import build_registry
from interactions_app.discord import (
    INVALID_FORM_BODY,
    DiscordAuthError,
    DiscordError,
    DiscordHTTPError,
    DiscordNotFound,
    DiscordRest,
)
from interactions_app.i18n import discord_localizations
from renderer import Translator

logger = logging.getLogger(__name__)

COMMANDS_DIR = "commands"


def command_payload() -> list[dict[str, Any]]:
    """The bulk-overwrite body: every command of the registry, localized."""
    return build_registry().to_discord_json(localizations=discord_localizations)


@dataclass(frozen=True)
class CommandChanges:
    added: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: list[str]
    first_record: bool = False
    """No earlier registration was recorded here, so every command counts as added."""


def compare_commands(
    before: Sequence[Mapping[str, Any]] | None, after: Sequence[Mapping[str, Any]]
) -> CommandChanges:
    """Names added, updated (any field differs), removed and unchanged, in ``after``'s order.

    ``before`` None means nothing is known about earlier registrations: all count as added.
    """
    old = {str(command["name"]): command for command in before or []}
    new_names = [str(command["name"]) for command in after]
    added = [name for name in new_names if name not in old]
    updated = [
        name
        for name, command in zip(new_names, after, strict=True)
        if name in old and _canonical(old[name]) != _canonical(command)
    ]
    removed = [name for name in old if name not in set(new_names)]
    unchanged = [name for name in new_names if name not in added and name not in updated]
    return CommandChanges(added, updated, removed, unchanged, first_record=before is None)


def record_path(data_dir: Path, application_id: str, guild_id: str | None) -> Path:
    scope = f"guild-{guild_id}" if guild_id else "global"
    return data_dir / COMMANDS_DIR / f"{application_id}-{scope}.json"


def read_record(path: Path) -> list[dict[str, Any]] | None:
    try:
        loaded: object = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(loaded, list):
        return None
    return [item for item in loaded if isinstance(item, dict)]  # pyright: ignore[reportUnknownVariableType]


def write_record(path: Path, commands: Sequence[Mapping[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(list(commands), indent=2, ensure_ascii=False)
    write_atomically(path, text.encode())


class RegistrationError(Exception):
    """Discord refused the registration; ``explain`` says which setting to check."""

    def __init__(self, cause: DiscordError, *, application_id: str, guild_id: str | None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.application_id = application_id
        self.guild_id = guild_id

    def explain(self, t: Translator) -> str:
        cause = self.cause
        if isinstance(cause, DiscordAuthError) and cause.status == 401:
            return t.gettext(
                "Discord refused the bot token (HTTP 401). Check DISCORD_BOT_TOKEN: copy it "
                "again from the developer portal (Bot → Reset Token)."
            )
        if isinstance(cause, DiscordAuthError) and self.guild_id is not None:
            return t.gettext(
                "Discord refused access to server {guild} (HTTP {status}, code {code}). Is the "
                "app installed there with the applications.commands scope?"
            ).format(guild=self.guild_id, status=cause.status, code=cause.code)
        if isinstance(cause, DiscordAuthError):
            return t.gettext(
                "Discord refused to change the commands of application {application} (HTTP "
                "{status}, code {code}). Does DISCORD_BOT_TOKEN belong to the application "
                "DISCORD_APPLICATION_ID names?"
            ).format(application=self.application_id, status=cause.status, code=cause.code)
        if isinstance(cause, DiscordNotFound) or (
            isinstance(cause, DiscordHTTPError) and cause.code == INVALID_FORM_BODY
            and "application" in cause.message.lower()
        ):  # fmt: skip
            return t.gettext(
                "Discord does not know application {application} (HTTP {status}, code {code}). "
                "Check DISCORD_APPLICATION_ID: the Application ID on the developer portal's "
                "General Information page."
            ).format(application=self.application_id, status=cause.status, code=cause.code)
        return cause.explain(t)


@dataclass(frozen=True)
class RegistrationResult:
    registered: list[dict[str, Any]]
    changes: CommandChanges


async def register_commands(
    rest: DiscordRest,
    application_id: str,
    commands: list[dict[str, Any]],
    *,
    guild_id: str | None = None,
    record: Path | None = None,
) -> RegistrationResult:
    """Bulk-overwrite ``commands``; compare with the record of the last registration."""
    before = read_record(record) if record is not None else None
    try:
        registered = await rest.bulk_overwrite_commands(application_id, commands, guild_id)
    except DiscordError as error:
        raise RegistrationError(error, application_id=application_id, guild_id=guild_id) from error
    if record is not None:
        try:
            write_record(record, commands)
        except OSError as error:
            # The registration itself succeeded; only the next run's comparison suffers.
            logger.warning("Could not keep a record of the commands at %s: %s", record, error)
    return RegistrationResult(registered, compare_commands(before, commands))


def describe_changes(
    result: RegistrationResult, t: Translator, *, guild_id: str | None
) -> list[str]:
    count = len(result.registered)
    if guild_id is None:
        head = t.ngettext(
            "Registered {count} command globally (clients may take a moment to show changes).",
            "Registered {count} commands globally (clients may take a moment to show changes).",
            count,
        ).format(count=count)
    else:
        head = t.ngettext(
            "Registered {count} command in server {guild}.",
            "Registered {count} commands in server {guild}.",
            count,
        ).format(count=count, guild=guild_id)
    changes = result.changes
    lines = [head]
    for label, names in (
        (t.gettext("added: {names}"), changes.added),
        (t.gettext("updated: {names}"), changes.updated),
        (t.gettext("removed: {names}"), changes.removed),
        (t.gettext("unchanged: {names}"), changes.unchanged),
    ):
        if names:
            lines.append("  " + label.format(names=", ".join(f"/{name}" for name in names)))
    if changes.first_record:
        lines.append(
            "  "
            + t.gettext(
                "(no earlier registration is recorded in DATA_DIR, so every command is listed "
                "as added; commands registered elsewhere are replaced all the same)"
            )
        )
    return lines


def _canonical(command: Mapping[str, Any]) -> str:
    return json.dumps(command, sort_keys=True, ensure_ascii=False)
