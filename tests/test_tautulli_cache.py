"""A burst of identical calls costs Tautulli one request; failures are never kept."""

from __future__ import annotations

import anyio
import pytest

from renderer.tautulli import TautulliBadResponse, TautulliClient, TautulliUnreachable
from renderer.tautulli._cache import AnswerCache
from tests.fakes.tautulli import FakeTautulli

pytest_plugins = ["tests.fixtures"]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.anyio
async def test_identical_calls_hit_the_cache_until_it_expires(tautulli: FakeTautulli) -> None:
    clock = Clock()
    async with TautulliClient(tautulli.url, tautulli.api_key, cache_ttl=60, clock=clock) as client:
        first = await client.graph("get_plays_by_date", time_range=30)
        again = await client.graph("get_plays_by_date", time_range=30)
        clock.now += 59.9
        await client.graph("get_plays_by_date", time_range=30)
        assert len(tautulli.requests) == 1
        assert again == first

        clock.now += 0.2
        await client.graph("get_plays_by_date", time_range=30)
        assert len(tautulli.requests) == 2


@pytest.mark.anyio
async def test_different_parameters_are_different_entries(tautulli: FakeTautulli) -> None:
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        await client.graph("get_plays_by_date", time_range=30)
        await client.graph("get_plays_by_date", time_range=7)
        await client.graph("get_plays_by_date", time_range=30, user_id=3464780)
        await client.graph("get_plays_by_date", time_range=30, y_axis="duration")
        await client.graph("get_plays_by_date", time_range=30, grouping=False)
        await client.users()
        await client.user_by_email("ejackson@example.com")
        await client.server_info()
        await client.server_info()
    assert [r.cmd for r in tautulli.requests] == ["get_plays_by_date"] * 5 + [
        "get_users",
        "get_tautulli_info",
    ]


@pytest.mark.anyio
async def test_zero_ttl_turns_the_cache_off(tautulli: FakeTautulli) -> None:
    async with TautulliClient(tautulli.url, tautulli.api_key, cache_ttl=0) as client:
        await client.server_info()
        await client.server_info()
    assert len(tautulli.requests) == 2


@pytest.mark.anyio
async def test_concurrent_identical_calls_share_one_request(tautulli: FakeTautulli) -> None:
    answers: list[int] = []
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:

        async def ask() -> None:
            graph = await client.graph("get_plays_by_hourofday", time_range=30)
            answers.append(len(graph.categories))

        async with anyio.create_task_group() as group:
            for _ in range(8):
                group.start_soon(ask)
    assert answers == [24] * 8
    assert len(tautulli.requests) == 1


@pytest.mark.anyio
async def test_concurrent_callers_share_a_failure_but_it_is_not_kept(
    tautulli: FakeTautulli,
) -> None:
    tautulli.fail(500, times=1)
    failures: list[Exception] = []
    async with TautulliClient(tautulli.url, tautulli.api_key, retries=0) as client:

        async def ask() -> None:
            try:
                await client.users()
            except TautulliBadResponse as exc:
                failures.append(exc)

        async with anyio.create_task_group() as group:
            for _ in range(4):
                group.start_soon(ask)
        assert len(failures) == 4
        assert len(tautulli.requests) == 1

        assert len(await client.users()) == 13
        assert len(tautulli.requests) == 2


@pytest.mark.anyio
async def test_failures_are_not_cached(tautulli: FakeTautulli) -> None:
    async with TautulliClient(tautulli.url, tautulli.api_key, retries=0) as client:
        tautulli.go_down()
        with pytest.raises(TautulliUnreachable):
            await client.server_info()
        tautulli.come_up()
        assert (await client.server_info()).tautulli_version == "v2.17.2"


@pytest.mark.anyio
async def test_waiters_make_their_own_call_when_the_shared_one_is_cancelled() -> None:
    cache = AnswerCache(60)
    leader_started = anyio.Event()
    release = anyio.Event()
    calls: list[str] = []

    async def slow_fetch() -> str:
        calls.append("leader")
        leader_started.set()
        await release.wait()
        return "never"

    async def quick_fetch() -> str:
        calls.append("waiter")
        return "own answer"

    leader_scope = anyio.CancelScope()
    results: list[str] = []

    async def leader() -> None:
        with leader_scope:
            await cache.get("k", slow_fetch)

    async def waiter() -> None:
        results.append(await cache.get("k", quick_fetch))

    async with anyio.create_task_group() as group:
        group.start_soon(leader)
        await leader_started.wait()
        group.start_soon(waiter)
        await anyio.lowlevel.checkpoint()  # the waiter is now waiting on the leader's call
        assert calls == ["leader"]
        leader_scope.cancel()
    assert results == ["own answer"]
    assert calls == ["leader", "waiter"]
    # The waiter's answer is kept like any other.
    assert await cache.get("k", quick_fetch) == "own answer"
    assert calls == ["leader", "waiter"]


@pytest.mark.anyio
async def test_expired_entries_are_dropped() -> None:
    clock = Clock()
    cache = AnswerCache(1, clock=clock)

    async def answer() -> int:
        return 42

    await cache.get("a", answer)
    clock.now += 2
    await cache.get("b", answer)
    assert list(cache._entries) == ["b"]
