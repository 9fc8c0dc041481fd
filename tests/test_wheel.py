"""The wheel as an admin installs it: built with ``uv build``, installed into a fresh venv, run as
``tgraph-bot`` from a folder that is not the checkout (catalogs and sample data come from inside
the installed package, or the Danish and localized output below would be English)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from renderer import GRAPH_SPECS

REPO = Path(__file__).resolve().parents[1]
SHOWN = {"daily_play_count", "top_10_users"}
COMMAND_LOCALES = {"da", "de", "fr", "es-ES"}


def uv(*args: str) -> None:
    """Run uv from the checkout; from its cache when that has everything, else from the index."""
    binary = os.environ.get("UV") or shutil.which("uv")
    assert binary, "uv is needed to build and install the wheel (it sets $UV under 'uv run')"
    for mode in (["--offline"], []):
        done = subprocess.run(
            [binary, *args, *mode], cwd=REPO, capture_output=True, text=True, check=False
        )
        if done.returncode == 0:
            return
    raise AssertionError(f"uv {' '.join(args)} failed: {done.stderr}")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    uv("build", "--wheel", "--out-dir", str(out), "--quiet")
    [built] = out.glob("tgraph_bot-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel and the pinned versions of its dependencies; its bin/."""
    root = tmp_path_factory.mktemp("installed")
    pins = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["uv"]
    constraints = root / "constraints.txt"
    constraints.write_text("\n".join(pins["constraint-dependencies"]) + "\n")
    uv("venv", "--quiet", "--python", sys.executable, str(root / "venv"))
    python = root / "venv" / "bin" / "python"
    uv("pip", "install", "--quiet", "--python", str(python), "-c", str(constraints), str(wheel))
    return python.parent


def run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TGRAPH_", "PYTHON"))}
    env["MPLBACKEND"] = "Agg"
    return subprocess.run(
        [str(venv / "tgraph-bot"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def danish_config(folder: Path) -> Path:
    enabled = {f"ENABLE_{spec.key.upper()}": spec.key in SHOWN for spec in GRAPH_SPECS}
    lines = ["LANGUAGE: da", *(f"{key}: {json.dumps(on)}" for key, on in enabled.items())]
    path = folder / "config.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_wheel_carries_the_catalogs_the_sample_data_and_the_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        [entry_points] = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
        scripts = archive.read(entry_points).decode()

    catalogs = sorted(REPO.glob("locale/*/LC_MESSAGES/messages.po"))
    assert {path.parents[1].name for path in catalogs} >= {"da", "de", "en", "es", "fr"}
    for path in [*catalogs, REPO / "locale" / "messages.pot"]:
        assert f"interactions_app/{path.relative_to(REPO).as_posix()}" in names
    samples = sorted((REPO / "renderer" / "sample_data").glob("*.json"))
    assert samples
    for path in samples:
        assert f"renderer/sample_data/{path.name}" in names
    assert "[console_scripts]\ntgraph-bot = interactions_app.cli:main" in scripts
    assert not any(name.startswith(("tests/", "scripts/", "locale/")) for name in names)


def test_installed_post_sample_renders_danish_graphs(venv: Path, tmp_path: Path) -> None:
    config = danish_config(tmp_path)

    done = run(venv, "post", "--sample", "--out", "out", "--config", str(config), cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    [line] = done.stdout.splitlines()
    assert line.startswith("Tegnede 2 grafer i out; åbn ")
    titles = {json.loads((tmp_path / "out" / f"{key}.json").read_text())["title"] for key in SHOWN}
    assert titles == {"Afspilninger pr. dag", "Top 10 brugere"}
    assert '<html lang="da">' in (tmp_path / "out" / "index.html").read_text()


def test_installed_register_dry_run_carries_the_command_localizations(
    venv: Path, tmp_path: Path
) -> None:
    config = danish_config(tmp_path)

    done = run(venv, "register", "--dry-run", "--config", str(config), cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    commands = json.loads(done.stdout)
    assert commands
    for command in commands:
        assert set(command["name_localizations"]) >= COMMAND_LOCALES, command["name"]
        assert set(command["description_localizations"]) >= COMMAND_LOCALES, command["name"]
    about = next(command for command in commands if command["name"] == "about")
    assert about["name_localizations"]["da"] == "om"


def test_installed_package_reads_its_own_catalogs(venv: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(venv / "python"), "-c", "from interactions_app.i18n import LOCALE_DIR as d; print(d)"],
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
        capture_output=True,
        text=True,
        check=True,
    )

    locale_dir = Path(done.stdout.strip())
    assert locale_dir.parts[-2:] == ("interactions_app", "locale")
    assert locale_dir.is_relative_to(venv.parent)


def test_installed_i18n_says_it_needs_the_checkout(venv: Path, tmp_path: Path) -> None:
    done = run(venv, "i18n", "check", cwd=tmp_path)

    assert (done.returncode, done.stdout) == (2, "")
    [line] = done.stderr.splitlines()
    assert line.startswith("tgraph-bot i18n needs the development packages (")
    assert "uv sync" in line
