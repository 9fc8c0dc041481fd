"""Message payloads as Discord expects them, and the little we read back from its answers.

``None`` means "leave out": on an edit (PATCH) a field that is not sent keeps its value, so
``embeds=[]`` (clear the embeds) and ``embeds=None`` (keep them) are different requests.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from interactions_app.discord._components import ActionRow

EPHEMERAL = 64
"""Message flag: only the invoking user sees the message (interaction replies only)."""
SUPPRESS_EMBEDS = 4
SUPPRESS_NOTIFICATIONS = 4096

MentionType = Literal["users", "roles", "everyone"]


class AllowedMentions(msgspec.Struct, frozen=True):
    """Which mentions may ping. ``AllowedMentions()`` (``{"parse": []}``) pings nobody.

    ``parse`` is always sent (an empty list is what switches pings off); ``users`` and ``roles``
    are left out unless given.
    """

    parse: list[MentionType] = msgspec.field(default_factory=list)
    users: list[str] | msgspec.UnsetType = msgspec.UNSET
    roles: list[str] | msgspec.UnsetType = msgspec.UNSET


class EmbedImage(msgspec.Struct, frozen=True):
    """An image or thumbnail: an https URL, or ``attachment://<filename>`` of an upload."""

    url: str


class EmbedField(msgspec.Struct, frozen=True, omit_defaults=True):
    name: str
    value: str
    inline: bool = False


class EmbedFooter(msgspec.Struct, frozen=True, omit_defaults=True):
    text: str
    icon_url: str | None = None


class EmbedAuthor(msgspec.Struct, frozen=True, omit_defaults=True):
    name: str
    url: str | None = None
    icon_url: str | None = None


class Embed(msgspec.Struct, frozen=True, omit_defaults=True):
    title: str | None = None
    description: str | None = None
    url: str | None = None
    color: int | None = None
    timestamp: str | None = None
    """ISO 8601, e.g. ``datetime.now(UTC).isoformat()``."""
    image: EmbedImage | None = None
    thumbnail: EmbedImage | None = None
    author: EmbedAuthor | None = None
    footer: EmbedFooter | None = None
    fields: list[EmbedField] = msgspec.field(default_factory=list)


class AttachmentRef(msgspec.Struct, frozen=True, omit_defaults=True):
    """An entry of ``attachments``: an existing attachment's snowflake (to keep it on an edit)
    or the placeholder index ``n`` of a ``files[n]`` upload."""

    id: int | str
    filename: str | None = None
    description: str | None = None


class FileUpload(msgspec.Struct, frozen=True):
    """A file to upload with a message; ``description`` is the alt text (at most 1024)."""

    filename: str
    data: bytes
    description: str | None = None
    content_type: str = "image/png"

    def __repr__(self) -> str:
        return f"FileUpload(filename={self.filename!r}, size={len(self.data)})"


class MessagePayload(msgspec.Struct, frozen=True, omit_defaults=True):
    """The JSON body of a message create or edit (without the files)."""

    content: str | None = None
    embeds: list[Embed] | None = None
    flags: int | None = None
    allowed_mentions: AllowedMentions | None = None
    """``None`` is sent as ``{"parse": []}``: echoed user data must never ping anyone."""
    attachments: list[AttachmentRef] | None = None
    """On an edit: existing attachments to keep. Uploads are added to this list for you."""
    components: list[ActionRow] | None = None
    """On an edit, ``[]`` removes the buttons."""


class SentAttachment(msgspec.Struct, frozen=True):
    id: str
    filename: str
    size: int = 0
    url: str = ""


class SentMessage(msgspec.Struct, frozen=True):
    """What we keep of Discord's Message answer."""

    id: str
    channel_id: str
    attachments: list[SentAttachment] = msgspec.field(default_factory=list)


class ChannelMessage(msgspec.Struct, frozen=True):
    """A message as listed in a channel: only what tells who posted it (never its content)."""

    id: str
    webhook_id: str | None = None


class WebhookInfo(msgspec.Struct, frozen=True):
    """A webhook read with its own token: which channel it posts to and, for a webhook an
    application created with its bot token, that application (it may send interactive
    components; webhook.mdx, "Execute Webhook")."""

    id: str
    channel_id: str
    application_id: str | None = None
    guild_id: str | None = None


class CreatedWebhook(msgspec.Struct, frozen=True):
    """A webhook the bot just created: its token makes the URL the config needs."""

    id: str
    token: str
    channel_id: str
    application_id: str | None = None

    def __repr__(self) -> str:
        return f"CreatedWebhook(id={self.id!r}, channel_id={self.channel_id!r}, token=<hidden>)"

    @property
    def url(self) -> str:
        """The form Discord shows and ``DISCORD_WEBHOOK_URL`` takes."""
        return f"https://discord.com/api/webhooks/{self.id}/{self.token}"


class ApplicationCommandInfo(msgspec.Struct, frozen=True):
    """A registered command as listed: what a ``</name:id>`` mention needs."""

    id: str
    name: str
    type: int = 1


class DMChannel(msgspec.Struct, frozen=True):
    id: str
    type: int


class ErrorBody(msgspec.Struct, frozen=True):
    """Discord's error answer; 429s add ``retry_after`` and ``global``."""

    message: str = ""
    code: int = 0
    retry_after: float | None = None
    is_global: bool = msgspec.field(default=False, name="global")
    errors: dict[str, object] | None = None
    """50035 details: nested by field path, leaves ``{"_errors": [{code, message}]}``."""
