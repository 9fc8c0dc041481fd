"""Rate limits, retries and backoff, measured on the requests the fake Discord received."""

from __future__ import annotations

import socket

import anyio
import pytest

from interactions_app.discord import (
    DiscordOutcomeUnknown,
    DiscordRateLimited,
    DiscordRest,
    DiscordUnavailable,
    MessagePayload,
    SentMessage,
)
from interactions_app.discord._ratelimit import RateLimiter, RateLimitHeaders
from tests.fakes.discord import DiscordFake

pytest_plugins = ["tests.fixtures"]

pytestmark = pytest.mark.anyio

HELLO = MessagePayload(content="hello")


def client(
    fake: DiscordFake,
    *,
    backoff: float = 0.01,
    max_attempts: int = 5,
    max_wait: float = 60.0,
    timeout: float = 30.0,
) -> DiscordRest:
    return DiscordRest(
        api_base=fake.api_base,
        bot_token=fake.bot_token,
        backoff=backoff,
        max_attempts=max_attempts,
        max_wait=max_wait,
        timeout=timeout,
    )


async def test_429_is_retried_only_after_retry_after(discord: DiscordFake) -> None:
    hook = discord.create_webhook()
    discord.rate_limit("execute_webhook", retry_after=0.3)
    clock = FakeClock()

    rest = DiscordRest(
        api_base=discord.api_base, bot_token=discord.bot_token, clock=clock, sleep=clock.sleep
    )
    async with rest:
        sent = await rest.execute_webhook(hook.url, HELLO)

    first, second = discord.requests
    assert (first.status, second.status) == (429, 200)
    assert clock.slept == [0.3]
    assert [m.id for m in discord.channel_messages(hook.channel_id)] == [sent.id]


async def test_global_429_holds_every_route(discord: DiscordFake) -> None:
    hook = discord.create_webhook()
    discord.rate_limit("create_dm", retry_after=0.3, is_global=True)
    waiting, both_waiting = anyio.Event(), anyio.Event()
    clock = FakeClock()

    async def sleep(seconds: float) -> None:
        # Time stands still until the other route waits too (it would hang, failing below,
        # if the global hold did not stop it).
        clock.slept.append(round(seconds, 6))
        waiting.set()
        if len(clock.slept) == 2:
            both_waiting.set()
        await both_waiting.wait()
        clock.now = max(clock.now, 100.0 + seconds)

    async with DiscordRest(
        api_base=discord.api_base, bot_token=discord.bot_token, clock=clock, sleep=sleep
    ) as rest:

        async def other_route() -> None:
            await waiting.wait()
            await rest.execute_webhook(hook.url, HELLO)

        with anyio.fail_after(10):
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(rest.create_dm, "123456789012345678")
                tasks.start_soon(other_route)

    limited = discord.requests[0]
    assert (limited.operation_id, limited.status) == ("create_dm", 429)
    assert limited.headers.get("authorization")
    assert clock.slept == [0.3, 0.3]  # the DM's retry and the webhook, both held
    assert sorted(r.status for r in discord.requests) == [200, 200, 429]


async def test_exhausted_bucket_waits_for_its_reset() -> None:
    # A window long enough that "the second request did not wait" holds with a wide margin on
    # a loaded CI machine: only a request held back for the reset comes a whole second later.
    with DiscordFake(bucket_size=2, bucket_window=1.0) as discord:
        hook = discord.create_webhook()
        async with client(discord) as rest:
            for number in range(3):
                await rest.execute_webhook(hook.url, MessagePayload(content=str(number)))

        statuses = [r.status for r in discord.requests]
        assert statuses == [200, 200, 200]
        first, second, third = (r.time for r in discord.requests)
        assert second - first < 0.8
        assert third - first >= 1.0 - 0.01
        assert discord.requests[1].operation_id == "execute_webhook"


async def test_server_errors_are_retried_with_backoff(discord: DiscordFake) -> None:
    hook = discord.create_webhook()
    sent = await _post(discord, hook.url)
    discord.inject("update_webhook_message", status=502, times=2)
    clock = FakeClock()

    rest = DiscordRest(api_base=discord.api_base, backoff=0.05, clock=clock, sleep=clock.sleep)
    async with rest:
        await rest.edit_webhook_message(hook.url, sent.id, HELLO)
    delays = clock.slept

    edits = discord.requests_for("update_webhook_message")
    assert [r.status for r in edits] == [502, 502, 200]
    # Exponential backoff with up to 25 % jitter: 0.05 s, then 0.1 s.
    assert 0.05 <= delays[0] <= 0.0625
    assert 0.1 <= delays[1] <= 0.125


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_a_message_post_answered_5xx_is_never_repeated(
    discord: DiscordFake, status: int
) -> None:
    # A proxy's 502 may come after Discord stored the message: posting again would double it.
    hook = discord.create_webhook()
    discord.inject("execute_webhook", status=status, act=True)

    async with client(discord, max_attempts=5) as rest:
        with pytest.raises(DiscordOutcomeUnknown) as caught:
            await rest.execute_webhook(hook.url, HELLO)

    assert [r.status for r in discord.requests] == [status]
    assert len(discord.channel_messages(hook.channel_id)) == 1
    assert f"HTTP {status}" in str(caught.value)


