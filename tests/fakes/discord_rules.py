"""What the fake Discord refuses: the spec's schemas plus the rules only the docs state.

Docs-only rules (reference.mdx, message.mdx; PROTOCOL.md §3): content ≤2000 characters, embed
text ≤6000 across a message, ``attachments[].id`` matching the ``files[n]`` parts, unique part
names with file names, per-file size ≤ ``attachment_size_limit``, a ``DiscordBot (url,
version)`` User-Agent, JSON or multipart Content-Type, and ``Authorization: Bot <token>`` on
bot routes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from starlette.responses import JSONResponse

from tests.fakes.openapi import Match, load_spec

if TYPE_CHECKING:
    from tests.fakes.discord import DiscordFake, RecordedRequest

BOT_ONLY = frozenset(
    {
        "create_dm",
        "create_message",
        "list_messages",
        "bulk_set_application_commands",
        "bulk_set_guild_application_commands",
        "list_application_commands",
        "list_guild_application_commands",
        "create_webhook",
    }
)
MESSAGE_CREATES = frozenset({"execute_webhook", "create_message"})
MESSAGE_EDITS = frozenset({"update_webhook_message", "update_original_webhook_message"})
IMPLEMENTED = (
    BOT_ONLY
    | MESSAGE_CREATES
    | MESSAGE_EDITS
    | {
        "create_interaction_response",
        "get_original_webhook_message",
        "delete_original_webhook_message",
        "get_webhook_message",
        "delete_webhook_message",
        "get_webhook_by_token",
    }
)
_USER_AGENT = re.compile(r"^DiscordBot \(\S+, \S+\)")
_FILE_PART = re.compile(r"^files\[(\d+)\]$")


class RequestProblem(Exception):
    """A request Discord would refuse, with the answer it would give."""

    def __init__(self, status: int, code: int, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []

    def response(self) -> JSONResponse:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.details:
            errors = [{"code": "FAKE_VALIDATION", "message": detail} for detail in self.details]
            body["errors"] = {"_fake": {"_errors": errors}}
        return JSONResponse(body, status_code=self.status)


def invalid(details: list[str]) -> RequestProblem:
    return RequestProblem(400, 50035, "Invalid Form Body", details)


def check_request(
    recorded: RecordedRequest, match: Match, fake: DiscordFake
) -> RequestProblem | None:
    operation = match.operation.operation_id
    if operation in BOT_ONLY and recorded.headers.get("authorization") != f"Bot {fake.bot_token}":
        return RequestProblem(401, 0, "401: Unauthorized")
    problems: list[str] = []
    if not _USER_AGENT.match(recorded.headers.get("user-agent", "")):
        problems.append("User-Agent must be 'DiscordBot ($url, $versionNumber)'")
    if recorded.body:
        problems += _body_problems(recorded, match)
    if operation in MESSAGE_CREATES | MESSAGE_EDITS | {"create_interaction_response"}:
        problems += _message_problems(recorded, match, fake)
    if not problems:
        return _too_large(recorded, fake)
    return invalid(problems)


def embed_total(embeds: list[dict[str, Any]]) -> int:
    """Characters counted towards the 6000 limit of a message, whitespace trimmed."""
    total = 0
    for embed in embeds:
        texts = [embed.get("title"), embed.get("description")]
        texts += [(embed.get("footer") or {}).get("text"), (embed.get("author") or {}).get("name")]
        for field in embed.get("fields") or []:
            texts += [field.get("name"), field.get("value")]
        total += sum(len(text.strip()) for text in texts if isinstance(text, str))
    return total


def _body_problems(recorded: RecordedRequest, match: Match) -> list[str]:
    content_type = recorded.headers.get("content-type", "").split(";")[0].strip()
    if content_type not in ("application/json", "multipart/form-data"):
        return [f"Content-Type {content_type!r} is neither JSON nor multipart"]
    problems: list[str] = []
    if content_type == "multipart/form-data":
        names = [part.name for part in recorded.parts]
        if "payload_json" not in names:
            problems.append("multipart body without a payload_json part")
        for part in recorded.parts:
            if part.name == "payload_json" and part.content_type != "application/json":
                problems.append("payload_json part is not Content-Type application/json")
            elif part.name != "payload_json" and not _FILE_PART.match(part.name):
                problems.append(f"unexpected multipart part {part.name!r}")
            elif part.name != "payload_json" and not part.filename:
                problems.append(f"{part.name} has no filename")
        if len(set(names)) != len(names):
            problems.append("multipart part names are not unique")
    return problems + load_spec().validate(match.operation, content_type, recorded.payload)


def _message_problems(recorded: RecordedRequest, match: Match, fake: DiscordFake) -> list[str]:
    payload = recorded.payload
    if match.operation.operation_id == "create_interaction_response":
        payload = (payload or {}).get("data") if isinstance(payload, dict) else None
    if not isinstance(payload, dict):
        return []
    problems: list[str] = []
    content = payload.get("content") or ""
    if isinstance(content, str) and len(content) > 2000:
        problems.append(f"content is {len(content)} characters; at most 2000")
    total = embed_total(payload.get("embeds") or [])
    if total > 6000:
        problems.append(f"embeds hold {total} characters of text; at most 6000 per message")
    files = recorded.files
    if len(files) > 10:
        problems.append(f"{len(files)} files; at most 10")
    indices = {found[1] for part in files if (found := _FILE_PART.match(part.name))}
    kept = fake.existing_attachments(match)
    entries = payload.get("attachments") or []
    for number, entry in enumerate(entries):
        entry_id = str(entry.get("id"))
        if entry_id not in indices and entry_id not in {a.id for a in kept}:
            problems.append(f"attachments[{number}].id {entry_id} matches no files[n] part")
    if match.operation.operation_id in MESSAGE_CREATES and not (
        content or payload.get("embeds") or files or payload.get("components")
    ):
        problems.append("empty message: no content, embeds, files or components")
    problems += component_problems(payload.get("components") or [])
    names = {entry.get("filename") for entry in entries} | {p.filename for p in files}
    names |= {a.filename for a in kept}
    for embed in payload.get("embeds") or []:
        for key in ("image", "thumbnail"):
            url = (embed.get(key) or {}).get("url") or ""
            if url.startswith("attachment://") and url[13:] not in names:
                problems.append(f"embed {key} {url} names no uploaded file")
    return problems


def component_problems(rows: list[dict[str, Any]]) -> list[str]:
    """Discord's component rules the spec cannot state (components/reference.mdx)."""
    problems: list[str] = []
    if len(rows) > 5:
        problems.append(f"{len(rows)} action rows; at most 5")
    seen: set[str] = set()
    for number, row in enumerate(rows):
        children = row.get("components") or []
        selects = [c for c in children if c.get("type") in (3, 5, 6, 7, 8)]
        if selects and len(children) != 1:
            problems.append(f"row {number}: a select menu must be alone in its action row")
        if len(children) > 5:
            problems.append(f"row {number}: {len(children)} buttons; at most 5")
        for child in children:
            custom_id = child.get("custom_id")
            if child.get("type") == 2 and (child.get("style") == 5) == (custom_id is not None):
                problems.append(f"row {number}: a button has a url or a custom_id, not both")
            if custom_id is None:
                continue
            if not 1 <= len(custom_id) <= 100:
                problems.append(f"row {number}: a custom_id takes 1 to 100 characters")
            if custom_id in seen:
                problems.append(f"custom_id {custom_id!r} is used twice in the message")
            seen.add(custom_id)
            values = [o.get("value") for o in child.get("options") or []]
            if len(set(values)) != len(values):
                problems.append(f"select {custom_id!r} repeats an option value")
            if sum(bool(o.get("default")) for o in child.get("options") or []) > 1:
                problems.append(f"select {custom_id!r} has more than one default option")
    return problems


def _too_large(recorded: RecordedRequest, fake: DiscordFake) -> RequestProblem | None:
    for part in recorded.files:
        if len(part.data) > fake.attachment_size_limit:
            detail = (
                f"{part.filename} is {len(part.data)} bytes; limit {fake.attachment_size_limit}"
            )
            return RequestProblem(413, 40005, "Request entity too large", [detail])
    return None
