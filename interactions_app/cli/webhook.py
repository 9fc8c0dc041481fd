"""``tgraph-bot webhook create --channel ID``: a channel webhook owned by the bot's application.

Discord lets a webhook send interactive components (the "Explore" button under each scheduled
graph) only when an application created it with its bot token: webhook.mdx, Execute Webhook,
"Application-owned webhooks can always send components. Non-application-owned webhooks cannot
send interactive components". A webhook made in the channel's settings can post the graphs too,
without the button. Creating one needs the bot in the server with Manage Webhooks there.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

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
from interactions_app.config import Config
from interactions_app.discord import (
    MISSING_ACCESS,
    MISSING_PERMISSIONS,
    CreatedWebhook,
    DiscordError,
    DiscordHTTPError,
    DiscordRest,
)
from interactions_app.i18n import translator_for

SUMMARY = SUMMARIES["webhook"]
EXIT_CODES = {
    EXIT_OK: "created; its URL is printed on standard output",
    EXIT_FAILURE: "Discord refused (no Manage Webhooks, unknown channel) or did not answer",
    EXIT_CONFIG: "the config or the command line is wrong (or the bot token is missing); "
    "nothing was sent",
}
DEFAULT_NAME = "TGraph Bot"


def _channel_id(text: str) -> str:
    if not (text.isdigit() and 15 <= len(text) <= 21):
        raise argparse.ArgumentTypeError("a channel id is 15 to 21 digits")
    return text


def build_parser(prog: str = f"{COMMAND} webhook") -> argparse.ArgumentParser:
    parser = make_parser(
        prog,
        "Create a channel webhook owned by the bot, so that the scheduled graphs can carry an "
        "Explore button.",
        EXIT_CODES,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    summary = "create a webhook in a channel with the bot token and print its URL"
    create = commands.add_parser("create", help=summary, description=summary)
    add_config_argument(create)
    create.add_argument(
        "--channel",
        metavar="ID",
        required=True,
        type=_channel_id,
        help="the channel to post the graphs in (Copy Channel ID in Discord) (default: none, "
        "required)",
    )
    create.add_argument(
        "--name",
        default=DEFAULT_NAME,
        help=f"the name the posts show (default: {DEFAULT_NAME})",
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    prog: str = f"{COMMAND} webhook",
    environ: Mapping[str, str] = os.environ,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    args = build_parser(prog).parse_args(argv)
    config = load_config_or_say(args.config, environ, err)
    if config is None:
        return EXIT_CONFIG
    t = translator_for(config.LANGUAGE)
    if not config.DISCORD_BOT_TOKEN:
        say(
            t.gettext(
                "No bot token is configured, so the bot cannot do this. "
                "Set DISCORD_BOT_TOKEN in the configuration."
            ),
            err,
        )
        return EXIT_CONFIG
    channel: str = args.channel
    try:
        created = anyio.run(_create, config, channel, str(args.name))
    except DiscordHTTPError as error:
        if error.code in (MISSING_PERMISSIONS, MISSING_ACCESS):
            say(
                t.gettext(
                    "The bot may not create webhooks in channel {channel} (code {code}). "
                    "Give it the Manage Webhooks permission there."
                ).format(channel=channel, code=error.code),
                err,
            )
        else:
            say(error.explain(t), err)
        return EXIT_FAILURE
    except DiscordError as error:
        say(error.explain(t), err)
        return EXIT_FAILURE
    print(created.url, file=out)
    say(
        t.gettext(
            "Created a webhook owned by the bot in channel {channel}. Put its URL (printed "
            "above) in DISCORD_WEBHOOK_URL; it is a secret."
        ).format(channel=channel),
        err,
    )
    return EXIT_OK


async def _create(config: Config, channel: str, name: str) -> CreatedWebhook:
    async with DiscordRest(
        api_base=config.DISCORD_API_BASE, bot_token=config.DISCORD_BOT_TOKEN
    ) as rest:
        return await rest.create_channel_webhook(channel, name)
