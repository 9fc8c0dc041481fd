"""The Discord REST client: interaction replies, channel webhook, DMs, command registration."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Sequence
from importlib import metadata
from typing import Any, Self, cast

import anyio
import httpx
import msgspec

from ._errors import (
    DiscordAuthError,
    DiscordHTTPError,
    DiscordNotFound,
    DiscordRateLimited,
    DiscordUnavailable,
)
from ._limits import DEFAULT_ATTACHMENT_SIZE_LIMIT, check_message
from ._messages import DMChannel, ErrorBody, FileUpload, MessagePayload, SentMessage
from ._multipart import Body, json_body, message_body
from ._ratelimit import Clock, RateLimiter, RateLimitHeaders, Sleep
from ._routes import Route, install_log_redaction, parse_webhook_url, redact

logger = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/engels74/tgraph-bot"
DEFAULT_API_BASE = "https://discord.com/api/v10"

_WEBHOOK = "/webhooks/{webhook_id}/{webhook_token}"
_WEBHOOK_MESSAGE = _WEBHOOK + "/messages/{message_id}"
_ORIGINAL = _WEBHOOK + "/messages/@original"
# Errors where the request surely never reached Discord, so even a POST may be repeated.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_IDEMPOTENT = frozenset({"GET", "PUT", "PATCH", "DELETE"})


def default_user_agent() -> str:
    try:
        version = metadata.version("tgraph-bot")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"DiscordBot ({PROJECT_URL}, {version})"


class DiscordRest:
    """Async client for the few REST routes the bot uses.

    Every request honours ``X-RateLimit-*`` buckets and 429 ``retry_after``, retries network
    errors and 5xx with exponential backoff, and raises the ``DiscordError`` tree. Messages
    are checked against Discord's limits before anything is sent. Webhook routes never carry
    the bot token; nothing logged or raised contains a token.
    """

    def __init__(
        self,
        *,
        api_base: str = DEFAULT_API_BASE,
        bot_token: str = "",
        http: httpx.AsyncClient | None = None,
        user_agent: str | None = None,
        attachment_size_limit: int = DEFAULT_ATTACHMENT_SIZE_LIMIT,
        max_attempts: int = 5,
        backoff: float = 0.5,
        max_wait: float = 60.0,
        timeout: float = 30.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self._api_base = api_base.rstrip("/")
        self._bot_token = bot_token
        self._own_http = http is None
        self._http = http if http is not None else httpx.AsyncClient(timeout=timeout)
        self._user_agent = user_agent or default_user_agent()
        self._attachment_size_limit = attachment_size_limit
        self._max_attempts = max(1, max_attempts)
        self._backoff = backoff
        self._max_wait = max_wait
        self._sleep = sleep
        self._limiter = RateLimiter(clock=clock, sleep=sleep)
        install_log_redaction()

    def __repr__(self) -> str:
        token = "set" if self._bot_token else "unset"
        return f"DiscordRest(api_base={self._api_base!r}, bot_token=<{token}>)"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if we created it; an injected one belongs to the caller."""
        if self._own_http:
            await self._http.aclose()

    # Interaction replies: the interaction token is a webhook token (receiving-and-responding).

    async def edit_original(
        self,
        application_id: str,
        token: str,
        message: MessagePayload,
        files: Sequence[FileUpload] = (),
        *,
        attachment_size_limit: int | None = None,
    ) -> SentMessage:
        """PATCH ``/webhooks/{application_id}/{token}/messages/@original``."""
        check_message(message, files, attachment_size_limit=self._size(attachment_size_limit))
        route = self._webhook_route("PATCH", _ORIGINAL, application_id, token)
        return await self._message_request(route, message_body(message, files))

    async def create_followup(
        self,
        application_id: str,
        token: str,
        message: MessagePayload,
        files: Sequence[FileUpload] = (),
        *,
        attachment_size_limit: int | None = None,
    ) -> SentMessage:
        """POST ``/webhooks/{application_id}/{token}``: a follow-up (``wait`` is implied)."""
        check_message(message, files, attachment_size_limit=self._size(attachment_size_limit))
        route = self._webhook_route("POST", _WEBHOOK, application_id, token)
        return await self._message_request(route, message_body(message, files))

    # Channel webhook (scheduled posts).

    async def execute_webhook(
        self,
        webhook_url: str,
        message: MessagePayload,
        files: Sequence[FileUpload] = (),
        *,
        thread_id: str | None = None,
    ) -> SentMessage:
        """POST ``{api_base}/webhooks/{id}/{token}?wait=true`` (id and token from the URL)."""
        check_message(message, files, attachment_size_limit=self._attachment_size_limit)
        route = self._webhook_route("POST", _WEBHOOK, *parse_webhook_url(webhook_url))
        query = {"wait": "true"} | ({"thread_id": thread_id} if thread_id else {})
        return await self._message_request(route, message_body(message, files), query)

    async def edit_webhook_message(
        self,
        webhook_url: str,
        message_id: str,
        message: MessagePayload,
        files: Sequence[FileUpload] = (),
    ) -> SentMessage:
        """PATCH a message the webhook posted; ``message.attachments`` lists those to keep."""
        check_message(message, files, attachment_size_limit=self._attachment_size_limit)
        webhook_id, token = parse_webhook_url(webhook_url)
        route = self._webhook_route("PATCH", _WEBHOOK_MESSAGE, webhook_id, token, message_id)
        return await self._message_request(route, message_body(message, files))

    async def delete_webhook_message(self, webhook_url: str, message_id: str) -> bool:
        """DELETE a message the webhook posted. False if it was already gone (404)."""
        webhook_id, token = parse_webhook_url(webhook_url)
        route = self._webhook_route("DELETE", _WEBHOOK_MESSAGE, webhook_id, token, message_id)
        try:
            await self._request(route)
        except DiscordNotFound as error:
            logger.info("Message %s was already deleted (code %s)", message_id, error.code)
            return False
        return True

    # Bot-token routes.

    async def create_dm(self, user_id: str) -> str:
        """POST ``/users/@me/channels``: the id of the DM channel with ``user_id``."""
        route = Route("POST", "/users/@me/channels", bot=True)
        response = await self._request(route, json_body({"recipient_id": user_id}))
        return _decode(response, DMChannel, route).id

    async def create_message(
        self, channel_id: str, message: MessagePayload, files: Sequence[FileUpload] = ()
    ) -> SentMessage:
        """POST ``/channels/{channel_id}/messages``."""
        check_message(message, files, attachment_size_limit=self._attachment_size_limit)
        route = Route("POST", "/channels/{channel_id}/messages", {"channel_id": channel_id}, True)
        return await self._message_request(route, message_body(message, files))

    async def send_dm(
        self, user_id: str, message: MessagePayload, files: Sequence[FileUpload] = ()
    ) -> SentMessage:
        """``create_dm`` + ``create_message``; limits are checked before either request."""
        check_message(message, files, attachment_size_limit=self._attachment_size_limit)
        return await self.create_message(await self.create_dm(user_id), message, files)

    async def bulk_overwrite_commands(
        self,
        application_id: str,
        commands: list[dict[str, Any]],
        guild_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """PUT the full command list, globally or for one guild; Discord's echo (with ids)."""
        params = {"application_id": application_id}
        template = "/applications/{application_id}/commands"
        if guild_id is not None:
            params["guild_id"] = guild_id
            template = "/applications/{application_id}/guilds/{guild_id}/commands"
        route = Route("PUT", template, params, bot=True)
        response = await self._request(route, json_body(commands))
        return _decode(response, list[dict[str, Any]], route)

    # Plumbing.

    def _size(self, limit: int | None) -> int:
        return self._attachment_size_limit if limit is None else limit

    @staticmethod
    def _webhook_route(
        method: str, template: str, webhook_id: str, token: str, message_id: str | None = None
    ) -> Route:
        params = {"webhook_id": webhook_id, "webhook_token": token}
        if message_id is not None:
            params["message_id"] = message_id
        return Route(method, template, params)

    async def _message_request(
        self, route: Route, body: Body, query: dict[str, str] | None = None
    ) -> SentMessage:
        return _decode(await self._request(route, body, query), SentMessage, route)

    async def _request(
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
        while True:
            attempt += 1
            await self._limiter.acquire(route.bucket_key)
            try:
                response = await self._http.request(
                    route.method,
                    self._api_base + route.path(),
                    params=query,
                    headers=headers,
                    content=body.json if body is not None else None,
                    files=body.parts if body is not None else None,
                )
            except httpx.TransportError as error:
                reason = redact(f"{type(error).__name__}: {error}".rstrip(": "))
                retry = route.method in _IDEMPOTENT or isinstance(error, _NOT_SENT)
                if not retry or attempt >= self._max_attempts:
                    raise DiscordUnavailable(reason, route=str(route), attempts=attempt) from None
                await self._back_off(route, attempt, reason)
                continue
            status = response.status_code
            limits = RateLimitHeaders.parse(response.headers)
            self._limiter.update(route.bucket_key, limits)
            if status == 429:
                self._hold_after_429(route, response, limits, attempt)
                continue
            if status >= 500:
                if attempt >= self._max_attempts:
                    raise DiscordUnavailable(f"HTTP {status}", route=str(route), attempts=attempt)
                await self._back_off(route, attempt, f"HTTP {status}")
                continue
            if status >= 400:
                raise _http_error(route, response)
            logger.debug("%s answered %s", route, status)
            return response

    def _hold_after_429(
        self, route: Route, response: httpx.Response, limits: RateLimitHeaders, attempt: int
    ) -> None:
        error = _error_body(response)
        retry_after = error.retry_after if error.retry_after is not None else limits.retry_after
        retry_after = 1.0 if retry_after is None else retry_after
        is_global = error.is_global or limits.is_global
        if retry_after > self._max_wait or attempt >= self._max_attempts:
            raise DiscordRateLimited(retry_after, route=str(route), attempts=attempt)
        logger.warning(
            "Discord rate limited %s (%s scope): retrying after %.2f s",
            route,
            limits.scope or ("global" if is_global else "route"),
            retry_after,
        )
        self._limiter.hold(route.bucket_key, retry_after, is_global=is_global)

    async def _back_off(self, route: Route, attempt: int, reason: str) -> None:
        delay = self._backoff * 2 ** (attempt - 1) * (1 + random.random() / 4)  # noqa: S311
        logger.warning("%s failed (%s); retry %d in %.2f s", route, reason, attempt, delay)
        await self._sleep(delay)


def _decode[T](response: httpx.Response, type_: type[T], route: Route) -> T:
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
