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
from pathlib import Path

from interactions_app import i18n


def _extract(root: Path) -> int:
    locale_dir = root / "locale"
    changed = i18n.extract(locale_dir, root=root)
    print(f"{i18n.template_path(locale_dir)} {'updated' if changed else 'already up to date'}")
    return 0


def _update(root: Path) -> int:
    changed = i18n.update(root / "locale")
    print(f"updated: {', '.join(changed)}" if changed else "all catalogs already up to date")
    return 0


def _init(root: Path, language: str) -> int:
    try:
        path = i18n.init(language, root / "locale")
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"created {path}: translate it, then run 'check'")
    return 0


def _check(root: Path) -> int:
    locale_dir = root / "locale"
    problems = i18n.template_problems(root, locale_dir) + i18n.catalog_problems(locale_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"catalogs complete: {', '.join(i18n.catalog_languages(locale_dir))}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument(
        "--root",
        type=Path,
        default=i18n.PROJECT_ROOT,
        help="the project checkout (holds babel.cfg and locale/); default: this one",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("extract", help="extract the code's strings into locale/messages.pot")
    commands.add_parser("update", help="merge locale/messages.pot into every catalog")
    init = commands.add_parser("init", help="create the catalog of a new language")
    init.add_argument("language", help="a language code such as nl, pt_BR or nb")
    commands.add_parser("check", help="fail on an outdated template or an incomplete catalog")
    args = parser.parse_args(argv)
    root = Path(args.root)
    match args.command:
        case "extract":
            return _extract(root)
        case "update":
            return _update(root)
        case "init":
            return _init(root, str(args.language))
        case _:
            return _check(root)


if __name__ == "__main__":
    sys.exit(main())
