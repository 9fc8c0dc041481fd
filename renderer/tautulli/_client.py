"""The Tautulli API v2 client: one GET per call, transient failures retried, answers cached."""

from __future__ import annotations

import datetime as dt
import logging
import math
import random
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import anyio
import httpx

from ._cache import AnswerCache
from ._errors import (
    TautulliAuthError,
    TautulliBadResponse,
    TautulliCommandUnknown,
    TautulliError,
    TautulliTimeout,
    TautulliUnreachable,
)
from ._history import (
    HistoryMediaType,
    HistoryPage,
    HistoryRow,
    HomeStat,
    TautulliLibrary,
)
from ._models import GraphData, TautulliInfo, YAxis, check_graph_call
from ._parse import decode_answer
from ._redact import hide_api_keys_in_httpx_log
from ._source import TautulliSource
from ._users import TautulliUser
from ._versions import dated_home_stats_may_work

logger = logging.getLogger(__name__)

_API_PATH = "/api/v2"
_MAX_RETRY_AFTER = 30.0
HISTORY_PAGE_SIZE = 1000
"""Rows per ``get_history`` page (about 1.4 MB of JSON): a week of most servers in one call.
Tautulli runs the whole filtered query for every page and slices it in Python, so fewer, larger
pages cost it less than many small ones."""
DEFAULT_MAX_CONCURRENT = 4
"""Tautulli 2.17.2 answers 12 graph calls sent at once in ~1.1 s; four at a time, in 0.79x that."""

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
    waiting ``backoff * 2**n`` seconds (with jitter) through ``sleep``; each attempt may take
    ``timeout`` seconds. ``budget`` bounds a whole call (waiting for a free request slot, every
    attempt and every wait between them) for callers a person waits on; None leaves only
    ``timeout`` per attempt, for the scheduled post. At most ``max_concurrent`` requests are in
    flight at once (Tautulli answers a burst more slowly than the same calls a few at a time).
    Answers are kept ``cache_ttl`` seconds (0: off); concurrent identical calls share one request.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        http: httpx.AsyncClient | None = None,
        timeout: float = 30.0,
        retries: int = 2,
        budget: float | None = None,
        max_concurrent: int = DEFAULT_MAX_CONCURRENT,
        cache_ttl: float = 60.0,
        backoff: float = 0.25,
        sleep: Sleep = anyio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_concurrent < 1:
            raise ValueError(f"max_concurrent must be at least 1, not {max_concurrent}")
        self._api_url, self.url = split_base_url(base_url)
        hide_api_keys_in_httpx_log()
        self._api_key = api_key
        self._owns_http = http is None
        self._http = http if http is not None else httpx.AsyncClient()
        self._timeout = timeout
        self._attempts = max(0, retries) + 1
        self._budget = budget
        self._slots = anyio.Semaphore(max_concurrent)
        self._backoff = backoff
        self._sleep = sleep
        self._clock = clock
        self._cache = AnswerCache(cache_ttl, clock=clock)
        self._dated_home_stats: bool | None = None
        """Whether ``get_home_stats`` takes ``before``/``after`` (None: not tried yet)."""
        self._trying_dated_home_stats = anyio.Lock()

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

    async def history_page(
        self,
        *,
        after: dt.date | None = None,
        before: dt.date | None = None,
        user_id: int | None = None,
        section_id: int | None = None,
        media_type: HistoryMediaType | None = None,
        grouping: bool = True,
        start: int = 0,
        length: int = HISTORY_PAGE_SIZE,
    ) -> HistoryPage:
        """One page of ``get_history``, newest first; ``after``/``before`` are inclusive local
        dates of when a session started (Tautulli's time zone)."""
        if start < 0 or length < 1:
            raise ValueError(f"start must be >= 0 and length >= 1, not {start} and {length}")
        params = {"grouping": "1" if grouping else "0", "start": str(start), "length": str(length)}
        params |= _given(
            after=after,
            before=before,
            user_id=user_id,
            section_id=section_id,
            media_type=media_type,
        )
        return await self._call("get_history", params, HistoryPage)

    async def history(
        self,
        *,
        after: dt.date | None = None,
        before: dt.date | None = None,
        user_id: int | None = None,
        section_id: int | None = None,
        media_type: HistoryMediaType | None = None,
        grouping: bool = True,
        page_size: int = HISTORY_PAGE_SIZE,
    ) -> list[HistoryRow]:
        """Every row of ``get_history`` that matches, newest first.

        The first page tells how many rows match; the others are then asked for at once (the
        client's concurrency cap and budget apply to each). A row that moved onto the next page
        while paging (a play that just ended) is kept once.
        """

        async def page(start: int) -> HistoryPage:
            return await self.history_page(
                after=after,
                before=before,
                user_id=user_id,
                section_id=section_id,
                media_type=media_type,
                grouping=grouping,
                start=start,
                length=page_size,
            )

        first = await page(0)
        pages: list[HistoryPage | None] = [first]
        more = math.ceil(first.filtered / page_size) - 1
        if more > 0 and len(first.data) == page_size:
            pages += [None] * more

            async def fetch(index: int) -> None:
                pages[index] = await page(index * page_size)

            async with anyio.create_task_group() as group:
                for index in range(1, more + 1):
                    group.start_soon(fetch, index)
        seen: set[int] = set()
        rows: list[HistoryRow] = []
        for answer in pages:
            assert answer is not None
            for row in answer.data:
                if row.row_id not in seen:
                    seen.add(row.row_id)
                    rows.append(row)
        return rows

    async def home_stats(
        self,
        *,
        time_range: int = 30,
        stat_id: str | None = None,
        stats_count: int = 10,
        stats_type: YAxis = "plays",
        after: dt.date | None = None,
        before: dt.date | None = None,
        user_id: int | None = None,
        grouping: bool = True,
    ) -> list[HomeStat] | None:
        """``get_home_stats``: the cards for ``time_range`` days back from Tautulli's now, or for
        the inclusive dates ``after``..``before``.

        None when dated cards were asked of a Tautulli that cannot give them: before 2.14.0
        it ignores ``before``/``after`` (and would answer its rolling window), 2.17.0-2.17.2
        answer every dated call with an error (its date filter binds a quoted ``'?'``); so the
        dated call is tried only on other versions (``get_tautulli_info``), once per client,
        and a failed or unusable answer is remembered; callers then work it out from
        ``history``. Older Tautulli versions leave some ``stat_id``s out: look cards up by id.
        """
        dated = after is not None or before is not None
        if dated and self._dated_home_stats is False:
            return None
        params = {
            "time_range": str(time_range),
            "stats_count": str(stats_count),
            "stats_type": stats_type,
            "grouping": "1" if grouping else "0",
        }
        params |= _given(stat_id=stat_id, after=after, before=before, user_id=user_id)
        if not dated or self._dated_home_stats:
            return await self._call("get_home_stats", params, list[HomeStat])
        async with self._trying_dated_home_stats:
            # Calls made while the first try is under way wait for its outcome.
            return await self._try_dated_home_stats(params)

    async def _try_dated_home_stats(self, params: dict[str, str]) -> list[HomeStat] | None:
        if self._dated_home_stats is False:
            return None
        if self._dated_home_stats is None and not await self._dated_home_stats_may_work():
            self._dated_home_stats = False
            return None
        try:
            stats = await self._call("get_home_stats", params, list[HomeStat])
        except TautulliBadResponse as exc:
            logger.info(
                "Tautulli at %s cannot give home stats for dates (%s); working them out "
                "from the history instead",
                self.url,
                "HTTP 400: a bug of 2.17.0-2.17.2" if exc.status == 400 else exc.problem,
            )
            self._dated_home_stats = False
            return None
        self._dated_home_stats = True
        return stats

    async def _dated_home_stats_may_work(self) -> bool:
        try:
            version = (await self.server_info()).tautulli_version
        except (TautulliBadResponse, TautulliCommandUnknown):
            version = "unknown"
        if dated_home_stats_may_work(version):
            return True
        logger.info(
            "Tautulli at %s is version %s, whose home stats take no dates; working them out "
            "from the history instead",
            self.url,
            version,
        )
        return False

    async def libraries(self) -> list[TautulliLibrary]:
        """The libraries Tautulli knows (``get_library_names``), deleted ones left out."""
        return await self._call("get_library_names", {}, list[TautulliLibrary])

    async def users(self) -> list[TautulliUser]:
        return await self._call("get_users", {}, list[TautulliUser])

    async def server_info(self) -> TautulliInfo:
        return await self._call("get_tautulli_info", {}, TautulliInfo)

    async def probe(self, seconds: float) -> TautulliInfo:
        """A fresh ``get_tautulli_info`` (never from the cache) that gives up after ``seconds``."""
        call = _Call("get_tautulli_info", {}, self._clock(), seconds)
        return await self._request(call, TautulliInfo)

    async def _call[T](self, command: str, params: dict[str, str], data_type: type[T]) -> T:
        # The budget runs from here: time spent waiting on a shared call counts too.
        call = _Call(command, params, self._clock(), self._budget)
        key = (command, tuple(sorted(params.items())))
        return await self._cache.get(key, lambda: self._request(call, data_type))

    async def _request[T](self, call: _Call, data_type: type[T]) -> T:
        command = call.command
        if not self._api_key.strip():
            # Tautulli would refuse it anyway; say so without a round trip.
            raise TautulliAuthError(
                url=self.url, missing=True, detail="no API key configured", command=command
            )
        query = {"apikey": self._api_key, "cmd": command, **call.params}
        for attempt in range(1, self._attempts + 1):
            left = call.left(self._clock())
            if left is not None and left <= 0:
                raise self._timed_out(call)
            started = time.perf_counter()
            wait_at_least = 0.0
            try:
                response = await self._send(query, left)
            except (httpx.TimeoutException, TimeoutError) as exc:
                failure: TautulliError = self._timed_out(call)
                cause: BaseException | None = exc
                what = "timed out"
            except httpx.TransportError as exc:
                unreachable = self._unreachable(exc, command)
                failure, cause, what = unreachable, exc, unreachable.what
            else:
                status = response.status_code
                logger.debug(
                    "Tautulli %s: HTTP %d in %.0f ms",
                    command,
                    status,
                    (time.perf_counter() - started) * 1000,
                )
                if status < 500 and status != 429:
                    return decode_answer(
                        response.content,
                        status=status,
                        data_type=data_type,
                        url=self.url,
                        command=command,
                    )
                cause = None
                failure = TautulliBadResponse(
                    url=self.url,
                    command=command,
                    problem=f"HTTP {status} after {attempt} attempts",
                    status=status,
                )
                what = f"HTTP {status}"
                wait_at_least = _retry_after(response)
            delay = self._delay(attempt, wait_at_least)
            left = call.left(self._clock())
            if attempt == self._attempts or (left is not None and delay >= left):
                raise failure from cause
            self._log_retry(command, attempt, what, delay)
            await self._sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover

    async def _send(self, query: dict[str, str], left: float | None) -> httpx.Response:
        """One GET in a free slot; ``left`` (seconds) bounds the wait for the slot as well."""
        timeout = self._timeout if left is None else min(self._timeout, left)
        with anyio.fail_after(left):
            async with self._slots:
                return await self._http.get(self._api_url, params=query, timeout=timeout)

    def _delay(self, attempt: int, at_least: float) -> float:
        jitter = random.uniform(0.5, 1.5)  # noqa: S311 - spreads retries, guards nothing
        return max(self._backoff * 2 ** (attempt - 1) * jitter, at_least)

    def _timed_out(self, call: _Call) -> TautulliTimeout:
        seconds = call.budget if call.budget is not None else self._timeout
        return TautulliTimeout(url=self.url, command=call.command, seconds=seconds)

    def _log_retry(self, command: str, attempt: int, what: str, delay: float) -> None:
        logger.warning(
            "Tautulli at %s: %s: %s; attempt %d of %d, next in %.2f s",
            self.url,
            command,
            what.replace(self._api_key, "***") if self._api_key else what,
            attempt,
            self._attempts,
            delay,
        )

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


@dataclass(frozen=True, slots=True)
class _Call:
    """One call: what to ask, when it started and how long it may take in all (None: no limit)."""

    command: str
    params: dict[str, str]
    started: float
    budget: float | None

    def left(self, now: float) -> float | None:
        return None if self.budget is None else self.started + self.budget - now


def _given(**values: str | int | dt.date | None) -> dict[str, str]:
    """The query parameters that were given: dates as ``YYYY-MM-DD``, numbers as text."""
    return {
        name: value.isoformat() if isinstance(value, dt.date) else str(value)
        for name, value in values.items()
        if value is not None
    }


def _retry_after(response: httpx.Response) -> float:
    try:
        seconds = float(response.headers.get("Retry-After", "0"))
    except ValueError:
        return 0.0
    return min(max(seconds, 0.0), _MAX_RETRY_AFTER)
