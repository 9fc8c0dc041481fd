"""The ASGI app: ``POST /interactions`` (Discord) and ``GET /healthz`` (probes).

Every interaction is checked in this order: body size (413), signature over the raw bytes (401),
timestamp window (401), decoding (400), replay of an id already handled (409; see
``commands._replays``); only then is it dispatched. The initial response leaves
at once; slow work runs as a tracked background job after it has been sent.

The lifespan builds the one ``Runtime`` every handler works with (clients, state, jobs) from the
config as it is at the start; until it has, and once it has ended, both routes answer 503.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncGenerator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from interactions_app.commands import (
    CommandRegistry,
    Delivery,
    Dispatcher,
    Outcome,
    ReplayGuard,
    Runtime,
    build_registry,
    explain_error,
)
from interactions_app.discord import DiscordRest
from interactions_app.discord.interactions import (
    Interaction,
    InteractionDecodeError,
    decode_interaction,
)
from interactions_app.discord.responses import encode_response
from interactions_app.endpoint.jobs import JobRunner
from interactions_app.endpoint.signature import SignatureVerifier, StaleTimestampLog, timestamp_skew
from interactions_app.explorer.service import Explorer
from interactions_app.state import RequestStateCalls, StateStore
from interactions_app.version import package_version
from renderer.tautulli import TautulliClient, TautulliMonitor, TautulliSource

if TYPE_CHECKING:
    from interactions_app.config import ConfigStore

__all__ = ["MAX_BODY_BYTES", "create_app"]

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
INTERACTIVE_TAUTULLI_SECONDS = 15.0
"""How long a call to Tautulli may take, retries included, while a member waits on it."""

REQUEST_STATE_WAIT = 0.75
"""Seconds a request waits for its turn to use the state file (twice at most: replay, cooldown)."""
REQUEST_STATE_BUSY_TIMEOUT = 0.5
"""Seconds the request path's own connection waits for another process's write lock."""


class _InteractionResponse(Response):
    """A JSON answer that starts its deferred job only once the answer has been sent."""

    def __init__(self, outcome: Outcome) -> None:
        if outcome.response is None:
            # Answered through the callback endpoint already: Discord wants 202 and no body.
            super().__init__(status_code=202)
        else:
            super().__init__(encode_response(outcome.response), media_type="application/json")
        self._outcome = outcome

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except BaseException:
            await self._outcome.cancel_job()
            raise
        self._outcome.start_job()


def _plain(status: int, text: str) -> Response:
    return Response(text, status_code=status, media_type="text/plain")


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The raw body, or None when it is larger than ``limit`` (announced or actually sent)."""
    announced = request.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class _RequestCheck:
    """Everything checked before a request is decoded: headers, size, signature, time."""

    verifier: SignatureVerifier
    stale_log: StaleTimestampLog
    max_body_bytes: int
    clock: Callable[[], float]
    window: int
    """``SIGNATURE_MAX_AGE_SECONDS`` as it was when the app was created."""

    async def verified(self, request: Request) -> tuple[bytes, float | None] | Response:
        """``(body, age of the signed timestamp or None without a window)``, or the refusal."""
        signature = request.headers.get("x-signature-ed25519", "")
        timestamp = request.headers.get("x-signature-timestamp", "")
        if not signature or not timestamp:
            logger.info("Rejected a request without signature headers (answered 401)")
            return _plain(401, "missing signature headers")
        body = await _read_body(request, self.max_body_bytes)
        if body is None:
            return _plain(413, "request body too large")
        if not self.verifier.verify(timestamp, signature, body):
            # Discord's routine probes land here too; if every interaction does, the key is wrong.
            logger.info(
                "Rejected a request with an invalid signature (answered 401); if real "
                "interactions fail too, check DISCORD_PUBLIC_KEY"
            )
            return _plain(401, "invalid request signature")
        window = self.window
        if not window:
            return body, None
        skew = timestamp_skew(timestamp, self.clock())
        if skew is None or abs(skew) > window:
            self.stale_log.rejected(skew, window)
            return _plain(401, "signature timestamp outside the allowed window")
        return body, skew


async def _answer(
    interaction: Interaction,
    dispatcher: Dispatcher,
    *,
    signed_skew: float | None,
    received_at: float,
) -> Response:
    runtime = dispatcher.services
    delivery = await runtime.replays.delivery(
        interaction,
        signed_skew=signed_skew,
        window=runtime.config.SIGNATURE_MAX_AGE_SECONDS,
        now=runtime.now(),
    )
    if delivery is Delivery.REPLAY:
        # Discord delivers an interaction once and accepts one initial response for it (a
        # second is error 40060, "already acknowledged"): a second 200 would break the
        # protocol, and its text would reach only whoever resent the bytes. 409 says what
        # happened: authentic, but already handled. Not 401: the signature is valid, and a
        # 401 would send the operator hunting for a wrong key.
        logger.warning("Refused a replayed interaction %s (answered 409)", interaction.id)
        return _plain(409, "interaction already handled")
    if delivery is Delivery.UNKNOWN:
        return _InteractionResponse(dispatcher.busy(interaction))
    return _InteractionResponse(await dispatcher.dispatch(interaction, received_at=received_at))


async def _open_request_state(stack: AsyncExitStack, shared: StateStore) -> RequestStateCalls:
    """A connection of its own, with a short busy timeout: see ``RequestStateCalls``."""
    store = await anyio.to_thread.run_sync(
        lambda: StateStore(shared.path, busy_timeout=REQUEST_STATE_BUSY_TIMEOUT)
    )
    stack.callback(store.close)
    return RequestStateCalls(store, wait=REQUEST_STATE_WAIT)


