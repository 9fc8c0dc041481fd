"""The scheduled post in-process: fake Tautulli and fake Discord on loopback, a real state file."""

from __future__ import annotations

import gettext
import os
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import anyio
import msgspec
import pytest

from interactions_app.config import Config
from interactions_app.discord import DiscordRest, DiscordUnavailable
from interactions_app.posting import (
    LEASE_SECONDS,
    LockLost,
    NoGraphsEnabled,
    PostContext,
    PostingFailed,
    PostResult,
    WebhookNotConfigured,
    describe_result,
    due_at,
    post_graph_set,
    webhook_key,
)
from interactions_app.posting.retention import remove_old_graphs
from interactions_app.state import StateStore, StateUnavailable
from renderer import GRAPH_SPECS
from renderer.tautulli import GraphData, TautulliClient, TautulliError, YAxis
from tests.fakes.discord import DiscordFake, FakeWebhook
from tests.fakes.tautulli import FakeTautulli
from tests.render_samples import png_size
from tests.state_file import set_next_due, shown_messages

pytest_plugins = ["tests.fixtures"]

T = gettext.NullTranslations()
START = datetime(2026, 11, 23, 8, 37, tzinfo=UTC)


def make_config(
    tautulli: FakeTautulli,
    discord: DiscordFake,
    webhook: FakeWebhook,
    data_dir: Path,
    *,
    graphs: int = 3,
    **changes: object,
) -> Config:
    """A config posting the first ``graphs`` graphs (fewer renders keep the tests quick)."""
    enabled = {f"ENABLE_{spec.key.upper()}": n < graphs for n, spec in enumerate(GRAPH_SPECS)}
    values: dict[str, object] = {
        "TAUTULLI_URL": tautulli.url,
        "TAUTULLI_API_KEY": tautulli.api_key,
        "DISCORD_WEBHOOK_URL": webhook.url,
        "DISCORD_API_BASE": discord.api_base,
        "DATA_DIR": str(data_dir),
        **enabled,
        **changes,
    }
    return msgspec.convert(values, Config)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Bot:
    """One "process": its own state connection, Tautulli and Discord clients."""

    config: Config
    clock: Clock
    state: StateStore
    discord_rest: DiscordRest
    source: TautulliClient
    limiter: anyio.CapacityLimiter = field(default_factory=lambda: anyio.CapacityLimiter(2))

    def context(self, **changes: object) -> PostContext:
        values: dict[str, object] = {
            "config": self.config,
            "state": self.state,
            "discord": self.discord_rest,
            "source": self.source,
            "limiter": self.limiter,
            "t": T,
            "clock": self.clock,
        }
        values.update(changes)
        return PostContext(**values)  # type: ignore[arg-type]

    async def post(self, *, force: bool = False, **changes: object) -> PostResult:
        return await post_graph_set(self.context(**changes), force=force)


BotFactory = Callable[..., Bot]


@pytest.fixture
async def make_bot(
    tautulli: FakeTautulli, discord: DiscordFake, webhook: FakeWebhook, tmp_path: Path
) -> AsyncIterator[BotFactory]:
    opened: list[Bot] = []
    clock = Clock()

    def factory(*, graphs: int = 3, bot_token: str = "", **changes: object) -> Bot:
        config = make_config(
            tautulli, discord, webhook, tmp_path / "data", graphs=graphs, **changes
        )
        bot = Bot(
            config=config,
            clock=clock,
            state=StateStore.in_data_dir(tmp_path / "data"),
            discord_rest=DiscordRest(
                api_base=discord.api_base, bot_token=bot_token, max_attempts=2, backoff=0
            ),
            source=TautulliClient(tautulli.url, tautulli.api_key, retries=0, backoff=0),
        )
        opened.append(bot)
        return bot

    yield factory
    for bot in opened:
        bot.state.close()
        await bot.discord_rest.aclose()
        await bot.source.aclose()


def channel_ids(discord: DiscordFake, webhook: FakeWebhook) -> list[str]:
    return [message.id for message in discord.channel_messages(webhook.channel_id)]


