"""``tgraph-bot serve`` (``scripts/serve.py``): the interactions endpoint under uvicorn.

Everything the server needs from the config (the public key, a writable ``DATA_DIR``) is
checked before uvicorn starts: a wrong setting is one line per problem and exit 2, not a
start-up traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

import uvicorn

from ..config import Config, ConfigError, ConfigStore, resolve_config_path
from ..endpoint.app import create_app
from ..i18n import translator_for
from ..state import StateError, StateStore
from ._common import (
    COMMAND,
    EXIT_CONFIG,
    EXIT_FAILURE,
    EXIT_OK,
    SUMMARIES,
    add_config_argument,
    data_dir_problem,
    make_parser,
    say,
    say_config_error,
)

SWITCH_INTERVAL = 0.0005
"""Seconds a thread may hold the GIL before the event loop gets a turn: rendering threads must
not delay interaction answers (DESIGN.md: p99 58 ms at the default 5 ms, 24 ms at 0.5 ms)."""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
_PUBLIC_KEY = re.compile(r"[0-9a-fA-F]{64}")

SUMMARY = SUMMARIES["serve"]
EXIT_CODES = {
    EXIT_OK: "stopped by Ctrl-C (SIGTERM ends it by that signal after a graceful shutdown, "
    "as systemd expects)",
    EXIT_FAILURE: "the server could not start (the state file cannot be used, the port is taken)",
    EXIT_CONFIG: "the config or the command line is wrong; nothing was started",
}


def port_number(text: str) -> int:
    """``--port``: a TCP port a server can listen on."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: use a number from 1 to 65535")
    return port


def build_parser(prog: str = f"{COMMAND} serve") -> argparse.ArgumentParser:
    parser = make_parser(
        prog,
        "Serve the Discord interactions endpoint (POST /interactions, GET /healthz).",
        EXIT_CODES,
    )
    add_config_argument(parser)
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, behind a reverse proxy)",
    )
    parser.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_PORT,
        help=f"port to listen on, 1 to 65535 (default: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--log-level",
        default="info",
        choices=["debug", "info", "warning"],
        help="what to log (default: info)",
    )
    return parser


def config_problems(config: Config) -> list[str]:
    """What in the config keeps the server from starting, one line each."""
    t = translator_for(config.LANGUAGE)
    problems: list[str] = []
    if not _PUBLIC_KEY.fullmatch(config.DISCORD_PUBLIC_KEY):
        problems.append(
            t.gettext(
                "DISCORD_PUBLIC_KEY must be the application's public key, 64 hexadecimal "
                "characters: copy it from the Discord Developer Portal, General Information."
            )
        )
    problem = data_dir_problem(Path(config.DATA_DIR), t)
    if problem is not None:
        problems.append(problem)
    return problems


def build_server(args: argparse.Namespace, store: ConfigStore) -> uvicorn.Server:
    """The server for the parsed command line and a config that passed ``config_problems``."""
    config = uvicorn.Config(
        create_app(store),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=False,
        proxy_headers=True,
        timeout_graceful_shutdown=30,
    )
    return uvicorn.Server(config)


def main(
    argv: Sequence[str] | None = None,
    *,
    prog: str = f"{COMMAND} serve",
    environ: Mapping[str, str] = os.environ,
    stderr: TextIO | None = None,
) -> int:
    err = stderr or sys.stderr
    args = build_parser(prog).parse_args(argv)
    try:
        store = ConfigStore(resolve_config_path(args.config, environ), environ=environ)
    except ConfigError as error:
        say_config_error(error, err)
        return EXIT_CONFIG
    config = store.current
    problems = config_problems(config)
    for problem in problems:
        say(problem, err)
    if problems:
        return EXIT_CONFIG
    try:  # the state file itself (a newer version's, unreadable): uvicorn would print a traceback
        StateStore.in_data_dir(Path(config.DATA_DIR)).close()
    except StateError as error:
        say(error.explain(translator_for(config.LANGUAGE)), err)
        return EXIT_FAILURE
    server = build_server(args, store)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request URL at INFO; interaction URLs carry tokens.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    sys.setswitchinterval(SWITCH_INTERVAL)
    # After a graceful shutdown uvicorn re-raises the signal that stopped it: SIGTERM ends the
    # process as the service manager expects; Ctrl-C (SIGINT) needs no traceback.
    with contextlib.suppress(KeyboardInterrupt):
        try:
            server.run()
        except SystemExit:  # uvicorn's own exit after logging why it could not listen
            return EXIT_FAILURE
    # A failed application start-up is logged by uvicorn, which then returns as if stopped.
    return EXIT_OK if server.started else EXIT_FAILURE
