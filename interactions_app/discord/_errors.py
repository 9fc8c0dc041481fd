"""Everything that can go wrong talking to Discord's REST API.

Callers catch the level they care about::

    DiscordError                    base: anything this package raises
    ├── DiscordHTTPError            Discord answered 4xx (not 429): status, code, message
    │   ├── DiscordAuthError        401/403: token refused, expired or missing permission
    │   └── DiscordNotFound         404: unknown webhook, message, channel or user
    ├── DiscordUnavailable          network errors or 5xx that outlived the retries
    │   ├── DiscordRateLimited      429 whose retry_after is longer than we are willing to wait
    │   └── DiscordOutcomeUnknown   a message POST whose answer was lost: it may exist or not
    ├── DiscordLimitError           a message breaks a Discord limit; refused before sending
    └── DiscordWebhookURLError      a configured webhook URL that is not one

Every class has a plain English ``str()`` for the operator's log and ``explain(t)`` for a
person in Discord. Neither ever contains a token: routes are shown as templates
(``/webhooks/{webhook_id}/{webhook_token}``), never as the URL that was requested.
"""

from __future__ import annotations

from renderer.translation import Translator

# Discord JSON error codes we explain specifically (opcodes-and-status-codes.mdx).
UNKNOWN_CHANNEL = 10003
UNKNOWN_MESSAGE = 10008
UNKNOWN_WEBHOOK = 10015
UNKNOWN_USER = 10013
UNKNOWN_INTERACTION = 10062
MISSING_ACCESS = 50001
CANNOT_DM_USER = 50007
MISSING_PERMISSIONS = 50013
INVALID_WEBHOOK_TOKEN = 50027
INVALID_FORM_BODY = 50035
ENTITY_TOO_LARGE = 40005


class DiscordError(Exception):
    """Base class: ``str()`` is for logs, ``explain(t)`` for people."""

    def explain(self, t: Translator) -> str:
        return t.gettext("Discord could not be reached or refused the request.")


class DiscordHTTPError(DiscordError):
    """Discord answered with a 4xx status other than 429."""

    def __init__(self, status: int, code: int, message: str, *, route: str = "") -> None:
        self.status = status
        self.code = code
        self.message = message
        self.route = route
        super().__init__(f"Discord answered HTTP {status} (code {code}: {message}) to {route}")

    def explain(self, t: Translator) -> str:
        if self.code == CANNOT_DM_USER:
            return t.gettext(
                "Discord does not let the bot send you a direct message (code 50007). "
                "Allow direct messages from server members, or ask for the answer in a channel."
            )
        if self.code == INVALID_FORM_BODY:
            return t.gettext(
                "Discord rejected the message as malformed (code 50035: {message})."
            ).format(message=self.message)
        if self.code == ENTITY_TOO_LARGE or self.status == 413:
            return t.gettext(
                "The images are larger than Discord accepts here. "
                "Try fewer graphs or a shorter time range."
            )
        return t.gettext(
            "Discord refused the request {route} with HTTP {status} (code {code}: {message})."
        ).format(route=self.route, status=self.status, code=self.code, message=self.message)


class DiscordAuthError(DiscordHTTPError):
    """401 or 403: the token was refused or the bot lacks a permission.

    Status 0 means no request was made: a bot route was called without a bot token."""

    def explain(self, t: Translator) -> str:
        if self.status == 0:
            return t.gettext(
                "No bot token is configured, so the bot cannot do this. "
                "Set DISCORD_BOT_TOKEN in the configuration."
            )
        if self.code == INVALID_WEBHOOK_TOKEN:
            return t.gettext(
                "The interaction expired before the answer was ready (Discord allows 15 "
                "minutes). Please run the command again."
            )
        if self.status == 401:
            return t.gettext(
                "Discord refused the bot token (HTTP 401). "
                "Check DISCORD_BOT_TOKEN in the configuration and restart the bot."
            )
        if self.code in (MISSING_PERMISSIONS, MISSING_ACCESS):
            return t.gettext(
                "The bot lacks a permission in that channel (code {code}: {message}). "
                "Give it View Channel, Send Messages, Embed Links and Attach Files."
            ).format(code=self.code, message=self.message)
        return super().explain(t)


