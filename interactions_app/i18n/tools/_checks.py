"""What is wrong with a set of catalogs, and how complete each one is.

Errors make a catalog unfit to ship: it cannot be read, its plural rule is broken or not one
Weblate accepts for the language, a plural entry has the wrong number of forms, a translation's
placeholders differ from the original's, or a command name breaks Discord's rules. Missing and
fuzzy translations are not errors: Weblate pushes partial work, and the bot shows English for
whatever is not translated yet. ``check --strict`` treats them as errors too, for a release.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError

from interactions_app.i18n._catalogs import LOCALE_DIR, Catalogs, catalog_languages, catalog_path
from interactions_app.i18n.tools._maintenance import (
    PROJECT_ROOT,
    extract_messages,
    messages_of,
    read_catalog,
    template_path,
)
from interactions_app.i18n.tools._plurals import (
    PluralRule,
    equivalence_problem,
    parse_plural_forms,
    rule_problem,
    single_value_forms,
)

_PLURAL_FORMS_HEADER = re.compile(r'^"Plural-Forms:\s*(?P<value>.*?)(?:\\n)?"$', re.MULTILINE)
# One entry's msgstr[N] lines, each possibly continued on following "..." lines.
_PLURAL_BLOCK = re.compile(r'(?:^msgstr\[\d+\] ".*"\n(?:^".*"\n)*)+', re.MULTILINE)
_PLURAL_INDEX = re.compile(r"^msgstr\[(\d+)\]", re.MULTILINE)


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


@dataclass(slots=True)
class CatalogReport:
    """One catalog: its errors, and how much of the template it translates."""

    language: str
    errors: list[str] = field(default_factory=list[str])
    total: int = 0
    untranslated: list[str] = field(default_factory=list[str])
    fuzzy: list[str] = field(default_factory=list[str])
    stale: list[str] = field(default_factory=list[str])

    @property
    def translated(self) -> int:
        return self.total - len(self.untranslated) - len(self.fuzzy)

    @property
    def complete(self) -> bool:
        return not (self.untranslated or self.fuzzy or self.stale)

    def summary(self) -> str:
        percent = 100 * self.translated // self.total if self.total else 100
        parts = [f"{self.language}: {self.translated}/{self.total} translated ({percent} %)"]
        if self.fuzzy:
            parts.append(f"{len(self.fuzzy)} fuzzy")
        if self.stale:
            parts.append(f"{len(self.stale)} no longer in the template (run 'update')")
        return ", ".join(parts)

    def incomplete_lines(self) -> list[str]:
        return [
            *(f"{self.language}: {label} is not translated" for label in self.untranslated),
            *(
                f"{self.language}: {label} is fuzzy: check it and remove the fuzzy flag"
                for label in self.fuzzy
            ),
            *(f"{self.language}: {label} is not in the template any more" for label in self.stale),
        ]


def template_problems(root: Path = PROJECT_ROOT, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """How ``messages.pot`` differs from the strings in the code (msgids and plurals only)."""
    path = template_path(locale_dir)
    if not path.exists():
        return [f"{path} is missing: run 'uv run scripts/i18n.py extract'"]
    try:
        template = read_catalog(path)
    except (OSError, UnicodeDecodeError, PoFileError) as error:
        return [f"cannot read {path}: {error}"]
    code = {_key(m): m.id for m in messages_of(extract_messages(root))}
    stored = {_key(m): m.id for m in messages_of(template)}
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


def plural_rule_of(language: str, text: str) -> tuple[PluralRule | None, list[str]]:
    """The catalog's plural rule, and every problem with it."""
    match = _PLURAL_FORMS_HEADER.search(text)
    if match is None:
        return None, ["no Plural-Forms header"]
    try:
        rule = parse_plural_forms(match["value"])
    except ValueError as error:
        return None, [str(error)]
    problem = rule_problem(rule) or equivalence_problem(language, rule)
    return rule, [] if problem is None else [problem]


def form_count_problems(text: str, count: int) -> list[str]:
    """Plural entries that do not have exactly ``count`` forms, in the file's own words."""
    problems: list[str] = []
    for block in _PLURAL_BLOCK.finditer(text):
        indices = [int(index) for index in _PLURAL_INDEX.findall(block[0])]
        if indices != list(range(count)):
            line = text.count("\n", 0, block.start()) + 1
            problems.append(
                f"line {line}: a plural entry has forms {indices}; Plural-Forms asks for "
                f"exactly {count} (msgstr[0] to msgstr[{count - 1}])"
            )
    return problems


