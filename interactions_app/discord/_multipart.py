"""Request bodies: plain JSON, or ``payload_json`` + ``files[n]`` parts when files are sent
(reference.mdx "Uploading Files" and "Editing Message Attachments")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from ._messages import AllowedMentions, FileUpload, MessagePayload

type FilePart = tuple[str, tuple[str | None, bytes, str]]

_NO_MENTIONS = AllowedMentions()


@dataclass(frozen=True, slots=True)
class Body:
    """Exactly one of ``json`` (encoded) and ``parts`` (for httpx ``files=``) is set."""

    json: bytes | None = None
    parts: list[FilePart] | None = None


def json_body(data: Any) -> Body:
    return Body(json=msgspec.json.encode(data))


def message_body(message: MessagePayload, files: Sequence[FileUpload] = ()) -> Body:
    """The body for a message create or edit.

    ``payload_json.attachments`` lists ``message.attachments`` (existing attachments an edit
    keeps) followed by one ``{"id": n, ...}`` per upload, where ``n`` is its ``files[n]`` index.
    """
    return _with_files(message_payload(message, files), files)


def callback_body(
    callback_type: int, message: MessagePayload, files: Sequence[FileUpload] = ()
) -> Body:
    """An interaction callback ``{"type": n, "data": message}``, multipart when files go along."""
    payload = {"type": callback_type, "data": message_payload(message, files)}
    return _with_files(payload, files)


def _with_files(payload: object, files: Sequence[FileUpload]) -> Body:
    """JSON alone, or ``payload_json`` and one part per file when files go along."""
    if not files:
        return json_body(payload)
    parts: list[FilePart] = [
        ("payload_json", (None, msgspec.json.encode(payload), "application/json"))
    ]
    parts += _file_parts(files)
    return Body(parts=parts)


def _file_parts(files: Sequence[FileUpload]) -> list[FilePart]:
    return [
        (f"files[{index}]", (file.filename, file.data, file.content_type))
        for index, file in enumerate(files)
    ]


def message_payload(message: MessagePayload, files: Sequence[FileUpload] = ()) -> dict[str, Any]:
    payload: dict[str, Any] = msgspec.to_builtins(message)
    payload["allowed_mentions"] = msgspec.to_builtins(message.allowed_mentions or _NO_MENTIONS)
    if files:
        kept: list[dict[str, Any]] = payload.get("attachments", [])
        uploads = [_attachment_entry(index, file) for index, file in enumerate(files)]
        payload["attachments"] = kept + uploads
    return payload


def _attachment_entry(index: int, file: FileUpload) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": index, "filename": file.filename}
    if file.description:
        entry["description"] = file.description
    return entry
