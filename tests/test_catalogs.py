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
    command_name_problem,
    description_problem,
    discord_localizations,
    localization_problems,
)
from interactions_app.i18n.tools import (
    catalog_problems,
    command_text_problems,
    placeholders,
    template_path,
    template_problems,
)
from scripts.i18n import main

SHIPPED = ("da", "de", "en", "es", "fr")


def test_the_template_has_every_string_in_the_code() -> None:
    assert template_problems() == []


def test_every_shipped_catalog_is_complete_confirmed_and_placeholder_correct() -> None:
    assert catalog_problems(strict=True) == []


def test_shipped_command_texts_obey_discord() -> None:
    assert command_text_problems() == []


@pytest.mark.parametrize("language", SHIPPED)
def test_language_header(language: str) -> None:
    text = catalog_path(language).read_text(encoding="utf-8")
    assert f'"Language: {language}\\n"' in text


def test_the_five_languages_ship() -> None:
    assert set(SHIPPED) <= set(catalog_languages(LOCALE_DIR))


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


def run_check(
    root: Path, capsys: pytest.CaptureFixture[str], *, strict: bool = False
) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["--root", str(root), "check", *(["--strict"] if strict else [])])
    return status, capsys.readouterr().err


def set_header(po: Path, plural_forms: str) -> None:
    text = po.read_text("utf-8")
    po.write_text(
        re.sub(r'"Plural-Forms: .*\\n"', f'"Plural-Forms: {plural_forms}\\\\n"', text), "utf-8"
    )


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


def test_untranslated_entries_are_reported_and_fail_only_when_strict(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--root", str(project), "check"]) == 0
    out, errors = capsys.readouterr()
    assert errors == ""
    assert "en: 3/3 translated (100 %)" in out
    assert "fr: 0/3 translated (0 %)" in out
    assert "untranslated entries show in English" in out

    status, errors = run_check(project, capsys, strict=True)
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
    ],
)
def test_placeholders_must_match_in_every_plural_form(
    project: Path, capsys: pytest.CaptureFixture[str], forms: tuple[str, str], problem: str
) -> None:
    translate_french(catalog_path("fr", project / "locale"), graph_forms=forms)
    status, errors = run_check(project, capsys)
    assert status == 1
    assert problem in errors


def test_a_half_translated_plural_is_a_gap_not_an_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    translate_french(catalog_path("fr", project / "locale"), graph_forms=("{n} graphe", ""))
    assert run_check(project, capsys) == (0, "")
    status, errors = run_check(project, capsys, strict=True)
    assert status == 1
    assert "fr: '{n} graph' is not translated" in errors


