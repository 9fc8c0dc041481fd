"""What every subcommand shares: exit codes, failing in one line, ``--config``, output.

A subcommand never shows a traceback for something a person can fix: it prints one line per
problem (what is wrong, where, what to do) and exits 2 for a wrong config or command line, 1 for
a run that failed on the way (Tautulli, Discord, the state file).
"""

from __future__ import annotations

import argparse
import errno
import os
import tempfile
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn, TextIO

from renderer.translation import Translator

from ..config import Config, ConfigError, load_config, resolve_config_path
from ..i18n import SOURCE_LANGUAGE, translator_for

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_CONFIG = 2

COMMAND = "tgraph-bot"
"""The installed command; each subcommand's default ``prog`` is ``tgraph-bot <name>``."""


class Parser(argparse.ArgumentParser):
    """``argparse`` that reports a wrong command line in one line, pointing at ``--help``."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_CONFIG, f"{self.prog}: {message} (see '{self.prog} --help')\n")


SUMMARIES: dict[str, str] = {
    "serve": "serve the Discord interactions endpoint (the always-on service)",
    "post": "post the graph set when it is due (run every 15 minutes), or render it into a folder",
    "register": "publish the slash commands to Discord (after install and after every upgrade)",
    "webhook": "create a channel webhook owned by the bot (for Explore buttons)",
    "i18n": "translator tooling: extract, update, init and check the catalogs (checkout only)",
}
"""One line per subcommand, for ``tgraph-bot --help`` and each subcommand's own help."""


def make_parser(prog: str, description: str, exit_codes: Mapping[int, str]) -> Parser:
    """A subcommand's parser; ``--help`` ends with what each exit code means."""
    codes = "\n".join(
        textwrap.fill(meaning, width=79, initial_indent=f"  {code}  ", subsequent_indent=" " * 5)
        for code, meaning in sorted(exit_codes.items())
    )
    return Parser(
        prog=prog,
        description=textwrap.fill(description, width=79),
        epilog=f"exit codes:\n{codes}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $TGRAPH_CONFIG, else ./config.yaml)",
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
        say_config_error(error, err)
        return None


def say_config_error(error: ConfigError, err: TextIO) -> None:
    for line in config_error_lines(error, translator_for(SOURCE_LANGUAGE)):
        say(line, err)


def config_error_lines(error: ConfigError, t: Translator) -> list[str]:
    """One line per problem. A setting's problem is prefixed with the file it is in; problems
    with the file as a whole, and settings from the environment, already say where they are."""
    lines: list[str] = []
    for issue in error.issues:
        text = issue.explain(t)
        in_file = issue.key is not None and issue.env_var is None and error.path is not None
        lines.append(f"{error.path}: {text}" if in_file else text)
    return lines


def data_dir_problem(data_dir: Path, t: Translator) -> str | None:
    """Why ``DATA_DIR`` cannot hold the bot's files (created here if it is missing), or None.

    Checked by writing a file into it: permission bits, read-only mounts and full disks all
    show up the way they would for the state file."""
    try:
        if data_dir.exists() and not data_dir.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(data_dir))
        data_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=data_dir):
            pass
    except OSError as error:
        return t.gettext(
            "DATA_DIR {path} cannot be used: {reason}. Create it, writable by the user the bot "
            "runs as, or set DATA_DIR to such a folder."
        ).format(path=data_dir.absolute(), reason=error.strerror or error)
    return None


def say(text: str, stream: TextIO) -> None:
    # One line per message in the journal, whatever the explanation's own line breaks.
    print(" ".join(text.split()), file=stream, flush=True)
