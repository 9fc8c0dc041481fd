"""Whether Tautulli answers, checked in the background so that a command can say so at once.

A command a member is waiting for must never wait on Tautulli just to report on it: the monitor
probes Tautulli when it starts and every ``interval`` seconds after that, and ``latest()`` hands
out the last result without any I/O.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Self

import anyio
from anyio.abc import TaskGroup

from ._errors import TautulliError
from ._source import TautulliSource

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[object]]


@dataclass(frozen=True)
class Reachability:
    """One check: the version that answered, or the error, or neither (no answer in time)."""

    source: TautulliSource
    checked_at: float
    version: str | None = None
    error: TautulliError | None = None


class TautulliMonitor:
    """Probes ``source()`` (looked up each time: a config edit may replace it) in the background.

    Each probe may take ``check_seconds``. A result older than ``max_age`` seconds, or about
    another source than the current one, is not handed out: ``latest()`` returns None then and
    asks for a check at once instead of waiting for the next round.
    """

    def __init__(
        self,
        source: Callable[[], TautulliSource],
        *,
        interval: float = 30.0,
        check_seconds: float = 3.0,
        max_age: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self._source = source
        self._interval = interval
        self.check_seconds = check_seconds
        self._max_age = max_age
        self._clock = clock
        self._sleep = sleep
        self._latest: Reachability | None = None
        self._checking = False
        self._tg: TaskGroup | None = None

    async def __aenter__(self) -> Self:
        """Checks once (at most ``check_seconds``), then keeps checking in the background."""
        self._latest = None
        await self.check()
        self._tg = anyio.create_task_group()
        await self._tg.__aenter__()
        self._tg.start_soon(self._every_interval, name="tautulli-monitor")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        tg, self._tg = self._tg, None
        assert tg is not None
        tg.cancel_scope.cancel()
        await tg.__aexit__(exc_type, exc, tb)

    def latest(self) -> Reachability | None:
        """The last check of the current source if it is recent enough; never waits."""
        report = self._latest
        if (
            report is not None
            and report.source is self._source()
            and self._clock() - report.checked_at <= self._max_age
        ):
            return report
        if self._tg is not None and not self._checking:
            self._checking = True  # from now, not from when the task first runs
            self._tg.start_soon(self._check_logged, name="tautulli-monitor-now")
        return None

    async def check(self) -> Reachability:
        source = self._source()
        self._checking = True
        try:
            info = await source.probe(self.check_seconds)
        except TautulliError as exc:
            report = Reachability(source, self._clock(), error=exc)
        except TimeoutError:
            report = Reachability(source, self._clock())
        else:
            report = Reachability(source, self._clock(), version=info.tautulli_version)
        finally:
            self._checking = False
        self._log_change(report)
        self._latest = report
        return report

    async def _every_interval(self) -> None:
        while True:
            await self._sleep(self._interval)
            await self._check_logged()

    async def _check_logged(self) -> None:
        # A bug in a check must not end the checks, nor take the app down with it.
        try:
            await self.check()
        except Exception:
            logger.exception("Checking whether Tautulli answers failed")

    def _log_change(self, report: Reachability) -> None:
        before = self._latest
        if before is not None and (before.version is None) == (report.version is None):
            return
        if report.version is not None:
            logger.info("Tautulli answers (%s)", report.version)
        elif report.error is not None:
            logger.warning("Tautulli does not answer: %s", report.error)
        else:
            logger.warning("Tautulli did not answer within %g s", self.check_seconds)
