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

Interactions delivered through ``DiscordDriver`` (``tests/fakes/discord_driver.py``) are
registered first (``register_interaction``): their answers then follow Discord's rules
(``tests/fakes/discord_interactions.py``: one initial response of an allowed callback type,
6 and 7 for components only, within 3 s; the token lives 15 minutes, both measured on the
``clock`` seam), a type 4/5 answer creates the message with its flags and
``interaction_metadata``, a component's ``@original`` is the message it is on, and a type 7
edits it. ``clickable(message_id, custom_id, user_id, values)`` is what a member can click
(ephemeral messages are only visible to their owner; disabled components cannot be clicked);
``visible_messages(channel_id, user_id)`` what they see. Components are checked against the
spec and the docs' rules (5 rows, 5 buttons or one menu a row, unique ``custom_id``).

Faults, matched by spec operationId (``"execute_webhook"``) or ``"METHOD /template"``::

    discord.rate_limit("execute_webhook", retry_after=0.3)        # next request → 429
    discord.inject("create_message", status=500, times=2)          # next two → 500
    discord.inject("update_webhook_message", status=404, nth=3)    # the 3rd from now → 404
    discord.slow("update_original_webhook_message", delay=1.0)     # answer late
    discord.inject("execute_webhook", status=502, act=True)        # posted, answer lost

Every answer carries ``X-RateLimit-*`` headers; ``DiscordFake(bucket_size=2,
bucket_window=0.3)`` makes buckets small so clients must wait for ``remaining=0`` resets (a
request on an exhausted bucket is answered 429, as Discord would).

Inspecting: ``requests`` (every ``RecordedRequest``: method, path, query, lower-case headers,
raw body, ``json``, multipart ``parts``/``files`` with bytes, ``payload``, arrival ``time``,
answered ``status``, ``problems``), ``requests_for(route)``, ``problems()``,
``assert_all_valid()``, ``channel_messages(channel_id)`` (``FakeMessage`` with content,
embeds, ``attachments`` holding the uploaded bytes), ``message(id)``, ``original(token)``,
``dm_channel_id(user_id)``, ``commands(guild_id=None)``. Scene: ``create_webhook()`` (its
``url`` is the production form ``https://discord.com/api/webhooks/ID/TOKEN``; the client
rebases it onto ``api_base``), ``delete_webhook`` (→ 10015), ``block_dms(user_id)`` (→ 50007).
A request that breaks the spec or the docs is recorded in ``problems`` and answered 400/50035
(413/40005 for an oversized file; 401/0 for a missing or wrong bot token on bot routes).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Self

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.discord_http import (
    Bucket,
    Fault,
    Held,
    RecordedRequest,
    error_response,
    fault_response,
    rate_limited_response,
    with_headers,
)
from tests.fakes.discord_rules import IMPLEMENTED, RequestProblem, check_request
from tests.fakes.discord_state import FakeAttachment, FakeMessage, FakeWebhook
from tests.fakes.discord_world import DEFAULT_APPLICATION_ID, DEFAULT_BOT_TOKEN, DiscordWorld
from tests.fakes.multipart import MultipartError, parse_multipart
from tests.fakes.openapi import Match, load_spec

API_PREFIX = "/api/v10"
_ANSWER_WAIT = 5.0
_HOLD_WAIT = 30.0
_ALL = ["GET", "POST", "PUT", "PATCH", "DELETE"]


