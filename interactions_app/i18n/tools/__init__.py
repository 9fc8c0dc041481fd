"""Translator tooling behind ``scripts/i18n.py``: extract, update, init and check the catalogs.

The running bot never imports this package (it needs Babel's extractor and Weblate's language
table, which only maintainers and CI install).
"""

from __future__ import annotations

from interactions_app.i18n.tools._checks import (
    CatalogReport,
    catalog_problems,
    catalog_reports,
    command_text_problems,
    language_report,
    placeholders,
    template_problems,
)
from interactions_app.i18n.tools._maintenance import (
    COMMENT_TAGS,
    KEYWORDS,
    PROJECT_ROOT,
    UnknownLanguageError,
    extract,
    extract_messages,
    init,
    template_path,
    update,
)
from interactions_app.i18n.tools._plurals import (
    PluralRule,
    accepted_rules,
    default_rule,
    normalize_language,
    parse_plural_forms,
)

__all__ = [
    "COMMENT_TAGS",
    "KEYWORDS",
    "PROJECT_ROOT",
    "CatalogReport",
    "PluralRule",
    "UnknownLanguageError",
    "accepted_rules",
    "catalog_problems",
    "catalog_reports",
    "command_text_problems",
    "default_rule",
    "extract",
    "extract_messages",
    "init",
    "language_report",
    "normalize_language",
    "parse_plural_forms",
    "placeholders",
    "template_path",
    "template_problems",
    "update",
]
