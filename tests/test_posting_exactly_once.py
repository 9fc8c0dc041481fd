"""Exactly one set in the channel, whatever Discord loses and wherever the run is killed.

A message POST whose answer is lost (Discord posted it, then a proxy answered 502) is never
sent again blindly: with the bot token the run finds the message in the channel and adopts it;
with the webhook alone it stops, and the operator is told. A run killed at any step leaves
state that the next run settles: it takes the lock over at once (the owner is gone), finds
what the dead run posted, and leaves one complete set.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import anyio
import msgspec
import pytest

from interactions_app.discord import DiscordRest
from interactions_app.posting import (
    PostContext,
    PostingFailed,
    PostResult,
    describe_result,
    post_graph_set,
)
from interactions_app.state import StateStore, lock_owner
from renderer.tautulli import TautulliClient
from tests.fakes.discord import DiscordFake, FakeWebhook
from tests.fakes.tautulli import FakeTautulli
from tests.posting_victim import KILLED
from tests.state_file import shown_messages
from tests.test_posting import START, Bot, BotFactory, T, channel_ids, make_bot, make_config
from tests.tripwire import Killed, Killer, Tripwire

pytest_plugins = ["tests.fixtures"]
__all__ = ["make_bot"]


@pytest.mark.anyio
async def test_a_post_discord_made_before_losing_the_answer_is_adopted_not_repeated(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot(graphs=3, bot_token=discord.bot_token)
    discord.inject("execute_webhook", status=502, nth=2, act=True)

    result = await bot.post()

    assert result.status == "posted"
    assert channel_ids(discord, webhook) == list(result.message_ids)
    assert len(result.message_ids) == 3
    assert len(discord.requests_for("execute_webhook")) == 3
    # The channel was read by id and webhook only: one look, after the lost answer.
    looks = discord.requests_for("list_messages")
    assert len(looks) == 1
    assert looks[0].headers["authorization"] == f"Bot {discord.bot_token}"
    assert bot.state.unresolved_intents() == []
    discord.assert_all_valid()


@pytest.mark.anyio
async def test_a_post_lost_before_discord_made_it_is_sent_again_after_looking(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot(graphs=3, bot_token=discord.bot_token)
    discord.inject("execute_webhook", status=503, nth=2)

    result = await bot.post()

    assert result.status == "posted"
    assert channel_ids(discord, webhook) == list(result.message_ids)
    statuses = [r.status for r in discord.requests_for("execute_webhook")]
    assert statuses == [200, 503, 200, 200]
    assert len(discord.requests_for("list_messages")) == 1


@pytest.mark.anyio
async def test_someone_elses_message_through_another_webhook_is_left_alone(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    other = discord.create_webhook(channel_id=webhook.channel_id)
    bot = make_bot(graphs=2, bot_token=discord.bot_token)
    chatter = discord.post_as_webhook(other, "a notification from another tool")
    discord.inject("execute_webhook", status=502, nth=1, act=True)

    result = await bot.post()

    assert channel_ids(discord, webhook) == [chatter.id, *result.message_ids]


@pytest.mark.anyio
async def test_without_a_bot_token_a_lost_answer_stops_the_run_and_says_so(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot(graphs=3)
    discord.inject("execute_webhook", status=502, nth=2, act=True)

    with pytest.raises(PostingFailed) as caught:
        await bot.post()

    explained = caught.value.explain(T)
    assert "graph 2 of 3" in explained
    assert "may have posted this graph anyway" in explained
    assert "DISCORD_BOT_TOKEN" in explained
    # Graph 1 was removed; graph 2 exists but nobody knows its id: never posted twice.
    assert len(discord.requests_for("execute_webhook")) == 2
    assert len(channel_ids(discord, webhook)) == 1

    retry = await bot.post()
    assert retry.status == "posted"
    assert retry.unverified == 1
    assert "delete a stray copy by hand" in describe_result(
        retry,
        T,
        tz=ZoneInfo("UTC"),
        language="en",
    )


@pytest.mark.anyio
async def test_a_bot_that_cannot_read_the_channel_stops_instead_of_guessing(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot(graphs=2, bot_token=discord.bot_token)
    discord.hide_channel(webhook.channel_id)
    discord.inject("execute_webhook", status=502, nth=1, act=True)

    with pytest.raises(PostingFailed):
        await bot.post()

    assert [r.status for r in discord.requests_for("list_messages")] == [403]
    assert len(discord.requests_for("execute_webhook")) == 1


# Killed at every step. In-process: after the kill point nothing the run calls takes effect
# (tests.tripwire), and its lock names a process that is gone, as after kill -9. One test
# below kills a real process.

DEAD_OWNER = f"{socket.gethostname()}:999999999::killed"


async def _killed_run(bot: Bot, killer: Killer, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run one post that dies at ``killer``'s step; False if it finished first."""
    context = bot.context(
        state=cast(StateStore, Tripwire(bot.state, killer)),
        discord=cast(DiscordRest, Tripwire(bot.discord_rest, killer)),
    )
    with monkeypatch.context() as patch:
        patch.setattr("interactions_app.posting._post.lock_owner", lambda: DEAD_OWNER)
        try:
            await post_graph_set(context, force=False)
        except Killed:
            return True
    return False


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.anyio
async def test_a_run_killed_at_any_step_leaves_one_set_after_the_next_run(
    make_bot: BotFactory,
    discord: DiscordFake,
    webhook: FakeWebhook,
    monkeypatch: pytest.MonkeyPatch,
    when: str,
) -> None:
    bot = make_bot(graphs=2, bot_token=discord.bot_token)
    await bot.post()
    kill_at = 0
    while True:
        kill_at += 1
        bot.clock.now += timedelta(days=7)
        if not await _killed_run(bot, Killer(kill_at, when), monkeypatch):
            break  # the run had fewer steps: every step was a kill point

        after = await bot.post()

        assert after.status in ("posted", "not_due"), kill_at
        shown = channel_ids(discord, webhook)
        assert len(shown) == 2, (kill_at, when, shown)
        assert [m.message_id for m in shown_messages(bot.state.path)] == shown, kill_at
        assert bot.state.messages_to_delete() == []
        assert bot.state.unresolved_intents() == []
    assert kill_at > 15
    discord.assert_all_valid()


