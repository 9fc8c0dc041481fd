"""The Tautulli API v2 client: one GET per call, transient failures retried, answers cached."""

from __future__ import annotations

import logging
import random
import socket
import time
from collections.abc import Awaitable, Callable

import anyio
import httpx

from ._cache import AnswerCache
from ._errors import (
    TautulliAuthError,
    TautulliBadResponse,
    TautulliTimeout,
    TautulliUnreachable,
)
from ._models import GraphData, TautulliInfo, TautulliUser, YAxis, check_graph_call
from ._parse import decode_answer
from ._redact import hide_api_keys_in_httpx_log
from ._source import TautulliSource

logger = logging.getLogger(__name__)

_API_PATH = "/api/v2"
_MAX_RETRY_AFTER = 30.0

Sleep = Callable[[float], Awaitable[object]]


def split_base_url(base_url: str) -> tuple[str, str]:
    """``(api_url, shown_url)``: where to send calls, and the URL people may see (no userinfo).

    The admin may give the URL with or without ``/api/v2`` and a trailing slash.
    """
    url = httpx.URL(base_url.strip())
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError("the Tautulli URL must look like http://host:8181 (http or https)")
    path = url.path.rstrip("/")
    path = path.removesuffix(_API_PATH)
    shown = f"{url.scheme}://{url.netloc.decode('ascii')}{path}"
    api = url.copy_with(path=path + _API_PATH, query=None, fragment=None)
    return str(api), shown


class TautulliClient(TautulliSource):
    """Async client of Tautulli's API v2.

    ``http`` (e.g. a shared client or one with a test transport) is used as given and never
    closed here; otherwise the client makes its own and closes it in ``aclose()``.
    ``retries`` extra attempts are made for connection errors, timeouts, HTTP 5xx and 429,
    waiting ``backoff * 2**n`` seconds (with jitter) through ``sleep``. Answers are kept
    ``cache_ttl`` seconds (0: off); concurrent identical calls share one request.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        http: httpx.AsyncClient | None = None,
        timeout: float = 30.0,
        retries: int = 2,
        cache_ttl: float = 60.0,
        backoff: float = 0.25,
        sleep: Sleep = anyio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._api_url, self.url = split_base_url(base_url)
        hide_api_keys_in_httpx_log()
        self._api_key = api_key
        self._owns_http = http is None
        self._http = http if http is not None else httpx.AsyncClient()
        self._timeout = timeout
        self._attempts = max(0, retries) + 1
        self._backoff = backoff
        self._sleep = sleep
        self._cache = AnswerCache(cache_ttl, clock=clock)

    def __repr__(self) -> str:
        return f"TautulliClient({self.url!r})"

    async def aclose(self) -> None:
        self._cache.clear()
        if self._owns_http:
            await self._http.aclose()

    async def graph(
        self,
        command: str,
        *,
        time_range: int,
        y_axis: YAxis = "plays",
        user_id: int | None = None,
        grouping: bool = True,
    ) -> GraphData:
        """One graph command's ``{categories, series}``, in the order Tautulli sends them."""
        check_graph_call(command, time_range=time_range, y_axis=y_axis)
        params = {"time_range": str(time_range), "y_axis": y_axis}
        if user_id is not None:
            params["user_id"] = str(user_id)
        params["grouping"] = "1" if grouping else "0"
        return await self._call(command, params, GraphData)

    async def users(self) -> list[TautulliUser]:
        return await self._call("get_users", {}, list[TautulliUser])

    async def server_info(self) -> TautulliInfo:
        return await self._call("get_tautulli_info", {}, TautulliInfo)

    async def _call[T](self, command: str, params: dict[str, str], data_type: type[T]) -> T:
        key = (command, tuple(sorted(params.items())))
        return await self._cache.get(key, lambda: self._request(command, params, data_type))

    async def _request[T](self, command: str, params: dict[str, str], data_type: type[T]) -> T:
        if not self._api_key.strip():
            # Tautulli would refuse it anyway; say so without a round trip.
            raise TautulliAuthError(
                url=self.url, missing=True, detail="no API key configured", command=command
            )
        query = {"apikey": self._api_key, "cmd": command, **params}
        for attempt in range(1, self._attempts + 1):
            final = attempt == self._attempts
            started = time.perf_counter()
            try:
                response = await self._http.get(self._api_url, params=query, timeout=self._timeout)
            except httpx.TimeoutException as exc:
                if final:
                    raise TautulliTimeout(
                        url=self.url, command=command, seconds=self._timeout
                    ) from exc
                await self._retry_later(command, attempt, "timed out")
                continue
            except httpx.TransportError as exc:
                if final:
                    raise self._unreachable(exc, command) from exc
                await self._retry_later(command, attempt, self._unreachable(exc, command).what)
                continue
            status = response.status_code
            logger.debug(
                "Tautulli %s: HTTP %d in %.0f ms",
                command,
                status,
                (time.perf_counter() - started) * 1000,
            )
            if status >= 500 or status == 429:
                if final:
                    raise TautulliBadResponse(
                        url=self.url,
                        command=command,
                        problem=f"HTTP {status} after {self._attempts} attempts",
                        status=status,
                    )
                await self._retry_later(command, attempt, f"HTTP {status}", _retry_after(response))
                continue
            return decode_answer(
                response.content,
                status=status,
                data_type=data_type,
                url=self.url,
                command=command,
            )
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover

    async def _retry_later(
        self, command: str, attempt: int, what: str, at_least: float = 0.0
    ) -> None:
        delay = self._backoff * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)  # noqa: S311
        delay = max(delay, at_least)
        logger.warning(
            "Tautulli at %s: %s: %s; attempt %d of %d, next in %.2f s",
            self.url,
            command,
            what.replace(self._api_key, "***") if self._api_key else what,
            attempt,
            self._attempts,
            delay,
        )
        await self._sleep(delay)

    def _unreachable(self, exc: httpx.TransportError, command: str) -> TautulliUnreachable:
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, ConnectionRefusedError):
                return TautulliUnreachable(url=self.url, reason="refused", command=command)
            if isinstance(cause, socket.gaierror):
                return TautulliUnreachable(url=self.url, reason="dns", command=command)
            cause = cause.__cause__ or cause.__context__
        detail = str(exc) or type(exc).__name__
        if self._api_key:
            detail = detail.replace(self._api_key, "***")
        return TautulliUnreachable(url=self.url, reason="network", detail=detail, command=command)


def _retry_after(response: httpx.Response) -> float:
    try:
        seconds = float(response.headers.get("Retry-After", "0"))
    except ValueError:
        return 0.0
    return min(max(seconds, 0.0), _MAX_RETRY_AFTER)
