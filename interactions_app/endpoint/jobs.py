"""Background jobs started after the initial interaction response has been sent.

Every job is tracked and counted; the number of jobs is bounded (a slot is reserved *before* the
deferred answer goes out, so a full runner can still say "busy" instead of "thinking…"); a failed
job is logged and handed to its error callback, which edits the deferred message; on shutdown the
runner waits for running jobs (with a timeout), then cancels the rest and tells their users.
Rendering concurrency is bounded separately by ``render_limiter``, shared with the pipeline.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Self

import anyio
from anyio.abc import TaskGroup

__all__ = ["ErrorHandler", "Job", "JobCancelled", "JobRunner", "JobSlot"]

logger = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]
ErrorHandler = Callable[[BaseException], Awaitable[None]]

_ERROR_REPORT_TIMEOUT = 10.0


class JobCancelled(Exception):
    """The service stopped before the job could finish."""


class JobSlot:
    """A reserved place in the runner; started (or released) once the response is sent."""

    __slots__ = ("_runner", "name", "released", "started")

    def __init__(self, runner: JobRunner, name: str) -> None:
        self._runner = runner
        self.name = name
        self.started = False
        self.released = False

    def start(self, job: Job, *, on_error: ErrorHandler | None = None) -> None:
        self._runner._start(self, job, on_error)

    def release(self) -> None:
        self._runner._release(self)


class JobRunner:
    def __init__(
        self, *, max_jobs: int = 32, render_limit: int = 1, drain_timeout: float = 25.0
    ) -> None:
        self.max_jobs = max_jobs
        self.drain_timeout = drain_timeout
        self.render_limiter = anyio.CapacityLimiter(render_limit)
        self._active = 0
        self._idle = anyio.Event()
        self._idle.set()
        self._tg: TaskGroup | None = None
        self._closing = False

    @property
    def active(self) -> int:
        return self._active

    def set_render_limit(self, limit: int) -> None:
        """Follow an edited MAX_CONCURRENT_RENDERS; renders already running finish as they are."""
        if self.render_limiter.total_tokens != limit:
            self.render_limiter.total_tokens = limit

    async def __aenter__(self) -> Self:
        self._tg = anyio.create_task_group()
        await self._tg.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._closing = True
        tg = self._tg
        assert tg is not None
        with anyio.move_on_after(self.drain_timeout) as scope:
            await self._idle.wait()
        if scope.cancelled_caught:
            logger.warning(
                "Shutdown: %d background job(s) still running after %.0f s; cancelling them",
                self._active,
                self.drain_timeout,
            )
            tg.cancel_scope.cancel()
        await tg.__aexit__(exc_type, exc, tb)
        self._tg = None

    def reserve(self, name: str) -> JobSlot | None:
        """A slot for one job, or None when the runner is full or shutting down."""
        if self._tg is None or self._closing or self._active >= self.max_jobs:
            return None
        self._active += 1
        self._idle = anyio.Event() if self._idle.is_set() else self._idle
        return JobSlot(self, name)

    async def wait_idle(self) -> None:
        await self._idle.wait()

    def _release(self, slot: JobSlot) -> None:
        if slot.released:
            return
        slot.released = True
        self._active -= 1
        if self._active == 0:
            self._idle.set()

    def _start(self, slot: JobSlot, job: Job, on_error: ErrorHandler | None) -> None:
        if slot.started or slot.released:
            raise RuntimeError(f"job slot {slot.name!r} was already used")
        slot.started = True
        if self._tg is None:
            logger.warning("Dropped job %s: the service has stopped", slot.name)
            self._release(slot)
            return
        self._tg.start_soon(self._run, slot, job, on_error, name=f"job:{slot.name}")

    async def _run(self, slot: JobSlot, job: Job, on_error: ErrorHandler | None) -> None:
        try:
            await job()
        except anyio.get_cancelled_exc_class():
            logger.warning("Job %s was cancelled at shutdown", slot.name)
            with anyio.CancelScope(shield=True):
                await self._report(slot, JobCancelled(), on_error)
            raise
        except Exception as exc:
            logger.exception("Job %s failed", slot.name)
            await self._report(slot, exc, on_error)
        finally:
            self._release(slot)

    async def _report(
        self, slot: JobSlot, exc: BaseException, on_error: ErrorHandler | None
    ) -> None:
        if on_error is None:
            return
        with anyio.move_on_after(_ERROR_REPORT_TIMEOUT):
            try:
                await on_error(exc)
            except Exception:
                logger.exception("Job %s: could not tell the user about the failure", slot.name)
