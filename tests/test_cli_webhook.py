"""``tgraph-bot webhook create``: a webhook owned by the bot's application, against the fake
Discord (which then lets that webhook send buttons, see test_posting_explore.py)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from interactions_app.cli import main as tgraph_bot
from interactions_app.cli.webhook import EXIT_CODES, EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, main
from interactions_app.discord import CreatedWebhook, default_user_agent, parse_webhook_url
from tests.fakes.discord import DiscordFake

pytest_plugins = ["tests.fixtures"]

CHANNEL = "876543210987654321"


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


def run_main(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), environ={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_create_prints_the_url_of_a_webhook_the_application_owns(
    discord: DiscordFake, config_file: Path
) -> None:
    code, out, err = run_main("create", "--channel", CHANNEL, "--config", str(config_file))

    assert code == EXIT_OK
    url = out.strip()
    assert url.startswith("https://discord.com/api/webhooks/")
    assert "DISCORD_WEBHOOK_URL" in err
    assert parse_webhook_url(url)[1] not in err  # the secret is on stdout only
    (sent,) = discord.requests_for("create_webhook")
    assert sent.json == {"name": "TGraph Bot"}
    discord.assert_all_valid()
    webhook_id, token = parse_webhook_url(url)
    webhook = httpx.get(
        f"{discord.api_base}/webhooks/{webhook_id}/{token}",
        headers={"User-Agent": default_user_agent()},
    ).json()
    assert webhook["application_id"] == discord.application_id
    assert webhook["channel_id"] == CHANNEL


def test_without_manage_webhooks_it_says_which_permission_in_one_line(
    discord: DiscordFake, config_file: Path
) -> None:
    discord.deny_manage_webhooks(CHANNEL)

    code, out, err = run_main("create", "--channel", CHANNEL, "--config", str(config_file))

    assert code == EXIT_FAILURE
    assert out == ""
    assert err == (
        f"The bot may not create webhooks in channel {CHANNEL} (code 50013). "
        "Give it the Manage Webhooks permission there.\n"
    )


def test_other_refusals_are_explained_in_one_line(discord: DiscordFake, config_file: Path) -> None:
    discord.inject("create_webhook", status=404, code=10003)

    code, out, err = run_main("create", "--channel", CHANNEL, "--config", str(config_file))

    assert (code, out) == (EXIT_FAILURE, "")
    assert err == "Discord does not know that channel (code 10003).\n"


def test_discord_not_answering_is_a_failed_run(discord: DiscordFake, config_file: Path) -> None:
    discord.inject("create_webhook", status=502, times=20)

    code, out, err = run_main("create", "--channel", CHANNEL, "--config", str(config_file))

    assert (code, out) == (EXIT_FAILURE, "")
    assert len(err.splitlines()) == 1


def test_without_a_bot_token_nothing_is_sent(discord: DiscordFake, tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.yaml", DISCORD_API_BASE=discord.api_base)

    code, out, err = run_main("create", "--channel", CHANNEL, "--config", str(config))

    assert (code, out) == (EXIT_CONFIG, "")
    assert err == (
        "No bot token is configured, so the bot cannot do this. "
        "Set DISCORD_BOT_TOKEN in the configuration.\n"
    )
    assert discord.requests == []


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["webhook"], "tgraph-bot webhook: the following arguments are required: command"),
        (["webhook", "create"], "tgraph-bot webhook create: the following arguments are required"),
        (
            ["webhook", "create", "--channel", "general"],
            "tgraph-bot webhook create: argument --channel: a channel id is 15 to 21 digits",
        ),
    ],
)
def test_a_wrong_command_line_is_one_line_and_exit_2(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        tgraph_bot(argv)

    assert exited.value.code == EXIT_CONFIG
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith(expected)
    assert sorted(EXIT_CODES) == [EXIT_OK, EXIT_FAILURE, EXIT_CONFIG]


def test_a_missing_config_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"

    code, out, err = run_main("create", "--channel", CHANNEL, "--config", str(missing))

    assert (code, out) == (EXIT_CONFIG, "")
    assert len(err.splitlines()) == 1
    assert str(missing) in err


def test_the_created_webhooks_token_never_shows_in_its_repr() -> None:
    created = CreatedWebhook(id="1", token="s3cret-token", channel_id=CHANNEL)

    assert "s3cret-token" not in repr(created)
    assert created.url == "https://discord.com/api/webhooks/1/s3cret-token"
