"""A strict ``multipart/form-data`` parser for the fakes (Starlette's needs python-multipart)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAM = re.compile(r';\s*([\w-]+)="((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    filename: str | None
    content_type: str | None
    data: bytes


class MultipartError(ValueError):
    pass


def boundary_of(content_type: str) -> str:
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if match is None:
        raise MultipartError("multipart/form-data without a boundary")
    return match[1]


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    delimiter = b"--" + boundary_of(content_type).encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3 or not chunks[-1].startswith(b"--"):
        raise MultipartError("multipart body is not terminated by the closing boundary")
    parts: list[Part] = []
    for chunk in chunks[1:-1]:
        if not chunk.startswith(b"\r\n") or not chunk.endswith(b"\r\n"):
            raise MultipartError("multipart part is not framed by CRLF")
        head, separator, data = chunk[2:-2].partition(b"\r\n\r\n")
        if not separator:
            raise MultipartError("multipart part without a blank line after its headers")
        headers = _headers(head.decode("utf-8"))
        disposition = headers.get("content-disposition", "")
        if not disposition.startswith("form-data"):
            raise MultipartError(f"part disposition is {disposition!r}, not form-data")
        params = {key: value.replace('\\"', '"') for key, value in _PARAM.findall(disposition)}
        if "name" not in params:
            raise MultipartError("multipart part without a name")
        parts.append(
            Part(params["name"], params.get("filename"), headers.get("content-type"), data)
        )
    return parts


def _headers(text: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in text.split("\r\n"):
        name, colon, value = line.partition(":")
        if not colon:
            raise MultipartError(f"bad part header line {line!r}")
        headers[name.strip().lower()] = value.strip()
    return headers
