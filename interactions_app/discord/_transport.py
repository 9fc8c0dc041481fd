"""Sending one request: headers, rate-limit waits, retries, and Discord's answers as errors."""

from __future__ import annotations

import logging
import random
from typing import cast

import httpx
import msgspec

from ._errors import (
    DiscordAuthError,
    DiscordHTTPError,
    DiscordNotFound,
    DiscordOutcomeUnknown,
    DiscordRateLimited,
    DiscordUnavailable,
)
from ._messages import ErrorBody
from ._multipart import Body
from ._ratelimit import Clock, RateLimiter, RateLimitHeaders, Sleep
from ._routes import Route, redact

logger = logging.getLogger(__name__)

# Errors where the request surely never reached Discord, so even a POST may be repeated.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class Transport:
    """Sends a ``Route`` and returns a 2xx answer or raises from the ``DiscordError`` tree.

    429: Discord did nothing, so wait ``retry_after`` (body, else ``Retry-After``) on the
    route's bucket, or on every route when global, and send again; a 429 is not a failed
    attempt, but the waits together may not exceed ``max_total_wait`` (nor one ``max_wait``).
    5xx and network errors: exponential backoff for idempotent routes. A message POST is
    repeated only when it surely never arrived (connect errors): after a 5xx or a lost answer
    Discord may have posted it, so ``DiscordOutcomeUnknown`` is raised instead of a duplicate.
    """

    def __init__(
        self,
        *,
        api_base: str,
        bot_token: str,
        http: httpx.AsyncClient,
        user_agent: str,
        max_attempts: int,
        backoff: float,
        max_wait: float,
        clock: Clock,
        sleep: Sleep,
        max_total_wait: float = 120.0,
    ) -> None:
        self.api_base = api_base.rstrip("/")
        self.has_bot_token = bool(bot_token)
        self._bot_token = bot_token
        self._http = http
        self._user_agent = user_agent
        self._max_attempts = max(1, max_attempts)
        self._backoff = backoff
        self._max_wait = max_wait
        self._max_total_wait = max_total_wait
        self._sleep = sleep
        self._limiter = RateLimiter(clock=clock, sleep=sleep)

    async def request(
        self, route: Route, body: Body | None = None, query: dict[str, str] | None = None
    ) -> httpx.Response:
        headers = {"User-Agent": self._user_agent}
        if route.bot:
            if not self._bot_token:
                raise DiscordAuthError(0, 0, "no bot token is configured", route=str(route))
            headers["Authorization"] = f"Bot {self._bot_token}"
        if body is not None and body.json is not None:
            headers["Content-Type"] = "application/json"
        attempt = 0
        rate_limited_for = 0.0
        while True:
            attempt += 1
            await self._limiter.acquire(route.bucket_key)
            try:
                response = await self._http.request(
                    route.method,
                    self.api_base + route.path(),
                    params=query,
                    headers=headers,
                    content=body.json if body is not None else None,
                    files=body.parts if body is not None else None,
                )
            except httpx.TransportError as error:
                reason = redact(f"{type(error).__name__}: {error}".rstrip(": "))
                if not (route.idempotent or isinstance(error, _NOT_SENT)):
                    raise DiscordOutcomeUnknown(
                        reason, route=str(route), attempts=attempt
                    ) from None
                if attempt >= self._max_attempts:
                    raise DiscordUnavailable(reason, route=str(route), attempts=attempt) from None
                await self._back_off(route, attempt, reason)
                continue
            status = response.status_code
            limits = RateLimitHeaders.parse(response.headers)
            self._limiter.update(route.bucket_key, limits)
            if status == 429:
                rate_limited_for += self._hold_after_429(route, response, limits, rate_limited_for)
                attempt -= 1
                continue
            if status >= 500:
                if not route.idempotent:
                    raise DiscordOutcomeUnknown(
                        f"HTTP {status}", route=str(route), attempts=attempt
                    )
                if attempt >= self._max_attempts:
                    raise DiscordUnavailable(f"HTTP {status}", route=str(route), attempts=attempt)
                await self._back_off(route, attempt, f"HTTP {status}")
                continue
            if status >= 400:
                raise _http_error(route, response)
            logger.debug("%s answered %s", route, status)
            return response

    def _hold_after_429(
        self, route: Route, response: httpx.Response, limits: RateLimitHeaders, waited: float
    ) -> float:
        """Hold the bucket for the 429's ``retry_after``; returns it. Raises when too long."""
        error = _error_body(response)
        retry_after = error.retry_after if error.retry_after is not None else limits.retry_after
        retry_after = 1.0 if retry_after is None else retry_after
        is_global = error.is_global or limits.is_global
        if retry_after > self._max_wait or waited + retry_after > self._max_total_wait:
            raise DiscordRateLimited(retry_after, route=str(route), attempts=1)
        logger.warning(
            "Discord rate limited %s (%s scope): retrying after %.2f s",
            route,
            limits.scope or ("global" if is_global else "route"),
            retry_after,
        )
        self._limiter.hold(route.bucket_key, retry_after, is_global=is_global)
        # A 429 asking for no wait at all still counts a little, so they cannot loop forever.
        return max(retry_after, 0.1)

    async def _back_off(self, route: Route, attempt: int, reason: str) -> None:
        delay = self._backoff * 2 ** (attempt - 1) * (1 + random.random() / 4)  # noqa: S311
        logger.warning("%s failed (%s); retry %d in %.2f s", route, reason, attempt, delay)
        await self._sleep(delay)


def decode[T](response: httpx.Response, type_: type[T], route: Route) -> T:
    try:
        return msgspec.json.decode(response.content, type=type_)
    except msgspec.ValidationError as error:
        raise DiscordUnavailable(f"unexpected answer: {error}", route=str(route)) from None
    except msgspec.DecodeError:
        raise DiscordUnavailable("answer is not JSON", route=str(route)) from None


def _error_body(response: httpx.Response) -> ErrorBody:
    try:
        return msgspec.json.decode(response.content, type=ErrorBody)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return ErrorBody(message=response.reason_phrase)


def _http_error(route: Route, response: httpx.Response) -> DiscordHTTPError:
    error = _error_body(response)
    details = _error_details(error.errors)
    message = redact(f"{error.message} ({'; '.join(details[:3])})" if details else error.message)
    status = response.status_code
    if status in (401, 403):
        return DiscordAuthError(status, error.code, message, route=str(route))
    if status == 404:
        return DiscordNotFound(status, error.code, message, route=str(route))
    return DiscordHTTPError(status, error.code, message, route=str(route))


def _error_details(errors: object, path: str = "") -> list[str]:
    """Flatten Discord's nested 50035 ``errors`` into ``"embeds.0.title: message"`` lines."""
    if not isinstance(errors, dict):
        return []
    details: list[str] = []
    for key, value in cast(dict[str, object], errors).items():
        if key == "_errors" and isinstance(value, list):
            for item in cast(list[object], value):
                text = (
                    cast(dict[str, object], item).get("message") if isinstance(item, dict) else item
                )
                details.append(f"{path or 'body'}: {text}")
        else:
            details += _error_details(value, f"{path}.{key}" if path else key)
    return details
