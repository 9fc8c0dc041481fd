"""deploy/tgraph-run, the crontab and the reverse-proxy examples, as an installer uses them."""

from __future__ import annotations

import os
import pwd
import re
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / "deploy"
RUN = DEPLOY / "tgraph-run"
EXIT_USAGE = 2


class Install:
    """A stand-in for the server's directories, reachable by an unprivileged user."""

    def __init__(self, root: Path) -> None:
        root.chmod(0o755)
        self.state = root / "state"
        self.state.mkdir(mode=0o777)
        self.state.chmod(0o777)
        self.secrets = root / "secrets.env"
        self.python = root / "python"
        self.report = self.state / "report.txt"
        # Records what the real interpreter would get: user, directory, arguments, environment.
        self.python.write_text(
            '#!/bin/sh\n{ id -u; pwd; umask; printf "%s|" "$@"; echo; env | sort; } > report.txt\n'
            # An exit code of its own, to show that tgraph-run passes it on.
            "exit 3\n",
            encoding="utf-8",
        )
        self.python.chmod(0o755)

    def run(self, *args: str, user: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(RUN), *args],
            env={
                "PATH": "/usr/bin:/bin",
                "TGRAPH_RUN_USER": user,
                "TGRAPH_RUN_STATE_DIR": str(self.state),
                "TGRAPH_RUN_CACHE_DIR": "/cache",
                "TGRAPH_RUN_SECRETS": str(self.secrets),
                "TGRAPH_RUN_PYTHON": str(self.python),
                **env,
            },
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

    def reported(self) -> tuple[list[str], dict[str, str]]:
        lines = self.report.read_text(encoding="utf-8").splitlines()
        env = dict(line.split("=", 1) for line in lines[4:] if "=" in line)
        return lines[:4], env


@pytest.fixture
def install() -> Iterator[Install]:
    # Not under pytest's tmp_path: its parents are closed to other users.
    with tempfile.TemporaryDirectory(prefix="tgraph-run-") as root:
        yield Install(Path(root))


def current_user() -> str:
    return pwd.getpwuid(os.getuid()).pw_name


def test_the_script_gets_the_units_environment_and_only_the_tgraph_secrets(
    install: Install,
) -> None:
    install.secrets.write_text(
        "# secrets for tgraph-bot\n"
        "TGRAPH_TAUTULLI_API_KEY=0123abcd\n"
        "  TGRAPH_DISCORD_BOT_TOKEN = MTIz.abc-_x  \n"
        "\n"
        "LD_PRELOAD=/tmp/evil.so\n",
        encoding="utf-8",
    )
    result = install.run("post_graphs.py", "--out", "a b", user=current_user(), LEAK="yes")
    assert result.returncode == 3, result.stderr
    (uid, cwd, umask, argv), env = install.reported()
    assert (uid, cwd, umask) == (str(os.getuid()), str(install.state), "0077")
    assert argv == f"{REPO}/scripts/post_graphs.py|--out|a b|"
    assert env["TGRAPH_TAUTULLI_API_KEY"] == "0123abcd"
    assert env["TGRAPH_DISCORD_BOT_TOKEN"] == "MTIz.abc-_x"
    assert env["TGRAPH_CONFIG"] == f"{install.state}/config.yaml"
    assert env["MPLCONFIGDIR"] == "/cache/matplotlib"
    assert env["MPLBACKEND"] == "Agg"
    assert "LD_PRELOAD" not in env
    assert "LEAK" not in env
    assert not any(name.startswith("TGRAPH_RUN_") for name in env)


def test_root_runs_the_script_as_the_service_user(install: Install) -> None:
    assert os.getuid() == 0, "run the test suite as root, as CI does"
    result = install.run("scripts/register_commands.py", "--dry-run", user="nobody")
    assert result.returncode == 3, result.stderr
    (uid, _, _, argv), _ = install.reported()
    assert uid == str(pwd.getpwnam("nobody").pw_uid)
    assert argv == f"{REPO}/scripts/register_commands.py|--dry-run|"


@pytest.mark.parametrize("script", ["", "nope.py", "../scripts/serve.py", "/bin/sh"])
def test_only_the_bots_scripts_can_be_run(install: Install, script: str) -> None:
    result = install.run(*([script] if script else []), user=current_user())
    assert result.returncode == EXIT_USAGE
    assert "usage: tgraph-run SCRIPT" in result.stderr
    assert "post_graphs.py" in result.stderr
    assert not install.report.exists()


def test_an_unreadable_secrets_file_is_one_clear_line(install: Install) -> None:
    install.secrets.write_text("TGRAPH_TAUTULLI_API_KEY=x\n", encoding="utf-8")
    install.secrets.chmod(0o600)
    result = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", str(RUN), "serve.py"],
        env={"PATH": "/usr/bin:/bin", "TGRAPH_RUN_SECRETS": str(install.secrets)},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == EXIT_USAGE
    assert result.stderr == f"tgraph-run: cannot read {install.secrets}; run this as root (sudo).\n"


def test_the_crontab_runs_the_post_through_tgraph_run_into_the_system_log() -> None:
    lines = [
        line
        for line in (DEPLOY / "crontab.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#") and "=" not in line.split()[0]
    ]
    assert lines == [
        "*/15 * * * * root /opt/tgraph-bot/deploy/tgraph-run post_graphs.py 2>&1"
        " | logger -t tgraph-post"
    ]


@pytest.mark.parametrize("name", ["Caddyfile.snippet", "nginx.conf.example"])
def test_the_proxy_examples_never_overwrite_an_existing_config(name: str) -> None:
    text = (DEPLOY / name).read_text(encoding="utf-8")
    installs = [line for line in text.splitlines() if "sudo install" in line or "cp " in line]
    assert installs, "the file says how to install it"
    assert not [line for line in installs if re.search(r"/(Caddyfile|nginx\.conf)\s*$", line)]
    assert not [line for line in installs if "cp " in line]
    assert "127.0.0.1:8080" in text
    assert "/interactions" in text


def test_the_readme_names_exactly_the_files_in_deploy() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"deploy/([\w.-]+\w)", readme))
    assert named == {path.name for path in DEPLOY.iterdir()}
