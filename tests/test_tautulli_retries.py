"""Transient failures are retried with growing waits; definite answers never are."""

from __future__ import annotations

import gettext

import anyio
import httpx
import pytest

from renderer.tautulli import (
    TautulliAuthError,
    TautulliBadResponse,
    TautulliClient,
    TautulliTimeout,
)
from tests.fakes.tautulli import FakeTautulli

pytest_plugins = ["tests.fixtures"]


class Waits:
    """Stands in for ``anyio.sleep``: records the backoff instead of waiting it."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


def client_for(
    fake: FakeTautulli,
    waits: Waits,
    *,
    retries: int = 2,
    timeout: float = 30.0,
    backoff: float = 0.25,
) -> TautulliClient:
    return TautulliClient(
        fake.url,
        fake.api_key,
        retries=retries,
        timeout=timeout,
        backoff=backoff,
        cache_ttl=0,
        sleep=waits,
    )


@pytest.mark.anyio
async def test_500_once_then_ok(tautulli: FakeTautulli) -> None:
    tautulli.fail(500, times=1)
    waits = Waits()
    async with client_for(tautulli, waits) as client:
        graph = await client.graph("get_plays_by_date", time_range=30)
    assert len(graph.categories) == 30
    assert [request.cmd for request in tautulli.requests] == ["get_plays_by_date"] * 2
    [wait] = waits.seconds
    assert 0.125 <= wait <= 0.375  # 0.25 s base with jitter


@pytest.mark.anyio
async def test_backoff_grows(tautulli: FakeTautulli) -> None:
    tautulli.fail(502, times=3)
    waits = Waits()
    async with client_for(tautulli, waits, retries=3, backoff=1.0) as client:
        await client.server_info()
    assert len(tautulli.requests) == 4
    assert all(
        base * 0.5 <= wait <= base * 1.5
        for wait, base in zip(waits.seconds, [1.0, 2.0, 4.0], strict=True)
    )


@pytest.mark.anyio
async def test_timeout_once_then_ok(tautulli: FakeTautulli) -> None:
    tautulli.slow(30, times=1)
    waits = Waits()
    async with client_for(tautulli, waits, timeout=0.2, retries=1) as client:
        info = await client.server_info()
    assert info.tautulli_version == "v2.17.2"
    assert len(tautulli.requests) == 2
    assert len(waits.seconds) == 1


@pytest.mark.anyio
async def test_timeouts_exhaust_the_retries(tautulli: FakeTautulli) -> None:
    tautulli.slow(30)
    waits = Waits()
    async with client_for(tautulli, waits, timeout=0.1, retries=2) as client:
        with pytest.raises(TautulliTimeout):
            await client.server_info()
    # Two waits: three attempts. (Not counted at the fake: on a loaded machine an attempt's
    # 0.1 s can run out before its request is even accepted.)
    assert len(waits.seconds) == 2


@pytest.mark.anyio
async def test_connection_refused_is_retried_until_back(tautulli: FakeTautulli) -> None:
    tautulli.go_down()
    waits = Waits()

    async def come_up_while_waiting(seconds: float) -> None:
        await waits(seconds)
        tautulli.come_up()

    async with TautulliClient(
        tautulli.url, tautulli.api_key, sleep=come_up_while_waiting, retries=1
    ) as client:
        info = await client.server_info()
    assert info.tautulli_version == "v2.17.2"
    assert len(waits.seconds) == 1
    assert len(tautulli.requests) == 1  # the refused attempt never reached it


@pytest.mark.anyio
async def test_429_waits_at_least_retry_after(tautulli: FakeTautulli) -> None:
    tautulli.fail(429, times=1, retry_after=2)
    waits = Waits()
    async with client_for(tautulli, waits) as client:
        await client.users()
    assert waits.seconds == [2.0]
    assert len(tautulli.requests) == 2


@pytest.mark.anyio
async def test_429_retry_after_is_capped(tautulli: FakeTautulli) -> None:
    tautulli.fail(429, times=1, retry_after=3600)
    waits = Waits()
    async with client_for(tautulli, waits) as client:
        await client.users()
    assert waits.seconds == [30.0]


@pytest.mark.anyio
async def test_429_with_a_date_falls_back_to_backoff(tautulli: FakeTautulli) -> None:
    tautulli.fail(429, times=1, retry_after="Wed, 21 Oct 2026 07:28:00 GMT")
    waits = Waits()
    async with client_for(tautulli, waits) as client:
        await client.users()
    [wait] = waits.seconds
    assert wait <= 0.375


@pytest.mark.anyio
async def test_400_is_never_retried(tautulli: FakeTautulli) -> None:
    waits = Waits()
    async with TautulliClient(tautulli.url, "0" * 32, sleep=waits, retries=5) as client:
        with pytest.raises(TautulliAuthError):
            await client.server_info()
    assert len(tautulli.requests) == 1
    assert waits.seconds == []


@pytest.mark.anyio
async def test_no_retries_when_asked(tautulli: FakeTautulli) -> None:
    tautulli.fail(500)
    waits = Waits()
    async with client_for(tautulli, waits, retries=0) as client:
        with pytest.raises(TautulliBadResponse, match="HTTP 500 after 1 attempts"):
            await client.server_info()
    assert len(tautulli.requests) == 1
    assert waits.seconds == []


@pytest.mark.anyio
async def test_retries_are_logged_without_the_key(
    tautulli: FakeTautulli, caplog: pytest.LogCaptureFixture
) -> None:
    tautulli.fail(500, times=1)
    async with client_for(tautulli, Waits()) as client:
        await client.server_info()
    [warning] = [r for r in caplog.records if r.name == "renderer.tautulli._client"]
    assert warning.getMessage().startswith(
        f"Tautulli at {tautulli.url}: get_tautulli_info: HTTP 500; attempt 1 of 3, next in"
    )
    assert tautulli.api_key not in caplog.text


class Clock:
    """A monotonic clock that moves only when a fake request or wait spends time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def hung_tautulli(clock: Clock, timeouts: list[float]) -> httpx.AsyncClient:
    """Every request uses up its whole read timeout, then times out (on ``clock``)."""

    def hangs(request: httpx.Request) -> httpx.Response:
        read = request.extensions["timeout"]["read"]
        timeouts.append(read)
        clock.now += read
        raise httpx.ReadTimeout("timed out", request=request)

    return httpx.AsyncClient(transport=httpx.MockTransport(hangs))


