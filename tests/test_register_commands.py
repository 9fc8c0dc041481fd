"""``tgraph-bot register`` (``scripts/register_commands.py``) against the fake Discord, and its
payload against the spec."""

from __future__ import annotations

import io
import json
import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from interactions_app.cli.register import EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, main
from interactions_app.commands.registration import (
    command_payload,
    compare_commands,
    read_record,
    record_path,
    register_commands,
)
from interactions_app.discord import DiscordRest
from tests.fakes.discord import DiscordFake
from tests.fakes.openapi import load_spec

pytest_plugins = ["tests.fixtures"]

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "register_commands.py"
GUILD = "987654321098765432"


def write_config(path: Path, **values: Any) -> Path:
    path.write_text("".join(f"{key}: {json.dumps(value)}\n" for key, value in values.items()))
    return path


@pytest.fixture
def config_file(tmp_path: Path, discord: DiscordFake) -> Path:
    return write_config(
        tmp_path / "config.yaml",
        DISCORD_APPLICATION_ID=discord.application_id,
        DISCORD_BOT_TOKEN=discord.bot_token,
        DISCORD_API_BASE=discord.api_base,
        DATA_DIR=str(tmp_path / "data"),
    )


def run_script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TGRAPH_")}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_main(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), environ={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_the_payload_is_valid_by_discords_openapi_spec() -> None:
    payload = command_payload()
    spec = load_spec()

    for path in ("/applications/1234567890123456789/commands",
                 f"/applications/1234567890123456789/guilds/{GUILD}/commands"):  # fmt: skip
        match = spec.match("PUT", path)
        assert match is not None
        assert spec.validate(match.operation, "application/json", payload) == []
    names = [command["name"] for command in payload]
    assert len(names) == len(set(names))
    assert {"about", "update_graphs", "my_stats"} <= set(names)
    admin = next(command for command in payload if command["name"] == "update_graphs")
    assert admin["default_member_permissions"].isdigit()


def test_registers_globally_and_reports_what_changed(
    config_file: Path, discord: DiscordFake
) -> None:
    code, out, err = run_main("--config", str(config_file))

    assert (code, err) == (EXIT_OK, "")
    names = [command["name"] for command in command_payload()]
    assert [command["name"] for command in discord.commands()] == names
    [put] = discord.requests_for("bulk_set_application_commands")
    assert put.json == command_payload()
    assert put.headers["authorization"] == f"Bot {discord.bot_token}"
    discord.assert_all_valid()
    lines = out.splitlines()
    assert lines[0].startswith(f"Registered {len(names)} commands globally")
    assert lines[1] == "  added: " + ", ".join(f"/{name}" for name in names)
    assert lines[2].startswith("  (no earlier registration is recorded")

    code, out, _ = run_main("--config", str(config_file))

    assert code == EXIT_OK
    assert out.splitlines()[1:] == ["  unchanged: " + ", ".join(f"/{name}" for name in names)]


def test_registers_in_one_guild(config_file: Path, discord: DiscordFake, tmp_path: Path) -> None:
    code, out, _ = run_main("--config", str(config_file), "--guild", GUILD)

    assert code == EXIT_OK
    assert f"in server {GUILD}" in out.splitlines()[0]
    assert len(discord.commands(GUILD)) == len(command_payload())
    assert discord.commands() == []
    record = record_path(tmp_path / "data", discord.application_id, GUILD)
    assert read_record(record) == command_payload()


@pytest.mark.anyio
async def test_changes_are_named_against_the_last_registration(
    discord: DiscordFake, tmp_path: Path
) -> None:
    record = tmp_path / "record.json"
    first = [
        {"name": "a", "description": "A", "type": 1},
        {"name": "b", "description": "B", "type": 1},
        {"name": "c", "description": "C", "type": 1},
    ]
    second = [
        {"name": "a", "description": "A", "type": 1},
        {"name": "b", "description": "B, better", "type": 1},
        {"name": "d", "description": "D", "type": 1},
    ]
    async with DiscordRest(api_base=discord.api_base, bot_token=discord.bot_token) as rest:
        await register_commands(rest, discord.application_id, first, record=record)
        result = await register_commands(rest, discord.application_id, second, record=record)

    changes = result.changes
    assert (changes.added, changes.updated, changes.removed, changes.unchanged) == (
        ["d"],
        ["b"],
        ["c"],
        ["a"],
    )
    assert [command["name"] for command in result.registered] == ["a", "b", "d"]
    assert compare_commands(None, second).added == ["a", "b", "d"]


def test_dry_run_checks_the_config_prints_the_json_and_needs_no_token(tmp_path: Path) -> None:
    write_config(tmp_path / "config.yaml", LANGUAGE="da", DATA_DIR=str(tmp_path / "data"))

    done = run_script("--dry-run", cwd=tmp_path)

    assert done.returncode == EXIT_OK, done.stderr
    assert json.loads(done.stdout) == command_payload()
    assert not (tmp_path / "data").exists()


