"""What the command-line scripts share: exit codes, ``--config``, loading it, one-line output."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TextIO

from .config import Config, ConfigError, load_config, resolve_config_path
from .i18n import SOURCE_LANGUAGE, translator_for

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_CONFIG = 2


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", metavar="PATH", help="config file (default: $TGRAPH_CONFIG or ./config.yaml)"
    )


def load_config_or_say(
    cli_value: str | None,
    environ: Mapping[str, str],
    err: TextIO,
    *,
    missing_ok: bool = False,
) -> Config | None:
    """The config, or None after printing why it cannot be used (in the source language: the
    configured language is not known yet)."""
    try:
        path = resolve_config_path(cli_value, environ)
        return load_config(path, environ=environ, missing_ok=missing_ok)
    except ConfigError as error:
        for line in error.lines(translator_for(SOURCE_LANGUAGE)):
            say(line, err)
        return None


def say(text: str, stream: TextIO) -> None:
    # One line per run in the journal, whatever the explanation's own line breaks.
    print(" ".join(text.split()), file=stream, flush=True)
