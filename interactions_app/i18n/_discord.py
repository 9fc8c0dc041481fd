"""Discord locales: which catalog answers a user, and command localizations from the catalogs."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from interactions_app.i18n._catalogs import DEFAULT_CATALOGS, Catalogs

# Discord's documented locales (developers/reference "Locales").
DISCORD_LOCALES: tuple[str, ...] = (
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi",
    "th", "zh-CN", "ja", "zh-TW", "ko",
)  # fmt: skip

# Discord codes whose catalog goes by another name in gettext and Weblate.
_CATALOG_ALIASES: dict[str, tuple[str, ...]] = {
    "no": ("nb", "nb_NO"),
    "zh-CN": ("zh_Hans", "zh_CN"),
    "zh-TW": ("zh_Hant", "zh_TW"),
}

NAME_MAX = 32
DESCRIPTION_MAX = 100

# \p{sc=Deva} and \p{sc=Thai} from Unicode's Scripts.txt; Python's re has no \p{...}.
_DEVANAGARI = ((0x0900, 0x0950), (0x0955, 0x0963), (0x0966, 0x097F), (0xA8E0, 0xA8FF))
_THAI = ((0x0E01, 0x0E3A), (0x0E40, 0x0E5B))


def _catalog_for(locale: str, catalogs: Catalogs) -> str | None:
    for candidate in (*_CATALOG_ALIASES.get(locale, ()), locale):
        language = catalogs.resolve(candidate)
        if language is not None:
            return language
    return None


def language_for_discord_locale(
    locale: str | None, fallback: str, *, catalogs: Catalogs = DEFAULT_CATALOGS
) -> str:
    """The catalog for a Discord ``locale`` (``"es-419"`` -> ``"es"``), else ``fallback``."""
    if not locale:
        return fallback
    return _catalog_for(locale, catalogs) or fallback


def discord_localizations(msgid: str, *, catalogs: Catalogs = DEFAULT_CATALOGS) -> dict[str, str]:
    """A ``*_localizations`` dict for ``msgid``: every Discord locale that has a catalog.

    Entries equal to ``msgid`` (the default Discord shows anyway) are left out.
    """
    localizations: dict[str, str] = {}
    for locale in DISCORD_LOCALES:
        language = _catalog_for(locale, catalogs)
        if language is None:
            continue
        text = catalogs.translator(language).gettext(msgid)
        if text != msgid:
            localizations[locale] = text
    return localizations


def _name_character_allowed(char: str) -> bool:
    if char in "-_'" or unicodedata.category(char)[0] in "LN":
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in (*_DEVANAGARI, *_THAI))


def command_name_problem(name: str) -> str | None:
    """Why Discord would reject ``name`` as a command or option name, or None if it is valid.

    Rules: 1-32 characters from ``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]$``, lower-case
    wherever a letter has a lower-case form.
    """
    if not 1 <= len(name) <= NAME_MAX:
        return f"{name!r} has {len(name)} characters; a name has 1 to {NAME_MAX}"
    if name != name.lower():
        return f"{name!r} has upper-case letters; a name must be lower-case"
    refused = "".join(dict.fromkeys(char for char in name if not _name_character_allowed(char)))
    if refused:
        return (
            f"{name!r} contains {refused!r}; a name may hold letters, digits, '-', '_' and "
            "an apostrophe, with no spaces"
        )
    return None


def is_valid_command_name(name: str) -> bool:
    """Whether Discord accepts ``name`` as a command, subcommand or option name."""
    return command_name_problem(name) is None


def description_problem(description: str) -> str | None:
    """Why Discord would reject ``description`` (or a choice name), or None if it is valid."""
    if not 1 <= len(description) <= DESCRIPTION_MAX:
        return f"{description!r} has {len(description)} characters; allowed: 1 to {DESCRIPTION_MAX}"
    return None


def localization_problems(
    names: Iterable[str],
    descriptions: Iterable[str] = (),
    *,
    catalogs: Catalogs = DEFAULT_CATALOGS,
) -> list[str]:
    """Every way the default texts or their localizations break Discord's rules.

    ``names`` are command, subcommand and option names (msgids); ``descriptions`` are
    descriptions and choice names. An empty list means a bulk overwrite will not be refused
    for its names or descriptions.
    """
    problems: list[str] = []
    for texts, check in ((names, command_name_problem), (descriptions, description_problem)):
        for msgid in texts:
            candidates = {"default": msgid, **discord_localizations(msgid, catalogs=catalogs)}
            for locale, text in candidates.items():
                problem = check(text)
                if problem is not None:
                    problems.append(f"{locale} ({msgid!r}): {problem}")
    return problems
