"""Keep the translation catalogs in step with the code.

    uv run scripts/i18n.py extract    # code -> locale/messages.pot (gettext, ngettext, N_)
    uv run scripts/i18n.py update     # messages.pot -> every locale/<lang>/LC_MESSAGES/messages.po
    uv run scripts/i18n.py init LANG  # start a new language, e.g. "nl" or "pt-BR"
    uv run scripts/i18n.py check      # fail on errors; report how complete each catalog is
    uv run scripts/i18n.py check --strict  # for a release: missing or fuzzy entries fail too

After changing user-facing strings: ``extract``, ``update``, translate the new empty entries
(Weblate does this for you), then ``check``. Nothing is compiled: the bot reads the ``.po``
files at start-up, and shows English for anything not translated yet.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from interactions_app.i18n.tools import (
    PROJECT_ROOT,
    UnknownLanguageError,
    catalog_reports,
    command_text_problems,
    extract,
    init,
    template_path,
    template_problems,
    update,
)


def _extract(root: Path) -> int:
    locale_dir = root / "locale"
    changed = extract(locale_dir, root=root)
    print(f"{template_path(locale_dir)} {'updated' if changed else 'already up to date'}")
    return 0


def _update(root: Path) -> int:
    changed = update(root / "locale")
    print(f"updated: {', '.join(changed)}" if changed else "all catalogs already up to date")
    return 0


def _init(root: Path, language: str) -> int:
    try:
        path = init(language, root / "locale")
    except (FileExistsError, UnknownLanguageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if isinstance(error, UnknownLanguageError) else 1
    print(f"created {path}: translate it, then run 'check'")
    return 0


def _check(root: Path, *, strict: bool) -> int:
    locale_dir = root / "locale"
    errors = template_problems(root, locale_dir)
    read_errors, reports = catalog_reports(locale_dir)
    errors += read_errors
    gaps: list[str] = []
    for report in reports:
        errors += report.errors
        gaps += report.incomplete_lines()
        print(report.summary())
    if not errors:
        errors += command_text_problems(locale_dir)
    for line in errors + (gaps if strict else []):
        print(line, file=sys.stderr)
    if errors or (strict and gaps):
        return 1
    if gaps:
        print("no errors; untranslated entries show in English ('check --strict' fails on them)")
    else:
        print(f"catalogs complete: {', '.join(report.language for report in reports)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument(
        "--root",
        type=Path,
        default=PROJECT_ROOT,
        help="the project checkout (holds babel.cfg and locale/); default: this one",
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
        help="also fail on untranslated or fuzzy entries (for a release); default: report them",
    )
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
            return _check(root, strict=bool(args.strict))


if __name__ == "__main__":
    sys.exit(main())
