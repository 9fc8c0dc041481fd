"""Slash commands: one registry holding every definition and its handler.

The app dispatches on it; ``scripts/register_commands.py`` publishes
``build_registry().to_discord_json(localizations=discord_localizations)``.
"""

from __future__ import annotations

from interactions_app.commands import (
    _about,
    _config,
    _digest,
    _graph,
    _link,
    _my_stats,
    _unlink,
    _update_graphs,
    _uptime,
    _wrapped,
)
from interactions_app.commands._context import (
    AutocompleteContext,
    CommandContext,
    Deferral,
    Reply,
    Runtime,
)
from interactions_app.commands._dispatch import Dispatcher, Outcome
from interactions_app.commands._registry import (
    AutocompleteHandler,
    Command,
    CommandRegistry,
    Handler,
    Localizer,
    Option,
    OptionType,
    Resolved,
    Subcommand,
)
from interactions_app.commands._replays import Delivery, ReplayGuard
from interactions_app.commands._replies import explain_error, refusal

__all__ = [
    "AutocompleteContext",
    "AutocompleteHandler",
    "Command",
    "CommandContext",
    "CommandRegistry",
    "Deferral",
    "Delivery",
    "Dispatcher",
    "Handler",
    "Localizer",
    "Option",
    "OptionType",
    "Outcome",
    "ReplayGuard",
    "Reply",
    "Resolved",
    "Runtime",
    "Subcommand",
    "build_registry",
    "explain_error",
    "refusal",
]


def build_registry() -> CommandRegistry:
    """Every command the bot offers, in the order Discord lists them."""
    return CommandRegistry(
        [
            _about.COMMAND,
            _uptime.COMMAND,
            _my_stats.COMMAND,
            _graph.COMMAND,
            _digest.COMMAND,
            _wrapped.COMMAND,
            _link.COMMAND,
            _unlink.COMMAND,
            _update_graphs.COMMAND,
            _config.COMMAND,
        ]
    )
