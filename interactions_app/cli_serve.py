"""``scripts/serve.py``: the interactions endpoint under uvicorn.

Exit codes: 0 after Ctrl-C, killed by SIGTERM after a graceful shutdown (what systemd expects),
2 when the config or the command line is wrong.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

import uvicorn

from .app import create_app
from .cli_common import EXIT_CONFIG, EXIT_OK, add_config_argument
from .config import ConfigError, ConfigStore, resolve_config_path
from .i18n import SOURCE_LANGUAGE, translator_for

SWITCH_INTERVAL = 0.0005
"""Seconds a thread may hold the GIL before the event loop gets a turn: rendering threads must
not delay interaction answers (DESIGN.md: p99 58 ms at the default 5 ms, 24 ms at 0.5 ms)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="serve.py",
        description="Serve the Discord interactions endpoint (POST /interactions, GET /healthz).",
    )
    add_config_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning"])
    return parser


def build_server(args: argparse.Namespace, environ: Mapping[str, str]) -> uvicorn.Server:
    """The server for the parsed command line; ConfigError or ValueError if the config is bad."""
    store = ConfigStore(resolve_config_path(args.config, environ), environ=environ)
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
    environ: Mapping[str, str] = os.environ,
    stderr: TextIO | None = None,
) -> int:
    err = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        server = build_server(args, environ)
    except ConfigError as exc:
        print(exc.explain(translator_for(SOURCE_LANGUAGE)), file=err)
        return EXIT_CONFIG
    except ValueError as exc:  # the public key: parsed once, at start
        print(exc, file=err)
        return EXIT_CONFIG
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request URL at INFO; interaction URLs carry tokens.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    sys.setswitchinterval(SWITCH_INTERVAL)
    # After a graceful shutdown uvicorn re-raises the signal that stopped it: SIGTERM ends the
    # process as the service manager expects; Ctrl-C (SIGINT) needs no traceback.
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    return EXIT_OK
