"""Which region formats a member's numbers and dates: their Discord locale, read by Babel.

The catalog (``language_for_discord_locale``) and the region are separate choices: ``es-419``
reads the ``es`` catalog but writes "1,234.5" and Latin-American month abbreviations, which
CLDR knows and the catalog does not.
"""

from __future__ import annotations

import functools

from babel import Locale, UnknownLocaleError

# Discord codes whose CLDR locale goes by another name ("no" is the macro-language; Discord
# means Bokmål, as its own client does).
_REGION_ALIASES: dict[str, str] = {"no": "nb"}


@functools.cache
def _babel_id(tag: str) -> str | None:
    tag = tag.strip().replace("_", "-")
    try:
        parsed = Locale.parse(_REGION_ALIASES.get(tag, tag), sep="-")
    except (UnknownLocaleError, ValueError):
        return None
    # Babel maps "und" and the like to English; only a locale of the tag's own language counts.
    wanted = _REGION_ALIASES.get(tag, tag).split("-", 1)[0].lower()
    return str(parsed) if parsed.language == wanted else None


def region_for_discord_locale(locale: str | None, fallback: str) -> str:
    """The Babel locale id for a Discord ``locale`` (``"es-419"`` -> ``"es_419"``,
    ``"zh-CN"`` -> ``"zh_Hans_CN"``, ``"no"`` -> ``"nb"``); ``fallback`` (``LANGUAGE``, read
    the same way) when the locale is missing or unknown to Babel."""
    if locale:
        region = _babel_id(locale)
        if region is not None:
            return region
    return _babel_id(fallback) or fallback
