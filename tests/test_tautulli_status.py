"""The background check of whether Tautulli answers: fresh, stale, replaced, hung or broken."""

from __future__ import annotations

import gettext
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager

import anyio
import pytest

from renderer.tautulli import (
    GraphData,
    TautulliClient,
    TautulliInfo,
    TautulliMonitor,
    TautulliSource,
    TautulliTimeout,
    TautulliUnreachable,
    TautulliUser,
    YAxis,
)
from tests.fakes.tautulli import FakeTautulli

pytest_plugins = ["tests.fixtures"]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Ticks:
    """The monitor's ``sleep``: each ``tick()`` ends one wait and returns once the check that
    follows has finished (the monitor is asleep again)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._go = anyio.Event()
        self._asleep = anyio.Event()

    async def sleep(self, seconds: float) -> None:
        self._asleep.set()
        await self._go.wait()
        self._go = anyio.Event()
        self.clock.now += seconds

    async def tick(self) -> None:
        await self._asleep.wait()
        self._asleep = anyio.Event()
        self._go.set()
        await self._asleep.wait()


class Scripted(TautulliSource):
    """Answers ``server_info`` with ``version``, or raises ``error``, or never answers."""

    def __init__(self) -> None:
        self.version = "v2.17.2"
        self.error: Exception | None = None
        self.hang = False
        self.calls = 0

    async def server_info(self) -> TautulliInfo:
        self.calls += 1
        if self.hang:
            await anyio.sleep_forever()
        if self.error is not None:
            raise self.error
        return TautulliInfo(tautulli_version=self.version)

    async def graph(
        self,
        command: str,
        *,
        time_range: int,
        y_axis: YAxis = "plays",
        user_id: int | None = None,
        grouping: bool = True,
    ) -> GraphData:
        raise NotImplementedError

    async def users(self) -> list[TautulliUser]:
        raise NotImplementedError

    async def aclose(self) -> None:
        raise NotImplementedError


DOWN = TautulliUnreachable(url="http://tautulli:8181", reason="refused")


@asynccontextmanager
async def monitoring(
    source: Callable[[], TautulliSource], clock: Clock, **options: float
) -> AsyncGenerator[tuple[TautulliMonitor, Ticks]]:
    ticks = Ticks(clock)
    async with TautulliMonitor(
        source, interval=30, max_age=60, clock=clock, sleep=ticks.sleep, **options
    ) as monitor:
        yield monitor, ticks


@pytest.mark.anyio
async def test_checked_at_start_then_every_interval_and_read_without_asking() -> None:
    tautulli, clock = Scripted(), Clock()
    async with monitoring(lambda: tautulli, clock) as (monitor, ticks):
        report = monitor.latest()
        assert report is not None and report.version == "v2.17.2"
        assert monitor.latest() is report
        assert tautulli.calls == 1
        tautulli.error = DOWN
        await ticks.tick()
        report = monitor.latest()
        assert report is not None
        assert (report.version, report.error, report.checked_at) == (None, DOWN, 30)
        tautulli.error = None
        await ticks.tick()
        report = monitor.latest()
        assert report is not None and report.version == "v2.17.2"
    assert tautulli.calls == 3


@pytest.mark.anyio
async def test_a_stale_result_is_not_shown_and_a_check_is_made_at_once() -> None:
    tautulli, clock = Scripted(), Clock()
    async with monitoring(lambda: tautulli, clock) as (monitor, _ticks):
        clock.now = 60
        assert monitor.latest() is not None
        clock.now = 61  # the round due at 30 s never came (say, the machine was suspended)
        tautulli.version = "v2.18.0"
        assert monitor.latest() is None
        assert monitor.latest() is None  # one check at a time
        await anyio.wait_all_tasks_blocked()
        report = monitor.latest()
        assert report is not None and report.version == "v2.18.0"
    assert tautulli.calls == 2


@pytest.mark.anyio
async def test_a_result_about_a_replaced_source_is_not_shown() -> None:
    # A config edit (another URL or key) gives a new client: the old answer says nothing of it.
    old, new, clock = Scripted(), Scripted(), Clock()
    current = [old]
    new.error = DOWN
    async with monitoring(lambda: current[0], clock) as (monitor, _ticks):
        current[0] = new
        assert monitor.latest() is None
        await anyio.wait_all_tasks_blocked()
        report = monitor.latest()
        assert report is not None and report.error is DOWN
    assert (old.calls, new.calls) == (1, 1)


@pytest.mark.anyio
async def test_a_source_that_never_answers_is_reported_after_check_seconds() -> None:
    tautulli, clock = Scripted(), Clock()
    tautulli.hang = True
    async with monitoring(lambda: tautulli, clock, check_seconds=0.05) as (monitor, _ticks):
        report = monitor.latest()
    assert report is not None
    assert (report.version, report.error) == (None, None)


@pytest.mark.anyio
async def test_a_failing_check_is_logged_and_the_checks_go_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tautulli, clock = Scripted(), Clock()
    async with monitoring(lambda: tautulli, clock) as (monitor, ticks):
        tautulli.error = RuntimeError("a bug")
        await ticks.tick()
        tautulli.error = None
        await ticks.tick()
        report = monitor.latest()
        assert report is not None and report.checked_at == 60
    assert "Checking whether Tautulli answers failed" in caplog.text


@pytest.mark.anyio
async def test_changes_are_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="renderer.tautulli._status")
    tautulli, clock = Scripted(), Clock()
    async with monitoring(lambda: tautulli, clock) as (_monitor, ticks):
        tautulli.error = DOWN
        await ticks.tick()
        await ticks.tick()
    said = [record.getMessage() for record in caplog.records]
    assert said == [
        "Tautulli answers (v2.17.2)",
        "Tautulli does not answer: Tautulli at http://tautulli:8181: connection refused",
    ]


@pytest.mark.anyio
async def test_the_clients_probe_skips_its_cache(tautulli: FakeTautulli) -> None:
    async with TautulliClient(tautulli.url, tautulli.api_key, retries=0) as client:
        await client.server_info()
        tautulli.go_down()
        assert (await client.server_info()).tautulli_version == "v2.17.2"  # cached
        with pytest.raises(TautulliUnreachable):
            await client.probe(3)
        tautulli.come_up()
        tautulli.slow(30)
        with pytest.raises(TautulliTimeout) as caught:
            await client.probe(0.2)
    assert caught.value.explain(gettext.NullTranslations()).startswith(
        f"Tautulli at {tautulli.url} did not answer get_tautulli_info within 1 second."
    )
