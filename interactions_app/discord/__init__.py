"""Discord REST: interaction replies, the channel webhook, DMs and command registration.

``DiscordRest`` checks Discord's message limits before sending, honours rate limits and
retries transient failures; errors form the ``DiscordError`` tree (see ``_errors``).
"""

from __future__ import annotations

from ._errors import (
    CANNOT_DM_USER,
    INVALID_FORM_BODY,
    INVALID_WEBHOOK_TOKEN,
    MISSING_PERMISSIONS,
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    DiscordAuthError,
    DiscordError,
    DiscordHTTPError,
    DiscordLimitError,
    DiscordNotFound,
    DiscordOutcomeUnknown,
    DiscordRateLimited,
    DiscordUnavailable,
    DiscordWebhookURLError,
)
from ._limits import (
    DEFAULT_ATTACHMENT_SIZE_LIMIT,
    MAX_CONTENT,
    MAX_DESCRIPTION_ALT,
    MAX_EMBED_DESCRIPTION,
    MAX_EMBED_TITLE,
    MAX_EMBED_TOTAL,
    MAX_EMBEDS,
    MAX_FIELD_VALUE,
    MAX_FILES,
    check_message,
    embed_text_length,
)
from ._messages import (
    EPHEMERAL,
    SUPPRESS_EMBEDS,
    SUPPRESS_NOTIFICATIONS,
    AllowedMentions,
    AttachmentRef,
    Embed,
    EmbedAuthor,
    EmbedField,
    EmbedFooter,
    EmbedImage,
    FileUpload,
    MessagePayload,
    SentAttachment,
    SentMessage,
)
from ._rest import DEFAULT_API_BASE, DiscordRest, default_user_agent
from ._routes import parse_webhook_url, redact
from ._snowflakes import snowflake_at
from .markup import TimestampStyle, format_discord_timestamp

__all__ = [
    "CANNOT_DM_USER",
    "DEFAULT_API_BASE",
    "DEFAULT_ATTACHMENT_SIZE_LIMIT",
    "EPHEMERAL",
    "INVALID_FORM_BODY",
    "INVALID_WEBHOOK_TOKEN",
    "MAX_CONTENT",
    "MAX_DESCRIPTION_ALT",
    "MAX_EMBEDS",
    "MAX_EMBED_DESCRIPTION",
    "MAX_EMBED_TITLE",
    "MAX_EMBED_TOTAL",
    "MAX_FIELD_VALUE",
    "MAX_FILES",
    "MISSING_PERMISSIONS",
    "SUPPRESS_EMBEDS",
    "SUPPRESS_NOTIFICATIONS",
    "UNKNOWN_MESSAGE",
    "UNKNOWN_WEBHOOK",
    "AllowedMentions",
    "AttachmentRef",
    "DiscordAuthError",
    "DiscordError",
    "DiscordHTTPError",
    "DiscordLimitError",
    "DiscordNotFound",
    "DiscordOutcomeUnknown",
    "DiscordRateLimited",
    "DiscordRest",
    "DiscordUnavailable",
    "DiscordWebhookURLError",
    "Embed",
    "EmbedAuthor",
    "EmbedField",
    "EmbedFooter",
    "EmbedImage",
    "FileUpload",
    "MessagePayload",
    "SentAttachment",
    "SentMessage",
    "TimestampStyle",
    "check_message",
    "default_user_agent",
    "embed_text_length",
    "format_discord_timestamp",
    "parse_webhook_url",
    "redact",
    "snowflake_at",
]
