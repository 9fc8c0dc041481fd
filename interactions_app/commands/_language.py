"""Which language answers a user: their Discord locale when a catalog exists, else LANGUAGE."""

from __future__ import annotations

from interactions_app.i18n import language_for_discord_locale, translator_for
from renderer.translation import Translator

__all__ = ["translator_for_locale"]


def translator_for_locale(locale: str | None, fallback: str) -> tuple[str, Translator]:
    """``(language, translator)`` for an interaction's ``locale``."""
    language = language_for_discord_locale(locale, fallback)
    return language, translator_for(language)
