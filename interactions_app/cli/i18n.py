"""``tgraph-bot i18n`` (``scripts/i18n.py``): keep the translation catalogs in step with the code.

    uv run tgraph-bot i18n extract    # code -> locale/messages.pot (gettext, ngettext, N_)
    uv run tgraph-bot i18n update     # messages.pot -> every locale/<lang>/LC_MESSAGES/messages.po
    uv run tgraph-bot i18n init LANG  # start a new language, e.g. "nl" or "pt-BR"
    uv run tgraph-bot i18n check      # fail on errors; report how complete each catalog is
    uv run tgraph-bot i18n check --strict  # for a release: missing or fuzzy entries fail too

After changing user-facing strings: ``extract``, ``update``, translate the new empty entries
(Weblate does this for you), then ``check``. Nothing is compiled: the bot reads the ``.po``
files at start-up, and shows English for anything not translated yet.

The tooling needs the development packages (Weblate's language table): it is for a checkout of
the project, where ``uv sync`` installs them; an installed wheel says so and exits 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..i18n import LOCALE_DIR
from ._common import COMMAND, EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, SUMMARIES, make_parser

SUMMARY = SUMMARIES["i18n"]
EXIT_CODES = {
    EXIT_OK: "done (check: no errors)",
    EXIT_FAILURE: "check found errors (with --strict: or gaps); init: the catalog exists",
    EXIT_CONFIG: "the command line is wrong, the language is unknown, or the development "
    "packages are not installed",
}


def build_parser(prog: str = f"{COMMAND} i18n") -> argparse.ArgumentParser:
    parser = make_parser(prog, "Keep the translation catalogs in step with the code.", EXIT_CODES)
    parser.add_argument(
        "--root",
        type=Path,
        default=LOCALE_DIR.parent,
        help="the project checkout (holds babel.cfg and locale/) (default: this one)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, summary in (
        ("extract", "extract the code's strings into locale/messages.pot"),
        ("update", "merge locale/messages.pot into every catalog (new strings arrive empty)"),
    ):
        commands.add_parser(name, help=summary, description=summary)
    summary = "create the catalog of a new language, with Weblate's plural rule for it"
    init_parser = commands.add_parser("init", help=summary, description=summary)
    init_parser.add_argument("language", help="a language code such as nl, pt-BR, pt_BR or nb")
    summary = (
        "fail on errors (unreadable catalog, plural rule, placeholders, Discord names, "
        "outdated template); report how much of each catalog is translated"
    )
    check = commands.add_parser("check", help=summary, description=summary)
    check.add_argument(
        "--strict",
        action="store_true",
        help="also fail on untranslated or fuzzy entries, for a release (default: report them)",
    )
    return parser


def main(argv: Sequence[str] | None = None, *, prog: str = f"{COMMAND} i18n") -> int:
    args = build_parser(prog).parse_args(argv)
    try:
        from . import _i18n_tasks as tasks  # noqa: PLC0415 - needs the dev-only packages
    except ModuleNotFoundError as error:
        package = (error.name or "a module").split(".")[0]
        print(
            f"{prog} needs the development packages ({package} is not installed): run it "
            f"in a checkout of the project, after 'uv sync', as 'uv run {prog}'",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    root = Path(args.root)
    match args.command:
        case "extract":
            return tasks.run_extract(root)
        case "update":
            return tasks.run_update(root)
        case "init":
            return tasks.run_init(root, str(args.language))
        case _:
            return tasks.run_check(root, strict=bool(args.strict))
