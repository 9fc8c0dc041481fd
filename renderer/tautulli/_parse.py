"""Strict decoding of Tautulli's ``{"response": {result, message, data}}`` envelope."""

from __future__ import annotations

import msgspec

from ._errors import TautulliAuthError, TautulliBadResponse, TautulliCommandUnknown
from ._models import GraphData

_MAX_PROBLEM = 200


class _Reply(msgspec.Struct, frozen=True):
    result: str
    # Error answers carry their reason in ``message``; some leave ``data`` empty, null or out.
    message: str | None = None
    data: msgspec.Raw = msgspec.Raw(b"null")


class _Envelope(msgspec.Struct, frozen=True):
    response: _Reply


_ENVELOPE_DECODER = msgspec.json.Decoder(_Envelope)


def _short(text: str) -> str:
    # Tautulli appends the list of every command it knows: keep the sentence, drop the list.
    text = text.partition(". Possible commands are:")[0]
    return text if len(text) <= _MAX_PROBLEM else text[: _MAX_PROBLEM - 1] + "…"


def decode_answer[T](body: bytes, *, status: int, data_type: type[T], url: str, command: str) -> T:
    """The ``data`` of a successful answer as ``data_type``; otherwise the matching error.

    ``status`` is a final one: 5xx and 429 were already retried by the caller.
    """
    if status in (401, 403):
        # Not Tautulli itself (it answers 400): a reverse proxy asking for credentials.
        raise TautulliAuthError(url=url, missing=False, detail=f"HTTP {status}", command=command)
    try:
        reply = _ENVELOPE_DECODER.decode(body).response
    except msgspec.ValidationError as exc:
        raise TautulliBadResponse(
            url=url,
            command=command,
            problem=f"HTTP {status}, unexpected JSON: {exc}",
            status=status,
        ) from None
    except msgspec.DecodeError:
        problem = f"HTTP {status}, not JSON" if status != 200 else "not JSON"
        raise TautulliBadResponse(
            url=url, command=command, problem=problem, status=status
        ) from None

    if reply.result != "success" or status != 200:
        message = reply.message or ""
        if message.startswith("Invalid apikey"):
            raise TautulliAuthError(url=url, missing=False, detail=message, command=command)
        if message.startswith("Parameter apikey is required"):
            raise TautulliAuthError(url=url, missing=True, detail=message, command=command)
        if message.startswith("Unknown command"):
            raise TautulliCommandUnknown(url=url, command=command)
        raise TautulliBadResponse(
            url=url,
            command=command,
            problem=f"HTTP {status}, result {reply.result!r}: {_short(message) or 'no message'}",
            status=status,
            message=_short(message.strip()) or None,
        )

    try:
        value = msgspec.json.decode(reply.data, type=data_type)
    except msgspec.ValidationError as exc:
        # Paths are relative to ``data`` (and left out at its root): point into the answer.
        problem = str(exc)
        if " - at `$" in problem:
            problem = problem.replace(" - at `$", " - at `$.response.data")
        else:
            problem += " - at `$.response.data`"
        raise TautulliBadResponse(url=url, command=command, problem=_short(problem)) from None
    if isinstance(value, GraphData) and (problem := value.shape_problem()):
        raise TautulliBadResponse(
            url=url, command=command, problem=f"{problem} - at `$.response.data`"
        )
    return value
