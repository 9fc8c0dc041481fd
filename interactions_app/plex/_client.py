"""The three plex.tv calls of a sign-in: create a PIN, check it, read the account it authorized.

The token a PIN carries once authorized is passed straight to ``account`` and dropped: it is
never stored, logged or put in an exception (``PlexTVUnavailable`` names the step, not the URL).
"""

from __future__ import annotations

from types import TracebackType
from typing import Self
from urllib.parse import quote, urlencode

import httpx
import msgspec

__all__ = [
    "PRODUCT",
    "PlexAccount",
    "PlexPin",
    "PlexTV",
    "PlexTVUnavailable",
    "client_identifier",
    "sign_in_url",
]

PRODUCT = "TGraph Bot"
SIGN_IN_PAGE = "https://app.plex.tv/auth#?"
REQUEST_SECONDS = 10.0


class PlexTVUnavailable(Exception):
    """plex.tv did not answer, or not as expected (``step`` says which call)."""

    def __init__(self, step: str) -> None:
        super().__init__(f"plex.tv did not answer the {step} request as expected")
        self.step = step


class PlexPin(msgspec.Struct, frozen=True):
    id: int
    code: str
    auth_token: str | None = msgspec.field(default=None, name="authToken")

    def __repr__(self) -> str:
        # The token must never reach a log line, even through a debug repr.
        return f"PlexPin(id={self.id}, authorized={self.auth_token is not None})"


class PlexAccount(msgspec.Struct, frozen=True):
    id: int
    username: str = ""
    title: str = ""

    @property
    def name(self) -> str:
        return self.username or self.title or str(self.id)


def client_identifier(application_id: str) -> str:
    """Stable per bot (plex.tv lists sign-ins by it), and derived, so nothing needs storing."""
    return f"tgraph-bot-{application_id or 'unregistered'}"


def sign_in_url(client_id: str, code: str) -> str:
    query = urlencode(
        {"clientID": client_id, "code": code, "context[device][product]": PRODUCT},
        quote_via=quote,
    )
    return SIGN_IN_PAGE + query


class PlexTV:
    def __init__(
        self,
        base: str,
        client_id: str,
        *,
        timeout: float = REQUEST_SECONDS,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self._base = base.rstrip("/")
        self._headers = {
            "Accept": "application/json",
            "X-Plex-Product": PRODUCT,
            "X-Plex-Client-Identifier": client_id,
        }
        self._owned = http is None
        self._http = http if http is not None else httpx.AsyncClient(timeout=timeout)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._owned:
            await self._http.aclose()

    async def create_pin(self) -> PlexPin:
        response = await self._send("pin", "POST", "/api/v2/pins", params={"strong": "true"})
        return _decode("pin", response, PlexPin)

    async def check_pin(self, pin_id: int) -> PlexPin | None:
        """The PIN now (``authToken`` set once the member signed in); None once it expired."""
        response = await self._send("pin", "GET", f"/api/v2/pins/{pin_id}")
        return None if response.status_code == 404 else _decode("pin", response, PlexPin)

    async def account(self, token: str) -> PlexAccount | None:
        """The account that signed in; None when plex.tv refuses the token."""
        response = await self._send("user", "GET", "/api/v2/user", token=token)
        return None if response.status_code == 401 else _decode("user", response, PlexAccount)

    async def _send(
        self,
        step: str,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        token: str | None = None,
    ) -> httpx.Response:
        headers = dict(self._headers)
        if token is not None:
            headers["X-Plex-Token"] = token
        try:
            return await self._http.request(
                method, self._base + path, params=params, headers=headers
            )
        except httpx.HTTPError:
            raise PlexTVUnavailable(step) from None


def _decode[T](step: str, response: httpx.Response, answer: type[T]) -> T:
    if not response.is_success:
        raise PlexTVUnavailable(step)
    try:
        return msgspec.json.decode(response.content, type=answer)
    except (msgspec.ValidationError, msgspec.DecodeError):
        raise PlexTVUnavailable(step) from None
