"""The fake Discord's HTTP side: recorded requests, injected faults, and canned answers."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import JSONResponse, Response

from tests.fakes.multipart import Part
from tests.fakes.openapi import Match


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
class Held:
    """The next request on ``route`` waits in transit (Discord has not acted on it yet) until
    the test calls ``release``; ``arrived`` is set once it is waiting."""

    route: str
    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    taken: bool = False

    def matches(self, match: Match) -> bool:
        operation = match.operation
        return self.route in (operation.operation_id, f"{operation.method} {operation.template}")

    def release(self) -> None:
        self.released.set()


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
    act: bool = False
    """Serve the request (post, edit, delete) and only then answer with ``status``: Discord
    acted, but its answer was lost (a 502 from a proxy after the message exists)."""
    seen: int = 0
    used: int = 0

    def matches(self, match: Match) -> bool:
        operation = match.operation
        names = (operation.operation_id, f"{operation.method} {operation.template}")
        return self.route is None or self.route in names

    def due(self) -> bool:
        return self.seen >= self.nth and self.used < self.times


@dataclass(slots=True)
class Bucket:
    started: float = 0.0
    count: int = 0


def error_response(status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse({"message": message, "code": code}, status_code=status)


def rate_limited_response(retry_after: float, is_global: bool, scope: str) -> JSONResponse:
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


def fault_response(fault: Fault) -> Response:
    status = fault.status or 500
    if status == 429:
        return rate_limited_response(fault.retry_after or 1.0, fault.is_global, fault.scope)
    defaults = {401: (0, "401: Unauthorized"), 403: (50013, "Missing Permissions")}
    default_code, default_message = defaults.get(status, (0, f"{status}: fault injected"))
    if status == 404:
        default_code, default_message = 10008, "Unknown Message"
    if status >= 500:
        return Response("upstream connect error", status_code=status, media_type="text/plain")
    code = default_code if fault.code is None else fault.code
    return error_response(status, code, fault.message or default_message)


def with_headers(response: Response, headers: dict[str, str]) -> Response:
    for name, value in headers.items():
        response.headers.setdefault(name, value)
    return response