class DiscordFake(DiscordWorld):
    def __init__(
        self,
        *,
        bot_token: str = DEFAULT_BOT_TOKEN,
        application_id: str = DEFAULT_APPLICATION_ID,
        bucket_size: int = 50,
        bucket_window: float = 1.0,
        attachment_size_limit: int = 10 * 1024 * 1024,
    ) -> None:
        super().__init__(
            bot_token=bot_token,
            application_id=application_id,
            attachment_size_limit=attachment_size_limit,
        )
        self.bucket_size = bucket_size
        self.bucket_window = bucket_window
        self.requests: list[RecordedRequest] = []
        self._faults: list[Fault] = []
        self._held: list[Held] = []
        self._buckets: dict[str, Bucket] = {}
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
        act: bool = False,
    ) -> Fault:
        """Answer the ``nth`` (and ``times - 1`` following) matching requests with ``status``.

        ``route`` is an operationId, ``"METHOD /template"`` or None (any route). With
        ``status=None`` the request is served normally, after ``delay`` seconds; with
        ``act=True`` it is served (the message is posted) and then answered with ``status``.
        """
        fault = Fault(route, status, times, nth, delay, code=code, message=message, act=act)
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

    def hold(self, route: str) -> Held:
        """Keep the next request on ``route`` in transit until ``Held.release()``: a slow
        network or a slow Discord, without the test sleeping."""
        held = Held(route)
        with self._lock:
            self._held.append(held)
        return held

    def requests_for(self, route: str) -> list[RecordedRequest]:
        """Recorded requests of one operationId or ``"METHOD /template"``."""
        with self._lock:
            return [r for r in self.requests if r.operation_id == route or _names(r, route)]

    def problems(self) -> list[str]:
        with self._lock:
            found = [f"{r.method} {r.operation_id}: {p}" for r in self.requests for p in r.problems]
            return found + list(self.callback_problems)

    def assert_all_valid(self) -> None:
        problems = self.problems()
        assert not problems, "invalid requests sent to Discord:\n" + "\n".join(problems)

    # Serving.

    async def _handle(self, request: Request) -> Response:
        body = await request.body()
        path = "/" + request.path_params["path"]
        await self._until_answered(path)
        await self._until_released(request.method, path)
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

    async def _until_answered(self, path: str) -> None:
        """A follow-up or edit of an interaction Discord has not seen answered yet waits for
        the answer: Discord applies the answer to its POST before the app can call back, and
        the test driver hands that answer over only after the app has sent it."""
        parts = path.split("/")
        if len(parts) < 4 or parts[1] != "webhooks" or parts[2] != self.application_id:
            return
        deadline = time.monotonic() + _ANSWER_WAIT
        # The answer arrives from the test's thread, where an anyio.Event cannot be set.
        while self.unanswered(parts[3]) and time.monotonic() < deadline:  # noqa: ASYNC110
            await anyio.sleep(0.002)

    async def _until_released(self, method: str, path: str) -> None:
        match = load_spec().match(method, path)
        if match is None:
            return
        with self._lock:
            held = next((h for h in self._held if not h.taken and h.matches(match)), None)
            if held is None:
                return
            held.taken = True
        held.arrived.set()
        deadline = time.monotonic() + _HOLD_WAIT
        # Released from the test's thread, where an anyio.Event cannot be set.
        while not held.released.is_set() and time.monotonic() < deadline:  # noqa: ASYNC110
            await anyio.sleep(0.002)

    def _answer(self, recorded: RecordedRequest) -> tuple[Response, float]:
        match = load_spec().match(recorded.method, recorded.path)
        if match is None:
            return error_response(404, 0, "404: Not Found"), 0.0
        recorded.operation_id = match.operation.operation_id
        if recorded.operation_id not in IMPLEMENTED:
            recorded.problems.append(f"{recorded.operation_id} is not implemented by the fake")
            return error_response(404, 0, "404: Not Found"), 0.0
        problem = self._read_body(recorded)
        with self._lock:
            if problem is None:
                problem = check_request(recorded, match, self)
            if problem is not None:
                recorded.problems.extend(problem.details)
            headers, exhausted = self._bucket_headers(match)
            fault = self._take_fault(match)
            if fault is not None and fault.status is not None:
                if fault.act and problem is None:
                    self.dispatch(recorded, match)
                return with_headers(fault_response(fault), headers), fault.delay
            delay = fault.delay if fault is not None else 0.0
            if exhausted is not None:
                return with_headers(rate_limited_response(exhausted, False, "user"), headers), delay
            if problem is not None:
                return with_headers(problem.response(), headers), delay
            try:
                response = self.dispatch(recorded, match)
            except RequestProblem as refused:
                response = refused.response()
            return with_headers(response, headers), delay

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
        bucket = self._buckets.setdefault(key, Bucket())
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


def _names(recorded: RecordedRequest, route: str) -> bool:
    match = load_spec().match(recorded.method, recorded.path)
    return match is not None and route == f"{match.operation.method} {match.operation.template}"


__all__ = [
    "DEFAULT_APPLICATION_ID",
    "DEFAULT_BOT_TOKEN",
    "DiscordFake",
    "FakeAttachment",
    "FakeMessage",
    "FakeWebhook",
    "Fault",
    "RecordedRequest",
]
