"""``tgraph-bot``: one command, four subcommands that fail, exit and document themselves alike."""

from __future__ import annotations

import argparse
import gettext
import os
import runpy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import interactions_app.cli
from interactions_app.cli import SUBCOMMANDS, build_parser, i18n, main, post, register, serve
from interactions_app.cli._common import (
    EXIT_CONFIG,
    EXIT_FAILURE,
    EXIT_OK,
    config_error_lines,
    data_dir_problem,
)
from interactions_app.config import ConfigError, load_config
from interactions_app.i18n import LOCALE_DIR
from interactions_app.i18n._catalogs import find_locale_dir

REPO = Path(__file__).resolve().parents[1]
ENGLISH = gettext.NullTranslations()

PARSERS: dict[str, Callable[[], argparse.ArgumentParser]] = {
    "serve": serve.build_parser,
    "post": post.build_parser,
    "register": register.build_parser,
    "i18n": i18n.build_parser,
}


def every_parser(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The parser and its nested subcommand parsers (``i18n check``...)."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += every_parser(sub)
    return found


@pytest.mark.parametrize("name", list(PARSERS))
def test_help_gives_every_options_default_and_the_exit_codes(name: str) -> None:
    parser = PARSERS[name]()
    assert parser.prog == f"tgraph-bot {name}"
    for each in every_parser(parser):
        for action in each._actions:
            if action.option_strings and action.dest != "help":
                assert action.help is not None and "(default: " in action.help, (
                    each.prog,
                    action.dest,
                )
    text = parser.format_help()
    assert "exit codes:\n  0  " in text
    assert "\n  1  " in text
    assert "\n  2  " in text
    assert all(len(line) <= 79 for line in text.splitlines()), text


def test_the_exit_codes_mean_the_same_everywhere() -> None:
    for command in (serve, post, register, i18n):
        codes = command.EXIT_CODES
        assert sorted(codes) == [EXIT_OK, EXIT_FAILURE, EXIT_CONFIG]
        assert "wrong" in codes[EXIT_CONFIG]
    assert (EXIT_OK, EXIT_FAILURE, EXIT_CONFIG) == (0, 1, 2)


def test_the_command_lists_its_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])

    assert exited.value.code == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("usage: tgraph-bot [-h] COMMAND ...")
    for name, summary in SUBCOMMANDS.items():
        assert f"  {name:<9} {summary}\n" in out
    assert build_parser().prog == "tgraph-bot"


@pytest.mark.parametrize("name", list(PARSERS))
def test_a_subcommands_help_is_reached_through_the_command(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([name, "--help"])

    assert exited.value.code == EXIT_OK
    assert capsys.readouterr().out.startswith(f"usage: tgraph-bot {name} [-h]")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "tgraph-bot: the following arguments are required: COMMAND"),
        (["deploy"], "tgraph-bot: argument COMMAND: invalid choice: 'deploy'"),
        (["register", "--bogus"], "tgraph-bot register: unrecognized arguments: --bogus"),
        (["post", "--out"], "tgraph-bot post: argument --out: expected one argument"),
        (["i18n", "init"], "tgraph-bot i18n init: the following arguments are required"),
    ],
)
def test_a_wrong_command_line_is_one_line_and_exit_2(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)

    assert exited.value.code == EXIT_CONFIG
    captured = capsys.readouterr()
    assert captured.out == ""
    [line] = captured.err.splitlines()
    assert line.startswith(expected)
    assert line.endswith("--help')")


def test_i18n_runs_through_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["i18n", "--root", str(tmp_path), "init", "xx-nowhere"])

    assert code == EXIT_CONFIG
    assert "xx-nowhere" in capsys.readouterr().err
    assert not (tmp_path / "locale").exists()


def test_i18n_without_the_dev_packages_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As in an installed wheel: Weblate's language table is a development package.
    for name in list(sys.modules):
        if name.startswith(("interactions_app.i18n.tools", "interactions_app.cli._i18n_tasks")):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.delattr(interactions_app.cli, "_i18n_tasks", raising=False)
    for name in [
        *(n for n in sys.modules if n.startswith("weblate_language_data.")),
        "weblate_language_data",
    ]:
        monkeypatch.setitem(sys.modules, name, None)

    code = main(["i18n", "check"])

    assert code == EXIT_CONFIG
    [line] = capsys.readouterr().err.splitlines()
    assert line == (
        "tgraph-bot i18n needs the development packages (weblate_language_data is not "
        "installed): run it in a checkout of the project, after 'uv sync', as "
        "'uv run tgraph-bot i18n'"
    )


