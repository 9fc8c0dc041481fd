"""``tgraph-bot``: the bot's one command, with a subcommand for each job.

    tgraph-bot serve     the interactions endpoint (the always-on service)
    tgraph-bot post      the scheduled post (a timer runs it every 15 minutes), or a render
    tgraph-bot register  publish the slash commands to Discord
    tgraph-bot webhook   create a channel webhook owned by the bot (for Explore buttons)
    tgraph-bot i18n      translator tooling (a checkout with the development packages)

``python -m interactions_app`` is the same command; ``scripts/*.py`` are shims for a checkout.
Every subcommand fails the same way: one line per problem, exit 2 for a wrong config or command
line, 1 for a run that failed; ``--help`` lists each option's default and the exit codes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Protocol, cast

from ._common import COMMAND, EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, SUMMARIES, Parser


class _Subcommand(Protocol):
    def __call__(self, argv: Sequence[str] | None = None, *, prog: str = ...) -> int: ...


# Each subcommand's module loads only when it runs: ``register`` never pays for the endpoint.
SUBCOMMANDS = SUMMARIES


def subcommand(name: str) -> _Subcommand:
    return cast(_Subcommand, import_module(f"{__name__}.{name}").main)


def build_parser() -> argparse.ArgumentParser:
    listing = "\n".join(f"  {name:<9} {summary}" for name, summary in SUBCOMMANDS.items())
    return_codes = (
        f"  {EXIT_OK}  done\n  {EXIT_FAILURE}  the run failed\n"
        f"  {EXIT_CONFIG}  the config or the command line is wrong"
    )
    parser = Parser(
        prog=COMMAND,
        description=f"TGraph Bot: Tautulli statistics as graphs in Discord.\n\n"
        f"subcommands:\n{listing}",
        epilog=f"'{COMMAND} COMMAND --help' shows a subcommand's options and the exact meaning "
        f"of its exit codes.\nexit codes:\n{return_codes}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=list(SUBCOMMANDS), metavar="COMMAND", help="see above")
    parser.add_argument(
        "arguments", nargs=argparse.REMAINDER, metavar="...", help="the subcommand's options"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    command: str = args.command
    arguments: list[str] = args.arguments
    return subcommand(command)(arguments, prog=f"{COMMAND} {command}")


__all__ = ["SUBCOMMANDS", "build_parser", "main", "subcommand"]
