"""The command registry: what each slash command looks like to Discord and who handles it.

Names and descriptions are English source text marked with ``N_`` (names carry a
"Translators:" comment, since Discord only accepts lower-case names without spaces); the
localizer turns each into Discord's ``*_localizations`` maps.

One list of ``Command`` objects serves both sides: the app dispatches incoming interactions on it
and ``scripts/register_commands.py`` publishes ``registry.to_discord_json()`` with a bulk
overwrite, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from interactions_app.commands.permissions import MANAGE_GUILD
from interactions_app.discord.interactions import CommandData, CommandOption

if TYPE_CHECKING:
    from interactions_app.commands._context import AutocompleteContext, CommandContext, Reply

__all__ = [
    "AutocompleteHandler",
    "Command",
    "CommandRegistry",
    "Handler",
    "Localizer",
    "Option",
    "OptionType",
    "Resolved",
    "Subcommand",
]

Handler = Callable[["CommandContext"], Awaitable["Reply"]]
AutocompleteHandler = Callable[["AutocompleteContext"], Awaitable[list[tuple[str, str]]]]
Localizer = Callable[[str], Mapping[str, str]]
"""English source text → ``{discord_locale: translation}`` (missing locales fall back)."""

GUILD_INSTALL = 0
CONTEXT_GUILD = 0
CONTEXT_BOT_DM = 1


class OptionType(IntEnum):
    SUB_COMMAND = 1
    STRING = 3
    INTEGER = 4
    BOOLEAN = 5
    USER = 6


@dataclass(frozen=True, kw_only=True)
class Option:
    name: str
    description: str
    type: OptionType = OptionType.STRING
    required: bool = False
    autocomplete: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int | None = None

    def to_json(self, localize: Localizer) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": int(self.type),
            "name": self.name,
            "description": self.description,
            "required": self.required,
        }
        _add_localizations(out, "name", self.name, localize)
        _add_localizations(out, "description", self.description, localize)
        if self.autocomplete:
            out["autocomplete"] = True
        if self.choices:
            out["choices"] = [
                _localized({"name": name, "value": value}, "name", name, localize)
                for name, value in self.choices
            ]
        if self.max_length is not None:
            out["max_length"] = self.max_length
        return out


@dataclass(frozen=True, kw_only=True)
class Subcommand:
    name: str
    description: str
    handler: Handler
    options: tuple[Option, ...] = ()
    autocomplete: AutocompleteHandler | None = None

    def to_json(self, localize: Localizer) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": int(OptionType.SUB_COMMAND),
            "name": self.name,
            "description": self.description,
            "options": [option.to_json(localize) for option in self.options],
        }
        _add_localizations(out, "name", self.name, localize)
        return _localized(out, "description", self.description, localize)


@dataclass(frozen=True, kw_only=True)
class Command:
    """A slash command: either a ``handler`` with ``options``, or ``subcommands``.

    ``admin`` commands are hidden from non-admins by default (Manage Server) and guild-only; the
    endpoint checks permissions again on every use. Cooldowns come from the config keys
    ``<NAME>_COOLDOWN_MINUTES`` and ``<NAME>_GLOBAL_COOLDOWN_SECONDS``.
    """

    name: str
    description: str
    handler: Handler | None = None
    options: tuple[Option, ...] = ()
    subcommands: tuple[Subcommand, ...] = ()
    autocomplete: AutocompleteHandler | None = None
    admin: bool = False

    @property
    def config_prefix(self) -> str:
        return self.name.upper()

    def to_json(self, localize: Localizer) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": 1,
            "name": self.name,
            "description": self.description,
            "options": (
                [sub.to_json(localize) for sub in self.subcommands]
                if self.subcommands
                else [option.to_json(localize) for option in self.options]
            ),
            "integration_types": [GUILD_INSTALL],
            "contexts": [CONTEXT_GUILD] if self.admin else [CONTEXT_GUILD, CONTEXT_BOT_DM],
        }
        if self.admin:
            out["default_member_permissions"] = str(MANAGE_GUILD)
        _add_localizations(out, "name", self.name, localize)
        return _localized(out, "description", self.description, localize)


@dataclass(frozen=True)
class Resolved:
    """An incoming command matched to its definition, with its (leaf) option values."""

    command: Command
    subcommand: Subcommand | None
    values: dict[str, str | int | float | bool]
    focused: str | None

    @property
    def handler(self) -> Handler | None:
        return self.subcommand.handler if self.subcommand else self.command.handler

    @property
    def autocomplete(self) -> AutocompleteHandler | None:
        return self.subcommand.autocomplete if self.subcommand else self.command.autocomplete


class CommandRegistry:
    def __init__(self, commands: Iterable[Command]) -> None:
        self._commands: dict[str, Command] = {}
        for command in commands:
            if command.name in self._commands:
                raise ValueError(f"command /{command.name} is defined twice")
            if (command.handler is None) == (not command.subcommands):
                raise ValueError(f"/{command.name} needs either a handler or subcommands")
            self._commands[command.name] = command

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands.values())

    def __len__(self) -> int:
        return len(self._commands)

    def get(self, name: str) -> Command | None:
        return self._commands.get(name)

    def resolve(self, data: CommandData) -> Resolved | None:
        """Match an interaction's data to a command; None for names this build does not know."""
        command = self._commands.get(data.name)
        if command is None:
            return None
        options = data.options
        subcommand: Subcommand | None = None
        if command.subcommands:
            if not options:
                return None
            subcommand = next((s for s in command.subcommands if s.name == options[0].name), None)
            if subcommand is None:
                return None
            options = options[0].options
        return Resolved(command, subcommand, _values(options), _focused(options))

    def to_discord_json(self, *, localizations: Localizer | None = None) -> list[dict[str, Any]]:
        """The body of a bulk overwrite (``PUT /applications/{id}/commands``)."""
        localize = localizations or _no_localizations
        return [command.to_json(localize) for command in self._commands.values()]


def _values(options: list[CommandOption]) -> dict[str, str | int | float | bool]:
    return {option.name: option.value for option in options if option.value is not None}


def _focused(options: list[CommandOption]) -> str | None:
    return next((option.name for option in options if option.focused), None)


def _no_localizations(_text: str) -> Mapping[str, str]:
    return {}


def _localized(out: dict[str, Any], key: str, text: str, localize: Localizer) -> dict[str, Any]:
    _add_localizations(out, key, text, localize)
    return out


def _add_localizations(out: dict[str, Any], key: str, text: str, localize: Localizer) -> None:
    translations = {locale: value for locale, value in localize(text).items() if value != text}
    if translations:
        out[f"{key}_localizations"] = translations
