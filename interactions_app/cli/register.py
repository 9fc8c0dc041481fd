"""``tgraph-bot register`` (``scripts/register_commands.py``): publish the slash commands.

Global or in one server; ``--dry-run`` checks the config and prints the JSON instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import anyio

from interactions_app.cli._common import (
    COMMAND,
    EXIT_CONFIG,
    EXIT_FAILURE,
    EXIT_OK,
    SUMMARIES,
    add_config_argument,
    load_config_or_say,
    make_parser,
    say,
)
from interactions_app.commands.registration import (
    RegistrationError,
    RegistrationResult,
    command_payload,
    describe_changes,
    record_path,
    register_commands,
)
from interactions_app.config import Config
from interactions_app.discord import DiscordRest
from interactions_app.i18n import SOURCE_LANGUAGE, translator_for

SUMMARY = SUMMARIES["register"]
EXIT_CODES = {
    EXIT_OK: "registered (with --dry-run: the config is valid and the JSON was printed)",
    EXIT_FAILURE: "Discord refused the commands or did not answer",
    EXIT_CONFIG: "the config or the command line is wrong (or the token or application id "
    "is missing); nothing was sent",
}


def build_parser(prog: str = f"{COMMAND} register") -> argparse.ArgumentParser:
    parser = make_parser(
        prog, "Publish the bot's slash commands to Discord (bulk overwrite).", EXIT_CODES
    )
    add_config_argument(parser)
    parser.add_argument(
        "--guild",
        metavar="ID",
        help="register in this server only; shows at once, for testing (default: globally)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check the config and print the JSON that would be sent; sends nothing and needs "
        "no bot token (default: send)",
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    prog: str = f"{COMMAND} register",
    environ: Mapping[str, str] = os.environ,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = build_parser(prog).parse_args(argv)
    guild_id: str | None = args.guild
    english = translator_for(SOURCE_LANGUAGE)
    if guild_id is not None and not (guild_id.isdigit() and 15 <= len(guild_id) <= 21):
        say(english.gettext("--guild must be a server id (15 to 21 digits)."), err)
        return EXIT_CONFIG
    config = load_config_or_say(args.config, environ, err)
    if config is None:
        return EXIT_CONFIG
    commands = command_payload()
    if args.dry_run:
        print(json.dumps(commands, indent=2, ensure_ascii=False), file=out)
        return EXIT_OK
    t = translator_for(config.LANGUAGE)
    missing = _missing_settings(config)
    if missing:
        say(
            t.gettext("Set {keys} in the configuration to register the commands.").format(
                keys=" and ".join(missing)
            ),
            err,
        )
        return EXIT_CONFIG
    try:
        result = anyio.run(_register, config, commands, guild_id)
    except RegistrationError as error:
        say(error.explain(t), err)
        return EXIT_FAILURE
    for line in describe_changes(result, t, guild_id=guild_id):
        print(line, file=out)
    return EXIT_OK


async def _register(
    config: Config, commands: list[dict[str, Any]], guild_id: str | None
) -> RegistrationResult:
    record = record_path(Path(config.DATA_DIR), config.DISCORD_APPLICATION_ID, guild_id)
    async with DiscordRest(
        api_base=config.DISCORD_API_BASE, bot_token=config.DISCORD_BOT_TOKEN
    ) as rest:
        return await register_commands(
            rest, config.DISCORD_APPLICATION_ID, commands, guild_id=guild_id, record=record
        )


def _missing_settings(config: Config) -> list[str]:
    missing: list[str] = []
    if not config.DISCORD_APPLICATION_ID:
        missing.append("DISCORD_APPLICATION_ID")
    if not config.DISCORD_BOT_TOKEN:
        missing.append("DISCORD_BOT_TOKEN")
    return missing
