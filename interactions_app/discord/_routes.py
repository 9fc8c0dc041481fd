"""Routes (what is requested, shown without secrets) and the masking of tokens in text."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from ._errors import DiscordWebhookURLError

_WEBHOOK_URL = re.compile(
    r"^https?://[^/\s]+(?:/api(?:/v\d+)?)?/webhooks/(?P<id>\d+)/(?P<token>[^/?#\s]+)/?(?:\?[^#]*)?$"
)
_SECRET_IN_PATH = re.compile(r"/(webhooks|interactions)/(\d+)/[^/?#\s\"']+")
_BOT_TOKEN = re.compile(r"\b(Bot|Bearer)\s+[^\s\"',]+")

MASK = "***"


_IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class Route:
    """One request target. ``str(route)`` is safe to log: ``PATCH /webhooks/{webhook_id}/…``."""

    method: str
    template: str
    params: dict[str, str] = field(default_factory=dict[str, str])
    bot: bool = False
    """Bot routes carry ``Authorization: Bot <token>``; webhook routes never do."""

    def __str__(self) -> str:
        return f"{self.method} {self.template}"

    def __repr__(self) -> str:
        return f"Route({self.method!r}, {self.template!r})"

    @property
    def idempotent(self) -> bool:
        """Whether sending it twice does no more than sending it once.

        Create DM answers the existing channel when there is one, so it counts; a POST that
        creates a message does not (webhooks take no nonce)."""
        return self.method in _IDEMPOTENT_METHODS or self.template == "/users/@me/channels"

    def path(self) -> str:
        values = {key: quote(value, safe="@") for key, value in self.params.items()}
        return self.template.format(**values)

    @property
    def bucket_key(self) -> str:
        """Method + template + major parameter; a webhook's token only as a digest."""
        major = ""
        if "webhook_id" in self.params:
            token = self.params.get("webhook_token", "")
            digest = hashlib.sha256(token.encode()).hexdigest()[:16]
            major = f"{self.params['webhook_id']}:{digest}"
        elif "channel_id" in self.params:
            major = self.params["channel_id"]
        elif "application_id" in self.params:
            major = self.params["application_id"]
        return f"{self} {major}"


def parse_webhook_url(url: str) -> tuple[str, str]:
    """``(webhook_id, webhook_token)`` of a ``https://discord.com/api/webhooks/ID/TOKEN`` URL.

    Only the id and token are used: the request goes to ``{api_base}/webhooks/{id}/{token}``,
    so the configured API base (a fake in tests, another API version) applies to webhooks too.
    """
    match = _WEBHOOK_URL.match(url.strip())
    if match is None:
        raise DiscordWebhookURLError
    return match["id"], match["token"]


def redact(text: str) -> str:
    """Mask webhook/interaction tokens in paths and bot tokens in header-like text."""
    text = _SECRET_IN_PATH.sub(rf"/\1/\2/{MASK}", text)
    return _BOT_TOKEN.sub(rf"\1 {MASK}", text)


class RedactingFilter(logging.Filter):
    """Masks tokens in records of loggers we do not own (httpx logs every request URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True


def install_log_redaction(logger_name: str = "httpx") -> None:
    logger = logging.getLogger(logger_name)
    if not any(isinstance(existing, RedactingFilter) for existing in logger.filters):
        logger.addFilter(RedactingFilter())
