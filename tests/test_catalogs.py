"""The shipped catalogs are complete and current, and the checks that say so can fail."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from interactions_app.commands import build_registry
from interactions_app.i18n import (
    LOCALE_DIR,
    catalog_languages,
    catalog_path,
    catalog_problems,
    command_name_problem,
    description_problem,
    discord_localizations,
    localization_problems,
    placeholders,
    template_path,
    template_problems,
)
from scripts.i18n import main

EXPECTED_PLURAL_FORMS = {
    "da": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "en": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
}


def test_the_template_has_every_string_in_the_code() -> None:
    assert template_problems() == []


def test_every_catalog_is_complete_confirmed_and_placeholder_correct() -> None:
    assert catalog_problems() == []


@pytest.mark.parametrize(("language", "plural_forms"), EXPECTED_PLURAL_FORMS.items())
def test_plural_forms_header(language: str, plural_forms: str) -> None:
    text = catalog_path(language).read_text(encoding="utf-8")
    assert f'"Plural-Forms: {plural_forms}\\n"' in text
    assert f'"Language: {language}\\n"' in text


def test_the_five_languages_ship() -> None:
    assert set(EXPECTED_PLURAL_FORMS) <= set(catalog_languages(LOCALE_DIR))


def test_no_compiled_catalogs_are_committed() -> None:
    assert list(LOCALE_DIR.rglob("*.mo")) == []


def test_placeholders_are_the_format_field_names() -> None:
    assert placeholders("{count} of {user.name} at {0} {x[1]:>5}") == {"count", "user", "0", "x"}
    assert placeholders("{{literal}} braces") == frozenset()
    with pytest.raises(ValueError, match="expected"):
        placeholders("{unbalanced")


# A throw-away project: the same tools, run on files in tmp_path.

SOURCE = """\
from renderer.translation import N_

TITLE = N_("Daily plays")


def explain(t, n, url):
    return t.gettext("Tautulli at {url} is down").format(url=url) + t.ngettext(
        "{n} graph", "{n} graphs", n
    ).format(n=n)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "babel.cfg").write_text("[python: app/**.py]\n", encoding="utf-8")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "graphs.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text('t.gettext("not extracted")\n', "utf-8")
    root = str(tmp_path)
    assert main(["--root", root, "extract"]) == 0
    for language in ("en", "fr"):
        assert main(["--root", root, "init", language]) == 0
    return tmp_path


def run_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["--root", str(root), "check"])
    return status, capsys.readouterr().err


def set_translation(po: Path, msgid: str, msgstr: str, *, fuzzy: bool = False) -> None:
    text = po.read_text(encoding="utf-8")
    entry = f'msgid "{msgid}"\nmsgstr ""\n'
    assert entry in text
    flag = "#, fuzzy\n" if fuzzy else ""
    po.write_text(text.replace(entry, f'{flag}msgid "{msgid}"\nmsgstr "{msgstr}"\n'), "utf-8")


def translate_french(po: Path, *, graph_forms: tuple[str, str]) -> None:
    set_translation(po, "Daily plays", "Lectures par jour")
    set_translation(po, "Tautulli at {url} is down", "Tautulli ({url}) est en panne")
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgstr[0] ""', f'msgstr[0] "{graph_forms[0]}"')
    po.write_text(text.replace('msgstr[1] ""', f'msgstr[1] "{graph_forms[1]}"'), "utf-8")


def test_extract_finds_the_marked_strings_only(project: Path) -> None:
    pot = template_path(project / "locale").read_text(encoding="utf-8")
    assert re.findall(r'^msgid "(.+)"$', pot, re.MULTILINE) == [
        "Daily plays",
        "Tautulli at {url} is down",
        "{n} graph",
    ]
    assert 'msgid_plural "{n} graphs"' in pot
    assert "not extracted" not in pot


