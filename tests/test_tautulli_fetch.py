"""The client under concurrent graph calls (as the pipeline makes them): at most
``max_concurrent`` requests in flight, and the same call made twice at once is one request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import anyio
import pytest

from renderer.tautulli import GRAPH_COMMANDS, GraphData, TautulliBadResponse, TautulliClient
from renderer.tautulli._client import DEFAULT_MAX_CONCURRENT
from tests.fakes.tautulli import FakeTautulli

pytest_plugins = ["tests.fixtures"]


def all_graphs(user_id: int | None = None) -> dict[str, dict[str, Any]]:
    return {
        command.removeprefix("get_"): {
            "command": command,
            "time_range": 12 if command == "get_plays_per_month" else 30,
            "user_id": user_id,
        }
        for command in GRAPH_COMMANDS
    }


async def graphs_at_once(
    client: TautulliClient, calls: Mapping[str, Mapping[str, Any]]
) -> dict[str, GraphData]:
    answers: dict[str, GraphData] = {}

    async def fetch(key: str, call: Mapping[str, Any]) -> None:
        answers[key] = await client.graph(**call)

    async with anyio.create_task_group() as group:
        for key, call in calls.items():
            group.start_soon(fetch, key, call)
    return {key: answers[key] for key in calls}


@pytest.mark.anyio
async def test_all_graphs_at_once(tautulli: FakeTautulli) -> None:
    # The fake holds every request until all twelve are in flight: a client that fetched one
    # after another would get HTTP 500s here instead of answers.
    tautulli.wait_for_concurrent(len(GRAPH_COMMANDS))
    async with TautulliClient(
        tautulli.url, tautulli.api_key, retries=0, max_concurrent=len(GRAPH_COMMANDS)
    ) as client:
        graphs = await graphs_at_once(client, all_graphs(user_id=3464780))

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
        graphs = await graphs_at_once(client, requests)
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
            await client.graph("get_plays_by_date", time_range=30)


@pytest.mark.anyio
async def test_the_same_graph_twice_is_one_request(tautulli: FakeTautulli) -> None:
    request = {"command": "get_plays_by_dayofweek", "time_range": 30}
    async with TautulliClient(tautulli.url, tautulli.api_key) as client:
        graphs = await graphs_at_once(client, {"server": request, "again": request})
    assert graphs["server"] == graphs["again"]
    assert len(tautulli.requests) == 1
