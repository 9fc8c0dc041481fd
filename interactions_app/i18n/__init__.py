"""Translations: gettext catalogs under ``locale/``, loaded at run time, and Discord locales.

Code that shows text receives a translator (``translator_for(language)``) and calls
``t.gettext("literal")`` / ``t.ngettext("one", "many", n)``; Discord command names and
descriptions get their ``*_localizations`` from ``discord_localizations(msgid)``; numbers and
dates for a member follow ``region_for_discord_locale`` (a Babel locale id, not a catalog). The
translator tooling (extract, update, check) lives in ``interactions_app.i18n.tools``.
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
from interactions_app.i18n._regions import region_for_discord_locale

__all__ = [
    "DEFAULT_CATALOGS",
    "DESCRIPTION_MAX",
    "DISCORD_LOCALES",
    "DOMAIN",
    "LOCALE_DIR",
    "NAME_MAX",
    "SOURCE_LANGUAGE",
    "Catalogs",
    "available_languages",
    "catalog_languages",
    "catalog_path",
    "command_name_problem",
    "description_problem",
    "discord_localizations",
    "is_valid_command_name",
    "language_for_discord_locale",
    "localization_problems",
    "region_for_discord_locale",
    "translator_for",
]
