"""``tgraph-bot post`` (``scripts/post_graphs.py``) as the timer runs it: a subprocess, its exit
code and its one line.

Fake Tautulli and fake Discord run in this process on loopback; the script reaches them through
the config file. In-process ``main()`` calls cover the remaining branches.
"""

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

from interactions_app.cli.post import EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, main
from renderer import GRAPH_SPECS
from tests.fakes.discord import DiscordFake, FakeWebhook
from tests.fakes.tautulli import FakeTautulli
from tests.render_samples import png_size

pytest_plugins = ["tests.fixtures"]

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "post_graphs.py"
FEW_GRAPHS = 3


def write_config(path: Path, **values: Any) -> Path:
    # JSON scalars are valid YAML: one "KEY: value" line per setting, like the sample file.
    path.write_text("".join(f"{key}: {json.dumps(value)}\n" for key, value in values.items()))
    return path


@pytest.fixture
def config_file(
    tmp_path: Path, tautulli: FakeTautulli, discord: DiscordFake, webhook: FakeWebhook
) -> Path:
    enabled = {f"ENABLE_{spec.key.upper()}": n < FEW_GRAPHS for n, spec in enumerate(GRAPH_SPECS)}
    return write_config(
        tmp_path / "config.yaml",
        TAUTULLI_URL=tautulli.url,
        TAUTULLI_API_KEY=tautulli.api_key,
        DISCORD_WEBHOOK_URL=webhook.url,
        DISCORD_API_BASE=discord.api_base,
        DATA_DIR=str(tmp_path / "data"),
        TIMEZONE="Europe/Copenhagen",
        **enabled,
    )


def script_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TGRAPH_")}
    env["MPLBACKEND"] = "Agg"
    env.update(extra)
    return env


def run_script(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=cwd,
        env=script_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def start_script(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), *args],
        cwd=cwd,
        env=script_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def one_line(text: str) -> str:
    lines = text.splitlines()
    assert len(lines) == 1, f"expected one line, got {lines!r}"
    return lines[0]


