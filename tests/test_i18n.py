"""Runtime translations: catalogs read from .po files, Discord locales, command-name rules."""

from __future__ import annotations

import logging
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from interactions_app.i18n import (
    DISCORD_LOCALES,
    Catalogs,
    available_languages,
    command_name_problem,
    description_problem,
    discord_localizations,
    is_valid_command_name,
    language_for_discord_locale,
    localization_problems,
    translator_for,
)

HEADER = """\
msgid ""
msgstr ""
"Language: {language}\\n"
"Plural-Forms: {plural_forms}\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""


def write_catalog(
    locale_dir: Path,
    language: str,
    entries: str,
    plural_forms: str = "nplurals=2; plural=(n != 1);",
) -> Path:
    path = locale_dir / language / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = HEADER.format(language=language, plural_forms=plural_forms)
    path.write_text(header + textwrap.dedent(entries), encoding="utf-8")
    return path


@pytest.fixture
def small_catalogs(tmp_path: Path) -> Catalogs:
    write_catalog(
        tmp_path,
        "en",
        """\
        msgid "Movies"
        msgstr "Motion pictures"

        msgid "Music"
        msgstr "Music"
        """,
    )
    write_catalog(
        tmp_path,
        "da",
        """\
        msgid "Music"
        msgstr "Musik"

        #, fuzzy
        msgid "Live TV"
        msgstr "Direkte fjernsyn (gæt)"

        msgid "my_stats"
        msgstr "Min Statistik"
        """,
    )
    write_catalog(
        tmp_path,
        "nb",
        """\
        msgid "Music"
        msgstr "Musikk"
        """,
    )
    return Catalogs(tmp_path)


def test_danish_translator_speaks_danish() -> None:
    t = translator_for("da")
    assert t.gettext("Movies") == "Film"
    assert t.ngettext("{count} play", "{count} plays", 1).format(count=1) == "1 afspilning"
    assert t.ngettext("{count} play", "{count} plays", 7).format(count=7) == "7 afspilninger"


def test_french_uses_the_singular_for_zero() -> None:
    t = translator_for("fr")
    assert t.ngettext("{count} play", "{count} plays", 0).format(count=0) == "0 lecture"
    assert t.ngettext("{count} play", "{count} plays", 2).format(count=2) == "2 lectures"


def test_every_shipped_language_is_available() -> None:
    # A superset: adding a language must not need a test edit.
    assert {"da", "de", "en", "es", "fr"} <= set(available_languages())
    assert available_languages() == sorted(available_languages())


def test_unknown_language_and_unknown_text_are_english() -> None:
    assert translator_for("xx").gettext("Movies") == "Movies"
    assert translator_for("de").gettext("A text nobody marked") == "A text nobody marked"


def test_region_tags_reach_the_language_catalog() -> None:
    assert translator_for("es-419").gettext("Movies") == "Películas"
    assert translator_for("de_AT").gettext("Movies") == "Filme"


def test_translators_are_loaded_once_and_shared_between_threads(small_catalogs: Catalogs) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        translators = list(pool.map(small_catalogs.translator, ["da"] * 64))
    assert all(translator is translators[0] for translator in translators)
    assert small_catalogs.translator("da-DK") is translators[0]


def test_missing_text_falls_back_to_the_english_catalog(small_catalogs: Catalogs) -> None:
    danish = small_catalogs.translator("da")
    assert danish.gettext("Music") == "Musik"
    assert danish.gettext("Movies") == "Motion pictures"
    assert danish.gettext("Nowhere") == "Nowhere"


def test_fuzzy_entries_are_not_used(small_catalogs: Catalogs) -> None:
    assert small_catalogs.translator("da").gettext("Live TV") == "Live TV"


def test_a_broken_catalog_falls_back_to_english_and_is_logged(
    small_catalogs: Catalogs, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_catalog(
        small_catalogs.locale_dir, "de", 'msgid "Music"\nmsgstr "Musik"\nthis is not a po line\n'
    )
    with caplog.at_level(logging.ERROR):
        german = small_catalogs.translator("de")
    assert german.gettext("Music") == "Music"
    assert german.gettext("Movies") == "Motion pictures"
    assert str(path) in caplog.text


def test_without_any_catalog_text_stays_as_written(tmp_path: Path) -> None:
    catalogs = Catalogs(tmp_path / "nothing-here")
    assert catalogs.languages() == []
    assert catalogs.translator("da").ngettext("one", "many", 2) == "many"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("da", "da"),
        ("de", "de"),
        ("fr", "fr"),
        ("es-ES", "es"),
        ("es-419", "es"),
        ("en-US", "en"),
        ("en-GB", "en"),
        ("pt-BR", "da"),
        ("ja", "da"),
        ("", "da"),
        (None, "da"),
    ],
)
def test_discord_locale_picks_a_catalog_or_the_fallback(locale: str | None, expected: str) -> None:
    assert language_for_discord_locale(locale, "da") == expected


def test_discord_norwegian_uses_the_bokmal_catalog(small_catalogs: Catalogs) -> None:
    assert language_for_discord_locale("no", "en", catalogs=small_catalogs) == "nb"
    assert discord_localizations("Music", catalogs=small_catalogs) == {
        "da": "Musik",
        "no": "Musikk",
    }


def test_discord_localizations_cover_every_translated_locale() -> None:
    localizations = discord_localizations("Movies")
    assert {
        "da": "Film",
        "de": "Filme",
        "es-ES": "Películas",
        "es-419": "Películas",
        "fr": "Films",
    }.items() <= localizations.items()
    assert "en-US" not in localizations
    assert set(localizations) <= set(DISCORD_LOCALES)


def test_english_localizations_appear_only_when_they_differ(small_catalogs: Catalogs) -> None:
    localizations = discord_localizations("Movies", catalogs=small_catalogs)
    assert localizations["en-US"] == localizations["en-GB"] == "Motion pictures"
    assert "en-US" not in discord_localizations("Music", catalogs=small_catalogs)


@pytest.mark.parametrize(
    "name",
    [
        "my_stats",
        "min_statistik",
        "l'heure",
        "mes-stats",
        "größe",
        "статистика",
        "統計",
        "आँकड़े",  # Devanagari vowel signs are marks, allowed by \p{sc=Deva}
        "สถิติ",  # Thai vowel marks likewise, by \p{sc=Thai}
        "top10",
        "x" * 32,
    ],
)
def test_discord_accepts_these_command_names(name: str) -> None:
    assert command_name_problem(name) is None
    assert is_valid_command_name(name)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "characters"),
        ("x" * 33, "characters"),
        ("Stats", "lower-case"),
        ("my stats", "' '"),
        ("stats!", "'!'"),
        ("a.b", "'.'"),
        ("emoji📈", "'📈'"),
    ],
)
def test_discord_refuses_these_command_names(name: str, reason: str) -> None:
    problem = command_name_problem(name)
    assert problem is not None
    assert reason in problem
    assert not is_valid_command_name(name)


def test_descriptions_hold_one_to_a_hundred_characters() -> None:
    assert description_problem("x" * 100) is None
    assert description_problem("") is not None
    assert "101" in (description_problem("x" * 101) or "")


def test_localization_problems_name_the_locale_and_the_text(small_catalogs: Catalogs) -> None:
    problems = localization_problems(["my_stats"], ["Music"], catalogs=small_catalogs)
    assert problems == [
        "da ('my_stats'): 'Min Statistik' has upper-case letters; a name must be lower-case"
    ]
    assert localization_problems(["Bad Name"], catalogs=small_catalogs)[0].startswith("default")