def test_a_form_used_only_for_one_may_leave_the_number_out(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # German uses form 0 for n = 1 only ("ein Diagramm"); French uses it for 0 and 1.
    assert main(["--root", str(project), "init", "de"]) == 0
    de = catalog_path("de", project / "locale")
    set_translation(de, "Daily plays", "Wiedergaben pro Tag")
    set_translation(de, "Tautulli at {url} is down", "Tautulli unter {url} antwortet nicht")
    text = de.read_text("utf-8").replace('msgstr[0] ""', 'msgstr[0] "ein Diagramm"')
    de.write_text(text.replace('msgstr[1] ""', 'msgstr[1] "{n} Diagramme"'), "utf-8")
    translate_french(
        catalog_path("fr", project / "locale"), graph_forms=("{n} graphe", "{n} graphes")
    )
    assert run_check(project, capsys, strict=True) == (0, "")

    fr = catalog_path("fr", project / "locale")
    fr.write_text(fr.read_text("utf-8").replace('"{n} graphe"', '"un graphe"'), "utf-8")
    status, errors = run_check(project, capsys)
    assert status == 1
    assert "fr: '{n} graph': translation 'un graphe' has placeholders []" in errors


def test_a_changed_placeholder_fails(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    po.write_text(po.read_text("utf-8").replace("({url})", "({adresse})"), "utf-8")
    status, errors = run_check(project, capsys)
    assert status == 1
    assert "has placeholders ['adresse'], the original ['url']" in errors


def test_a_fuzzy_entry_is_reported_and_fails_only_when_strict(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    po.write_text(po.read_text("utf-8").replace('msgid "Daily', '#, fuzzy\nmsgid "Daily'), "utf-8")
    capsys.readouterr()
    assert main(["--root", str(project), "check"]) == 0
    assert "fr: 2/3 translated (66 %), 1 fuzzy" in capsys.readouterr().out
    status, errors = run_check(project, capsys, strict=True)
    assert status == 1
    assert "fr: 'Daily plays' is fuzzy" in errors


@pytest.mark.parametrize(
    "plural_forms",
    [
        "nplurals=2; plural=n > 1;",  # Weblate's default, as Weblate writes it
        "nplurals=2; plural=(n > 1);",  # the same rule, as Babel 2.18 wrote it
        "nplurals=2; plural=n>1",  # no spaces, no final semicolon
        "nplurals=2; plural=(n == 0 || n == 1) ? 0 : 1;",  # equivalent, written otherwise
    ],
)
def test_a_plural_rule_passes_when_it_acts_like_weblates(
    project: Path, capsys: pytest.CaptureFixture[str], plural_forms: str
) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    set_header(po, plural_forms)
    assert run_check(project, capsys, strict=True) == (0, "")


def test_the_cldr_alternative_with_three_forms_passes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    set_header(
        po, "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
    )
    text = po.read_text("utf-8")
    po.write_text(
        text.replace(
            'msgstr[1] "{n} graphes"\n', 'msgstr[1] "{n} de graphes"\nmsgstr[2] "{n} graphes"\n'
        ),
        "utf-8",
    )
    assert run_check(project, capsys, strict=True) == (0, "")


@pytest.mark.parametrize(
    ("plural_forms", "problem"),
    [
        (
            "nplurals=2; plural=(n != 1);",
            "differs from Weblate's rule for fr: 'nplurals=2; plural=n > 1;'",
        ),
        ("nplurals=2; plural=n;", "gives form 2 for n=2, but nplurals=2 allows 0 to 1"),
        ("nplurals=2; plural=n >>> 1;", "is not a valid C expression"),
        ("nplurals=two; plural=n > 1;", "is not 'nplurals=<count>; plural=<C expression>;'"),
        ("nplurals=0; plural=0;", "at least 1 is needed"),
    ],
)
def test_a_wrong_plural_rule_fails(
    project: Path, capsys: pytest.CaptureFixture[str], plural_forms: str, problem: str
) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    set_header(po, plural_forms)
    status, errors = run_check(project, capsys)
    assert status == 1
    assert problem in errors


def test_a_plural_entry_with_too_few_forms_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    po.write_text(po.read_text("utf-8").replace('msgstr[1] "{n} graphes"\n', ""), "utf-8")
    status, errors = run_check(project, capsys)
    assert status == 1
    assert "a plural entry has forms [0]; Plural-Forms asks for exactly 2" in errors


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
    status, errors = run_check(project, capsys, strict=True)
    assert "fr: 'Top users' is not translated" in errors
    assert "fr: 'Daily plays' is not in the template any more" in errors

    assert main(["--root", str(project), "update"]) == 0
    en = catalog_path("en", project / "locale").read_text("utf-8")
    assert 'msgid "Top users"\nmsgstr "Top users"' in en
    status, errors = run_check(project, capsys, strict=True)
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
    assert '"Plural-Forms: nplurals=2; plural=n != 1;\\n"' in nl


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
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("catalogs complete: ")
    assert {"da", "de", "en", "es", "fr"} <= set(last.split(": ", 1)[1].split(", "))
    assert main(["check", "--strict"]) == 0


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


# New languages, as the script and as Weblate write them.


def test_init_takes_a_bcp47_code_and_writes_weblates_rule(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--root", str(project), "init", "pt-BR"]) == 0
    po = catalog_path("pt_BR", project / "locale")
    text = po.read_text("utf-8")
    assert '"Language: pt_BR\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=n > 1;\\n"' in text
    capsys.readouterr()
    assert main(["--root", str(project), "check"]) == 0
    assert "pt_BR: 0/3 translated (0 %)" in capsys.readouterr().out
    status, errors = run_check(project, capsys, strict=True)
    assert status == 1
    assert "pt_BR: 'Daily plays' is not translated" in errors


@pytest.mark.parametrize("code", ["xx", "en-Klingon", "zz_ZZ", "../fr"])
def test_init_refuses_an_unknown_language_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], code: str
) -> None:
    before = sorted(path.relative_to(project) for path in project.rglob("*"))
    capsys.readouterr()
    assert main(["--root", str(project), "init", code]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ")
    assert "not a language code Weblate knows" in error
    assert sorted(path.relative_to(project) for path in project.rglob("*")) == before


WEBLATE_NEW_LANGUAGE = """\
# Weblate wrote this file when a translator added Dutch.
msgid ""
msgstr ""
"Project-Id-Version: TGraph Bot 0.1.0\\n"
"Report-Msgid-Bugs-To: EMAIL@ADDRESS\\n"
"POT-Creation-Date: 2026-11-23 23:06+0000\\n"
"PO-Revision-Date: 2026-12-01 10:00+0000\\n"
"Last-Translator: Anne <anne@example.org>\\n"
"Language-Team: Dutch <https://hosted.weblate.org/projects/tgraph-bot/messages/nl/>\\n"
"Language: nl\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=n != 1;\\n"
"X-Generator: Weblate 5.14\\n"

#, python-brace-format
msgid "Tautulli at {url} is down"
msgstr "Tautulli op {url} reageert niet"

#, python-brace-format
msgid "{n} graph"
msgid_plural "{n} graphs"
msgstr[0] "{n} grafiek"
msgstr[1] "{n} grafieken"
"""


def test_a_catalog_as_weblate_writes_a_new_language_passes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = catalog_path("nl", project / "locale")
    po.parent.mkdir(parents=True)
    po.write_text(WEBLATE_NEW_LANGUAGE, "utf-8")
    capsys.readouterr()
    assert main(["--root", str(project), "check"]) == 0
    out = capsys.readouterr().out
    assert "nl: 2/3 translated (66 %)" in out


def test_update_leaves_a_catalog_alone_when_only_the_tool_version_differs(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = catalog_path("fr", project / "locale")
    translate_french(po, graph_forms=("{n} graphe", "{n} graphes"))
    text = re.sub(
        r'"Generated-By: Babel .*\\n"', '"Generated-By: Babel 2.18.0\\\\n"', po.read_text("utf-8")
    )
    text = re.sub(
        r'"POT-Creation-Date: .*\\n"', '"POT-Creation-Date: 2020-01-01 00:00+0000\\\\n"', text
    )
    po.write_text(text, "utf-8")
    before = po.read_bytes()
    capsys.readouterr()
    assert main(["--root", str(project), "update"]) == 0
    assert "all catalogs already up to date" in capsys.readouterr().out
    assert po.read_bytes() == before


def test_catalogs_are_written_without_line_wrapping(project: Path) -> None:
    source = project / "app" / "graphs.py"
    long_text = "A sentence long enough to be wrapped at eighty columns by gettext tools " * 3
    source.write_text(SOURCE + f'LONG = N_("{long_text.strip()}")\n', "utf-8")
    assert main(["--root", str(project), "extract"]) == 0
    assert main(["--root", str(project), "update"]) == 0
    for path in (template_path(project / "locale"), catalog_path("fr", project / "locale")):
        assert f'msgid "{long_text.strip()}"\n' in path.read_text("utf-8")
