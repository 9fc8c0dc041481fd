"""gettext catalogs read from ``locale/<language>/LC_MESSAGES/messages.po`` at run time.

The catalogs live in the checkout's top-level ``locale/``; the wheel carries them inside the
package as ``interactions_app/locale/``, and ``LOCALE_DIR`` is whichever of the two exists.

Nothing needs compiling before ``uv run``: the first time a language is asked for, its ``.po``
file is parsed with Babel, compiled to ``.mo`` bytes in memory and kept for the life of the
process. Every catalog falls back to the English one, and English falls back to the msgid.
"""

from __future__ import annotations

import gettext
import io
import logging
import threading
from importlib.resources import files
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

logger = logging.getLogger(__name__)

DOMAIN = "messages"
SOURCE_LANGUAGE = "en"


def find_locale_dir(package: Path) -> Path:
    """The catalogs for the ``interactions_app`` package at ``package``: bundled inside it (an
    installed wheel), else the ``locale/`` beside it (a checkout, where they are edited)."""
    bundled = package / "locale"
    return bundled if bundled.is_dir() else package.parent / "locale"


# A regular package on disk (never a zip), so its resources are a real directory.
LOCALE_DIR = find_locale_dir(Path(str(files("interactions_app"))).resolve())


def catalog_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """Where the catalog of ``language`` lives (whether or not it exists)."""
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_languages(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """The languages that have a catalog file under ``locale_dir``, sorted."""
    return sorted(path.parents[1].name for path in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _tag_candidates(language: str) -> list[str]:
    """``"es-ES"`` -> ``["es_es", "es"]``: the exact tag first, then its primary language."""
    tag = language.strip().replace("-", "_").lower()
    primary = tag.split("_", 1)[0]
    return [tag] if primary == tag else [tag, primary]


class Catalogs:
    """The catalogs of one locale directory, each compiled once and shared between threads."""

    def __init__(self, locale_dir: Path = LOCALE_DIR) -> None:
        self.locale_dir = locale_dir
        # Re-entrant: loading a language loads its English fallback under the same lock.
        self._lock = threading.RLock()
        self._languages: tuple[str, ...] | None = None
        self._translators: dict[str, gettext.NullTranslations] = {}

    def languages(self) -> list[str]:
        """The languages that have a catalog, sorted (``["da", "de", "en", ...]``)."""
        with self._lock:
            if self._languages is None:
                self._languages = tuple(catalog_languages(self.locale_dir))
            return list(self._languages)

    def resolve(self, language: str) -> str | None:
        """The catalog that serves ``language`` (``"es-ES"`` -> ``"es"``), or None."""
        by_tag = {name.replace("-", "_").lower(): name for name in self.languages()}
        for candidate in _tag_candidates(language):
            if candidate in by_tag:
                return by_tag[candidate]
        return None

    def translator(self, language: str) -> gettext.NullTranslations:
        """Translations for ``language``; unknown languages get English."""
        name = self.resolve(language) or self.resolve(SOURCE_LANGUAGE)
        if name is None:
            return gettext.NullTranslations()
        with self._lock:
            translator = self._translators.get(name)
            if translator is None:
                translator = self._load(name)
                self._translators[name] = translator
            return translator

    def _load(self, name: str) -> gettext.NullTranslations:
        path = catalog_path(name, self.locale_dir)
        try:
            with path.open("rb") as po_file:
                catalog = read_po(po_file, locale=None, abort_invalid=True)
            mo_bytes = io.BytesIO()
            # Fuzzy entries are left out: they are guesses no translator has confirmed.
            write_mo(mo_bytes, catalog, use_fuzzy=False)
            mo_bytes.seek(0)
            translator: gettext.NullTranslations = gettext.GNUTranslations(mo_bytes)
        except Exception:
            # A broken translation must not take the bot down; the catalog tests catch it.
            logger.exception("Cannot load the %s catalog %s; using English", name, path)
            translator = gettext.NullTranslations()
        english = self.resolve(SOURCE_LANGUAGE)
        if english is not None and english != name:
            translator.add_fallback(self.translator(english))
        return translator


DEFAULT_CATALOGS = Catalogs()


def available_languages() -> list[str]:
    """The languages that have a catalog under ``locale/``, sorted."""
    return DEFAULT_CATALOGS.languages()


def translator_for(language: str) -> gettext.NullTranslations:
    """Translations for ``language`` (a catalog name or a tag like ``"es-ES"``), English if none."""
    return DEFAULT_CATALOGS.translator(language)