def test_english_starts_complete_and_other_languages_empty(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, errors = run_check(project, capsys)
    assert status == 1
    assert "en:" not in errors
    assert "fr: 'Daily plays' is not translated" in errors
    assert "fr: '{n} graph' is not translated" in errors


def test_a_complete_catalog_passes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    translate_french(
        catalog_path("fr", project / "locale"), graph_forms=("{n} graphe", "{n} graphes")
    )
    status, errors = run_check(project, capsys)
    assert (status, errors) == (0, "")


@pytest.mark.parametrize(
    ("forms", "problem"),
    [
        (("{n} graphe", "{nombre} graphes"), "has placeholders ['nombre']"),
        (("un graphe", "{n} graphes"), "has placeholders []"),
        (("{n} graphe", "{n graphes"), "is not a valid format string"),
        (("{n} graphe", ""), "is not translated"),
    ],
)
def test_placeholders_must_match_in_every_plural_form(
    project: Path, capsys: pytest.CaptureFixture[str], forms: tuple[str, str], problem: str
) -> None:
    translate_french(catalog_path("fr", project / "locale"), graph_forms=forms)
    status, errors = run_check(project, capsys)
    assert status == (1 if problem else 0)
    assert problem in errors


def test_a_changed_placeholder_fails(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    po.write_text(po.read_text("utf-8").replace("({url})", "({adresse})"), "utf-8")
    status, errors = run_check(project, capsys)
    assert status == 1
    assert "has placeholders ['adresse'], the original ['url']" in errors


def test_a_fuzzy_entry_fails(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    po.write_text(po.read_text("utf-8").replace('msgid "Daily', '#, fuzzy\nmsgid "Daily'), "utf-8")
    status, errors = run_check(project, capsys)
    assert status == 1
    assert "fr: 'Daily plays' is fuzzy" in errors


def test_a_wrong_plural_forms_header_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    po.write_text(po.read_text("utf-8").replace("(n > 1)", "(n != 1)"), "utf-8")
    status, errors = run_check(project, capsys)
    assert status == 1
    assert "expected 'nplurals=2; plural=(n > 1);'" in errors


def test_a_wrong_number_of_plural_forms_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    text = po.read_text("utf-8")
    po.write_text(
        text.replace(
            'msgstr[1] "{n} graphes"\n', 'msgstr[1] "{n} graphes"\nmsgstr[2] "{n} de graphes"\n'
        ),
        "utf-8",
    )
    status, errors = run_check(project, capsys)
    assert status == 1
    assert "more translations than num_plurals" in errors


def test_an_unreadable_catalog_fails(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = catalog_path("fr", project / "locale")
    po.write_text(po.read_text("utf-8") + "this is not gettext\n", "utf-8")
    status, errors = run_check(project, capsys)
    assert status == 1
    assert f"fr: cannot read {po}" in errors


def test_a_missing_plural_forms_header_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    text = po.read_text("utf-8")
    po.write_text(re.sub(r'"Plural-Forms:.*\n', "", text), "utf-8")
    status, errors = run_check(project, capsys)
    assert status == 1
    assert "fr: no Plural-Forms header" in errors


def test_new_code_strings_make_the_template_stale_until_extracted(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    source = project / "app" / "graphs.py"
    source.write_text(
        SOURCE.replace('N_("Daily plays")', 'N_("Plays per day")') + 'NEW = N_("Top users")\n',
        "utf-8",
    )
    status, errors = run_check(project, capsys)
    assert status == 1
    assert "in the code but not in messages.pot: 'Plays per day'" in errors
    assert "in the code but not in messages.pot: 'Top users'" in errors
    assert "in messages.pot but not in the code: 'Daily plays'" in errors

    assert main(["--root", str(project), "extract"]) == 0
    status, errors = run_check(project, capsys)
    assert "fr: 'Top users' is missing" in errors
    assert "fr: 'Daily plays' is not in the template any more" in errors

    assert main(["--root", str(project), "update"]) == 0
    en = catalog_path("en", project / "locale").read_text("utf-8")
    assert 'msgid "Top users"\nmsgstr "Top users"' in en
    status, errors = run_check(project, capsys)
    assert "fr: 'Top users' is not translated" in errors
    assert "Daily plays" not in errors
    assert "en:" not in errors


def test_a_changed_plural_is_noticed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = project / "app" / "graphs.py"
    source.write_text(SOURCE.replace('"{n} graphs"', '"{n} charts"'), "utf-8")
    status, errors = run_check(project, capsys)
    assert status == 1
    assert "plural form changed in the code: '{n} graph'" in errors


def test_extract_and_update_leave_current_files_alone(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pot = template_path(project / "locale")
    before = pot.read_bytes()
    capsys.readouterr()
    assert main(["--root", str(project), "extract"]) == 0
    assert main(["--root", str(project), "update"]) == 0
    out = capsys.readouterr().out
    assert "messages.pot already up to date" in out
    assert "all catalogs already up to date" in out
    assert pot.read_bytes() == before


def test_init_refuses_to_overwrite_a_catalog(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(project), "init", "fr"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["--root", str(project), "init", "nl"]) == 0
    nl = catalog_path("nl", project / "locale").read_text("utf-8")
    assert '"Language: nl\\n"' in nl
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in nl


def test_check_without_a_template_says_what_to_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "babel.cfg").write_text("[python: app/**.py]\n", encoding="utf-8")
    status, errors = run_check(tmp_path, capsys)
    assert status == 1
    assert "messages.pot is missing: run 'uv run scripts/i18n.py extract'" in errors
    assert "cannot read" in errors


def test_check_passes_on_the_shipped_catalogs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("catalogs complete: ")
    assert {"da", "de", "en", "es", "fr"} <= set(out.split(": ", 1)[1].strip().split(", "))


def test_usage_errors_exit_with_status_two() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["translate-everything"])
    assert exit_info.value.code == 2


# Command localizations: what register_commands.py publishes must pass Discord's rules.


def _command_texts(
    node: dict[str, Any], names: list[str], descriptions: list[str], problems: list[str]
) -> None:
    name = str(node["name"])
    names.append(name)
    checks = {"name": command_name_problem, "description": description_problem}
    for field, check in checks.items():
        if field == "description" and "description" not in node:
            continue
        if field == "description":
            descriptions.append(str(node["description"]))
        for locale, text in {
            "default": node[field],
            **node.get(f"{field}_localizations", {}),
        }.items():
            problem = check(str(text))
            if problem is not None:
                problems.append(f"/{name} {field} [{locale}]: {problem}")
    for choice in node.get("choices", []):
        descriptions.append(str(choice["name"]))
        for locale, text in {
            "default": choice["name"],
            **choice.get("name_localizations", {}),
        }.items():
            problem = description_problem(str(text))
            if problem is not None:
                problems.append(f"/{name} choice [{locale}]: {problem}")
    for option in node.get("options", []):
        _command_texts(option, names, descriptions, problems)


def test_command_names_and_descriptions_obey_discord_in_every_language() -> None:
    payload = build_registry().to_discord_json(localizations=discord_localizations)
    names: list[str] = []
    descriptions: list[str] = []
    problems: list[str] = []
    for command in payload:
        _command_texts(command, names, descriptions, problems)
    assert names
    assert problems == []
    assert localization_problems(names, descriptions) == []


def test_every_command_description_is_translated_for_every_catalog_language() -> None:
    payload = build_registry().to_discord_json(localizations=discord_localizations)
    descriptions: list[str] = []
    for command in payload:
        _command_texts(command, [], descriptions, [])
    expected = {"da", "de", "fr", "es-ES", "es-419"}
    untranslated = [
        text for text in descriptions if not expected <= set(discord_localizations(text))
    ]
    assert untranslated == []


def test_every_command_and_option_name_is_localized_for_every_catalog_language() -> None:
    payload = build_registry().to_discord_json(localizations=discord_localizations)
    names: list[str] = []
    for command in payload:
        _command_texts(command, names, [], [])
    expected = {"da", "de", "fr", "es-ES", "es-419"}
    assert {"my_stats", "update_graphs", "email", "key"} <= set(names)
    unlocalized = [name for name in names if not expected <= set(discord_localizations(name))]
    assert unlocalized == []
