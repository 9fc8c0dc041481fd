"""What makes a set of catalogs unfit to ship, each problem as one line a translator can act on."""

from __future__ import annotations

import re
import string
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError

from interactions_app.i18n._catalogs import LOCALE_DIR, catalog_languages, catalog_path
from interactions_app.i18n._maintenance import (
    PROJECT_ROOT,
    extract_messages,
    messages_of,
    read_catalog,
    template_path,
)

_PLURAL_FORMS_HEADER = re.compile(r'^"Plural-Forms:\s*(?P<value>.*?)(?:\\n)?"$', re.MULTILINE)


def _key(message: Message) -> tuple[str, str | None]:
    singular = message.id if isinstance(message.id, str) else message.id[0]
    return singular, message.context


def _label(message: Message) -> str:
    return repr(_key(message)[0])


def placeholders(text: str) -> frozenset[str]:
    """The ``str.format`` field names in ``text``; raises ValueError on unbalanced braces."""
    return frozenset(
        field.split(".", 1)[0].split("[", 1)[0]
        for _literal, field, _spec, _conversion in string.Formatter().parse(text)
        if field is not None
    )


def template_problems(root: Path = PROJECT_ROOT, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """How ``messages.pot`` differs from the strings in the code (msgids and plurals only)."""
    path = template_path(locale_dir)
    if not path.exists():
        return [f"{path} is missing: run 'uv run scripts/i18n.py extract'"]
    code = {_key(m): m.id for m in messages_of(extract_messages(root))}
    stored = {_key(m): m.id for m in messages_of(read_catalog(path))}
    problems = [f"in the code but not in {path.name}: {key[0]!r}" for key in code.keys() - stored]
    problems += [f"in {path.name} but not in the code: {key[0]!r}" for key in stored.keys() - code]
    problems += [
        f"plural form changed in the code: {key[0]!r}"
        for key in code.keys() & stored.keys()
        if code[key] != stored[key]
    ]
    if problems:
        problems.append("run 'uv run scripts/i18n.py extract' and then 'update'")
    return sorted(problems)


def _plural_forms_problem(language: str, text: str) -> str | None:
    expected = str(get_plural(language))
    match = _PLURAL_FORMS_HEADER.search(text)
    if match is None:
        return f"no Plural-Forms header; expected {expected!r}"
    if match["value"].replace(" ", "") != expected.replace(" ", ""):
        return f"Plural-Forms is {match['value']!r}; expected {expected!r}"
    return None


def _forms(translation: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if translation is None:
        return [""]
    if isinstance(translation, str):
        return [translation]
    return list(translation)


def _entry_problems(message: Message) -> list[str]:
    label = _label(message)
    if message.fuzzy:
        return [f"{label} is fuzzy: check the translation and remove the fuzzy flag"]
    forms = _forms(message.string)
    sources = [message.id] if isinstance(message.id, str) else list(message.id[:2])
    # Babel refuses a catalog with more forms than Plural-Forms allows and pads fewer with "".
    if not all(forms):
        return [f"{label} is not translated"]
    allowed = {placeholders(source) for source in sources}
    problems: list[str] = []
    for form in forms:
        try:
            fields = placeholders(form)
        except ValueError as error:
            problems.append(f"{label}: translation {form!r} is not a valid format string ({error})")
            continue
        if fields not in allowed:
            wanted = " or ".join(sorted(str(sorted(a)) for a in allowed))
            problems.append(
                f"{label}: translation {form!r} has placeholders {sorted(fields)}, "
                f"the original {wanted}"
            )
    return problems


def language_problems(language: str, template: Catalog, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Everything wrong with one catalog, compared with the template."""
    path = catalog_path(language, locale_dir)
    try:
        catalog = read_catalog(path)
    except (OSError, PoFileError) as error:
        return [f"{language}: cannot read {path}: {error}"]
    problems: list[str] = []
    plural_problem = _plural_forms_problem(language, path.read_text(encoding="utf-8"))
    if plural_problem is not None:
        problems.append(plural_problem)
    entries = {_key(m): m for m in messages_of(catalog)}
    wanted = {_key(m): m for m in messages_of(template)}
    problems += [f"{key[0]!r} is missing" for key in wanted.keys() - entries.keys()]
    problems += [
        f"{key[0]!r} is not in the template any more" for key in entries.keys() - wanted.keys()
    ]
    for key in sorted(wanted.keys() & entries.keys(), key=str):
        problems += _entry_problems(entries[key])
    return [f"{language}: {problem}" for problem in problems]


def catalog_problems(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Everything wrong with every catalog under ``locale_dir`` (empty when all is well)."""
    path = template_path(locale_dir)
    try:
        template = read_catalog(path)
    except (OSError, PoFileError) as error:
        return [f"cannot read {path}: {error}"]
    languages = catalog_languages(locale_dir)
    problems: list[str] = []
    for language in languages:
        problems += language_problems(language, template, locale_dir)
    return problems