def test_config_problems_are_one_line_each_and_say_where(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("UPDATE_DAYS: 0\nLANGUAGE: tlh\n")
    environ = {"TGRAPH_DISCORD_PUBLIC_KEY": "not-a-key"}

    with pytest.raises(ConfigError) as raised:
        load_config(path, environ=environ)
    lines = config_error_lines(raised.value, ENGLISH)

    assert len(lines) == 3
    assert lines[0].startswith(f"{path}: Line 1: UPDATE_DAYS: ")
    assert lines[1].startswith(f"{path}: Line 2: LANGUAGE: ")
    # From the environment: the file is not where it is wrong.
    assert lines[2].startswith("DISCORD_PUBLIC_KEY")
    assert lines[2].endswith("(from the environment variable TGRAPH_DISCORD_PUBLIC_KEY)")
    assert "not-a-key" not in lines[2]


def test_a_problem_with_the_whole_file_names_it_once(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("UPDATE_DAYS: [1\n")

    with pytest.raises(ConfigError) as raised:
        load_config(path, environ={})
    [line] = config_error_lines(raised.value, ENGLISH)

    assert line == (
        f"{path}: Line 1: UPDATE_DAYS: the list that starts with [ never ends; close it with ]."
    )
    assert line.count(str(path)) == 1


def test_data_dir_is_created_when_missing(tmp_path: Path) -> None:
    data_dir = tmp_path / "var" / "data"

    assert data_dir_problem(data_dir, ENGLISH) is None
    assert data_dir.is_dir()
    assert list(data_dir.iterdir()) == []
    assert data_dir_problem(data_dir, ENGLISH) is None


def test_data_dir_that_is_a_file_is_named_with_the_fix(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.write_text("not a folder")

    problem = data_dir_problem(data_dir, ENGLISH)

    assert problem == (
        f"DATA_DIR {data_dir} cannot be used: Not a directory. Create it, writable by the user "
        "the bot runs as, or set DATA_DIR to such a folder."
    )


def test_data_dir_problem_names_a_relative_path_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "blocked").write_text("a file")

    problem = data_dir_problem(Path("blocked/data"), ENGLISH)

    assert problem is not None
    assert problem.startswith(f"DATA_DIR {tmp_path / 'blocked' / 'data'} cannot be used: ")


def test_catalogs_are_found_inside_an_installed_package(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "interactions_app"
    (package / "locale").mkdir(parents=True)

    assert find_locale_dir(package) == package / "locale"


def test_catalogs_are_found_beside_the_package_in_a_checkout(tmp_path: Path) -> None:
    package = tmp_path / "checkout" / "interactions_app"
    package.mkdir(parents=True)

    assert find_locale_dir(package) == tmp_path / "checkout" / "locale"
    assert REPO / "locale" == LOCALE_DIR


@pytest.mark.parametrize(
    ("module", "args", "code", "expected"),
    [
        ("interactions_app", ["--help"], EXIT_OK, "usage: tgraph-bot [-h] COMMAND ..."),
        ("interactions_app.cli", ["post", "--help"], EXIT_OK, "usage: tgraph-bot post [-h]"),
        ("interactions_app", ["register", "--help"], EXIT_OK, "usage: tgraph-bot register"),
        ("interactions_app.cli", ["post", "--verbose", "x"], EXIT_CONFIG, "tgraph-bot post: "),
        ("interactions_app", ["serve", "--port", "99999"], EXIT_CONFIG, "tgraph-bot serve: "),
    ],
)
def test_python_dash_m_runs_the_command(
    tmp_path: Path, module: str, args: list[str], code: int, expected: str
) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == code, done.stderr
    if code == EXIT_OK:
        assert done.stdout.startswith(expected)
    else:
        [line] = done.stderr.splitlines()
        assert line.startswith(expected)
        assert line.endswith("--help')")


@pytest.mark.parametrize(
    "script", ["serve.py", "post_graphs.py", "register_commands.py", "i18n.py"]
)
def test_the_scripts_are_shims_for_the_subcommands(
    script: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", [script, "--help"])

    with pytest.raises(SystemExit) as exited:
        runpy.run_path(str(REPO / "scripts" / script), run_name="__main__")

    assert exited.value.code == EXIT_OK
    assert capsys.readouterr().out.startswith(f"usage: {script} [-h]")