def _forms(translation: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if translation is None:
        return [""]
    if isinstance(translation, str):
        return [translation]
    return list(translation)


def _placeholder_problems(message: Message, rule: PluralRule | None) -> list[str]:
    label = _label(message)
    sources = [message.id] if isinstance(message.id, str) else list(message.id[:2])
    allowed = {placeholders(source) for source in sources}
    everything = frozenset[str]().union(*allowed)
    single = single_value_forms(rule) if rule is not None and len(sources) > 1 else frozenset()
    problems: list[str] = []
    for index, form in enumerate(_forms(message.string)):
        if not form:
            continue
        try:
            fields = placeholders(form)
        except ValueError as error:
            problems.append(f"{label}: translation {form!r} is not a valid format string ({error})")
            continue
        # A form that only ever stands for one number ("Last month") may leave it out.
        if fields in allowed or (index in single and fields <= everything):
            continue
        wanted = " or ".join(sorted(str(sorted(a)) for a in allowed))
        problems.append(
            f"{label}: translation {form!r} has placeholders {sorted(fields)}, "
            f"the original {wanted}"
        )
    return problems


def language_report(
    language: str, template: Catalog, locale_dir: Path = LOCALE_DIR
) -> CatalogReport:
    """Errors and completeness of one catalog, compared with the template."""
    report = CatalogReport(language)
    path = catalog_path(language, locale_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        report.errors.append(f"{language}: cannot read {path}: {error}")
        return report
    rule, errors = plural_rule_of(language, text)
    if rule is not None:
        errors += form_count_problems(text, rule.count)
    try:
        catalog = read_catalog(path)
    except (PoFileError, ValueError) as error:
        errors.append(f"cannot read {path}: {error}")
        report.errors = [f"{language}: {problem}" for problem in errors]
        return report
    entries = {_key(m): m for m in messages_of(catalog)}
    wanted = {_key(m): m for m in messages_of(template)}
    report.total = len(wanted)
    report.stale = sorted(repr(key[0]) for key in entries.keys() - wanted.keys())
    for key in sorted(wanted.keys(), key=str):
        message = entries.get(key)
        if message is None or not all(_forms(message.string)):
            report.untranslated.append(repr(key[0]))
        elif message.fuzzy:
            report.fuzzy.append(repr(key[0]))
        if message is not None:
            errors += _placeholder_problems(message, rule)
    report.errors = [f"{language}: {problem}" for problem in errors]
    return report


def catalog_reports(locale_dir: Path = LOCALE_DIR) -> tuple[list[str], list[CatalogReport]]:
    """Problems reading the template, and a report for every catalog under ``locale_dir``."""
    path = template_path(locale_dir)
    try:
        template = read_catalog(path)
    except (OSError, PoFileError) as error:
        return [f"cannot read {path}: {error}"], []
    return [], [
        language_report(language, template, locale_dir)
        for language in catalog_languages(locale_dir)
    ]


def catalog_problems(locale_dir: Path = LOCALE_DIR, *, strict: bool = True) -> list[str]:
    """Every error in the catalogs (and, when ``strict``, every gap), one line each."""
    problems, reports = catalog_reports(locale_dir)
    for report in reports:
        problems += report.errors
        if strict:
            problems += report.incomplete_lines()
    return problems


def command_text_problems(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Command and option names or descriptions that Discord would refuse, in any catalog."""
    # The registry is the bot's own; importing it here keeps the bot free of this module.
    from interactions_app.commands import build_registry  # noqa: PLC0415
    from interactions_app.i18n._discord import discord_localizations, localization_problems  # noqa: PLC0415

    catalogs = Catalogs(locale_dir)
    payload = build_registry().to_discord_json(
        localizations=lambda msgid: discord_localizations(msgid, catalogs=catalogs)
    )
    names: list[str] = []
    descriptions: list[str] = []
    pending = list(payload)
    while pending:
        node = pending.pop()
        names.append(str(node["name"]))
        if "description" in node:
            descriptions.append(str(node["description"]))
        descriptions += [str(choice["name"]) for choice in node.get("choices", [])]
        pending += node.get("options", [])
    return [
        f"Discord would refuse {problem}"
        for problem in localization_problems(names, descriptions, catalogs=catalogs)
    ]
