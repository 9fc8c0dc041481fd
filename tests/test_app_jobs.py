"""The background job runner: tracked, bounded, failures reported, drained then cancelled."""

from __future__ import annotations

import logging

import anyio
import pytest

from interactions_app.endpoint.jobs import JobCancelled, JobRunner


@pytest.mark.anyio
async def test_a_started_job_runs_and_is_counted_until_it_ends() -> None:
    release = anyio.Event()
    ran: list[str] = []

    async def job() -> None:
        await release.wait()
        ran.append("done")

    async with JobRunner() as runner:
        slot = runner.reserve("work")
        assert slot is not None
        assert runner.active == 1  # counted from the reservation, before it starts
        slot.start(job)
        await anyio.wait_all_tasks_blocked()
        assert runner.active == 1
        release.set()
        await runner.wait_idle()
        assert runner.active == 0
    assert ran == ["done"]


@pytest.mark.anyio
async def test_the_number_of_jobs_is_bounded() -> None:
    async with JobRunner(max_jobs=2) as runner:
        first, second = runner.reserve("a"), runner.reserve("b")
        assert first is not None and second is not None
        assert runner.reserve("c") is None
        first.release()
        third = runner.reserve("c")
        assert third is not None
        second.release()
        third.release()
        third.release()  # releasing twice is harmless
        assert runner.active == 0


@pytest.mark.anyio
async def test_a_failing_job_is_logged_and_reported(caplog: pytest.LogCaptureFixture) -> None:
    reported: list[BaseException] = []

    async def job() -> None:
        raise LookupError("boom")

    async def on_error(exc: BaseException) -> None:
        reported.append(exc)

    async with JobRunner() as runner:
        slot = runner.reserve("failing")
        assert slot is not None
        with caplog.at_level(logging.ERROR, logger="interactions_app.endpoint.jobs"):
            slot.start(job, on_error=on_error)
            await runner.wait_idle()
    assert [type(e) for e in reported] == [LookupError]
    assert "Job failing failed" in caplog.text


@pytest.mark.anyio
async def test_an_error_in_the_error_report_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def job() -> None:
        raise LookupError("boom")

    async def on_error(_exc: BaseException) -> None:
        raise OSError("discord down too")

    with caplog.at_level(logging.ERROR, logger="interactions_app.endpoint.jobs"):
        async with JobRunner() as runner:
            slot = runner.reserve("double-fault")
            assert slot is not None
            slot.start(job, on_error=on_error)
            await runner.wait_idle()
    assert "could not tell the user" in caplog.text


@pytest.mark.anyio
async def test_shutdown_waits_for_running_jobs() -> None:
    finished = anyio.Event()

    async def job() -> None:
        await anyio.wait_all_tasks_blocked()
        finished.set()

    async with JobRunner(drain_timeout=5) as runner:
        slot = runner.reserve("short")
        assert slot is not None
        slot.start(job)
    assert finished.is_set()


@pytest.mark.anyio
async def test_shutdown_cancels_jobs_after_the_drain_timeout_and_tells_their_users() -> None:
    reported: list[BaseException] = []
    started = anyio.Event()

    async def job() -> None:
        started.set()
        await anyio.sleep_forever()

    async def on_error(exc: BaseException) -> None:
        reported.append(exc)

    with anyio.fail_after(5):
        async with JobRunner(drain_timeout=0.05) as runner:
            slot = runner.reserve("forever")
            assert slot is not None
            slot.start(job, on_error=on_error)
            await started.wait()
    assert [type(e) for e in reported] == [JobCancelled]
    assert runner.reserve("late") is None


@pytest.mark.anyio
async def test_a_slot_is_used_once_and_a_stopped_runner_drops_jobs() -> None:
    async def job() -> None:
        return None

    runner = JobRunner()
    assert runner.reserve("before start") is None
    async with runner:
        slot = runner.reserve("once")
        assert slot is not None
        slot.start(job)
        with pytest.raises(RuntimeError, match="already used"):
            slot.start(job)
        late = runner.reserve("started after stop")
        assert late is not None
        late.release()
    assert runner.active == 0


def test_the_render_limiter_has_the_configured_size() -> None:
    assert JobRunner(render_limit=3).render_limiter.total_tokens == 3
