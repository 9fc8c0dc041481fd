"""The systemd units in deploy/ as an installer meets them: they start, keep the bot's needs, and
stay hardened (``systemd-analyze security`` at most 2.0, ``systemd-analyze verify`` clean)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
SERVICES = ("tgraph-bot.service", "tgraph-post.service")
INSTALL_DIR = "/opt/tgraph-bot"
MAX_EXPOSURE = 2.0
EXIT_CONFIG = 2

Unit = dict[str, dict[str, list[str]]]


def parse_unit(path: Path) -> Unit:
    """Sections of key -> every value in order (systemd keys may repeat)."""
    unit: Unit = {}
    section: dict[str, list[str]] = defaultdict(list)
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        assert not line.endswith("\\"), f"{path.name}: keep each setting on one line: {line}"
        if line.startswith("["):
            section = unit.setdefault(line.strip("[]"), defaultdict(list))
            continue
        key, _, value = line.partition("=")
        section[key.strip()].append(value.strip())
    return unit


def one(unit: Unit, key: str, section: str = "Service") -> str:
    values = unit[section].get(key, [])
    assert len(values) == 1, f"{key}= should be set exactly once, found {values}"
    return values[0]


def environment(unit: Unit) -> dict[str, str]:
    return dict(value.split("=", 1) for value in unit["Service"]["Environment"])


@pytest.fixture(params=SERVICES)
def service(request: pytest.FixtureRequest) -> tuple[str, Unit]:
    name: str = request.param
    return name, parse_unit(DEPLOY / name)


def test_each_service_runs_the_venv_interpreter_on_a_script_that_exists(
    service: tuple[str, Unit],
) -> None:
    _, unit = service
    python, script, *_ = one(unit, "ExecStart").split()
    assert python == f"{INSTALL_DIR}/.venv/bin/python"
    assert script.startswith(f"{INSTALL_DIR}/scripts/")
    assert (REPO / script.removeprefix(f"{INSTALL_DIR}/")).is_file()


def test_state_cache_config_and_secrets_live_where_the_readme_says(
    service: tuple[str, Unit],
) -> None:
    _, unit = service
    assert one(unit, "User") == one(unit, "Group") == "tgraph"
    assert one(unit, "StateDirectory") == "tgraph-bot"
    assert one(unit, "CacheDirectory") == "tgraph-bot"
    assert one(unit, "ConfigurationDirectory") == "tgraph-bot"
    # DATA_DIR's default ("data") is relative to the working directory: /var/lib/tgraph-bot/data.
    assert one(unit, "WorkingDirectory") == "%S/tgraph-bot"
    env = environment(unit)
    assert env["TGRAPH_CONFIG"] == "%S/tgraph-bot/config.yaml"
    assert env["MPLBACKEND"] == "Agg"
    assert env["MPLCONFIGDIR"].startswith("%C/tgraph-bot/")
    # systemd (root) reads the file before dropping privileges; the service cannot write /etc.
    assert one(unit, "EnvironmentFile") == "-/etc/tgraph-bot/secrets.env"
    assert "ReadWritePaths" not in unit["Service"]
    assert one(unit, "ProtectSystem") == "strict"
    assert one(unit, "UMask") == "0077"


def test_both_services_share_one_hardening(service: tuple[str, Unit]) -> None:
    _, unit = service
    expected = {
        "NoNewPrivileges": "yes",
        "CapabilityBoundingSet": "",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "PrivateUsers": "yes",
        "ProtectHome": "yes",
        "MemoryDenyWriteExecute": "yes",
        "RestrictNamespaces": "yes",
        "SystemCallArchitectures": "native",
    }
    assert {key: one(unit, key) for key in expected} == expected
    # Outbound HTTPS to Tautulli and Discord and the loopback listener need the Internet families.
    assert one(unit, "RestrictAddressFamilies").split() == ["AF_INET", "AF_INET6", "AF_UNIX"]
    assert unit["Service"]["SystemCallFilter"] == ["@system-service", "~@privileged @resources"]
    assert "PrivateNetwork" not in unit["Service"]


def test_the_endpoint_restarts_on_failure_but_not_on_a_config_error() -> None:
    unit = parse_unit(DEPLOY / "tgraph-bot.service")
    assert one(unit, "Restart") == "on-failure"
    assert str(EXIT_CONFIG) in one(unit, "RestartPreventExitStatus").split()
    assert int(one(unit, "StartLimitBurst", "Unit")) <= 5
    assert "--host 127.0.0.1" in one(unit, "ExecStart")
    assert one(unit, "WantedBy", "Install") == "multi-user.target"


def test_the_post_service_is_a_bounded_oneshot_started_by_the_timer() -> None:
    unit = parse_unit(DEPLOY / "tgraph-post.service")
    assert one(unit, "Type") == "oneshot"
    assert one(unit, "TimeoutStartSec") == "10min"
    assert "Restart" not in unit["Service"]
    timer = parse_unit(DEPLOY / "tgraph-post.timer")
    assert one(timer, "OnCalendar", "Timer") == "*:0/15"
    assert one(timer, "Persistent", "Timer") == "true"


@pytest.mark.parametrize("script", ["serve.py", "post_graphs.py"])
def test_the_entry_points_exit_with_the_code_the_unit_does_not_restart_on(
    script: str, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("UPDATE_DAYS: 0\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / script), "--config", str(config)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == EXIT_CONFIG, result.stderr
    assert "UPDATE_DAYS" in result.stderr


def systemd_analyze(*args: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("systemd-analyze")
    assert executable is not None, "systemd-analyze (package systemd) is needed for these tests"
    return subprocess.run(
        [executable, *args], capture_output=True, text=True, check=False, timeout=120
    )


@pytest.mark.parametrize("name", SERVICES)
def test_systemd_analyze_security_rates_each_service_ok(name: str) -> None:
    result = systemd_analyze("security", "--offline=yes", "--no-pager", str(DEPLOY / name))
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout)
    assert found is not None, result.stdout + result.stderr
    assert float(found.group(1)) <= MAX_EXPOSURE, result.stdout


def test_systemd_analyze_verify_finds_nothing_to_complain_about(tmp_path: Path) -> None:
    # verify checks that ExecStart= exists: point the units at a stand-in of the install.
    fake_python = tmp_path / "opt" / ".venv" / "bin" / "python"
    fake_python.parent.mkdir(parents=True)
    fake_python.write_text("#!/bin/sh\n", encoding="utf-8")
    fake_python.chmod(0o755)
    units: list[str] = []
    for source in sorted(DEPLOY.glob("tgraph-*.service")) + sorted(DEPLOY.glob("*.timer")):
        target = tmp_path / source.name
        target.write_text(
            source.read_text(encoding="utf-8").replace(INSTALL_DIR, str(tmp_path / "opt")),
            encoding="utf-8",
        )
        units.append(str(target))
    result = systemd_analyze("verify", "--man=no", *units)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
