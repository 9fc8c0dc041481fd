"""What the fake Discord remembers: messages per channel, webhooks, DM channels, commands.

Answers are shaped like Discord's (Message, DM channel, ApplicationCommand objects) so clients
decode them as they would in production.
"""

from __future__ import annotations

import itertools
import secrets
import struct
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1420070400000
CDN = "https://cdn.discordapp.com"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class Snowflakes:
    """Increasing snowflakes dated now, as Discord makes them."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def next(self) -> str:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return str((ms << 22) | (next(self._counter) & 0x3FFFFF))


@dataclass(slots=True)
class FakeAttachment:
    id: str
    filename: str
    data: bytes
    content_type: str | None
    description: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)

    def url(self, channel_id: str) -> str:
        return f"{CDN}/attachments/{channel_id}/{self.id}/{self.filename}"

    def to_json(self, channel_id: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "filename": self.filename,
            "size": self.size,
            "url": self.url(channel_id),
            "proxy_url": self.url(channel_id).replace(CDN, "https://media.discordapp.net"),
        }
        if self.content_type:
            data["content_type"] = self.content_type
        if self.description:
            data["description"] = self.description
        size = png_size(self.data)
        if size is not None:
            data["width"], data["height"] = size
        return data


@dataclass(slots=True)
class FakeMessage:
    id: str
    channel_id: str
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    attachments: list[FakeAttachment] = field(default_factory=list[FakeAttachment])
    flags: int = 0
    webhook_id: str | None = None
    author_id: str = "0"
    timestamp: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    edited_timestamp: str | None = None
    edits: int = 0
    components: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    interaction_metadata: dict[str, Any] | None = None
    """Set when the message answers an interaction: its id, type and ``user``."""

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & 64)

    @property
    def owner_id(self) -> str | None:
        """Who caused the message (the user of ``interaction_metadata``), if anyone."""
        if self.interaction_metadata is None:
            return None
        return self.interaction_metadata["user"]["id"]

    def visible_to(self, user_id: str) -> bool:
        """Ephemeral messages are shown to the user who caused them, and nobody else."""
        return not self.ephemeral or self.owner_id == user_id

    def component(self, custom_id: str) -> dict[str, Any] | None:
        return next(
            (
                child
                for row in self.components
                for child in row.get("components") or []
                if child.get("custom_id") == custom_id
            ),
            None,
        )

    def attachment(self, filename: str) -> FakeAttachment:
        return next(a for a in self.attachments if a.filename == filename)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "channel_id": self.channel_id,
            "type": 0,
            "content": self.content,
            "author": {
                "id": self.webhook_id or self.author_id,
                "username": "TGraph Bot",
                "discriminator": "0000" if self.webhook_id else "0",
                "global_name": None,
                "avatar": None,
                "bot": True,
            },
            "attachments": [a.to_json(self.channel_id) for a in self.attachments],
            "embeds": [self._resolved_embed(embed) for embed in self.embeds],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": False,
            "timestamp": self.timestamp,
            "edited_timestamp": self.edited_timestamp,
            "flags": self.flags,
            "components": self.components,
        }
        if self.webhook_id:
            data["webhook_id"] = self.webhook_id
        if self.interaction_metadata is not None:
            data["interaction_metadata"] = self.interaction_metadata
        return data

    def _resolved_embed(self, embed: dict[str, Any]) -> dict[str, Any]:
        resolved = {"type": "rich", **embed}
        for key in ("image", "thumbnail"):
            url = (embed.get(key) or {}).get("url", "")
            if url.startswith("attachment://"):
                found = [a for a in self.attachments if a.filename == url[13:]]
                if found:
                    image: dict[str, Any] = {"url": found[0].url(self.channel_id)}
                    image["proxy_url"] = image["url"].replace(CDN, "https://media.discordapp.net")
                    size = png_size(found[0].data)
                    if size is not None:
                        image["width"], image["height"] = size
                    resolved[key] = image
        return resolved


@dataclass(frozen=True, slots=True)
class FakeWebhook:
    id: str
    token: str
    channel_id: str
    api_base: str
    application_id: str | None = None
    """Set when an application created it with its bot token (it may send any component)."""

    @property
    def url(self) -> str:
        """As Discord shows it (and as it sits in the config); the client rebases it."""
        return f"https://discord.com/api/webhooks/{self.id}/{self.token}"

    @property
    def local_url(self) -> str:
        return f"{self.api_base}/webhooks/{self.id}/{self.token}"


def new_token() -> str:
    return secrets.token_urlsafe(48)


def png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] != _PNG_SIGNATURE or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def user_json(user_id: str) -> dict[str, Any]:
    return {
        "id": user_id,
        "username": f"user{user_id[-4:]}",
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
    }


def command_json(
    command: dict[str, Any], *, command_id: str, application_id: str, guild_id: str | None
) -> dict[str, Any]:
    """Discord's echo of a bulk-overwritten command."""
    echoed: dict[str, Any] = {
        "id": command_id,
        "application_id": application_id,
        "version": command_id,
        "type": command.get("type") or 1,
        "name": command["name"],
        "description": command.get("description") or "",
        "default_member_permissions": _permissions(command.get("default_member_permissions")),
        "nsfw": bool(command.get("nsfw")),
        "contexts": command.get("contexts"),
        "integration_types": command.get("integration_types") or [0],
    }
    for key in ("options", "name_localizations", "description_localizations"):
        if command.get(key) is not None:
            echoed[key] = command[key]
    if guild_id is not None:
        echoed["guild_id"] = guild_id
    return echoed


def _permissions(value: object) -> str | None:
    return None if value is None else str(value)