@pytest.mark.anyio
async def test_a_budget_bounds_a_call_with_all_its_retries() -> None:
    clock, timeouts = Clock(), list[float]()
    async with (
        hung_tautulli(clock, timeouts) as http,
        TautulliClient(
            "http://tautulli:8181", "k" * 32, http=http, budget=15, sleep=clock.sleep, clock=clock
        ) as client,
    ):
        with pytest.raises(TautulliTimeout) as caught:
            await client.users()
    assert clock.now <= 15
    assert timeouts[0] == 15  # the first attempt may use it all; what is left goes to retries
    assert caught.value.seconds == 15
    assert caught.value.explain(gettext.NullTranslations()).startswith(
        "Tautulli at http://tautulli:8181 did not answer get_users within 15 seconds."
    )


@pytest.mark.anyio
async def test_without_a_budget_each_attempt_has_the_whole_timeout() -> None:
    # The scheduled post: a big server may answer slowly, and nobody is waiting on it.
    clock, timeouts = Clock(), list[float]()
    async with (
        hung_tautulli(clock, timeouts) as http,
        TautulliClient(
            "http://tautulli:8181", "k" * 32, http=http, sleep=clock.sleep, clock=clock
        ) as client,
    ):
        with pytest.raises(TautulliTimeout) as caught:
            await client.users()
    assert timeouts == [30.0, 30.0, 30.0]
    assert clock.now > 90
    assert caught.value.seconds == 30


@pytest.mark.anyio
async def test_a_retry_that_cannot_fit_in_the_budget_is_not_made(tautulli: FakeTautulli) -> None:
    tautulli.fail(500)
    clock = Clock()
    async with TautulliClient(
        tautulli.url, tautulli.api_key, budget=1, backoff=2, sleep=clock.sleep, clock=clock
    ) as client:
        with pytest.raises(TautulliBadResponse, match="HTTP 500 after 1 attempts"):
            await client.server_info()
    assert len(tautulli.requests) == 1
    assert clock.now == 0


@pytest.mark.anyio
async def test_waiting_for_a_free_request_slot_counts_against_the_budget() -> None:
    sent: list[str | None] = []
    slot_taken = anyio.Event()

    async def never_answers(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.params.get("cmd"))
        slot_taken.set()
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    http = httpx.AsyncClient(transport=httpx.MockTransport(never_answers))
    async with (
        http,
        TautulliClient(
            "http://tautulli:8181", "k" * 32, http=http, max_concurrent=1, budget=0.2
        ) as client,
        anyio.create_task_group() as group,
    ):
        # A probe has its own time limit (a minute here): it keeps the only slot meanwhile.
        group.start_soon(client.probe, 60)
        await slot_taken.wait()
        with pytest.raises(TautulliTimeout):
            await client.users()
        group.cancel_scope.cancel()
    assert sent == ["get_tautulli_info"]  # users() never got the slot, and gave up all the same