@pytest.mark.anyio
async def test_first_run_posts_one_message_per_graph_and_keeps_the_files(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook, tmp_path: Path
) -> None:
    bot = make_bot()

    result = await bot.post()

    assert result.status == "posted"
    assert len(result.message_ids) == 3
    assert channel_ids(discord, webhook) == list(result.message_ids)
    assert result.next_due == START + timedelta(days=7)
    due = int(START.timestamp()) + 7 * 86400
    for message, spec in zip(
        discord.channel_messages(webhook.channel_id), GRAPH_SPECS, strict=False
    ):
        [embed] = message.embeds
        assert embed["image"]["url"] == f"attachment://{spec.key}.png"
        assert f"<t:{due}:R>" in embed["description"]
        [attachment] = message.attachments
        assert png_size(attachment.data) == (1600, 900)
    sends = discord.requests_for("execute_webhook")
    assert {r.query["wait"] for r in sends} == {"true"}
    discord.assert_all_valid()
    assert [m.message_id for m in shown_messages(bot.state.path)] == list(result.message_ids)
    assert bot.state.last_post_at() == START
    folder = tmp_path / "data" / "graphs" / "2026-11-23"
    assert result.directory == folder
    assert sorted(p.name for p in folder.glob("*.png")) == sorted(
        f"{spec.key}.png" for spec in GRAPH_SPECS[:3]
    )
    assert (folder / "index.html").is_file()
    assert len(list(folder.glob("*.json"))) == 3
    line = describe_result(result, T, tz=ZoneInfo("UTC"), language="en")
    assert line == "Posted 3 graphs; next post due 2026-11-30 08:37 UTC (in 7 days)."


