"""The scheduled digest against the fake Discord: once per period across weeks, DST, downtime,
lost answers and killed runs. The digest itself is hand-built here (its numbers are checked
against the fake Tautulli in ``test_digest_tautulli``)."""

from __future__ import annotations

import datetime as dt
import socket
from typing import cast
from zoneinfo import ZoneInfo

import pytest

from interactions_app.discord import DiscordRest
from interactions_app.posting import (
    DigestAnswerLost,
    DigestResult,
    PostContext,
    WebhookNotConfigured,
    describe_digest_result,
    post_digest,
)
from interactions_app.state import StateStore
from renderer import RenderedGraph
from renderer.digest import Change, Digest, Period
from tests.fakes.discord import DiscordFake, FakeWebhook
from tests.test_posting import Bot, BotFactory, T, make_bot
from tests.tripwire import Killed, Killer, Tripwire

pytest_plugins = ["tests.fixtures"]
__all__ = ["make_bot"]

BERLIN = ZoneInfo("Europe/Berlin")
DEAD_OWNER = f"{socket.gethostname()}:999999999::killed"


async def hand_built(ctx: PostContext, period: Period) -> tuple[Digest, RenderedGraph | None]:
    del ctx
    days = period.days
    return (
        Digest(
            period=period,
            previous=period.previous(),
            rank_by="plays",
            plays=Change(10 * days, 5 * days),
            seconds=Change(3600 * days, 3600 * days),
            active_users=Change(3, 0),
            top_movies=(),
            top_shows=(),
            top_artists=(),
            most_popular=None,
            busiest_day=None,
            busiest_hour=None,
            peak=None,
            top_platform=None,
            libraries=(),
            top_user=None,
            record=None,
            daily_plays=(10,) * days,
            previous_daily_plays=(5,) * days,
        ),
        None,
    )


def weekly(make_bot: BotFactory, **changes: object) -> Bot:
    values: dict[str, object] = {
        "DIGEST": "weekly",
        "TIMEZONE": "Europe/Berlin",
        "DIGEST_TIME": "09:00",
        **changes,
    }
    return make_bot(graphs=1, **values)


async def run(bot: Bot, **changes: object) -> DigestResult:
    return await post_digest(bot.context(**changes), make=hand_built)


def digests(discord: DiscordFake, webhook: FakeWebhook) -> list[str]:
    return [
        message.embeds[0]["title"]
        for message in discord.channel_messages(webhook.channel_id)
        if message.embeds and "digest" in message.embeds[0]["title"]
    ]


