"""What the rest of the project needs from Tautulli, real or sample, and the shared fan-out."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Protocol

import anyio

from ._errors import TautulliError
from ._models import (
    GraphData,
    GraphRequest,
    TautulliInfo,
    TautulliUser,
    YAxis,
    check_graph_call,
)


class TautulliSource(Protocol):
    """``TautulliClient`` and ``renderer.sample.SampleTautulli`` both fit."""

    async def graph(
        self,
        command: str,
        *,
        time_range: int,
        y_axis: YAxis = "plays",
        user_id: int | None = None,
        grouping: bool = True,
    ) -> GraphData: ...

    async def fetch_graphs[K: Hashable](
        self, requests: Mapping[K, GraphRequest]
    ) -> dict[K, GraphData]: ...

    async def users(self) -> list[TautulliUser]: ...

    async def user_by_email(self, email: str) -> TautulliUser | None: ...

    async def server_info(self) -> TautulliInfo: ...

    async def aclose(self) -> None: ...


async def fetch_all[K: Hashable](
    source: TautulliSource, requests: Mapping[K, GraphRequest]
) -> dict[K, GraphData]:
    """Every request at once, one call each; answers keyed and ordered like ``requests``.

    The first ``TautulliError`` cancels the calls still running and is raised as it is (not
    wrapped in an exception group), so callers catch ``TautulliError`` as for a single call.
    """
    for request in requests.values():
        check_graph_call(request.command, time_range=request.time_range, y_axis=request.y_axis)
    answers: dict[K, GraphData] = {}
    failures: list[TautulliError] = []

    async def fetch(key: K, request: GraphRequest) -> None:
        try:
            answers[key] = await source.graph(
                request.command,
                time_range=request.time_range,
                y_axis=request.y_axis,
                user_id=request.user_id,
                grouping=request.grouping,
            )
        except TautulliError as exc:
            failures.append(exc)
            group.cancel_scope.cancel()

    async with anyio.create_task_group() as group:
        for key, request in requests.items():
            group.start_soon(fetch, key, request)
    if failures:
        raise failures[0]
    return {key: answers[key] for key in requests}