@pytest.mark.anyio
async def test_not_due_posts_nothing_and_says_when(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot()
    first = await bot.post()
    sent = len(discord.requests)

    bot.clock.now = START + timedelta(days=6, hours=23)
    second = await bot.post()

    assert second.status == "not_due"
    assert second.message_ids == ()
    assert second.next_due == START + timedelta(days=7)
    assert len(discord.requests) == sent
    assert channel_ids(discord, webhook) == list(first.message_ids)
    line = describe_result(second, T, tz=ZoneInfo("Europe/Copenhagen"), language="en")
    assert line == "Not due yet: next post due 2026-11-30 09:37 CET (in 60 minutes)."


@pytest.mark.anyio
async def test_the_next_due_run_replaces_the_previous_set(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot()
    first = await bot.post()

    bot.clock.now = START + timedelta(days=7)
    second = await bot.post()

    assert second.status == "posted"
    assert second.removed == 3
    assert channel_ids(discord, webhook) == list(second.message_ids)
    assert not set(first.message_ids) & set(second.message_ids)
    assert bot.state.messages_to_delete() == []
    discord.assert_all_valid()


@pytest.mark.anyio
async def test_fixed_time_in_the_local_zone_and_a_missed_slot_posts_once(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot(UPDATE_DAYS=2, FIXED_UPDATE_TIME="10:00", TIMEZONE="Europe/Copenhagen")
    first = await bot.post()
    slot = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
    assert first.next_due == slot

    bot.clock.now = slot - timedelta(minutes=1)
    assert (await bot.post()).status == "not_due"
    # The machine was off for three weeks: one post, then the schedule counts from it.
    bot.clock.now = slot + timedelta(weeks=3, minutes=7)
    late = await bot.post()
    assert late.status == "posted"
    assert late.next_due == slot + timedelta(weeks=3, days=2)
    assert (await bot.post()).status == "not_due"
    assert channel_ids(discord, webhook) == list(late.message_ids)


@pytest.mark.anyio
async def test_force_posts_now_and_restarts_the_schedule(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot()
    await bot.post()
    bot.clock.now = START + timedelta(days=2)

    forced = await bot.post(force=True)

    assert forced.status == "posted"
    assert forced.next_due == START + timedelta(days=9)
    assert channel_ids(discord, webhook) == list(forced.message_ids)
    bot.clock.now = START + timedelta(days=8)
    assert (await bot.post()).status == "not_due"


@pytest.mark.anyio
async def test_a_restart_never_reposts(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    first = await make_bot().post()

    again = make_bot()  # a new process: new connection, same file
    result = await again.post()

    assert result.status == "not_due"
    assert channel_ids(discord, webhook) == list(first.message_ids)


@pytest.mark.anyio
async def test_two_concurrent_runs_post_once(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bots = [make_bot(), make_bot()]
    results: list[PostResult] = []

    async def run(bot: Bot) -> None:
        results.append(await bot.post())

    async with anyio.create_task_group() as group:
        for bot in bots:
            group.start_soon(run, bot)

    assert sorted(r.status for r in results) in (["busy", "posted"], ["not_due", "posted"])
    [posted] = [r for r in results if r.status == "posted"]
    assert channel_ids(discord, webhook) == list(posted.message_ids)
    assert len(discord.requests_for("execute_webhook")) == 3


@pytest.mark.anyio
async def test_a_failed_fifth_upload_leaves_nothing_behind_and_the_next_run_posts_once(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot(graphs=6)
    first = await bot.post()
    bot.clock.now = START + timedelta(days=7)
    discord.inject("execute_webhook", status=500, nth=5)

    with pytest.raises(PostingFailed) as caught:
        await bot.post()

    failure = caught.value
    assert (failure.failed_at, failure.total, failure.leftover) == (5, 6, 0)
    assert "graph 5 of 6" in failure.explain(T)
    assert "may have posted this graph anyway" in failure.explain(T)
    # The 500 was not sent again: a repeated POST could have posted the graph twice.
    assert [r.status for r in discord.requests_for("execute_webhook")][-2:] == [200, 500]
    # The partial set was removed; the previous full set is still shown and still current.
    assert channel_ids(discord, webhook) == list(first.message_ids)
    assert bot.state.last_post_at() == START

    retry = await bot.post()
    assert retry.status == "posted"
    # Without a bot token the channel cannot be searched: the operator is told to look.
    assert retry.unverified == 1
    assert "may have left 1 message in the channel" in describe_result(
        retry, T, tz=ZoneInfo("UTC"), language="en"
    )
    assert channel_ids(discord, webhook) == list(retry.message_ids)
    assert len(retry.message_ids) == 6
    assert bot.state.messages_to_delete() == []
    discord.assert_all_valid()


@pytest.mark.anyio
async def test_partial_messages_that_cannot_be_deleted_go_with_the_next_good_run(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot(graphs=3)
    discord.inject("execute_webhook", status=500, nth=3)
    discord.inject("delete_webhook_message", status=500, times=4)

    with pytest.raises(PostingFailed) as caught:
        await bot.post()

    assert caught.value.leftover == 2
    assert "2 messages of this run could not be removed yet" in caught.value.explain(T)
    assert len(channel_ids(discord, webhook)) == 2
    retry = await bot.post()
    assert retry.status == "posted"
    assert retry.removed == 2
    assert channel_ids(discord, webhook) == list(retry.message_ids)


@pytest.mark.anyio
async def test_leftovers_are_cleaned_up_by_a_run_that_is_not_due(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot()
    await bot.post()
    bot.clock.now = START + timedelta(days=7)
    discord.inject("delete_webhook_message", status=500, times=6)
    second = await bot.post()
    assert (second.status, second.removed, second.leftover) == ("posted", 0, 3)
    line = describe_result(second, T, tz=ZoneInfo("UTC"), language="en")
    assert line.endswith("3 old messages could not be deleted yet; the next run tries again.")
    assert len(channel_ids(discord, webhook)) == 6

    bot.clock.now += timedelta(minutes=15)
    tidy = await bot.post()

    assert (tidy.status, tidy.removed, tidy.leftover) == ("not_due", 3, 0)
    assert channel_ids(discord, webhook) == list(second.message_ids)


@pytest.mark.anyio
async def test_tautulli_down_posts_nothing_and_releases_the_lock(
    make_bot: BotFactory, tautulli: FakeTautulli, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot()
    tautulli.go_down()

    with pytest.raises(TautulliError):
        await bot.post()

    assert discord.requests == []
    assert bot.state.last_post_at() is None
    tautulli.come_up()
    assert (await bot.post()).status == "posted"


@pytest.mark.anyio
async def test_a_run_that_finds_the_lock_taken_is_busy(
    make_bot: BotFactory, discord: DiscordFake
) -> None:
    bot = make_bot()
    assert bot.state.acquire_post_lock("other-run", LEASE_SECONDS, START)

    result = await bot.post()

    assert result.status == "busy"
    assert discord.requests == []
    assert describe_result(result, T, tz=ZoneInfo("UTC"), language="en").startswith("Another run")
    # A lease that ran out is taken over.
    bot.clock.now = START + timedelta(seconds=LEASE_SECONDS + 1)
    assert (await bot.post()).status == "posted"


@pytest.mark.anyio
async def test_a_run_whose_lease_was_taken_over_stops_posting(
    make_bot: BotFactory, discord: DiscordFake
) -> None:
    bot = make_bot()

    async def stall(done: int, total: int) -> None:
        # Rendering took longer than the lease, and another run took the lock meanwhile.
        if done == total:
            bot.clock.now = START + timedelta(seconds=LEASE_SECONDS + 1)
            assert bot.state.acquire_post_lock("other-run", LEASE_SECONDS, bot.clock.now)

    with pytest.raises(LockLost) as caught:
        await post_graph_set(bot.context(), force=False, progress=stall)

    assert "took over" in caught.value.explain(T)
    assert discord.requests_for("execute_webhook") == []


@pytest.mark.anyio
async def test_messages_of_a_replaced_webhook_are_forgotten_not_deleted(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    bot = make_bot()
    first = await bot.post()
    other = discord.create_webhook(webhook.channel_id)
    moved = make_bot(DISCORD_WEBHOOK_URL=other.url)
    moved.clock.now = START + timedelta(days=7)

    result = await moved.post()

    assert (result.status, result.removed, result.leftover) == ("posted", 0, 0)
    assert channel_ids(discord, webhook) == [*first.message_ids, *result.message_ids]
    assert discord.requests_for("delete_webhook_message") == []
    assert moved.state.messages_to_delete() == []


@pytest.mark.anyio
async def test_without_a_webhook_nothing_is_tried(
    make_bot: BotFactory, discord: DiscordFake
) -> None:
    bot = make_bot(DISCORD_WEBHOOK_URL="")

    with pytest.raises(WebhookNotConfigured) as caught:
        await bot.post()

    assert "DISCORD_WEBHOOK_URL" in caught.value.explain(T)
    assert discord.requests == []


@pytest.mark.anyio
async def test_with_every_graph_off_the_shown_set_stays(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook
) -> None:
    first = await make_bot().post()
    bot = make_bot(graphs=0)

    with pytest.raises(NoGraphsEnabled) as caught:
        await bot.post(force=True)

    assert "ENABLE_" in caught.value.explain(T)
    assert channel_ids(discord, webhook) == list(first.message_ids)
    assert (await make_bot().post()).status == "not_due"


@pytest.mark.anyio
async def test_a_reset_schedule_is_due_at_the_next_run(make_bot: BotFactory) -> None:
    bot = make_bot()
    await bot.post()
    assert due_at(bot.config, bot.state) == START + timedelta(days=7)

    set_next_due(bot.state.path, None)

    assert due_at(bot.config, bot.state) is None
    assert (await bot.post()).status == "posted"


@pytest.mark.anyio
async def test_a_data_dir_that_refuses_files_does_not_stop_the_post(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook, tmp_path: Path
) -> None:
    bot = make_bot()
    (tmp_path / "data" / "graphs").write_text("a file where the folder should be")

    result = await bot.post()

    assert (result.status, result.directory) == ("posted", None)
    assert channel_ids(discord, webhook) == list(result.message_ids)


def test_webhook_key_names_the_webhook_without_its_token() -> None:
    key = webhook_key("https://discord.com/api/webhooks/123456789012345678/secret-token")
    assert key.startswith("123456789012345678:")
    assert "secret" not in key
    assert key == webhook_key("https://discordapp.com/api/webhooks/123456789012345678/secret-token")
    assert key != webhook_key("https://discord.com/api/webhooks/123456789012345678/other-token")


def test_retention_by_directory_date_and_by_age(tmp_path: Path) -> None:
    root = tmp_path / "graphs"
    today = date(2026, 11, 23)
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    for day in ("2026-11-23", "2026-11-16", "2026-11-15", "2025-01-01"):
        (root / day).mkdir(parents=True)
        (root / day / "daily_play_count.png").write_bytes(b"png")
    stray_old = root / "notes.txt"
    stray_new = root / "readme.txt"
    renamed = root / "renamed"
    renamed.mkdir()
    for path in (stray_old, stray_new):
        path.write_text("x")
    old = (now - timedelta(days=8)).timestamp()
    os.utime(stray_old, (old, old))
    os.utime(renamed, (old, old))
    outside = tmp_path / "state.sqlite3"
    outside.write_text("db")
    os.utime(outside, (old, old))

    removed = remove_old_graphs(tmp_path, keep_days=7, now=now, today=today)

    assert sorted(p.name for p in removed) == ["2025-01-01", "2026-11-15", "notes.txt", "renamed"]
    assert sorted(p.name for p in root.iterdir()) == ["2026-11-16", "2026-11-23", "readme.txt"]
    assert outside.exists()
    assert remove_old_graphs(tmp_path / "nowhere", keep_days=7, now=now, today=today) == []


@pytest.mark.anyio
async def test_each_run_removes_graph_folders_older_than_keep_days(
    make_bot: BotFactory, tmp_path: Path
) -> None:
    bot = make_bot(KEEP_DAYS=3)
    old = tmp_path / "data" / "graphs" / "2026-11-19"
    kept = tmp_path / "data" / "graphs" / "2026-11-20"
    for folder in (old, kept):
        folder.mkdir(parents=True)

    await bot.post()
    assert not old.exists()
    assert kept.exists()

    bot.clock.now = START + timedelta(days=3)
    assert (await bot.post()).status == "not_due"
    assert not kept.exists()
    assert (tmp_path / "data" / "graphs" / "2026-11-23").exists()


class _LocksStateThenFails(TautulliClient):
    """A Tautulli that fails, after another process has taken the state file's write lock."""

    def __init__(self, tautulli: FakeTautulli, state_file: Path) -> None:
        super().__init__(tautulli.url, tautulli.api_key, retries=0)
        self.state_file = state_file
        self.locked = threading.Event()
        self.ticks = 0
        self.loop_ran_while_locked = False
        self.holder: threading.Thread | None = None

    def _hold_lock(self) -> None:
        other = sqlite3.connect(self.state_file, isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            self.locked.set()
            # Let the run reach its clean-up (which needs the write lock), then see whether the
            # event loop still gets turns while that clean-up waits for the lock.
            time.sleep(0.3)
            before = self.ticks
            deadline = time.monotonic() + 4
            while self.ticks == before and time.monotonic() < deadline:
                time.sleep(0.01)
            self.loop_ran_while_locked = self.ticks != before
        finally:
            other.execute("ROLLBACK")
            other.close()

    async def graph(
        self,
        command: str,
        *,
        time_range: int,
        y_axis: YAxis = "plays",
        user_id: int | None = None,
        grouping: bool = True,
    ) -> GraphData:
        if self.holder is None:
            self.holder = threading.Thread(target=self._hold_lock)
            self.holder.start()
        await anyio.to_thread.run_sync(self.locked.wait)
        raise TautulliError(f"{command}: Tautulli fell over", url=self.url, command=command)


@pytest.mark.anyio
async def test_a_busy_state_file_at_clean_up_does_not_block_the_event_loop(
    make_bot: BotFactory, tautulli: FakeTautulli, tmp_path: Path
) -> None:
    # The endpoint runs /update_graphs on the event loop that answers every interaction: a
    # post's clean-up waiting for the state file (another process writing) must not stall it.
    bot = make_bot()
    source = _LocksStateThenFails(tautulli, bot.state.path)
    done = anyio.Event()

    async def tick() -> None:
        while not done.is_set():
            source.ticks += 1
            await anyio.sleep(0.01)

    try:
        async with anyio.create_task_group() as group:
            group.start_soon(tick)
            with pytest.raises(TautulliError):
                await bot.post(source=source)
            done.set()
    finally:
        if source.holder is not None:
            await anyio.to_thread.run_sync(source.holder.join)
        await source.aclose()

    assert source.loop_ran_while_locked
    # The lock was still released once the file was free: the next run posts.
    assert (await bot.post()).status == "posted"


class _StateThatCannotRecord(StateStore):
    """A state file that is locked by another process when the ``nth`` message is recorded."""

    def __init__(self, path: Path, *, nth: int) -> None:
        super().__init__(path)
        self.nth = nth
        self.calls = 0

    def record_posted_message(
        self, run_id: str, webhook_key: str, message_id: str, intent: int | None = None
    ) -> None:
        self.calls += 1
        if self.calls == self.nth:
            raise StateUnavailable(self.path, "database is locked")
        super().record_posted_message(run_id, webhook_key, message_id, intent)


@pytest.mark.anyio
async def test_a_message_that_could_not_be_recorded_does_not_stay_in_the_channel(
    make_bot: BotFactory, discord: DiscordFake, webhook: FakeWebhook, tmp_path: Path
) -> None:
    # Discord created the second message, but its id could not be written down: nothing would
    # ever delete it, and the channel would show it beside every later set.
    bot = make_bot(graphs=3)
    first = await bot.post()
    bot.clock.now = START + timedelta(days=7)
    state = _StateThatCannotRecord(tmp_path / "data" / "state.sqlite3", nth=2)
    try:
        with pytest.raises(StateUnavailable):
            await bot.post(state=state)
    finally:
        state.close()

    retry = await bot.post()

    assert retry.status == "posted"
    assert first.message_ids[0] not in channel_ids(discord, webhook)
    assert channel_ids(discord, webhook) == list(retry.message_ids)


def test_one_leftover_message_is_counted_in_the_singular() -> None:
    cause = DiscordUnavailable("HTTP 500", attempts=3)
    failure = PostingFailed(cause, failed_at=4, total=12, leftover=1)
    assert "1 message of this run could not be removed yet; the next run removes it." in (
        failure.explain(T)
    )