@dataclass(frozen=True)
class _RuntimeParts:
    """How to build the ``Runtime``: the collaborators passed in (used as they are, never
    closed here) and the limits for the ones built from the config."""

    config_store: ConfigStore
    clock: Callable[[], float]
    tautulli: TautulliSource | None
    discord: DiscordRest | None
    state: StateStore | None
    max_jobs: int
    drain_timeout: float
    tautulli_budget: float

    async def open(self, stack: AsyncExitStack) -> Runtime:
        """Every collaborator, from the config as it is now; closed by ``stack`` in reverse."""
        config = self.config_store.current
        started_at = self.clock()
        rest = self.discord
        if rest is None:
            rest = DiscordRest(api_base=config.DISCORD_API_BASE, bot_token=config.DISCORD_BOT_TOKEN)
            stack.push_async_callback(rest.aclose)
        store = self.state
        if store is None:
            store = await anyio.to_thread.run_sync(StateStore.in_data_dir, Path(config.DATA_DIR))
            stack.callback(store.close)
        request_state = await _open_request_state(stack, store)
        source = self.tautulli
        if source is None:
            # Someone is waiting for each answer: every call gives up after the budget.
            client = TautulliClient(
                config.TAUTULLI_URL,
                config.TAUTULLI_API_KEY,
                max_concurrent=config.TAUTULLI_MAX_CONCURRENT_REQUESTS,
                budget=self.tautulli_budget,
            )
            stack.push_async_callback(client.aclose)
            source = client
        used = source
        # Checks Tautulli now and in the background, so /about never waits on it.
        monitor = await stack.enter_async_context(TautulliMonitor(lambda: used))
        # Entered last, so it is drained before the clients it uses are closed.
        jobs = await stack.enter_async_context(
            JobRunner(
                max_jobs=self.max_jobs,
                render_limit=config.MAX_CONCURRENT_RENDERS,
                drain_timeout=self.drain_timeout,
            )
        )
        return Runtime(
            config_store=self.config_store,
            clock=self.clock,
            started_at=started_at,
            version=package_version(),
            discord=rest,
            state=store,
            request_state=request_state,
            replays=ReplayGuard(request_state),
            tautulli=source,
            tautulli_status=monitor,
            jobs=jobs,
            explorer=Explorer(explain_error),
        )


def create_app(
    config_store: ConfigStore,
    *,
    tautulli: TautulliSource | None = None,
    discord: DiscordRest | None = None,
    state: StateStore | None = None,
    clock: Callable[[], float] = time.time,
    registry: CommandRegistry | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    drain_timeout: float = 25.0,
    max_jobs: int = 32,
    tautulli_budget: float = INTERACTIVE_TAUTULLI_SECONDS,
) -> Starlette:
    """The Discord interactions service.

    The lifespan builds the ``Runtime`` handlers work with; until it has (and after it ended)
    every request is answered 503. Collaborators that are passed in are used as they are and
    never closed here; the others are built from the config when the lifespan starts and closed
    when it ends. ``clock`` gives Unix seconds (signature window, cooldowns, replay records,
    uptime). At most ``max_jobs`` deferred answers are being worked on at once (more are told the
    bot is busy); on shutdown they get ``drain_timeout`` seconds to finish before they are
    cancelled. A Tautulli call made for a member gives up after ``tautulli_budget`` seconds,
    retries included.
    """
    commands = registry if registry is not None else build_registry()
    check = _RequestCheck(
        verifier=SignatureVerifier(config_store.current.DISCORD_PUBLIC_KEY),
        stale_log=StaleTimestampLog(),
        max_body_bytes=max_body_bytes,
        clock=clock,
        window=config_store.current.SIGNATURE_MAX_AGE_SECONDS,
    )
    parts = _RuntimeParts(
        config_store=config_store,
        clock=clock,
        tautulli=tautulli,
        discord=discord,
        state=state,
        max_jobs=max_jobs,
        drain_timeout=drain_timeout,
        tautulli_budget=tautulli_budget,
    )
    dispatcher: Dispatcher | None = None

    async def interactions(request: Request) -> Response:
        received_at = clock()
        running = dispatcher
        if running is None:
            return _plain(503, "the bot is starting or stopping")
        checked = await check.verified(request)
        if isinstance(checked, Response):
            return checked
        body, skew = checked
        try:
            interaction = decode_interaction(body)
        except InteractionDecodeError as exc:
            logger.info("Rejected a signed request that is not a known interaction: %s", exc)
            return _plain(400, "not an interaction this bot understands")
        return await _answer(interaction, running, signed_skew=skew, received_at=received_at)

    async def healthz(_request: Request) -> Response:
        if dispatcher is None:
            return _plain(503, "the bot is starting or stopping")
        runtime = dispatcher.services
        return JSONResponse(
            {
                "status": "ok",
                "version": runtime.version,
                "started_at": round(runtime.started_at, 3),
                "uptime_seconds": round(clock() - runtime.started_at, 3),
                "jobs": runtime.jobs.active,
            }
        )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncGenerator[None]:
        nonlocal dispatcher
        async with AsyncExitStack() as stack:

            def forget() -> None:
                # Runs last: a restarted lifespan builds a fresh runtime, never reuses closed parts.
                nonlocal dispatcher
                dispatcher = None
                app.state.runtime = None

            stack.callback(forget)
            runtime = await parts.open(stack)
            dispatcher = Dispatcher(commands, runtime)
            app.state.runtime = runtime
            logger.info("Interactions endpoint ready (version %s)", runtime.version)
            yield
            logger.info("Shutting down: draining %d background job(s)", runtime.jobs.active)

    app = Starlette(
        routes=[
            Route("/interactions", interactions, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.runtime = None
    return app
