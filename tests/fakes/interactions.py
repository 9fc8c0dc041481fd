"""Discord's side of the interactions endpoint: sign interactions and POST them to the real app.

``serve_app(app)`` runs an ASGI app under uvicorn on a free loopback port in a background thread
(lifespan included); ``InteractionClient`` builds interaction bodies the way Discord does, signs
``timestamp + raw body`` with an Ed25519 key and POSTs them with httpx.
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections.abc import Callable, Generator, Mapping
from contextlib import contextmanager
from typing import Any

import httpx
import msgspec
import uvicorn
from nacl.signing import SigningKey
from starlette.types import ASGIApp

__all__ = [
    "APPLICATION_ID",
    "GUILD_ID",
    "InteractionClient",
    "RunningServer",
    "option",
    "serve_app",
    "subcommand",
]

APPLICATION_ID = "1150000000000000000"
GUILD_ID = "1150000000000000100"
CHANNEL_ID = "1150000000000000200"
_ids = itertools.count(1)


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()


class RunningServer:
    def __init__(self, server: _Server, url: str) -> None:
        self._server = server
        self.url = url


@contextmanager
def serve_app(app: ASGIApp, *, startup_timeout: float = 20.0) -> Generator[RunningServer]:
    """Run ``app`` on ``127.0.0.1:<free port>`` until the block ends (lifespan included)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False)
    server = _Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        if not server.ready.wait(startup_timeout) or not server.started:
            raise RuntimeError("the app did not start (see the log above)")
        yield RunningServer(server, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(60)
        sock.close()


def option(name: str, value: Any, *, type: int = 3, focused: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": type, "value": value}
    if focused:
        out["focused"] = True
    return out


def subcommand(name: str, *options: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "type": 1, "options": list(options)}


def _snowflake() -> str:
    # A snowflake dated now, so a fake Discord can tell how old the interaction is.
    millis = int(time.time() * 1000) - 1420070400000
    return str((millis << 22) | (next(_ids) % 4096))


class InteractionClient:
    """Signs and POSTs interactions like Discord does."""

    def __init__(
        self,
        base_url: str,
        signing_key: SigningKey,
        *,
        application_id: str = APPLICATION_ID,
        clock: Callable[[], float] = time.time,
        timeout: float = 10.0,
    ) -> None:
        self.base_url = base_url
        self.application_id = application_id
        self.signing_key = signing_key
        self.clock = clock
        self.http = httpx.Client(base_url=base_url, timeout=timeout)
        self.tokens: list[str] = []

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> InteractionClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def signed_headers(self, body: bytes, timestamp: str | None = None) -> dict[str, str]:
        stamp = timestamp if timestamp is not None else str(int(self.clock()))
        signature = self.signing_key.sign(stamp.encode() + body).signature.hex()
        return {
            "X-Signature-Ed25519": signature,
            "X-Signature-Timestamp": stamp,
            "Content-Type": "application/json",
            "User-Agent": "Discord-Interactions/1.0 (+https://discord.com)",
        }

    def post_raw(
        self, body: bytes, headers: Mapping[str, str] | None = None, *, timestamp: str | None = None
    ) -> httpx.Response:
        sent = self.signed_headers(body, timestamp) if headers is None else dict(headers)
        return self.http.post("/interactions", content=body, headers=sent)

    def post(self, payload: Mapping[str, Any], *, timestamp: str | None = None) -> httpx.Response:
        return self.post_raw(msgspec.json.encode(payload), timestamp=timestamp)

    def base(self, type_: int, **fields: Any) -> dict[str, Any]:
        token = f"token-{next(_ids)}-" + "x" * 40
        self.tokens.append(token)
        body: dict[str, Any] = {
            "id": _snowflake(),
            "application_id": self.application_id,
            "type": type_,
            "token": token,
            "version": 1,
        }
        body.update(fields)
        return body

    def ping(self) -> httpx.Response:
        return self.post(self.base(1))

    def interaction(
        self,
        type_: int,
        name: str,
        options: list[dict[str, Any]] | None = None,
        *,
        user_id: str = "1150000000000000400",
        permissions: str = "0",
        roles: list[str] | None = None,
        locale: str = "en-US",
        dm: bool = False,
        attachment_size_limit: int = 10 * 1024 * 1024,
    ) -> dict[str, Any]:
        user = {"id": user_id, "username": f"user{user_id[-4:]}", "discriminator": "0"}
        fields: dict[str, Any] = {
            "data": {"id": "1150000000000000300", "name": name, "type": 1,
                     "options": options or []},
            "locale": locale,
            "app_permissions": "2248473465835073",
            "entitlements": [],
            "attachment_size_limit": attachment_size_limit,
        }  # fmt: skip
        if dm:
            fields.update(user=user, context=1, channel_id=CHANNEL_ID)
        else:
            fields.update(
                guild_id=GUILD_ID,
                channel_id=CHANNEL_ID,
                guild_locale="en-US",
                context=0,
                member={"user": user, "roles": roles or [], "permissions": permissions},
            )
        return self.base(type_, **fields)

    def command(
        self, name: str, options: list[dict[str, Any]] | None = None, **kwargs: Any
    ) -> httpx.Response:
        return self.post(self.interaction(2, name, options, **kwargs))

    def autocomplete(
        self, name: str, options: list[dict[str, Any]] | None = None, **kwargs: Any
    ) -> httpx.Response:
        return self.post(self.interaction(4, name, options, **kwargs))
