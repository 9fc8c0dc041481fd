"""What the rest of the project needs from Tautulli, real or sample, and the shared fan-out."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from types import TracebackType
from typing import Protocol, Self

import anyio

from ._errors import TautulliError
from ._models import (
    GraphData,
    GraphRequest,
    TautulliInfo,
    TautulliUser,
    YAxis,
    check_graph_call,
    find_user_by_email,
)


class TautulliSource(Protocol):
    """``TautulliClient`` and ``renderer.sample.SampleTautulli`` both fit.

    Both subclass it explicitly to inherit what follows from ``graph``, ``users``,
    ``server_info`` and ``aclose``: the probe, the fan-out, the e-mail lookup and the async
    context manager.
    """

    async def graph(
        self,
        command: str,
        *,
        time_range: int,
        y_axis: YAxis = "plays",
        user_id: int | None = None,
        grouping: bool = True,
    ) -> GraphData: ...

    async def users(self) -> list[TautulliUser]: ...

    async def server_info(self) -> TautulliInfo: ...

    async def aclose(self) -> None: ...

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def probe(self, seconds: float) -> TautulliInfo:
        """A fresh ``get_tautulli_info`` within ``seconds``, to check that Tautulli answers;
        ``TautulliError`` or ``TimeoutError`` otherwise. The client skips its answer cache."""
        with anyio.fail_after(seconds):
            return await self.server_info()

    async def user_by_email(self, email: str) -> TautulliUser | None:
        return find_user_by_email(await self.users(), email)

    async def fetch_graphs[K: Hashable](
        self, requests: Mapping[K, GraphRequest]
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
                answers[key] = await self.graph(
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
