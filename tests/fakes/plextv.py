"""A fake plex.tv on loopback: PINs (created, pending, authorized, expired), the user endpoint,
and faults (down, slow), recording every request with its headers.

A test decides what the next PIN does before the member "signs in"::

    plextv.sign_in_next(account_id=3464780, username="tanaka_jessica", after_checks=2)
    plextv.expire_next()            # the PIN is gone (404) at its first check
    plextv.fail(503)                # every request answers 503 until clear_faults()
    plextv.fail(502, after=2)       # ... once two requests have been answered
    plextv.slow(2.0)                # every answer waits first

``tokens`` holds every token handed out, so a test can search logs, state and Discord requests.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Generator
from contextlib import contextmanager
from dataclasses import dataclass, field

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.interactions import serve_app

__all__ = ["PlexTVFake", "RecordedPlexRequest", "running_plextv"]


@dataclass(frozen=True)
class RecordedPlexRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class _Plan:
    account_id: int | None
    username: str
    after_checks: int
    expired: bool = False
    refuse: bool = False


@dataclass
class _Pin:
    id: int
    code: str
    plan: _Plan | None
    checks: int = 0
    token: str | None = None


@dataclass
class PlexTVFake:
    url: str = ""
    requests: list[RecordedPlexRequest] = field(default_factory=list[RecordedPlexRequest])
    tokens: list[str] = field(default_factory=list[str])
    _pins: dict[int, _Pin] = field(default_factory=dict[int, _Pin])
    _plans: list[_Plan] = field(default_factory=list[_Plan])
    _accounts: dict[str, tuple[int, str]] = field(default_factory=dict[str, tuple[int, str]])
    _fail: int | None = None
    _fail_after: int = 0
    _delay: float = 0.0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(4100))

    def sign_in_next(
        self, *, account_id: int, username: str, after_checks: int = 1, refuse: bool = False
    ) -> None:
        """The next PIN is authorized by this account once it has been checked ``after_checks``
        times (it reads as pending before); ``refuse``: the user endpoint then rejects its
        token (401)."""
        self._plans.append(_Plan(account_id, username, after_checks, refuse=refuse))

    def expire_next(self, *, after_checks: int = 1) -> None:
        self._plans.append(_Plan(None, "", after_checks, expired=True))

    def fail(self, status: int, *, after: int = 0) -> None:
        self._fail, self._fail_after = status, len(self.requests) + after

    def slow(self, seconds: float) -> None:
        self._delay = seconds

    def clear_faults(self) -> None:
        self._fail, self._delay = None, 0.0

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/api/v2/pins", self._create, methods=["POST"]),
                Route("/api/v2/pins/{pin_id:int}", self._check, methods=["GET"]),
                Route("/api/v2/user", self._user, methods=["GET"]),
            ]
        )

    async def _record(self, request: Request) -> Response | None:
        self.requests.append(
            RecordedPlexRequest(
                request.method,
                request.url.path,
                dict(request.query_params),
                {k.lower(): v for k, v in request.headers.items()},
            )
        )
        if self._delay:
            await anyio.sleep(self._delay)
        if self._fail is not None and len(self.requests) > self._fail_after:
            return Response("plex.tv is down", status_code=self._fail)
        return None

    async def _create(self, request: Request) -> Response:
        fault = await self._record(request)
        if fault is not None:
            return fault
        pin = _Pin(
            next(self._ids), secrets.token_hex(12), self._plans.pop(0) if self._plans else None
        )
        self._pins[pin.id] = pin
        return JSONResponse(_pin_json(pin), status_code=201)

    async def _check(self, request: Request) -> Response:
        fault = await self._record(request)
        if fault is not None:
            return fault
        pin = self._pins.get(int(request.path_params["pin_id"]))
        if pin is None:
            return JSONResponse({"errors": [{"code": 1020, "message": "Not Found"}]}, 404)
        pin.checks += 1
        plan = pin.plan
        if plan is not None and pin.checks >= plan.after_checks:
            if plan.expired:
                del self._pins[pin.id]
                return JSONResponse({"errors": [{"code": 1020, "message": "Not Found"}]}, 404)
            if pin.token is None and plan.account_id is not None:
                pin.token = "plex-" + secrets.token_urlsafe(15)
                self.tokens.append(pin.token)
                if not plan.refuse:
                    self._accounts[pin.token] = (plan.account_id, plan.username)
        return JSONResponse(_pin_json(pin))

    async def _user(self, request: Request) -> Response:
        fault = await self._record(request)
        if fault is not None:
            return fault
        account = self._accounts.get(request.headers.get("x-plex-token", ""))
        if account is None:
            return JSONResponse(
                {"errors": [{"code": 1001, "message": "User could not be authenticated"}]}, 401
            )
        account_id, username = account
        return JSONResponse(
            {"id": account_id, "uuid": "f00d", "username": username, "title": username,
             "email": f"{username}@example.org"}
        )  # fmt: skip


def _pin_json(pin: _Pin) -> dict[str, object]:
    return {
        "id": pin.id,
        "code": pin.code,
        "product": "TGraph Bot",
        "trusted": False,
        "expiresIn": 1800,
        "authToken": pin.token,
    }


@contextmanager
def running_plextv() -> Generator[PlexTVFake]:
    fake = PlexTVFake()
    with serve_app(fake.app()) as server:
        fake.url = server.url
        yield fake