@pytest.mark.anyio
async def test_a_weekly_digest_appears_once_a_week_across_dst(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = weekly(make_bot)
    # Every 20 minutes from 1 March to 12 April 2026: Berlin springs forward on 29 March.
    bot.clock.now = dt.datetime(2026, 3, 1, tzinfo=BERLIN).astimezone(dt.UTC)
    end = dt.datetime(2026, 4, 12, 23, 0, tzinfo=BERLIN).astimezone(dt.UTC)
    posted: list[tuple[dt.datetime, Period]] = []
    while bot.clock.now < end:
        result = await run(bot)
        if result.status == "posted":
            assert result.period is not None
            posted.append((bot.clock.now.astimezone(BERLIN), result.period))
        else:
            assert result.status == "done"
        bot.clock.now += dt.timedelta(minutes=20)

    # The first run posts the week before 1 March's slot (23 February); then every Monday 09:00.
    mondays = [dt.date(2026, 3, 2) + dt.timedelta(weeks=n) for n in range(6)]
    assert [when.date() for when, _ in posted[1:]] == mondays
    assert all((when.hour, when.minute) == (9, 0) for when, _ in posted[1:])
    starts = [period.start for _, period in posted]
    assert starts == [dt.date(2026, 2, 16) + dt.timedelta(weeks=n) for n in range(7)]
    assert all(period.days == 7 for _, period in posted)
    assert len(digests(discord, webhook)) == 7
    sends = discord.requests_for("execute_webhook")
    assert len(sends) == 7
    assert {request.json["flags"] for request in sends} == {4096}
    discord.assert_all_valid()


@pytest.mark.anyio
async def test_after_downtime_the_missed_digest_comes_once_for_the_right_week(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = weekly(make_bot, DIGEST_NOTIFY=True)
    bot.clock.now = dt.datetime(2026, 10, 5, 9, 30, tzinfo=BERLIN).astimezone(dt.UTC)
    first = await run(bot)
    assert first.status == "posted"
    # Off from Tuesday 6 October to Wednesday 28 October (three slots missed, DST ended 25th).
    bot.clock.now = dt.datetime(2026, 10, 28, 12, 0, tzinfo=BERLIN).astimezone(dt.UTC)
    late = await run(bot)
    again = await run(bot)

    assert late.status == "posted"
    assert late.period is not None
    assert (late.period.start, late.period.end) == (dt.date(2026, 10, 19), dt.date(2026, 10, 25))
    assert again.status == "done"
    assert again.next_due == dt.datetime(2026, 11, 2, 9, 0, tzinfo=BERLIN)
    assert len(digests(discord, webhook)) == 2
    assert all("flags" not in r.json for r in discord.requests_for("execute_webhook"))
    line = describe_digest_result(again, T, tz=BERLIN, language="en")
    assert line == (
        "The digest of 2026-10-19..2026-10-25 is posted already; next digest due "
        "2026-11-02 09:00 CET (in 5 days)."
    )
    posted_line = describe_digest_result(late, T, tz=BERLIN, language="en")
    assert posted_line.startswith("Posted the digest of 2026-10-19..2026-10-25; next digest due")


@pytest.mark.anyio
async def test_a_monthly_digest_and_off(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = weekly(make_bot, DIGEST="monthly", DIGEST_MONTH_DAY=2)
    bot.clock.now = dt.datetime(2026, 12, 2, 9, 0, tzinfo=BERLIN).astimezone(dt.UTC)
    result = await run(bot)
    assert result.period is not None
    assert (result.period.start, result.period.end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [
        title.startswith("Monthly digest: November 2026") for title in digests(discord, webhook)
    ] == [True]

    off = weekly(make_bot, DIGEST="off")
    off_result = await run(off)
    assert off_result.status == "off"
    assert describe_digest_result(off_result, T, tz=BERLIN, language="en") == (
        "The digest is off (DIGEST: off)."
    )


@pytest.mark.anyio
async def test_a_lost_answer_is_found_with_the_bot_token_not_posted_twice(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = weekly(make_bot, bot_token=discord.bot_token)
    bot.clock.now = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN).astimezone(dt.UTC)
    discord.inject("execute_webhook", status=502, nth=1, act=True)

    result = await run(bot)

    assert result.status == "posted"
    assert [m.id for m in discord.channel_messages(webhook.channel_id)] == [result.message_id]
    assert len(discord.requests_for("execute_webhook")) == 1
    assert (await run(bot)).status == "done"


@pytest.mark.anyio
async def test_without_the_bot_token_a_lost_answer_is_never_posted_again(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = weekly(make_bot)
    bot.clock.now = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN).astimezone(dt.UTC)
    discord.inject("execute_webhook", status=502, nth=1, act=True)

    with pytest.raises(DigestAnswerLost) as caught:
        await run(bot)
    assert "never posts a digest twice" in caught.value.explain(T)

    later = await run(bot)
    assert later.status == "done"
    assert later.unverified == 1
    assert "check the channel" in describe_digest_result(later, T, tz=BERLIN, language="en")
    assert len(discord.requests_for("execute_webhook")) == 1
    assert len(digests(discord, webhook)) == 1


@pytest.mark.anyio
async def test_a_refusal_posts_nothing_and_the_next_run_posts(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = weekly(make_bot)
    bot.clock.now = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN).astimezone(dt.UTC)
    discord.inject("execute_webhook", status=400, code=50035, message="Invalid Form Body")

    with pytest.raises(Exception) as caught:
        await run(bot)
    assert "400" in str(caught.value) or "Invalid" in str(caught.value)
    assert (await run(bot)).status == "posted"
    assert len(digests(discord, webhook)) == 1


async def _killed(bot: Bot, killer: Killer, monkeypatch: pytest.MonkeyPatch) -> bool:
    context = bot.context(
        state=cast(StateStore, Tripwire(bot.state, killer)),
        discord=cast(DiscordRest, Tripwire(bot.discord_rest, killer)),
    )
    with monkeypatch.context() as patch:
        patch.setattr("interactions_app.posting._digest.lock_owner", lambda: DEAD_OWNER)
        try:
            await post_digest(context, make=hand_built)
        except Killed:
            return True
    return False


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.anyio
async def test_a_run_killed_at_any_step_leaves_exactly_one_digest(
    make_bot: BotFactory,
    discord: DiscordFake,
    webhook: FakeWebhook,
    monkeypatch: pytest.MonkeyPatch,
    when: str,
) -> None:
    bot = weekly(make_bot, bot_token=discord.bot_token)
    bot.clock.now = dt.datetime(2026, 1, 5, 10, 0, tzinfo=BERLIN).astimezone(dt.UTC)
    kill_at = 0
    weeks = 0
    while True:
        kill_at += 1
        weeks += 1
        bot.clock.now += dt.timedelta(weeks=1)
        if not await _killed(bot, Killer(kill_at, when), monkeypatch):
            break
        after = await run(bot)
        assert after.status in ("posted", "done"), kill_at
        assert len(digests(discord, webhook)) == weeks, (kill_at, when)
        assert bot.state.digests_sending() == []
    assert kill_at > 5
    discord.assert_all_valid()


@pytest.mark.anyio
async def test_the_graph_post_never_deletes_nor_adopts_a_digest(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = weekly(make_bot, bot_token=discord.bot_token)
    bot.clock.now = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN).astimezone(dt.UTC)
    await bot.post()
    digest = await run(bot)
    bot.clock.now += dt.timedelta(days=7)
    # The next set's first POST loses its answer: the channel is searched, the digest is
    # recorded, so only the graph itself is adopted.
    discord.inject("execute_webhook", status=502, nth=1, act=True)
    graphs = await bot.post()

    shown = [message.id for message in discord.channel_messages(webhook.channel_id)]
    assert shown == [digest.message_id, *graphs.message_ids]
    assert bot.state.messages_to_delete() == []


@pytest.mark.anyio
async def test_a_lost_answer_with_nothing_posted_is_sent_again_after_looking(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = weekly(make_bot, bot_token=discord.bot_token)
    bot.clock.now = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN).astimezone(dt.UTC)
    discord.inject("execute_webhook", status=503, nth=1)

    result = await run(bot)

    assert result.status == "posted"
    assert [r.status for r in discord.requests_for("execute_webhook")] == [503, 200]
    assert len(digests(discord, webhook)) == 1


@pytest.mark.anyio
async def test_a_digest_needs_the_webhook(make_bot: BotFactory) -> None:
    bot = weekly(make_bot, DISCORD_WEBHOOK_URL="")
    with pytest.raises(WebhookNotConfigured):
        await run(bot)


@pytest.mark.anyio
async def test_a_period_claimed_by_another_run_meanwhile_is_left_to_it(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = weekly(make_bot)
    bot.clock.now = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN).astimezone(dt.UTC)

    async def claimed_meanwhile(ctx: PostContext, period: Period) -> tuple[Digest, None]:
        # Another run (say on another host, its lease read as expired) records the period
        # while this one gathers.
        ctx.state.begin_digest("week", period.start, period.end, webhook_key="k", at=ctx.clock())
        ctx.state.digest_sent("week", period.start, "1234")
        digest, _ = await hand_built(ctx, period)
        return digest, None

    result = await post_digest(bot.context(), make=claimed_meanwhile)
    assert result.status == "done"
    assert digests(discord, webhook) == []
    assert (await run(bot)).status == "done"
