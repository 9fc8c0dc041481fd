"""A fake Discord REST API on a loopback port, for tests of everything that talks to Discord.

It serves the routes of OPERATIONS.md (interaction callback, ``@original``, follow-ups,
webhook execute/edit/delete, bulk command overwrite, create DM, create message), keeps
state (messages per channel; deleted ones vanish), records every request, validates every
body against Discord's OpenAPI spec plus the docs-only rules, and injects faults.

Usage (one server per test; it starts and stops in well under a second)::

    @pytest.fixture
    def discord() -> Iterator[DiscordFake]:
        with DiscordFake() as fake:
            yield fake

    async def test_post(discord: DiscordFake) -> None:
        hook = discord.create_webhook()
        rest = DiscordRest(api_base=discord.api_base, bot_token=discord.bot_token)
        sent = await rest.execute_webhook(hook.url, MessagePayload(content="hi"))
        assert [m.id for m in discord.channel_messages(hook.channel_id)] == [sent.id]
        assert discord.requests[-1].payload == {...}
        discord.assert_all_valid()

Interaction replies: ``discord.application_id`` is the app id; any interaction token is
accepted (``expire_interaction(token)`` makes it answer 401/50027). PATCH ``@original`` on a
token never seen creates the original message (as if the reply had been deferred) in
``interaction_channel_id`` or the channel given to ``open_interaction(token, channel_id)``.

Faults, matched by spec operationId (``"execute_webhook"``) or ``"METHOD /template"``::

    discord.rate_limit("execute_webhook", retry_after=0.3)        # next request → 429
    discord.inject("create_message", status=500, times=2)          # next two → 500
    discord.inject("update_webhook_message", status=404, nth=3)    # the 3rd from now → 404
    discord.slow("update_original_webhook_message", delay=1.0)     # answer late

Every answer carries ``X-RateLimit-*`` headers; ``DiscordFake(bucket_size=2,
bucket_window=0.3)`` makes buckets small so clients must wait for ``remaining=0`` resets (a
request on an exhausted bucket is answered 429, as Discord would).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.discord_rules import (
    BOT_ONLY,
    IMPLEMENTED,
    MESSAGE_EDITS,
    RequestProblem,
    check_request,
    embed_total,
)
from tests.fakes.discord_state import (
    FakeAttachment,
    FakeMessage,
    FakeWebhook,
    Snowflakes,
    command_json,
    new_token,
    user_json,
)
from tests.fakes.multipart import MultipartError, Part, parse_multipart
from tests.fakes.openapi import Match, load_spec

API_PREFIX = "/api/v10"
DEFAULT_BOT_TOKEN = "fake-bot-token.NOT.REAL"
DEFAULT_APPLICATION_ID = "1234567890123456789"


@dataclass(slots=True)
class RecordedRequest:
    """One request as the fake saw it. Headers are keyed in lower case."""

    method: str
    path: str
    """Relative to the API base, e.g. ``/webhooks/1/abc?`` without the query."""
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    time: float
    """``time.monotonic()`` when the request arrived."""
    operation_id: str | None = None
    json: Any = None
    parts: list[Part] = field(default_factory=list[Part])
    status: int = 0
    problems: list[str] = field(default_factory=list[str])
    """Spec and docs violations found in this request (answered 400/50035 unless faulted)."""

    @property
    def payload(self) -> Any:
        """The JSON body, or the parsed ``payload_json`` part of a multipart body."""
        for part in self.parts:
            if part.name == "payload_json":
                return json.loads(part.data)
        return self.json

    @property
    def files(self) -> list[Part]:
        return [part for part in self.parts if part.name.startswith("files[")]


@dataclass(slots=True)
class Fault:
    route: str | None
    status: int | None = 500
    times: int = 1
    nth: int = 1
    delay: float = 0.0
    retry_after: float | None = None
    is_global: bool = False
    scope: str = "user"
    code: int | None = None
    message: str | None = None
    seen: int = 0
    used: int = 0

    def matches(self, match: Match) -> bool:
        operation = match.operation
        names = (operation.operation_id, f"{operation.method} {operation.template}")
        return self.route is None or self.route in names

    def due(self) -> bool:
        return self.seen >= self.nth and self.used < self.times


@dataclass(slots=True)
class _Bucket:
    started: float = 0.0
    count: int = 0


class DiscordFake:
    def __init__(
        self,
        *,
        bot_token: str = DEFAULT_BOT_TOKEN,
        application_id: str = DEFAULT_APPLICATION_ID,
        bucket_size: int = 50,
        bucket_window: float = 1.0,
        attachment_size_limit: int = 10 * 1024 * 1024,
    ) -> None:
        self.bot_token = bot_token
        self.application_id = application_id
        self.bucket_size = bucket_size
        self.bucket_window = bucket_window
        self.attachment_size_limit = attachment_size_limit
        self.snowflakes = Snowflakes()
        self.interaction_channel_id = self.snowflakes.next()
        self.requests: list[RecordedRequest] = []
        self._lock = threading.RLock()
        self._messages: dict[str, FakeMessage] = {}
        self._webhooks: dict[str, FakeWebhook] = {}
        self._originals: dict[str, str] = {}  # interaction token -> message id
        self._interaction_channels: dict[str, str] = {}
        self._expired: set[str] = set()
        self._dm_channels: dict[str, str] = {}  # user id -> channel id
        self._blocked_dm_channels: set[str] = set()
        self._commands: dict[str | None, list[dict[str, Any]]] = {}
        self._command_ids: dict[tuple[str | None, str, int], str] = {}
        self._faults: list[Fault] = []
        self._buckets: dict[str, _Bucket] = {}
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # Lifecycle.

    def start(self) -> Self:
        load_spec()  # parse once, outside the first request's time budget
        app = Starlette(routes=[Route(API_PREFIX + "/{path:path}", self._handle, methods=_ALL)])
        config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
        config.timeout_graceful_shutdown = 1
        self._server = uvicorn.Server(config)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="discord-fake", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake Discord server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    # Setting the scene.

    def create_webhook(self, channel_id: str | None = None) -> FakeWebhook:
        webhook = FakeWebhook(
            self.snowflakes.next(), new_token(), channel_id or self.snowflakes.next(), self.api_base
        )
        with self._lock:
            self._webhooks[webhook.id] = webhook
        return webhook

    def delete_webhook(self, webhook_id: str) -> None:
        """The webhook is gone: its routes answer 404 / 10015 Unknown Webhook."""
        with self._lock:
            self._webhooks.pop(webhook_id, None)

    def open_interaction(self, token: str, channel_id: str) -> None:
        """Replies to interaction ``token`` go to ``channel_id``."""
        with self._lock:
            self._interaction_channels[token] = channel_id

    def expire_interaction(self, token: str) -> None:
        """The token is older than 15 minutes: its routes answer 401 / 50027."""
        with self._lock:
            self._expired.add(token)

    def block_dms(self, user_id: str) -> None:
        """Messages to this user's DM channel answer 403 / 50007."""
        with self._lock:
            self._blocked_dm_channels.add(self._dm_channel(user_id))

    def inject(
        self,
        route: str | None,
        *,
        status: int | None = 500,
        times: int = 1,
        nth: int = 1,
        delay: float = 0.0,
        code: int | None = None,
        message: str | None = None,
    ) -> Fault:
        """Answer the ``nth`` (and ``times - 1`` following) matching requests with ``status``.

        ``route`` is an operationId, ``"METHOD /template"`` or None (any route). With
        ``status=None`` the request is served normally, after ``delay`` seconds.
        """
        fault = Fault(route, status, times, nth, delay, code=code, message=message)
        with self._lock:
            self._faults.append(fault)
        return fault

    def rate_limit(
        self,
        route: str | None,
        *,
        retry_after: float,
        is_global: bool = False,
        scope: str = "user",
        times: int = 1,
        nth: int = 1,
    ) -> Fault:
        fault = Fault(route, 429, times, nth, retry_after=retry_after, is_global=is_global)
        fault.scope = "global" if is_global else scope
        with self._lock:
            self._faults.append(fault)
        return fault

    def slow(self, route: str | None, delay: float, *, times: int = 1) -> Fault:
        return self.inject(route, status=None, delay=delay, times=times)

    # Inspecting.

    def channel_messages(self, channel_id: str) -> list[FakeMessage]:
        """The messages currently in the channel, oldest first (deleted ones are gone)."""
        with self._lock:
            return [m for m in self._messages.values() if m.channel_id == channel_id]

    def message(self, message_id: str) -> FakeMessage | None:
        with self._lock:
            return self._messages.get(message_id)

    def original(self, token: str) -> FakeMessage | None:
        """The original response of interaction ``token``, if it was created."""
        with self._lock:
            message_id = self._originals.get(token)
            return None if message_id is None else self._messages.get(message_id)

    def dm_channel_id(self, user_id: str) -> str:
        with self._lock:
            return self._dm_channel(user_id)

    def commands(self, guild_id: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._commands.get(guild_id, []))

    def requests_for(self, route: str) -> list[RecordedRequest]:
        """Recorded requests of one operationId or ``"METHOD /template"``."""
        with self._lock:
            return [r for r in self.requests if r.operation_id == route or _names(r, route)]

    def problems(self) -> list[str]:
        with self._lock:
            return [f"{r.method} {r.operation_id}: {p}" for r in self.requests for p in r.problems]

    def assert_all_valid(self) -> None:
        problems = self.problems()
        assert not problems, "invalid requests sent to Discord:\n" + "\n".join(problems)

    # Serving.

    async def _handle(self, request: Request) -> Response:
        body = await request.body()
        path = "/" + request.path_params["path"]
        recorded = RecordedRequest(
            method=request.method,
            path=path,
            query=dict(request.query_params),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
            time=time.monotonic(),
        )
        with self._lock:
            self.requests.append(recorded)
        response, delay = self._answer(recorded)
        recorded.status = response.status_code
        if delay:
            await anyio.sleep(delay)
        return response

    def _answer(self, recorded: RecordedRequest) -> tuple[Response, float]:
        match = load_spec().match(recorded.method, recorded.path)
        if match is None:
            return _error(404, 0, "404: Not Found"), 0.0
        recorded.operation_id = match.operation.operation_id
        if recorded.operation_id not in IMPLEMENTED:
            recorded.problems.append(f"{recorded.operation_id} is not implemented by the fake")
            return _error(404, 0, "404: Not Found"), 0.0
        problem = self._read_body(recorded)
        with self._lock:
            if problem is None:
                problem = check_request(recorded, match, self)
            if problem is not None:
                recorded.problems.extend(problem.details)
            headers, exhausted = self._bucket_headers(match)
            fault = self._take_fault(match)
            if fault is not None and fault.status is not None:
                return _with_headers(_fault_response(fault), headers), fault.delay
            delay = fault.delay if fault is not None else 0.0
            if exhausted is not None:
                return _with_headers(_rate_limited(exhausted, False, "user"), headers), delay
            if problem is not None:
                return _with_headers(problem.response(), headers), delay
            try:
                response = self._dispatch(recorded, match)
            except RequestProblem as refused:
                response = refused.response()
            return _with_headers(response, headers), delay

    def _take_fault(self, match: Match) -> Fault | None:
        """Every matching fault counts the request; the first one due answers it."""
        matching = [fault for fault in self._faults if fault.matches(match)]
        for fault in matching:
            fault.seen += 1
        fault = next((fault for fault in matching if fault.due()), None)
        if fault is not None:
            fault.used += 1
        return fault

    def _read_body(self, recorded: RecordedRequest) -> RequestProblem | None:
        content_type = recorded.headers.get("content-type", "")
        try:
            if content_type.startswith("multipart/form-data"):
                recorded.parts = parse_multipart(recorded.body, content_type)
                recorded.json = recorded.payload
            elif recorded.body:
                recorded.json = json.loads(recorded.body)
        except (MultipartError, ValueError) as error:
            recorded.problems.append(f"unreadable body: {error}")
            return RequestProblem(400, 50109, "The request body contains invalid JSON.")
        return None

    def _bucket_headers(self, match: Match) -> tuple[dict[str, str], float | None]:
        """``X-RateLimit-*`` for this request's bucket, and the wait if it was exhausted."""
        major = match.params.get("webhook_id", "") + match.params.get("webhook_token", "")
        major = major or match.params.get("channel_id") or match.params.get("application_id", "")
        key = f"{match.operation.operation_id}:{major}"
        bucket = self._buckets.setdefault(key, _Bucket())
        now = time.monotonic()
        if now - bucket.started >= self.bucket_window:
            bucket.started, bucket.count = now, 0
        reset_after = max(0.0, bucket.started + self.bucket_window - now)
        exhausted = reset_after if bucket.count >= self.bucket_size else None
        bucket.count = min(bucket.count + 1, self.bucket_size)
        headers = {
            "X-RateLimit-Limit": str(self.bucket_size),
            "X-RateLimit-Remaining": str(self.bucket_size - bucket.count),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": f"{abs(hash(match.operation.operation_id)):x}",
        }
        return headers, exhausted

    def _dispatch(self, recorded: RecordedRequest, match: Match) -> Response:
        params = match.params
        operation = match.operation.operation_id
        if operation in BOT_ONLY:
            return self._bot_route(operation, recorded, params)
        if operation == "create_interaction_response":
            return self._callback(recorded, params)
        webhook_id, token = params["webhook_id"], params["webhook_token"]
        channel_id = self._webhook_channel(webhook_id, token)
        if operation == "execute_webhook":
            message = self._new_message(channel_id, recorded, webhook_id)
            if webhook_id != self.application_id and recorded.query.get("wait") not in _TRUE:
                return Response(status_code=204)
            return JSONResponse(message.to_json())
        message_id = params.get("message_id") or self._originals.get(token)
        if operation == "update_original_webhook_message" and message_id is None:
            message_id = self._new_message(channel_id, None, webhook_id).id
            self._originals[token] = message_id
        message = self._messages.get(message_id or "")
        if message is None or message.webhook_id != webhook_id:
            raise RequestProblem(404, 10008, "Unknown Message")
        if recorded.method == "GET":
            return JSONResponse(message.to_json())
        if recorded.method == "DELETE":
            del self._messages[message.id]
            return Response(status_code=204)
        self._edit(message, recorded)
        return JSONResponse(message.to_json())

    def _bot_route(
        self, operation: str, recorded: RecordedRequest, params: dict[str, str]
    ) -> Response:
        if operation == "create_dm":
            user_id = str(recorded.json["recipient_id"])
            channel = {
                "id": self._dm_channel(user_id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [user_json(user_id)],
            }
            return JSONResponse(channel)
        if operation == "create_message":
            if params["channel_id"] in self._blocked_dm_channels:
                raise RequestProblem(403, 50007, "Cannot send messages to this user")
            message = self._new_message(params["channel_id"], recorded, None)
            return JSONResponse(message.to_json())
        guild_id = params.get("guild_id")
        echoed = [
            command_json(
                command,
                command_id=self._command_id(guild_id, command),
                application_id=params["application_id"],
                guild_id=guild_id,
            )
            for command in recorded.json or []
        ]
        self._commands[guild_id] = echoed
        return JSONResponse(echoed)

    def _callback(self, recorded: RecordedRequest, params: dict[str, str]) -> Response:
        token = params["interaction_token"]
        callback_type = (recorded.payload or {}).get("type")
        if callback_type in (4, 5) and token not in self._originals:
            channel_id = self._interaction_channels.get(token, self.interaction_channel_id)
            data = (recorded.payload or {}).get("data") or {}
            message = self._new_message(channel_id, recorded, self.application_id, data=data)
            self._originals[token] = message.id
        if recorded.query.get("with_response") in _TRUE:
            interaction = {"id": params["interaction_id"], "type": 2}
            return JSONResponse({"interaction": interaction})
        return Response(status_code=204)

    def _webhook_channel(self, webhook_id: str, token: str) -> str:
        if webhook_id == self.application_id:
            if token in self._expired:
                raise RequestProblem(401, 50027, "Invalid Webhook Token")
            return self._interaction_channels.get(token, self.interaction_channel_id)
        webhook = self._webhooks.get(webhook_id)
        if webhook is None or webhook.token != token:
            raise RequestProblem(404, 10015, "Unknown Webhook")
        return webhook.channel_id

    def _new_message(
        self,
        channel_id: str,
        recorded: RecordedRequest | None,
        webhook_id: str | None,
        *,
        data: dict[str, Any] | None = None,
    ) -> FakeMessage:
        message = FakeMessage(self.snowflakes.next(), channel_id, webhook_id=webhook_id)
        if recorded is not None:
            self._apply(message, data if data is not None else recorded.payload or {}, recorded)
        self._messages[message.id] = message
        return message

    def _edit(self, message: FakeMessage, recorded: RecordedRequest) -> None:
        self._apply(message, recorded.payload or {}, recorded)
        message.edits += 1
        message.edited_timestamp = datetime.now(UTC).isoformat()

    def _apply(
        self, message: FakeMessage, payload: dict[str, Any], recorded: RecordedRequest
    ) -> None:
        if "content" in payload:
            message.content = payload["content"] or ""
        if "embeds" in payload:
            message.embeds = payload["embeds"] or []
        if payload.get("flags") is not None:
            message.flags = payload["flags"]
        uploads = {part.name[6:-1]: part for part in recorded.files}
        entries = {str(entry["id"]): entry for entry in payload.get("attachments") or []}
        if "attachments" in payload:
            message.attachments = [a for a in message.attachments if a.id in entries]
        for index, part in uploads.items():
            entry = entries.get(index, {})
            message.attachments.append(
                FakeAttachment(
                    id=self.snowflakes.next(),
                    filename=entry.get("filename") or part.filename or "unknown",
                    data=part.data,
                    content_type=part.content_type,
                    description=entry.get("description"),
                )
            )

    def _dm_channel(self, user_id: str) -> str:
        return self._dm_channels.setdefault(user_id, self.snowflakes.next())

    def _command_id(self, guild_id: str | None, command: dict[str, Any]) -> str:
        key = (guild_id, command["name"], command.get("type") or 1)
        return self._command_ids.setdefault(key, self.snowflakes.next())

    def existing_attachments(self, match: Match) -> list[FakeAttachment]:
        """What an edit may keep (for the attachments rule in ``discord_rules``)."""
        if match.operation.operation_id not in MESSAGE_EDITS:
            return []
        token = match.params.get("webhook_token", "")
        message_id = match.params.get("message_id") or self._originals.get(token, "")
        message = self._messages.get(message_id)
        return list(message.attachments) if message else []


_ALL = ["GET", "POST", "PUT", "PATCH", "DELETE"]
_TRUE = ("true", "True", "1")


def _names(recorded: RecordedRequest, route: str) -> bool:
    match = load_spec().match(recorded.method, recorded.path)
    return match is not None and route == f"{match.operation.method} {match.operation.template}"


def _error(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse({"message": message, "code": code}, status_code=status)


def _rate_limited(retry_after: float, is_global: bool, scope: str) -> JSONResponse:
    body = {
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": is_global,
    }
    response = JSONResponse(body, status_code=429)
    response.headers["Retry-After"] = f"{retry_after:.3f}"
    response.headers["X-RateLimit-Remaining"] = "0"
    response.headers["X-RateLimit-Reset-After"] = f"{retry_after:.3f}"
    response.headers["X-RateLimit-Reset"] = f"{time.time() + retry_after:.3f}"
    response.headers["X-RateLimit-Scope"] = scope
    if is_global:
        response.headers["X-RateLimit-Global"] = "true"
    return response


def _fault_response(fault: Fault) -> Response:
    status = fault.status or 500
    if status == 429:
        return _rate_limited(fault.retry_after or 1.0, fault.is_global, fault.scope)
    defaults = {401: (0, "401: Unauthorized"), 403: (50013, "Missing Permissions")}
    default_code, default_message = defaults.get(status, (0, f"{status}: fault injected"))
    if status == 404:
        default_code, default_message = 10008, "Unknown Message"
    if status >= 500:
        return Response("upstream connect error", status_code=status, media_type="text/plain")
    code = default_code if fault.code is None else fault.code
    return _error(status, code, fault.message or default_message)


def _with_headers(response: Response, headers: dict[str, str]) -> Response:
    for name, value in headers.items():
        response.headers.setdefault(name, value)
    return response


__all__ = [
    "DEFAULT_APPLICATION_ID",
    "DEFAULT_BOT_TOKEN",
    "DiscordFake",
    "FakeAttachment",
    "FakeMessage",
    "FakeWebhook",
    "Fault",
    "RecordedRequest",
    "embed_total",
]