async def test_server_errors_exhaust_into_unavailable(discord: DiscordFake) -> None:
    hook = discord.create_webhook()
    sent = await _post(discord, hook.url)
    discord.inject("delete_webhook_message", status=500, times=10)

    async with client(discord, max_attempts=3) as rest:
        with pytest.raises(DiscordUnavailable) as caught:
            await rest.delete_webhook_message(hook.url, sent.id)

    assert caught.value.attempts == 3
    assert "HTTP 500" in str(caught.value)
    assert [r.status for r in discord.requests_for("delete_webhook_message")] == [500, 500, 500]


async def test_consecutive_short_429s_do_not_use_up_the_attempts(discord: DiscordFake) -> None:
    hook = discord.create_webhook()
    discord.rate_limit("execute_webhook", retry_after=0.01, times=5)

    async with client(discord, max_attempts=2) as rest:
        sent = await rest.execute_webhook(hook.url, HELLO)

    assert [r.status for r in discord.requests] == [429] * 5 + [200]
    assert [m.id for m in discord.channel_messages(hook.channel_id)] == [sent.id]


async def test_429s_stop_once_their_waits_add_up_past_the_budget(discord: DiscordFake) -> None:
    hook = discord.create_webhook()
    discord.rate_limit("execute_webhook", retry_after=0.2, times=10)
    clock = FakeClock()

    rest = DiscordRest(
        api_base=discord.api_base, max_total_wait=0.5, clock=clock, sleep=clock.sleep
    )
    async with rest:
        with pytest.raises(DiscordRateLimited):
            await rest.execute_webhook(hook.url, HELLO)

    # Two waits of 0.2 s fit in 0.5 s; the third would not, so it is not waited for.
    assert [r.status for r in discord.requests] == [429, 429, 429]
    assert clock.slept == [0.2, 0.2]
    assert discord.channel_messages(hook.channel_id) == []


async def test_retry_after_longer_than_max_wait_is_not_waited_for(discord: DiscordFake) -> None:
    hook = discord.create_webhook()
    discord.rate_limit("execute_webhook", retry_after=64.57)

    async with client(discord, max_wait=5) as rest:
        with pytest.raises(DiscordRateLimited) as caught:
            await rest.execute_webhook(hook.url, HELLO)

    assert caught.value.retry_after == pytest.approx(64.57)
    assert len(discord.requests) == 1


async def test_unreachable_discord_is_unavailable_after_retries() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with DiscordRest(api_base=f"http://127.0.0.1:{port}/api/v10", backoff=0.01) as rest:
        with pytest.raises(DiscordUnavailable) as caught:
            await rest.execute_webhook(
                "https://discord.com/api/webhooks/1/secret-token-value", HELLO
            )
    assert caught.value.attempts == 5
    assert "ConnectError" in str(caught.value)
    assert "secret-token-value" not in str(caught.value)


async def test_timed_out_edit_is_retried_but_a_post_is_not(discord: DiscordFake) -> None:
    hook = discord.create_webhook()
    sent = await _post(discord, hook.url)
    discord.slow("update_webhook_message", 0.6)
    discord.slow("execute_webhook", 0.6)

    async with client(discord, timeout=0.3) as rest:
        await rest.edit_webhook_message(hook.url, sent.id, MessagePayload(content="edited"))
        with pytest.raises(DiscordUnavailable) as caught:
            await rest.execute_webhook(hook.url, HELLO)

    assert len(discord.requests_for("update_webhook_message")) == 2
    assert len(discord.requests_for("execute_webhook")) == 2  # the setup post + one attempt
    assert caught.value.attempts == 1
    assert "ReadTimeout" in str(caught.value)


async def _post(discord: DiscordFake, url: str) -> SentMessage:
    async with client(discord) as rest:
        return await rest.execute_webhook(url, HELLO)


# The bucket arithmetic itself, on a fake clock.


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def headers(remaining: int, reset_after: float, bucket: str = "abc") -> RateLimitHeaders:
    return RateLimitHeaders.parse(
        {
            "x-ratelimit-limit": "5",
            "x-ratelimit-remaining": str(remaining),
            "x-ratelimit-reset-after": str(reset_after),
            "x-ratelimit-bucket": bucket,
        }
    )


async def test_limiter_shares_buckets_per_major_parameter() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    limiter.update("POST /channels/{channel_id}/messages 1", headers(0, 2.5))
    limiter.update("PATCH /channels/{channel_id}/messages/{message_id} 1", headers(0, 2.5))

    await limiter.acquire("POST /channels/{channel_id}/messages 2")
    assert clock.slept == []
    await limiter.acquire("PATCH /channels/{channel_id}/messages/{message_id} 1")
    assert clock.slept == [2.5]
    await limiter.acquire("POST /channels/{channel_id}/messages 1")
    assert clock.slept == [2.5]  # reset passed: the bucket is full again


async def test_limiter_global_hold_and_absolute_reset() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    limiter.hold("PUT /applications/{application_id}/commands 1", 1.5, is_global=True)
    await limiter.acquire("POST /users/@me/channels ")
    assert clock.slept == [1.5]

    parsed = RateLimitHeaders.parse(
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1000.5", "retry-after": "7"},
        wall_clock=lambda: 1000.0,
    )
    assert (parsed.reset_after, parsed.retry_after, parsed.limit) == (0.5, 7.0, None)
    assert RateLimitHeaders.parse({"x-ratelimit-limit": "many"}).limit is None
