"""Translations: gettext catalogs under ``locale/``, loaded at run time, and Discord locales.

Code that shows text receives a translator (``translator_for(language)``) and calls
``t.gettext("literal")`` / ``t.ngettext("one", "many", n)``; Discord command names and
descriptions get their ``*_localizations`` from ``discord_localizations(msgid)``.
"""

from __future__ import annotations

from interactions_app.i18n._catalogs import (
    DEFAULT_CATALOGS,
    DOMAIN,
    LOCALE_DIR,
    SOURCE_LANGUAGE,
    Catalogs,
    available_languages,
    catalog_languages,
    catalog_path,
    translator_for,
)
from interactions_app.i18n._checks import (
    catalog_problems,
    language_problems,
    placeholders,
    template_problems,
)
from interactions_app.i18n._discord import (
    DESCRIPTION_MAX,
    DISCORD_LOCALES,
    NAME_MAX,
    command_name_problem,
    description_problem,
    discord_localizations,
    is_valid_command_name,
    language_for_discord_locale,
    localization_problems,
)
from interactions_app.i18n._maintenance import (
    COMMENT_TAGS,
    KEYWORDS,
    PROJECT_ROOT,
    extract,
    extract_messages,
    init,
    template_path,
    update,
)

__all__ = [
    "COMMENT_TAGS",
    "DEFAULT_CATALOGS",
    "DESCRIPTION_MAX",
    "DISCORD_LOCALES",
    "DOMAIN",
    "KEYWORDS",
    "LOCALE_DIR",
    "NAME_MAX",
    "PROJECT_ROOT",
    "SOURCE_LANGUAGE",
    "Catalogs",
    "available_languages",
    "catalog_languages",
    "catalog_path",
    "catalog_problems",
    "command_name_problem",
    "description_problem",
    "discord_localizations",
    "extract",
    "extract_messages",
    "init",
    "is_valid_command_name",
    "language_for_discord_locale",
    "language_problems",
    "localization_problems",
    "placeholders",
    "template_path",
    "template_problems",
    "translator_for",
    "update",
]
