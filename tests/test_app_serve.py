"""``tgraph-bot serve`` (``scripts/serve.py``): starts, answers, stops cleanly; refuses a bad
config with one line per problem and exit 2 before uvicorn starts; a server that cannot start
exits 1."""

from __future__ import annotations

import io
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from nacl.signing import SigningKey
from starlette.applications import Starlette

from interactions_app.cli.serve import (
    EXIT_CONFIG,
    EXIT_FAILURE,
    EXIT_OK,
    build_parser,
    build_server,
    config_problems,
    main,
)
from interactions_app.config import ConfigStore
from tests.fakes.endpoint import write_config
from tests.fakes.interactions import InteractionClient, serve_app

ROOT = Path(__file__).resolve().parents[1]


def _config(tmp_path: Path, key: SigningKey, **extra: object) -> Path:
    path = tmp_path / "config.yaml"
    settings: dict[str, object] = {
        "DISCORD_PUBLIC_KEY": key.verify_key.encode().hex(),
        "DATA_DIR": str(tmp_path / "data"),
        "DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
        "TAUTULLI_URL": "http://127.0.0.1:9",
    }
    settings.update(extra)
    write_config(path, settings)
    return path


def test_a_missing_config_file_exits_2_with_the_reason(tmp_path: Path) -> None:
    err = io.StringIO()
    missing = tmp_path / "nope.yaml"
    assert main(["--config", str(missing)], environ={}, stderr=err) == EXIT_CONFIG
    assert "nope.yaml" in err.getvalue()


def lines_of(err: io.StringIO) -> list[str]:
    return err.getvalue().splitlines()


def test_a_config_without_a_public_key_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    write_config(path, {"DATA_DIR": str(tmp_path / "data")})
    err = io.StringIO()
    assert main([], environ={"TGRAPH_CONFIG": str(path)}, stderr=err) == EXIT_CONFIG
    [line] = lines_of(err)
    assert line.startswith("DISCORD_PUBLIC_KEY must be the application's public key")
    assert "Developer Portal" in line


def test_each_problem_in_the_file_is_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    write_config(path, {"DISCORD_PUBLIC_KEY": "abc123", "UPDATE_DAYS": 0})
    err = io.StringIO()

    assert main(["--config", str(path)], environ={}, stderr=err) == EXIT_CONFIG

    lines = lines_of(err)
    assert len(lines) == 2
    assert all(line.startswith(f"{path}: Line ") for line in lines)
    assert "DISCORD_PUBLIC_KEY" in lines[0]
    assert "UPDATE_DAYS" in lines[1]


def test_an_unusable_data_dir_exits_2_before_the_server_starts(tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file where DATA_DIR's parent should be")
    data_dir = blocker / "data"
    err = io.StringIO()

    path = _config(tmp_path, SigningKey.generate(), DATA_DIR=str(data_dir))
    assert main(["--config", str(path)], environ={}, stderr=err) == EXIT_CONFIG

    [line] = lines_of(err)
    assert line.startswith(f"DATA_DIR {data_dir} cannot be used: Not a directory.")
    assert "writable by the user the bot runs as" in line


def test_a_missing_key_and_an_unusable_data_dir_are_both_named(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file, not a folder")
    path = tmp_path / "config.yaml"
    write_config(path, {"DATA_DIR": str(tmp_path / "data")})
    err = io.StringIO()

    assert main(["--config", str(path)], environ={}, stderr=err) == EXIT_CONFIG

    assert [line.split()[0] for line in lines_of(err)] == ["DISCORD_PUBLIC_KEY", "DATA_DIR"]


def test_a_missing_data_dir_is_created_by_the_check(tmp_path: Path) -> None:
    data_dir = tmp_path / "new" / "data"
    path = _config(tmp_path, SigningKey.generate(), DATA_DIR=str(data_dir))

    assert config_problems(ConfigStore(path, environ={}).current) == []
    assert data_dir.is_dir()
    assert list(data_dir.iterdir()) == []


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http"])
def test_a_port_out_of_range_is_a_usage_error(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--port", port], environ={})

    assert exited.value.code == EXIT_CONFIG
    [line] = capsys.readouterr().err.splitlines()
    assert line == (
        f"tgraph-bot serve: argument --port: {port!r} is not a port: use a number from 1 to "
        "65535 (see 'tgraph-bot serve --help')"
    )


def test_a_state_file_that_cannot_be_used_exits_1_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "state.sqlite3").write_text("not a database, and longer than a header")
    path = _config(tmp_path, SigningKey.generate())
    err = io.StringIO()

    assert main(["--config", str(path)], environ={}, stderr=err) == EXIT_FAILURE

    [line] = lines_of(err)
    assert line.startswith(f"The bot's state file {tmp_path / 'data' / 'state.sqlite3'} could")


def test_the_built_server_serves_the_configured_app(tmp_path: Path) -> None:
    key = SigningKey.generate()
    path = _config(tmp_path, key)
    args = build_parser().parse_args(["--config", str(path), "--port", "8123"])
    server = build_server(args, ConfigStore(path, environ={}))
    assert (server.config.host, server.config.port) == ("127.0.0.1", 8123)
    app = server.config.app
    assert isinstance(app, Starlette)
    with serve_app(app) as running, InteractionClient(running.url, key) as client:
        assert client.ping().json() == {"type": 1}


def free_port() -> int:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_script(config: Path, port: int, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), "--config", str(config),
         "--port", str(port), "--log-level", "warning"],
        cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("stop", "exit_code"), [(signal.SIGINT, EXIT_OK), (signal.SIGTERM, -signal.SIGTERM)]
)
def test_the_script_starts_answers_and_stops_on_a_signal(
    tmp_path: Path, stop: signal.Signals, exit_code: int
) -> None:
    key = SigningKey.generate()
    config = _config(tmp_path, key)
    port = free_port()
    process = start_script(config, port, tmp_path)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        health = None
        while health is None and time.monotonic() < deadline and process.poll() is None:
            try:
                health = httpx.get(url + "/healthz", timeout=1)
            except httpx.TransportError:
                time.sleep(0.1)  # still starting: poll, do not guess
        assert health is not None and health.json()["status"] == "ok"
        with InteractionClient(url, key) as client:
            assert client.ping().json() == {"type": 1}
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=30)
        assert process.returncode == exit_code
        assert "Traceback" not in stderr
        assert (tmp_path / "data" / "state.sqlite3").exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_a_taken_port_exits_1_without_a_traceback(tmp_path: Path) -> None:
    config = _config(tmp_path, SigningKey.generate())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = start_script(config, taken.getsockname()[1], tmp_path)
        try:
            _, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(10)

    assert process.returncode == EXIT_FAILURE
    assert "address already in use" in stderr
    assert "Traceback" not in stderr


def test_the_script_file_runs_main(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "missing.yaml"
    monkeypatch.setattr(sys, "argv", ["serve.py", "--config", str(missing)])
    with pytest.raises(SystemExit) as exited:
        runpy.run_path(str(ROOT / "scripts" / "serve.py"), run_name="__main__")
    assert exited.value.code == EXIT_CONFIG