def test_a_real_process_killed_right_after_a_confirmed_post(
    tautulli: FakeTautulli, discord: DiscordFake, webhook: FakeWebhook, tmp_path: Path
) -> None:
    config = make_config(tautulli, discord, webhook, tmp_path / "data", graphs=1)
    # The message exists in Discord; the process dies before it can record its id.
    body = json.dumps(
        {
            "config": msgspec.to_builtins(config),
            "bot_token": discord.bot_token,
            "now": START.isoformat(),
            "method": "execute_webhook",
            "when": "after",
        }
    )
    killed = subprocess.run(
        [sys.executable, "-m", "tests.posting_victim", body],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parent.parent,
        env={**os.environ, "MPLBACKEND": "Agg"},
        timeout=120,
    )
    assert killed.returncode == KILLED, killed.stderr
    stray = channel_ids(discord, webhook)
    assert len(stray) == 1

    async def next_run() -> PostResult:
        async with (
            DiscordRest(api_base=discord.api_base, bot_token=discord.bot_token) as rest,
            TautulliClient(tautulli.url, tautulli.api_key) as source,
        ):
            state = StateStore.in_data_dir(tmp_path / "data")
            try:
                context = PostContext(
                    config=config,
                    state=state,
                    discord=rest,
                    source=source,
                    limiter=anyio.CapacityLimiter(1),
                    t=T,
                    clock=lambda: START,
                )
                return await post_graph_set(context, force=False)
            finally:
                state.close()

    # The lock of the dead process is taken over at once, not after its 10-minute lease.
    result = anyio.run(next_run)
    assert result.status == "posted"
    assert channel_ids(discord, webhook) == list(result.message_ids)
    assert stray[0] not in result.message_ids


@pytest.mark.anyio
async def test_a_dead_runs_lock_is_taken_over_at_once(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook, tmp_path: Path
) -> None:
    bot = make_bot(graphs=1)
    state = StateStore.in_data_dir(tmp_path / "data")
    # A lock held by a process that no longer exists on this host, with most of its lease left.
    assert state.acquire_post_lock(DEAD_OWNER, 600, START)
    state.close()

    result = await bot.post()

    assert result.status == "posted"
    assert len(channel_ids(discord, webhook)) == 1


@pytest.mark.anyio
async def test_a_live_runs_lock_is_respected(
    make_bot: BotFactory, discord: DiscordFake, tmp_path: Path
) -> None:
    bot = make_bot(graphs=1)
    state = StateStore.in_data_dir(tmp_path / "data")
    assert state.acquire_post_lock(lock_owner(), 600, START)
    state.close()

    result = await bot.post()

    assert result.status == "busy"
    assert discord.requests_for("execute_webhook") == []
