"""Keeping the catalogs in step with the code: extract the template, update and create catalogs.

The extraction mapping lives in ``babel.cfg`` at the project root (``pybabel extract -F
babel.cfg`` reads the same file); the keywords are the project's translation convention.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel.core import UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from interactions_app.i18n._catalogs import (
    LOCALE_DIR,
    SOURCE_LANGUAGE,
    catalog_languages,
    catalog_path,
)
from interactions_app.i18n.tools._plurals import default_rule, is_known_language, normalize_language
from interactions_app.version import package_version

PROJECT_ROOT = LOCALE_DIR.parent
MAPPING_FILE = "babel.cfg"
TEMPLATE_FILE = "messages.pot"
# Header lines that change with the tool or the clock, not with the catalog's content.
_VOLATILE_HEADER = re.compile(rb'^"(?:Generated-By|POT-Creation-Date): .*"\n', re.MULTILINE)
KEYWORDS: dict[str, Any] = {"gettext": None, "ngettext": (1, 2), "N_": None}
# A comment starting with this tag right above a marked string reaches the translators.
COMMENT_TAGS = ("Translators:",)
_HEADER = """\
# Translations template for TGraph Bot.
# This file is distributed under the same license as the TGraph Bot project.
#"""


def template_path(locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / TEMPLATE_FILE


def _directory_filter(root: Path, top_dirs: set[str]) -> Callable[[str], bool]:
    def keep(dirpath: str) -> bool:
        parts = Path(dirpath).relative_to(root).parts
        return parts[0] in top_dirs and not any(
            part.startswith(".") or part == "__pycache__" for part in parts
        )

    return keep


def extract_messages(root: Path = PROJECT_ROOT) -> Catalog:
    """Every marked string under the directories ``babel.cfg`` names, as an in-memory template."""
    with (root / MAPPING_FILE).open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping, MAPPING_FILE)
    top_dirs = {pattern.split("/", 1)[0] for pattern, _method in method_map}
    template = Catalog(
        project="TGraph Bot", version=package_version(), header_comment=_HEADER, fuzzy=False
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        root,
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
        directory_filter=_directory_filter(root, top_dirs),
    ):
        template.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def _signature(catalog: Catalog) -> list[tuple[object, ...]]:
    """What a catalog says, without its header dates: decides whether a rewrite is needed."""
    return [
        (
            m.id,
            m.context,
            None if _is_empty(m.string) else m.string,  # a template reads back "" for None
            sorted(m.flags),
            list(dict.fromkeys(m.auto_comments)),
            # Without line numbers a file is written once however often it uses the string.
            sorted({filename for filename, _line in m.locations}),
        )
        for m in messages_of(catalog)
    ]


def messages_of(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def _render(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # No line numbers: they change with every edit and would bury real changes in the diff.
    # No wrapping (width 0): the bytes Weblate writes with its "no wrapping" option.
    write_po(buffer, catalog, width=0, include_lineno=False, ignore_obsolete=True)
    return buffer.getvalue()


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file, locale=locale, abort_invalid=True)


def write_template(template: Catalog, locale_dir: Path = LOCALE_DIR) -> bool:
    """Write ``messages.pot`` unless only its dates would change; True if it was written."""
    path = template_path(locale_dir)
    rendered = _render(template)
    if path.exists():
        current = read_catalog(path)
        unchanged_layout = _VOLATILE_HEADER.sub(b"", rendered) == _VOLATILE_HEADER.sub(
            b"", path.read_bytes()
        )
        if _signature(current) == _signature(template) and unchanged_layout:
            return False
    locale_dir.mkdir(parents=True, exist_ok=True)
    path.write_bytes(rendered)
    return True


def extract(locale_dir: Path = LOCALE_DIR, *, root: Path = PROJECT_ROOT) -> bool:
    """Extract the code's strings into ``locale/messages.pot``; True if the template changed."""
    return write_template(extract_messages(root), locale_dir)


def _fill_source_language(catalog: Catalog) -> None:
    """English is the source language: a new English entry starts as its own msgid."""
    for message in messages_of(catalog):
        if not message.fuzzy and not _is_empty(message.string):
            continue
        message.flags.discard("fuzzy")
        if isinstance(message.id, str):
            message.string = message.id
        else:
            singular, plural = message.id[0], message.id[1]
            message.string = (singular, plural)


def _is_empty(string: object) -> bool:
    if isinstance(string, str):
        return not string
    if isinstance(string, (tuple, list)):
        return not any(string)
    return True


def update(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Bring every catalog in step with ``messages.pot``; the languages whose file changed.

    New strings arrive empty (English: as the msgid), strings gone from the code are dropped,
    and changed strings keep their old translation marked fuzzy for a translator to confirm.
    """
    changed: list[str] = []
    for language in catalog_languages(locale_dir):
        path = catalog_path(language, locale_dir)
        before = path.read_bytes()
        catalog = read_catalog(path, locale=language)
        # A fresh template each time: Catalog.update adopts the template's Message objects.
        source = language == SOURCE_LANGUAGE
        catalog.update(
            read_catalog(template_path(locale_dir)),
            # Guessing an English text from a similar one is pointless: it is the msgid.
            no_fuzzy_matching=source,
            update_creation_date=False,
        )
        if source:
            _fill_source_language(catalog)
        after = _render(catalog)
        if _VOLATILE_HEADER.sub(b"", after) != _VOLATILE_HEADER.sub(b"", before):
            path.write_bytes(after)
            changed.append(language)
    return changed


class UnknownLanguageError(ValueError):
    """A language code that Weblate's language table does not know."""


def init(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """Create the catalog of a new language from ``messages.pot``; returns its path.

    ``pt-BR`` and ``pt_BR`` name the same catalog (``pt_BR``, as gettext and Weblate write it);
    the header gets Weblate's default plural rule, the one Weblate keeps when it commits.
    """
    code = normalize_language(language)
    rule = default_rule(code)
    if rule is None or not is_known_language(code):
        raise UnknownLanguageError(
            f"{language!r} is not a language code Weblate knows: use an ISO 639 code with an "
            "optional region, such as nl, pt_BR or nb_NO"
        )
    path = catalog_path(code, locale_dir)
    if path.exists():
        raise FileExistsError(f"{path} already exists; run 'update' to bring it up to date")
    try:
        catalog = read_catalog(template_path(locale_dir), locale=code)
    except UnknownLocaleError:
        raise UnknownLanguageError(
            f"{language!r} has no CLDR locale data, so dates and numbers could not be shown "
            "in it; pick the closest code CLDR knows (for example the language without a region)"
        ) from None
    catalog.locale = code
    catalog.fuzzy = False
    catalog.mime_headers = [("Plural-Forms", rule.header)]
    if code == SOURCE_LANGUAGE:
        _fill_source_language(catalog)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_render(catalog))
    return path
