"""Keep the translation catalogs in step with the code.

    uv run scripts/i18n.py extract    # code -> locale/messages.pot (gettext, ngettext, N_)
    uv run scripts/i18n.py update     # messages.pot -> every locale/<lang>/LC_MESSAGES/messages.po
    uv run scripts/i18n.py init LANG  # start a new language, e.g. "nl" or "pt_BR"
    uv run scripts/i18n.py check      # fail unless the template is current and every catalog is
                                      # complete, confirmed (no fuzzy) and placeholder-correct

After changing user-facing strings: ``extract``, ``update``, translate the new empty entries
(Weblate does this for you), then ``check``. Nothing is compiled: the bot reads the ``.po``
files at start-up.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from interactions_app import i18n


def _extract() -> int:
    changed = i18n.extract()
    print(f"{i18n.template_path()} {'updated' if changed else 'already up to date'}")
    return 0


def _update() -> int:
    changed = i18n.update()
    print(f"updated: {', '.join(changed)}" if changed else "all catalogs already up to date")
    return 0


def _init(language: str) -> int:
    try:
        path = i18n.init(language)
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"created {path}: translate it, then run 'check'")
    return 0


def _check() -> int:
    problems = i18n.template_problems() + i18n.catalog_problems()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"catalogs complete: {', '.join(i18n.catalog_languages())}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("extract", help="extract the code's strings into locale/messages.pot")
    commands.add_parser("update", help="merge locale/messages.pot into every catalog")
    init = commands.add_parser("init", help="create the catalog of a new language")
    init.add_argument("language", help="a language code such as nl, pt_BR or nb")
    commands.add_parser("check", help="fail on an outdated template or an incomplete catalog")
    args = parser.parse_args(argv)
    match args.command:
        case "extract":
            return _extract()
        case "update":
            return _update()
        case "init":
            return _init(str(args.language))
        case _:
            return _check()


if __name__ == "__main__":
    sys.exit(main())
