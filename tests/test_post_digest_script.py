"""``tgraph-bot post`` with ``DIGEST`` on: the graphs, then the digest, each once, through the
real run against the fake Tautulli's play log and the fake Discord; ``--only`` runs one."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from interactions_app.cli.post import EXIT_CONFIG, EXIT_OK, main
from renderer.digest import last_complete
from tests.fakes.discord import DiscordFake, FakeWebhook
from tests.fakes.tautulli import FakeTautulli
from tests.fakes.tautulli_log import generated_log
from tests.test_digest_gather import TZ, totals
from tests.test_post_graphs_script import config_file, one_line, write_config

pytest_plugins = ["tests.fixtures"]
__all__ = ["config_file"]


@pytest.fixture
def digest_config(
    tmp_path: Path, config_file: Path, tautulli: FakeTautulli, discord: DiscordFake
) -> Path:
    tautulli.log = generated_log(now=dt.datetime.now(TZ), tz=TZ, days=60)
    text = config_file.read_text()
    extra = write_config(
        tmp_path / "extra.yaml",
        DIGEST="weekly",
        DIGEST_TIME="00:00",
        TIMEZONE=TZ.key,
        DISCORD_BOT_TOKEN=discord.bot_token,
    ).read_text()
    lines = [line for line in text.splitlines() if not line.startswith("TIMEZONE:")]
    config_file.write_text("\n".join(lines) + "\n" + extra)
    return config_file


def run_main(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), environ={}, stdout=out, stderr=err, configure_logging=False)
    return code, out.getvalue(), err.getvalue()


def digest_messages(discord: DiscordFake, webhook: FakeWebhook) -> list[dict[str, object]]:
    return [
        message.embeds[0]
        for message in discord.channel_messages(webhook.channel_id)
        if message.embeds and str(message.embeds[0].get("title", "")).startswith("Weekly digest")
    ]


def test_one_run_posts_the_graphs_and_the_digest_then_neither_again(
    digest_config: Path, discord: DiscordFake, webhook: FakeWebhook, tautulli: FakeTautulli
) -> None:
    code, out, err = run_main("--config", str(digest_config))

    assert (code, err) == (EXIT_OK, "")
    line = one_line(out)
    week = last_complete("week", dt.datetime.now(TZ).date())
    assert line.startswith("Posted 3 graphs; next post due ")
    assert f"Posted the digest of {week.start}..{week.end}; next digest due " in line
    [digest] = digest_messages(discord, webhook)
    assert log_plays_line(tautulli, week) in str(digest["description"])
    assert digest["image"] == {"url": "attachment://digest.png"}
    [send] = [r for r in discord.requests_for("execute_webhook") if r.json.get("flags")]
    assert send.json["flags"] == 4096
    assert not [
        r for r in tautulli.requests if r.cmd == "get_home_stats" and r.params.get("before")
    ]

    again = run_main("--config", str(digest_config))
    assert again[0] == EXIT_OK
    assert "Not due yet" in again[1]
    assert f"The digest of {week.start}..{week.end} is posted already" in again[1]
    assert len(digest_messages(discord, webhook)) == 1
    discord.assert_all_valid()


def log_plays_line(tautulli: FakeTautulli, week: object) -> str:
    assert tautulli.log is not None
    plays, _, _ = totals(tautulli.log, week)  # type: ignore[arg-type]
    return f"**{plays:,} plays**"


def test_only_digest_posts_no_graphs_and_refuses_graph_options(
    digest_config: Path, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    code, out, _ = run_main("--config", str(digest_config), "--only", "digest")

    assert code == EXIT_OK
    assert one_line(out).startswith("Posted the digest of ")
    assert len(discord.channel_messages(webhook.channel_id)) == 1

    with pytest.raises(SystemExit) as refused:
        run_main("--config", str(digest_config), "--only", "digest", "--force")
    assert refused.value.code == EXIT_CONFIG


def test_only_graphs_leaves_the_digest(
    digest_config: Path, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    code, out, _ = run_main("--config", str(digest_config), "--only", "graphs")

    assert code == EXIT_OK
    assert "digest" not in one_line(out)
    assert digest_messages(discord, webhook) == []


def test_every_graph_off_and_the_digest_on_runs_the_digest_alone(
    digest_config: Path, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    text = digest_config.read_text().replace(": true", ": false")
    digest_config.write_text(text)

    code, out, _ = run_main("--config", str(digest_config))

    assert code == EXIT_OK
    assert one_line(out).startswith("Posted the digest of ")
    assert len(discord.channel_messages(webhook.channel_id)) == 1
