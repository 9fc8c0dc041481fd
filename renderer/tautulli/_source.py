"""What the rest of the project needs from Tautulli, real or sample."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

import anyio

from ._models import (
    GraphData,
    TautulliInfo,
    YAxis,
)
from ._users import TautulliUser, find_user_by_email


class TautulliSource(Protocol):
    """``TautulliClient`` and ``renderer.sample.SampleTautulli`` both fit.

    Both subclass it explicitly to inherit what follows from ``graph``, ``users``,
    ``server_info`` and ``aclose``: the probe, the e-mail lookup and the async
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