def test_sample_out_needs_no_config_and_renders_the_full_set(tmp_path: Path) -> None:
    # As a module (`python -m`), the way an installed package runs without the scripts.
    done = subprocess.run(
        [sys.executable, "-m", "interactions_app", "post", "--sample", "--out", "preview/"],
        cwd=tmp_path,
        env=script_env(PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == EXIT_OK, done.stderr
    assert done.stderr == ""
    out = tmp_path / "preview"
    assert str(out / "index.html") in one_line(done.stdout)
    pngs = sorted(out.glob("*.png"))
    assert [p.stem for p in pngs] == sorted(spec.key for spec in GRAPH_SPECS)
    for png in pngs:
        width, height = png_size(png.read_bytes())
        assert width >= 1600
        assert height >= 900
        numbers = json.loads(png.with_suffix(".json").read_text())
        assert numbers["key"] == png.stem
        assert numbers["numbers"]["categories"]
    page = (out / "index.html").read_text()
    for spec in GRAPH_SPECS:
        assert f'src="{spec.key}.png"' in page
    assert not (tmp_path / "data").exists()


def test_first_run_posts_and_the_next_says_when_the_next_post_is_due(
    tmp_path: Path, config_file: Path, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    first = run_script("--config", str(config_file), cwd=tmp_path)

    assert first.returncode == EXIT_OK, first.stderr
    assert one_line(first.stdout).startswith(f"Posted {FEW_GRAPHS} graphs; next post due ")
    assert len(discord.channel_messages(webhook.channel_id)) == FEW_GRAPHS

    second = run_script(cwd=tmp_path, TGRAPH_CONFIG=str(config_file))

    assert second.returncode == EXIT_OK, second.stderr
    line = one_line(second.stdout)
    assert line.startswith("Not due yet: next post due ")
    assert line.endswith("(in 7 days).")
    assert " CET " in line
    assert len(discord.requests_for("execute_webhook")) == FEW_GRAPHS
    assert len(discord.channel_messages(webhook.channel_id)) == FEW_GRAPHS
    discord.assert_all_valid()


def test_two_runs_started_together_post_once(
    tmp_path: Path, config_file: Path, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    runs = [start_script("--config", str(config_file), cwd=tmp_path) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]

    assert [run.returncode for run in runs] == [EXIT_OK, EXIT_OK], outputs
    lines = sorted(one_line(stdout) for stdout, _ in outputs)
    assert lines[0].startswith(("Another run is posting", "Not due yet"))
    assert lines[1].startswith("Posted 3 graphs")
    assert len(discord.requests_for("execute_webhook")) == FEW_GRAPHS
    assert len(discord.channel_messages(webhook.channel_id)) == FEW_GRAPHS


def test_tautulli_down_fails_with_one_line_and_posts_nothing(
    tmp_path: Path, config_file: Path, tautulli: FakeTautulli, discord: DiscordFake
) -> None:
    tautulli.go_down()

    done = run_script("--config", str(config_file), cwd=tmp_path)

    assert done.returncode == EXIT_FAILURE
    assert done.stdout == ""
    assert tautulli.url in one_line(done.stderr)
    assert "Traceback" not in done.stderr
    assert discord.requests == []


def test_an_invalid_config_exits_2_with_one_line_per_problem(tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.yaml", UPDATE_DAYS=0, KEEP_DAYS="soon")

    done = run_script("--config", str(config), cwd=tmp_path)

    assert done.returncode == EXIT_CONFIG
    assert done.stdout == ""
    first, second = done.stderr.splitlines()
    assert first.startswith(f"{config}: Line 1: UPDATE_DAYS:")
    assert second.startswith(f"{config}: Line 2: KEEP_DAYS:")


# In-process: the same entry point, for the branches a subprocess would not measure.


def run_main(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), environ=env or {}, stdout=out, stderr=err, configure_logging=False)
    return code, out.getvalue(), err.getvalue()


def test_force_posts_even_when_not_due(
    config_file: Path, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    assert run_main("--config", str(config_file))[0] == EXIT_OK
    first = [m.id for m in discord.channel_messages(webhook.channel_id)]

    code, out, _ = run_main("--force", env={"TGRAPH_CONFIG": str(config_file)})

    assert code == EXIT_OK
    assert one_line(out).startswith("Posted 3 graphs")
    now_shown = [m.id for m in discord.channel_messages(webhook.channel_id)]
    assert len(now_shown) == FEW_GRAPHS
    assert not set(first) & set(now_shown)


def test_out_renders_from_tautulli_without_posting(
    tmp_path: Path, config_file: Path, tautulli: FakeTautulli, discord: DiscordFake
) -> None:
    code, out, err = run_main("--config", str(config_file), "--out", str(tmp_path / "check"))

    assert (code, err) == (EXIT_OK, "")
    assert one_line(out).startswith("Rendered 3 graphs into ")
    assert len(list((tmp_path / "check").glob("*.png"))) == FEW_GRAPHS
    assert len(tautulli.requests) == FEW_GRAPHS
    assert discord.requests == []


def test_a_discord_refusal_exits_1_with_its_explanation(
    config_file: Path, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    discord.delete_webhook(webhook.id)

    code, out, err = run_main("--config", str(config_file))

    assert (code, out) == (EXIT_FAILURE, "")
    assert "DISCORD_WEBHOOK_URL" in one_line(err)


@pytest.mark.parametrize(
    ("webhook_url", "expected"), [("", "is not set"), ("https://example.com/x", "not a Discord")]
)
def test_a_missing_or_malformed_webhook_is_a_config_error(
    tmp_path: Path, tautulli: FakeTautulli, webhook_url: str, expected: str
) -> None:
    config = write_config(
        tmp_path / "config.yaml",
        TAUTULLI_URL=tautulli.url,
        DISCORD_WEBHOOK_URL=webhook_url,
        DATA_DIR=str(tmp_path / "data"),
    )

    code, out, err = run_main("--config", str(config))

    assert (code, out) == (EXIT_CONFIG, "")
    # One line per problem, each naming the file it is in.
    assert expected in one_line(err)
    assert tautulli.requests == []


def test_a_missing_config_is_a_config_error(tmp_path: Path) -> None:
    code, _, err = run_main("--config", str(tmp_path / "nope.yaml"))

    assert code == EXIT_CONFIG
    assert "nope.yaml" in one_line(err)


def test_the_script_is_a_thin_wrapper_around_main() -> None:
    namespace = runpy.run_path(str(SCRIPT))
    assert namespace["main"] is main


def test_every_graph_turned_off_is_a_config_error(
    tmp_path: Path, config_file: Path, discord: DiscordFake
) -> None:
    text = config_file.read_text().replace(": true", ": false")
    config_file.write_text(text)

    code, out, err = run_main("--config", str(config_file))

    assert (code, out) == (EXIT_CONFIG, "")
    assert "ENABLE_" in one_line(err)
    assert discord.requests == []


def test_an_out_folder_that_cannot_be_written_fails_with_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")

    code, out, err = run_main("--sample", "--out", str(blocker / "preview"))

    assert (code, out) == (EXIT_FAILURE, "")
    assert str(blocker) in one_line(err)


def test_an_unusable_data_dir_is_a_config_error_and_nothing_is_asked(
    tmp_path: Path, config_file: Path, tautulli: FakeTautulli, discord: DiscordFake
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")

    code, out, err = run_main("--config", str(config_file))

    assert (code, out) == (EXIT_CONFIG, "")
    assert one_line(err).startswith(f"DATA_DIR {blocker} cannot be used: Not a directory.")
    assert tautulli.requests == []
    assert discord.requests == []


def test_a_danish_config_gets_danish_lines(tmp_path: Path, config_file: Path) -> None:
    config_file.write_text(config_file.read_text() + "LANGUAGE: da\n")
    (tmp_path / "data").write_text("a file where the data folder should be")

    code, _, err = run_main("--config", str(config_file))

    assert code == EXIT_CONFIG
    assert one_line(err).startswith(f"DATA_DIR {tmp_path / 'data'} kan ikke bruges: ")
