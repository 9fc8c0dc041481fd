"""``scripts/serve.py``: starts, answers, stops cleanly; refuses a bad config with exit 2."""

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

from interactions_app.cli_serve import EXIT_CONFIG, build_parser, build_server, main
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


def test_a_config_without_a_public_key_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    write_config(path, {"DATA_DIR": str(tmp_path / "data")})
    err = io.StringIO()
    assert main([], environ={"TGRAPH_CONFIG": str(path)}, stderr=err) == EXIT_CONFIG
    assert "DISCORD_PUBLIC_KEY" in err.getvalue()


def test_the_built_server_serves_the_configured_app(tmp_path: Path) -> None:
    key = SigningKey.generate()
    args = build_parser().parse_args(["--config", str(_config(tmp_path, key)), "--port", "8123"])
    server = build_server(args, environ={})
    assert (server.config.host, server.config.port) == ("127.0.0.1", 8123)
    app = server.config.app
    assert isinstance(app, Starlette)
    with serve_app(app) as running, InteractionClient(running.url, key) as client:
        assert client.ping().json() == {"type": 1}


@pytest.mark.parametrize(
    ("stop", "exit_code"), [(signal.SIGINT, 0), (signal.SIGTERM, -signal.SIGTERM)]
)
def test_the_script_starts_answers_and_stops_on_a_signal(
    tmp_path: Path, stop: signal.Signals, exit_code: int
) -> None:
    key = SigningKey.generate()
    config = _config(tmp_path, key)
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), "--config", str(config),
         "--port", str(port), "--log-level", "warning"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
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
        assert process.wait(30) == exit_code
        assert (tmp_path / "data" / "state.sqlite3").exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_the_script_file_runs_main(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "missing.yaml"
    monkeypatch.setattr(sys, "argv", ["serve.py", "--config", str(missing)])
    with pytest.raises(SystemExit) as exited:
        runpy.run_path(str(ROOT / "scripts" / "serve.py"), run_name="__main__")
    assert exited.value.code == EXIT_CONFIG