class DiscordNotFound(DiscordHTTPError):
    """404: the webhook, message, channel or user does not exist (any more)."""

    def explain(self, t: Translator) -> str:
        if self.code == UNKNOWN_WEBHOOK:
            return t.gettext(
                "Discord does not know this webhook any more (code 10015). "
                "Create a new webhook and put its URL in DISCORD_WEBHOOK_URL."
            )
        if self.code == UNKNOWN_MESSAGE:
            return t.gettext("The message to change no longer exists in Discord (code 10008).")
        if self.code == UNKNOWN_CHANNEL:
            return t.gettext("Discord does not know that channel (code 10003).")
        if self.code == UNKNOWN_INTERACTION:
            return t.gettext(
                "The interaction is no longer known to Discord (code 10062). "
                "Please run the command again."
            )
        return super().explain(t)


class DiscordUnavailable(DiscordError):
    """Discord could not be reached, or kept failing (5xx) through every retry."""

    def __init__(self, reason: str, *, route: str = "", attempts: int = 1) -> None:
        self.reason = reason
        self.route = route
        self.attempts = attempts
        super().__init__(f"Discord unavailable for {route} after {attempts} attempt(s): {reason}")

    def explain(self, t: Translator) -> str:
        return t.ngettext(
            "Discord did not answer properly after {attempts} attempt ({reason}). "
            "Please try again in a few minutes.",
            "Discord did not answer properly after {attempts} attempts ({reason}). "
            "Please try again in a few minutes.",
            self.attempts,
        ).format(attempts=self.attempts, reason=self.reason)


class DiscordOutcomeUnknown(DiscordUnavailable):
    """A request that creates something was sent, and its answer was lost (5xx, a timeout or a
    dropped connection after sending). Discord may have acted: repeating it could post twice,
    so it is never repeated blindly; the caller decides how to find out."""


class DiscordRateLimited(DiscordUnavailable):
    """A 429 asked us to wait longer than ``max_wait``, or kept coming back."""

    def __init__(self, retry_after: float, *, route: str = "", attempts: int = 1) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"rate limited, retry after {retry_after:.1f} s", route=route, attempts=attempts
        )

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "Discord is rate limiting the bot; it asked to wait {seconds} seconds. "
            "Please try again later."
        ).format(seconds=round(self.retry_after))


class DiscordLimitError(DiscordError):
    """A message breaks one of Discord's limits; nothing was sent."""

    def __init__(self, limit: str, actual: int, maximum: int, *, where: str = "") -> None:
        self.limit = limit
        self.actual = actual
        self.maximum = maximum
        self.where = where
        place = f" ({where})" if where else ""
        super().__init__(f"Discord limit {limit!r} exceeded{place}: {actual} > {maximum}")

    def explain(self, t: Translator) -> str:
        # ``limit`` is one of the N_-marked names in _limits.py, so it has a catalog entry.
        return t.gettext(
            "The message breaks Discord's limit on {limit}: {actual}, at most {maximum} "
            "allowed. Nothing was sent."
        ).format(limit=t.gettext(self.limit), actual=self.actual, maximum=self.maximum)


class DiscordWebhookURLError(DiscordError):
    """The configured webhook URL does not look like ``…/webhooks/{id}/{token}``."""

    def __init__(self) -> None:
        super().__init__(
            "the webhook URL does not look like https://discord.com/api/webhooks/ID/TOKEN"
        )

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "DISCORD_WEBHOOK_URL is not a Discord webhook URL; it should look like "
            "https://discord.com/api/webhooks/ID/TOKEN (copy it from the channel's Integrations)."
        )
