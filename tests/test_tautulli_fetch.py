"""fetch_graphs: one call per graph, all at once; the first failure is raised as it is."""

from __future__ import annotations

import anyio
import pytest

from renderer.tautulli import (
    GRAPH_COMMANDS,
    GraphRequest,
    TautulliBadResponse,
    TautulliClient,
    TautulliCommandUnknown,
)
from renderer.tautulli._client import DEFAULT_MAX_CONCURRENT
from tests.fakes.tautulli import FakeTautulli

pytest_plugins = ["tests.fixtures"]


def all_graphs(user_id: int | None = None) -> dict[str, GraphRequest]:
    return {
        command.removeprefix("get_"): GraphRequest(
            command=command,
            time_range=12 if command == "get_plays_per_month" else 30,
            user_id=user_id,
        )
        for command in GRAPH_COMMANDS
    }


@pytest.mark.anyio
async def test_all_graphs_at_once(tautulli: FakeTautulli) -> None:
    # The fake holds every request until all twelve are in flight: a client that fetched one
    # after another would get HTTP 500s here instead of answers.
    tautulli.wait_for_concurrent(len(GRAPH_COMMANDS))
    async with TautulliClient(
        tautulli.url, tautulli.api_key, retries=0, max_concurrent=len(GRAPH_COMMANDS)
    ) as client:
        graphs = await client.fetch_graphs(all_graphs(user_id=3464780))

    assert list(graphs) == [command.removeprefix("get_") for command in GRAPH_COMMANDS]
    assert tautulli.max_in_flight == len(GRAPH_COMMANDS)
    assert sorted(r.cmd or "" for r in tautulli.requests) == sorted(GRAPH_COMMANDS)
    assert all(r.params["user_id"] == "3464780" for r in tautulli.requests)
    assert len(graphs["plays_by_hourofday"].categories) == 24
    assert graphs["plays_per_month"].categories[0] == "Dec 2025"


@pytest.mark.anyio
@pytest.mark.parametrize("limit", [None, 1, 3, 6])
async def test_at_most_max_concurrent_requests_are_in_flight(
    tautulli: FakeTautulli, limit: int | None
) -> None:
    # Tautulli answers a burst of twelve more slowly than the same calls a few at a time. The
    # fake holds requests in groups of the limit: every group fills up, and none grows past it.
    expected = DEFAULT_MAX_CONCURRENT if limit is None else limit
    tautulli.wait_for_concurrent(expected)
    requests = {f"{key}-{n}": request for key, request in all_graphs().items() for n in range(2)}
    client = (
        TautulliClient(tautulli.url, tautulli.api_key)
        if limit is None
        else TautulliClient(tautulli.url, tautulli.api_key, max_concurrent=limit)
    )
    async with client:
        graphs = await client.fetch_graphs(requests)
    assert len(graphs) == 24
    assert len(tautulli.requests) == 12  # the same call twice is one request
    assert tautulli.max_in_flight == expected


def test_max_concurrent_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_concurrent must be at least 1, not 0"):
        TautulliClient("http://tautulli:8181", "k", max_concurrent=0)


@pytest.mark.anyio
async def test_too_few_concurrent_requests_fail_in_the_fake(tautulli: FakeTautulli) -> None:
    tautulli.wait_for_concurrent(3, timeout=0.2)
    async with TautulliClient(tautulli.url, tautulli.api_key, retries=0) as client:
        with pytest.raises(TautulliBadResponse, match="HTTP 500"):
            await client.fetch_graphs(
                {"a": GraphRequest(command="get_plays_by_date", time_range=30)}
            )


@pytest.mark.anyio
async def test_first_failure_is_raised_unwrapped(tautulli: FakeTautulli) -> None:
    tautulli.forget_command("get_stream_type_by_top_10_users")
    async with TautulliClient(tautulli.url, tautulli.api_key, retries=0) as client:
        with pytest.raises(TautulliCommandUnknown) as caught:
            await client.fetch_graphs(all_graphs())
    assert caught.value.command == "get_stream_type_by_top_10_users"


@pytest.mark.anyio
async def test_a_failure_cancels_the_calls_still_running(tautulli: FakeTautulli) -> None:
    tautulli.fail(500, command="get_plays_by_date")
    tautulli.slow(30, command="get_plays_per_month")
    requests = {
        "date": GraphRequest(command="get_plays_by_date", time_range=30),
        "months": GraphRequest(command="get_plays_per_month", time_range=12),
    }
    async with TautulliClient(tautulli.url, tautulli.api_key, retries=0, timeout=20) as client:
        # Raised long before the slow call's 20 s timeout: it was cancelled, not awaited.
        with pytest.raises(TautulliBadResponse) as caught, anyio.fail_after(5):
            await client.fetch_graphs(requests)
    assert caught.value.command == "get_plays_by_date"


@pytest.mark.anyio
async def test_nothing_to_fetch(tautulli: FakeTautulli) -> None:
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        assert await client.fetch_graphs({}) == {}
    assert tautulli.requests == []


@pytest.mark.anyio
async def test_the_same_graph_twice_is_one_request(tautulli: FakeTautulli) -> None:
    request = GraphRequest(command="get_plays_by_dayofweek", time_range=30)
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        graphs = await client.fetch_graphs({"server": request, "again": request})
    assert graphs["server"] == graphs["again"]
    assert len(tautulli.requests) == 1