def test_dry_run_without_a_config_file_is_a_config_error(tmp_path: Path) -> None:
    done = run_script("--dry-run", cwd=tmp_path)

    assert (done.returncode, done.stdout) == (EXIT_CONFIG, "")
    [line] = done.stderr.splitlines()
    assert line.startswith(f"There is no configuration file at {Path('config.yaml')}.")


def test_dry_run_with_an_invalid_config_names_each_problem(tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.yaml", LANGUAGE="tlh", UPDATE_DAYS=0)

    code, out, err = run_main("--dry-run", "--config", str(config))

    assert (code, out) == (EXIT_CONFIG, "")
    first, second = err.splitlines()
    assert first.startswith(f"{config}: Line 1: LANGUAGE:")
    assert second.startswith(f"{config}: Line 2: UPDATE_DAYS:")


def test_a_wrong_token_exits_1_with_one_clear_line(tmp_path: Path, discord: DiscordFake) -> None:
    config = write_config(
        tmp_path / "config.yaml",
        DISCORD_APPLICATION_ID=discord.application_id,
        DISCORD_BOT_TOKEN="not-the-token",
        DISCORD_API_BASE=discord.api_base,
        DATA_DIR=str(tmp_path / "data"),
    )

    done = run_script("--config", str(config), cwd=tmp_path)

    assert done.returncode == EXIT_FAILURE
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "HTTP 401" in line
    assert "DISCORD_BOT_TOKEN" in line
    assert "not-the-token" not in done.stderr
    assert discord.commands() == []


@pytest.mark.parametrize(
    ("status", "code", "message"),
    [(404, 10002, "Unknown Application"), (400, 50035, "Invalid Form Body: application_id")],
)
def test_an_unknown_application_names_the_setting(
    config_file: Path, discord: DiscordFake, status: int, code: int, message: str
) -> None:
    discord.inject("bulk_set_application_commands", status=status, code=code, message=message)

    code_, out, err = run_main("--config", str(config_file))

    assert (code_, out) == (EXIT_FAILURE, "")
    assert "DISCORD_APPLICATION_ID" in err
    assert discord.application_id in err


@pytest.mark.parametrize(
    ("guild", "status", "expected"),
    [(None, 403, "belong to the application"), (GUILD, 403, "applications.commands scope")],
)
def test_refused_access_is_explained(
    config_file: Path, discord: DiscordFake, guild: str | None, status: int, expected: str
) -> None:
    route = "bulk_set_guild_application_commands" if guild else "bulk_set_application_commands"
    discord.inject(route, status=status, code=50001, message="Missing Access")

    args = ["--config", str(config_file)] + (["--guild", guild] if guild else [])
    code, _, err = run_main(*args)

    assert code == EXIT_FAILURE
    assert expected in err


def test_a_server_error_is_explained(config_file: Path, discord: DiscordFake) -> None:
    discord.inject("bulk_set_application_commands", status=500, times=10)

    code, _, err = run_main("--config", str(config_file))

    assert code == EXIT_FAILURE
    assert "Discord did not answer properly" in err


def test_missing_settings_and_bad_arguments_are_config_errors(tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.yaml", DATA_DIR=str(tmp_path / "data"))

    code, _, err = run_main("--config", str(config))
    assert code == EXIT_CONFIG
    assert "DISCORD_APPLICATION_ID and DISCORD_BOT_TOKEN" in err

    code, _, err = run_main("--config", str(tmp_path / "missing.yaml"))
    assert code == EXIT_CONFIG
    assert "missing.yaml" in err

    code, _, err = run_main("--guild", "not-a-server")
    assert code == EXIT_CONFIG
    assert "--guild" in err


def test_the_script_is_a_thin_wrapper_around_main() -> None:
    namespace = runpy.run_path(str(SCRIPT))
    assert namespace["main"] is main


def test_dry_run_in_process_prints_the_payload(tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.yaml", DATA_DIR=str(tmp_path / "data"))

    code, out, err = run_main("--dry-run", "--guild", GUILD, "--config", str(config))

    assert (code, err) == (EXIT_OK, "")
    assert json.loads(out) == command_payload()


def test_an_unreadable_record_counts_as_no_record(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    assert read_record(record) is None
    record.write_text("{not json")
    assert read_record(record) is None
    record.write_text('{"name": "about"}')
    assert read_record(record) is None
    record.write_text('[{"name": "about"}, "stray"]')
    assert read_record(record) == [{"name": "about"}]


@pytest.mark.anyio
async def test_a_record_that_cannot_be_kept_does_not_fail_the_registration(
    discord: DiscordFake, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "commands").write_text("a file where the folder should be")
    record = tmp_path / "commands" / "global.json"
    commands = [{"name": "about", "description": "About", "type": 1}]

    async with DiscordRest(api_base=discord.api_base, bot_token=discord.bot_token) as rest:
        result = await register_commands(rest, discord.application_id, commands, record=record)

    assert result.changes.added == ["about"]
    assert [command["name"] for command in discord.commands()] == ["about"]
    assert "Could not keep a record" in caplog.text
