"""The Discord REST client: interaction replies, channel webhook, DMs, command registration."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any, Self

import anyio
import httpx

from interactions_app.version import package_version

from ._errors import UNKNOWN_WEBHOOK, DiscordNotFound
from ._limits import DEFAULT_ATTACHMENT_SIZE_LIMIT, check_message
from ._messages import (
    ApplicationCommandInfo,
    ChannelMessage,
    CreatedWebhook,
    DMChannel,
    FileUpload,
    MessagePayload,
    SentMessage,
    WebhookInfo,
)
from ._multipart import Body, callback_body, json_body, message_body
from ._ratelimit import Clock, Sleep
from ._routes import Route, install_log_redaction, parse_webhook_url
from ._transport import Transport, decode

logger = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/engels74/tgraph-bot"
DEFAULT_API_BASE = "https://discord.com/api/v10"

_WEBHOOK = "/webhooks/{webhook_id}/{webhook_token}"
_WEBHOOK_MESSAGE = _WEBHOOK + "/messages/{message_id}"
_ORIGINAL = _WEBHOOK + "/messages/@original"


def default_user_agent() -> str:
    return f"DiscordBot ({PROJECT_URL}, {package_version()})"


class DiscordRest:
    """Async client for the few REST routes the bot uses.

    Every request honours ``X-RateLimit-*`` buckets and 429 ``retry_after``, retries network
    errors and 5xx of idempotent routes with exponential backoff (a message POST whose answer
    was lost raises ``DiscordOutcomeUnknown`` instead of posting twice), and raises the
    ``DiscordError`` tree. Messages
    are checked against Discord's limits before anything is sent. Webhook routes never carry
    the bot token; nothing logged or raised contains a token (constructing a client also
    masks tokens in the ``httpx`` logger's request lines).

    Webhook URLs (``https://discord.com/api/webhooks/{id}/{token}``) are only read for their
    id and token; requests go to ``{api_base}/webhooks/{id}/{token}``, so a test pointing
    ``api_base`` at a fake catches the channel webhook too.
    """

    def __init__(
        self,
        *,
        api_base: str = DEFAULT_API_BASE,
        bot_token: str = "",
        http: httpx.AsyncClient | None = None,
        user_agent: str | None = None,
        attachment_size_limit: int = DEFAULT_ATTACHMENT_SIZE_LIMIT,
        max_attempts: int = 5,
        backoff: float = 0.5,
        max_wait: float = 60.0,
        max_total_wait: float = 120.0,
        timeout: float = 30.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = anyio.sleep,
    ) -> None:
        self._own_http = http is None
        self._http = http if http is not None else httpx.AsyncClient(timeout=timeout)
        self._attachment_size_limit = attachment_size_limit
        self._transport = Transport(
            api_base=api_base,
            bot_token=bot_token,
            http=self._http,
            user_agent=user_agent or default_user_agent(),
            max_attempts=max_attempts,
            backoff=backoff,
            max_wait=max_wait,
            max_total_wait=max_total_wait,
            clock=clock,
            sleep=sleep,
        )
        install_log_redaction()

    @property
    def has_bot_token(self) -> bool:
        return self._transport.has_bot_token

    def __repr__(self) -> str:
        token = "set" if self._transport.has_bot_token else "unset"
        return f"DiscordRest(api_base={self._transport.api_base!r}, bot_token=<{token}>)"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if we created it; an injected one belongs to the caller."""
        if self._own_http:
            await self._http.aclose()

    # Interaction replies: the interaction token is a webhook token (receiving-and-responding).

    async def edit_original(
        self,
        application_id: str,
        token: str,
        message: MessagePayload,
        files: Sequence[FileUpload] = (),
        *,
        attachment_size_limit: int | None = None,
    ) -> SentMessage:
        """PATCH ``/webhooks/{application_id}/{token}/messages/@original``."""
        route = self._webhook_route("PATCH", _ORIGINAL, application_id, token)
        return await self._send(route, message, files, self._size(attachment_size_limit))

    async def create_followup(
        self,
        application_id: str,
        token: str,
        message: MessagePayload,
        files: Sequence[FileUpload] = (),
        *,
        attachment_size_limit: int | None = None,
    ) -> SentMessage:
        """POST ``/webhooks/{application_id}/{token}``: a follow-up (``wait`` is implied)."""
        route = self._webhook_route("POST", _WEBHOOK, application_id, token)
        return await self._send(route, message, files, self._size(attachment_size_limit))

    async def update_component_message(
        self,
        interaction_id: str,
        token: str,
        message: MessagePayload,
        files: Sequence[FileUpload] = (),
        *,
        attachment_size_limit: int | None = None,
    ) -> None:
        """POST ``/interactions/{id}/{token}/callback`` type 7 (UPDATE_MESSAGE), files included.

        The initial response to a component click, sent here rather than inline because it
        uploads files; the caller answers Discord's POST with 202 and no body."""
        check_message(message, files, attachment_size_limit=self._size(attachment_size_limit))
        route = Route(
            "POST",
            "/interactions/{interaction_id}/{interaction_token}/callback",
            {"interaction_id": interaction_id, "interaction_token": token},
        )
        body = callback_body(7, message, files)
        await self._transport.request(route, body)

    # Channel webhook (scheduled posts).

    async def execute_webhook(
        self,
        webhook_url: str,
        message: MessagePayload,
        files: Sequence[FileUpload] = (),
        *,
        thread_id: str | None = None,
    ) -> SentMessage:
        """POST ``{api_base}/webhooks/{id}/{token}?wait=true`` (id and token from the URL).

        A message with components asks for them with ``with_components=true``: without it
        Discord ignores them. Only an application-owned webhook may send interactive ones."""
        check_message(message, files, attachment_size_limit=self._attachment_size_limit)
        route = self._webhook_route("POST", _WEBHOOK, *parse_webhook_url(webhook_url))
        query = {"wait": "true"} | ({"thread_id": thread_id} if thread_id else {})
        if message.components:
            query["with_components"] = "true"
        return await self._message_request(route, message_body(message, files), query)

    async def edit_webhook_message(
        self,
        webhook_url: str,
        message_id: str,
        message: MessagePayload,
        files: Sequence[FileUpload] = (),
    ) -> SentMessage:
        """PATCH a message the webhook posted; ``message.attachments`` lists those to keep."""
        check_message(message, files, attachment_size_limit=self._attachment_size_limit)
        webhook_id, token = parse_webhook_url(webhook_url)
        route = self._webhook_route("PATCH", _WEBHOOK_MESSAGE, webhook_id, token, message_id)
        return await self._message_request(route, message_body(message, files))

    async def get_webhook(self, webhook_url: str) -> WebhookInfo:
        """GET the webhook with its own token: its id, channel and owning application."""
        route = self._webhook_route("GET", _WEBHOOK, *parse_webhook_url(webhook_url))
        return decode(await self._transport.request(route), WebhookInfo, route)

    async def delete_webhook_message(self, webhook_url: str, message_id: str) -> bool:
        """DELETE a message the webhook posted. False if it was already gone (404 10008).

        A 404 for the webhook itself (10015: deleted or wrong URL) is raised, not swallowed:
        the message may well still be there."""
        webhook_id, token = parse_webhook_url(webhook_url)
        route = self._webhook_route("DELETE", _WEBHOOK_MESSAGE, webhook_id, token, message_id)
        try:
            await self._transport.request(route)
        except DiscordNotFound as error:
            if error.code == UNKNOWN_WEBHOOK:
                raise
            logger.info("Message %s was already deleted (code %s)", message_id, error.code)
            return False
        return True

    # Bot-token routes.

    async def create_dm(self, user_id: str) -> str:
        """POST ``/users/@me/channels``: the id of the DM channel with ``user_id``."""
        route = Route("POST", "/users/@me/channels", bot=True)
        response = await self._transport.request(route, json_body({"recipient_id": user_id}))
        return decode(response, DMChannel, route).id

    async def list_messages_after(
        self, channel_id: str, after: str, *, limit: int = 100
    ) -> list[ChannelMessage]:
        """GET up to ``limit`` messages newer than snowflake ``after``, oldest first.

        Needs the bot user in the server with View Channel and Read Message History there."""
        route = Route("GET", "/channels/{channel_id}/messages", {"channel_id": channel_id}, True)
        query = {"after": after, "limit": str(limit)}
        listed = decode(
            await self._transport.request(route, None, query), list[ChannelMessage], route
        )
        return sorted(listed, key=lambda message: int(message.id))

    async def create_message(
        self, channel_id: str, message: MessagePayload, files: Sequence[FileUpload] = ()
    ) -> SentMessage:
        """POST ``/channels/{channel_id}/messages``."""
        route = Route("POST", "/channels/{channel_id}/messages", {"channel_id": channel_id}, True)
        return await self._send(route, message, files, self._attachment_size_limit)

    async def send_dm(
        self, user_id: str, message: MessagePayload, files: Sequence[FileUpload] = ()
    ) -> SentMessage:
        """``create_dm`` + ``create_message``; limits are checked before either request."""
        check_message(message, files, attachment_size_limit=self._attachment_size_limit)
        return await self.create_message(await self.create_dm(user_id), message, files)

    async def list_commands(
        self, application_id: str, guild_id: str | None = None
    ) -> list[ApplicationCommandInfo]:
        """GET the registered commands with their ids, global or of one server."""
        params = {"application_id": application_id}
        template = "/applications/{application_id}/commands"
        if guild_id is not None:
            params["guild_id"] = guild_id
            template = "/applications/{application_id}/guilds/{guild_id}/commands"
        route = Route("GET", template, params, bot=True)
        return decode(await self._transport.request(route), list[ApplicationCommandInfo], route)

    async def create_channel_webhook(self, channel_id: str, name: str) -> CreatedWebhook:
        """POST ``/channels/{channel_id}/webhooks`` with the bot token (Manage Webhooks): a
        webhook owned by this application, so its messages may carry interactive buttons."""
        route = Route("POST", "/channels/{channel_id}/webhooks", {"channel_id": channel_id}, True)
        response = await self._transport.request(route, json_body({"name": name}))
        return decode(response, CreatedWebhook, route)

    async def bulk_overwrite_commands(
        self,
        application_id: str,
        commands: list[dict[str, Any]],
        guild_id: str | None = None,
    ) -> list[dict[str, Any]]:
        """PUT the full command list, globally or for one guild; Discord's echo (with ids)."""
        params = {"application_id": application_id}
        template = "/applications/{application_id}/commands"
        if guild_id is not None:
            params["guild_id"] = guild_id
            template = "/applications/{application_id}/guilds/{guild_id}/commands"
        route = Route("PUT", template, params, bot=True)
        response = await self._transport.request(route, json_body(commands))
        return decode(response, list[dict[str, Any]], route)

    # Plumbing.

    def _size(self, limit: int | None) -> int:
        return self._attachment_size_limit if limit is None else limit

    @staticmethod
    def _webhook_route(
        method: str, template: str, webhook_id: str, token: str, message_id: str | None = None
    ) -> Route:
        params = {"webhook_id": webhook_id, "webhook_token": token}
        if message_id is not None:
            params["message_id"] = message_id
        return Route(method, template, params)

    async def _send(
        self, route: Route, message: MessagePayload, files: Sequence[FileUpload], size_limit: int
    ) -> SentMessage:
        """Limits checked, then sent. Routes read from a webhook URL check the message before
        parsing the URL, so they call ``_message_request`` directly."""
        check_message(message, files, attachment_size_limit=size_limit)
        return await self._message_request(route, message_body(message, files))

    async def _message_request(
        self, route: Route, body: Body, query: dict[str, str] | None = None
    ) -> SentMessage:
        return decode(await self._transport.request(route, body, query), SentMessage, route)
