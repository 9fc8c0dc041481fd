"""What ``tgraph-bot i18n``'s subcommands do. ``main`` imports this only to run one: the
tooling needs Weblate's language table, a development package an installed wheel lacks."""

from __future__ import annotations

import sys
from pathlib import Path

from interactions_app.i18n.tools import (
    UnknownLanguageError,
    catalog_reports,
    command_text_problems,
    extract,
    init,
    template_path,
    template_problems,
    update,
)


def run_extract(root: Path) -> int:
    locale_dir = root / "locale"
    changed = extract(locale_dir, root=root)
    print(f"{template_path(locale_dir)} {'updated' if changed else 'already up to date'}")
    return 0


def run_update(root: Path) -> int:
    changed = update(root / "locale")
    print(f"updated: {', '.join(changed)}" if changed else "all catalogs already up to date")
    return 0


def run_init(root: Path, language: str) -> int:
    try:
        path = init(language, root / "locale")
    except (FileExistsError, UnknownLanguageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if isinstance(error, UnknownLanguageError) else 1
    print(f"created {path}: translate it, then run 'check'")
    return 0


def run_check(root: Path, *, strict: bool) -> int:
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
