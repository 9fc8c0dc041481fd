"""The fake Discord's world: channels, messages, webhooks, interactions, DMs and commands,
and how each implemented route changes it. ``DiscordFake`` adds the HTTP server on top."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from starlette.responses import JSONResponse, Response

from tests.fakes.discord_http import RecordedRequest
from tests.fakes.discord_interactions import (
    InteractionRecord,
    check_callback,
    check_token_alive,
    record_from,
)
from tests.fakes.discord_rules import BOT_ONLY, MESSAGE_EDITS, RequestProblem, component_problems
from tests.fakes.discord_state import (
    FakeAttachment,
    FakeMessage,
    FakeWebhook,
    Snowflakes,
    command_json,
    new_token,
    user_json,
)
from tests.fakes.discord_webhooks import kept_components
from tests.fakes.multipart import Part
from tests.fakes.openapi import Match, load_spec

DEFAULT_BOT_TOKEN = "fake-bot-token.NOT.REAL"
DEFAULT_APPLICATION_ID = "1234567890123456789"
EPHEMERAL_FLAG = 64
_TRUE = ("true", "True", "1")


class DiscordWorld:
    """State shared by the server thread and the test; every access holds ``_lock``."""

    def __init__(
        self,
        *,
        bot_token: str = DEFAULT_BOT_TOKEN,
        application_id: str = DEFAULT_APPLICATION_ID,
        attachment_size_limit: int = 10 * 1024 * 1024,
    ) -> None:
        self.bot_token = bot_token
        self.application_id = application_id
        self.attachment_size_limit = attachment_size_limit
        self.snowflakes = Snowflakes()
        self.interaction_channel_id = self.snowflakes.next()
        self.guild_id = self.snowflakes.next()
        self._lock = threading.RLock()
        self._messages: dict[str, FakeMessage] = {}
        self._webhooks: dict[str, FakeWebhook] = {}
        self._originals: dict[str, str] = {}  # interaction token -> message id
        self._interaction_channels: dict[str, str] = {}
        self._expired: set[str] = set()
        self._acknowledged: set[str] = set()  # interaction tokens with a callback
        self._dm_channels: dict[str, str] = {}  # user id -> channel id
        self._blocked_dm_channels: set[str] = set()
        self._hidden_channels: set[str] = set()  # the bot user cannot read them (50001)
        self._commands: dict[str | None, list[dict[str, Any]]] = {}
        self._command_ids: dict[tuple[str | None, str, int], str] = {}
        self._components: dict[str, list[dict[str, Any]]] = {}  # channel webhook messages
        self._no_manage_webhooks: set[str] = set()  # channels where creating one answers 50013
        self._interactions: dict[str, InteractionRecord] = {}  # token -> record
        self.clock: Callable[[], float] = time.monotonic
        """Seconds; interaction deadlines (3 s, 15 min) are measured on it. Tests replace it."""
        self.callback_problems: list[str] = []
        """Initial responses (inline answers) that broke Discord's rules or the spec."""

    @property
    def api_base(self) -> str:
        raise NotImplementedError

    # Setting the scene.

    def create_webhook(
        self, channel_id: str | None = None, *, application_id: str | None = None
    ) -> FakeWebhook:
        """A webhook made in Discord's channel settings, or by an application's bot token."""
        webhook = FakeWebhook(
            self.snowflakes.next(),
            new_token(),
            channel_id or self.snowflakes.next(),
            self.api_base,
            application_id,
        )
        with self._lock:
            self._webhooks[webhook.id] = webhook
        return webhook

    def delete_webhook(self, webhook_id: str) -> None:
        """The webhook is gone: its routes answer 404 / 10015 Unknown Webhook."""
        with self._lock:
            self._webhooks.pop(webhook_id, None)

    def deny_manage_webhooks(self, channel_id: str) -> None:
        """The bot lacks Manage Webhooks there: creating a webhook answers 403 / 50013."""
        with self._lock:
            self._no_manage_webhooks.add(channel_id)

    def open_interaction(self, token: str, channel_id: str) -> None:
        """Replies to interaction ``token`` go to ``channel_id``."""
        with self._lock:
            self._interaction_channels[token] = channel_id

    def expire_interaction(self, token: str) -> None:
        """The token is older than 15 minutes: its routes answer 401 / 50027."""
        with self._lock:
            self._expired.add(token)

    def block_dms(self, user_id: str) -> None:
        """Messages to this user's DM channel answer 403 / 50007."""
        with self._lock:
            self._blocked_dm_channels.add(self._dm_channel(user_id))

    def hide_channel(self, channel_id: str) -> None:
        """The bot user cannot see the channel: reading it answers 403 / 50001."""
        with self._lock:
            self._hidden_channels.add(channel_id)

    def post_as_webhook(self, webhook: FakeWebhook, content: str) -> FakeMessage:
        """A message someone else sent through the same webhook (not the bot)."""
        with self._lock:
            message = FakeMessage(
                self.snowflakes.next(), webhook.channel_id, content=content, webhook_id=webhook.id
            )
            self._messages[message.id] = message
            return message

    def register_interaction(self, body: dict[str, Any]) -> InteractionRecord:
        """Discord sends ``body`` now: its answer and token are then held to Discord's rules."""
        with self._lock:
            record = record_from(body, self.clock())
            self._interactions[record.token] = record
            if body.get("channel_id"):
                self._interaction_channels[record.token] = body["channel_id"]
            if record.message_id is not None:
                message = self._messages[record.message_id]
                self._interaction_channels[record.token] = message.channel_id
            return record

    def clickable(
        self, message_id: str, custom_id: str, user_id: str, values: list[str] | None
    ) -> tuple[dict[str, Any], int]:
        """``(message JSON, component type)`` for a click Discord would let ``user_id`` make."""
        with self._lock:
            message = self._messages.get(message_id)
            if message is None:
                raise AssertionError(f"no message {message_id} to click on")
            if not message.visible_to(user_id):
                raise AssertionError(f"user {user_id} cannot see the ephemeral message")
            component = message.component(custom_id)
            if component is None:
                raise AssertionError(f"message {message_id} has no component {custom_id!r}")
            if component.get("disabled"):
                raise AssertionError(f"component {custom_id!r} is disabled")
            if component["type"] == 3:
                offered = {option["value"] for option in component.get("options") or []}
                if not values or len(values) != 1 or not set(values) <= offered:
                    raise AssertionError(f"values {values!r} are not one of {sorted(offered)}")
            elif values:
                raise AssertionError("a button click carries no values")
            return message.to_json(), component["type"]

    def answer_inline(self, token: str, response: dict[str, Any] | None) -> None:
        """The app's answer to Discord's POST (None: 202, answered through the callback)."""
        with self._lock:
            record = self._interactions[token]
            if response is None:
                if record.answered_with is None:
                    self.callback_problems.append(f"202 for {record.id} but no callback was sent")
                return
            spec = load_spec()
            callback = spec.operation("create_interaction_response")
            problems = spec.validate(callback, "application/json", response)
            data = response.get("data")
            if isinstance(data, dict):
                problems += component_problems(data.get("components") or [])
                if len(data.get("content") or "") > 2000:
                    problems.append("content longer than 2000 characters")
            try:
                check_callback(record, response.get("type"), data, self.clock())
            except RequestProblem as refused:
                problems += [refused.message, *refused.details]
            if problems:
                self.callback_problems += [f"answer to {record.id}: {p}" for p in problems]
                record.answered_with = 0  # refused: the interaction failed for the user
                return
            self._answer_interaction(record, response["type"], data or {}, [])

    def interaction(self, token: str) -> InteractionRecord | None:
        with self._lock:
            return self._interactions.get(token)

    def unanswered(self, token: str) -> bool:
        """Registered and not answered yet (a webhook call for it waits for the answer)."""
        with self._lock:
            record = self._interactions.get(token)
            return record is not None and record.answered_with is None

    def visible_messages(self, channel_id: str, user_id: str) -> list[FakeMessage]:
        """What ``user_id`` sees in the channel: everything but others' ephemeral messages."""
        with self._lock:
            return [
                m
                for m in self._messages.values()
                if m.channel_id == channel_id and m.visible_to(user_id)
            ]

    # Inspecting.

    def channel_messages(self, channel_id: str) -> list[FakeMessage]:
        """The messages currently in the channel, oldest first (deleted ones are gone)."""
        with self._lock:
            return [m for m in self._messages.values() if m.channel_id == channel_id]

    def message(self, message_id: str) -> FakeMessage | None:
        with self._lock:
            return self._messages.get(message_id)

    def original(self, token: str) -> FakeMessage | None:
        """The original response of interaction ``token``, if it was created."""
        with self._lock:
            message_id = self._originals.get(token)
            return None if message_id is None else self._messages.get(message_id)

    def components(self, message_id: str) -> list[dict[str, Any]]:
        """The components a channel webhook's message kept (Discord's webhook rules applied)."""
        with self._lock:
            return list(self._components.get(message_id, []))

    def dm_channel_id(self, user_id: str) -> str:
        with self._lock:
            return self._dm_channel(user_id)

    def commands(self, guild_id: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._commands.get(guild_id, []))

    # Answering (called by the server with the lock held).

    def dispatch(self, recorded: RecordedRequest, match: Match) -> Response:
        params = match.params
        operation = match.operation.operation_id
        if operation in BOT_ONLY:
            return self._bot_route(operation, recorded, params)
        if operation == "create_interaction_response":
            return self._callback(recorded, params)
        webhook_id, token = params["webhook_id"], params["webhook_token"]
        channel_id = self._webhook_channel(webhook_id, token)
        if operation == "get_webhook_by_token":
            return JSONResponse(self._webhook_json(webhook_id, channel_id))
        if operation == "execute_webhook":
            components = self._webhook_components(recorded, webhook_id)
            message = self._new_message(channel_id, recorded, webhook_id)
            if components:
                self._components[message.id] = components
            record = self._interactions.get(token)
            if record is not None and webhook_id == self.application_id:
                message.interaction_metadata = record.metadata()
            if webhook_id != self.application_id and recorded.query.get("wait") not in _TRUE:
                return Response(status_code=204)
            return JSONResponse(message.to_json())
        message_id = params.get("message_id") or self._originals.get(token)
        if operation == "update_original_webhook_message" and message_id is None:
            message_id = self._new_message(channel_id, None, webhook_id).id
            self._originals[token] = message_id
        message = self._messages.get(message_id or "")
        if message is None or message.webhook_id != webhook_id:
            raise RequestProblem(404, 10008, "Unknown Message")
        if recorded.method == "GET":
            return JSONResponse(message.to_json())
        if recorded.method == "DELETE":
            del self._messages[message.id]
            return Response(status_code=204)
        self._edit(message, recorded.payload or {}, recorded.files)
        return JSONResponse(message.to_json())

    def _bot_route(
        self, operation: str, recorded: RecordedRequest, params: dict[str, str]
    ) -> Response:
        if operation == "create_dm":
            user_id = str(recorded.json["recipient_id"])
            channel = {
                "id": self._dm_channel(user_id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [user_json(user_id)],
            }
            return JSONResponse(channel)
        if operation == "list_messages":
            return self._list_messages(params["channel_id"], recorded.query)
        if operation == "create_webhook":
            return self._create_webhook(params["channel_id"], recorded)
        if operation in ("list_application_commands", "list_guild_application_commands"):
            return JSONResponse(self._commands.get(params.get("guild_id"), []))
        if operation == "create_message":
            if params["channel_id"] in self._blocked_dm_channels:
                raise RequestProblem(403, 50007, "Cannot send messages to this user")
            message = self._new_message(params["channel_id"], recorded, None)
            return JSONResponse(message.to_json())
        guild_id = params.get("guild_id")
        echoed = [
            command_json(
                command,
                command_id=self._command_id(guild_id, command),
                application_id=params["application_id"],
                guild_id=guild_id,
            )
            for command in recorded.json or []
        ]
        self._commands[guild_id] = echoed
        return JSONResponse(echoed)

    def _list_messages(self, channel_id: str, query: dict[str, str]) -> Response:
        """Newest first, like Discord; ``after``/``before`` are exclusive, ``limit`` 1-100."""
        if channel_id in self._hidden_channels:
            raise RequestProblem(403, 50001, "Missing Access")
        limit = int(query.get("limit", "50"))
        if not 1 <= limit <= 100:
            raise RequestProblem(400, 50035, "Invalid Form Body (limit)")
        found = [m for m in self._messages.values() if m.channel_id == channel_id]
        if "after" in query:
            # Discord pages upwards from ``after``: the oldest ``limit`` newer messages.
            found = sorted((m for m in found if int(m.id) > int(query["after"])), key=_id)
            found = sorted(found[:limit], key=_id, reverse=True)
        else:
            if "before" in query:
                found = [m for m in found if int(m.id) < int(query["before"])]
            found = sorted(found, key=_id, reverse=True)[:limit]
        return JSONResponse([message.to_json() for message in found])

    def _webhook_json(self, webhook_id: str, channel_id: str) -> dict[str, Any]:
        webhook = self._webhooks.get(webhook_id)
        return {
            "id": webhook_id,
            "type": 1,
            "name": "TGraph",
            "avatar": None,
            "channel_id": channel_id,
            "guild_id": self.guild_id,
            "application_id": None if webhook is None else webhook.application_id,
        }

    def _webhook_components(self, recorded: RecordedRequest, webhook_id: str) -> list[Any]:
        webhook = self._webhooks.get(webhook_id)
        if webhook is None:  # the application's own interaction webhook: not modelled here
            return []
        return kept_components(recorded, owned=webhook.application_id is not None)

    def _create_webhook(self, channel_id: str, recorded: RecordedRequest) -> Response:
        if channel_id in self._no_manage_webhooks:
            raise RequestProblem(403, 50013, "Missing Permissions")
        webhook = FakeWebhook(
            self.snowflakes.next(), new_token(), channel_id, self.api_base, self.application_id
        )
        self._webhooks[webhook.id] = webhook
        created = self._webhook_json(webhook.id, channel_id)
        created["name"] = str((recorded.json or {}).get("name", ""))
        return JSONResponse({**created, "type": 1, "token": webhook.token})

    def _callback(self, recorded: RecordedRequest, params: dict[str, str]) -> Response:
        token = params["interaction_token"]
        record = self._interactions.get(token)
        if record is not None:
            payload = recorded.payload or {}
            check_callback(record, payload.get("type"), payload.get("data"), self.clock())
            self._answer_interaction(
                record, payload["type"], payload.get("data") or {}, recorded.files
            )
            return Response(status_code=204)
        if token in self._acknowledged:
            raise RequestProblem(400, 40060, "Interaction has already been acknowledged.")
        self._acknowledged.add(token)
        callback_type = (recorded.payload or {}).get("type")
        if callback_type in (4, 5) and token not in self._originals:
            channel_id = self._interaction_channels.get(token, self.interaction_channel_id)
            data = (recorded.payload or {}).get("data") or {}
            message = self._new_message(channel_id, recorded, self.application_id, data=data)
            self._originals[token] = message.id
        if recorded.query.get("with_response") in _TRUE:
            interaction = {"id": params["interaction_id"], "type": 2}
            return JSONResponse({"interaction": interaction})
        return Response(status_code=204)

    def _answer_interaction(
        self, record: InteractionRecord, callback_type: int, data: dict[str, Any], files: list[Part]
    ) -> None:
        record.answered_with = callback_type
        if callback_type in (4, 5):
            channel_id = self._interaction_channels.get(record.token, self.interaction_channel_id)
            message = FakeMessage(
                self.snowflakes.next(), channel_id, webhook_id=self.application_id
            )
            message.interaction_metadata = record.metadata()
            self._apply(message, data, files)
            self._messages[message.id] = message
            self._originals[record.token] = message.id
        elif callback_type in (6, 7) and record.message_id is not None:
            # A component's @original is the message the component is on.
            self._originals[record.token] = record.message_id
            if callback_type == 7:
                self._edit(self._messages[record.message_id], data, files)

    def _webhook_channel(self, webhook_id: str, token: str) -> str:
        if webhook_id == self.application_id:
            record = self._interactions.get(token)
            if record is not None:
                if record.answered_with == 0:
                    raise RequestProblem(404, 10015, "Unknown Webhook")
                check_token_alive(record, self.clock())
            if token in self._expired:
                raise RequestProblem(401, 50027, "Invalid Webhook Token")
            return self._interaction_channels.get(token, self.interaction_channel_id)
        webhook = self._webhooks.get(webhook_id)
        if webhook is None or webhook.token != token:
            raise RequestProblem(404, 10015, "Unknown Webhook")
        return webhook.channel_id

    def _new_message(
        self,
        channel_id: str,
        recorded: RecordedRequest | None,
        webhook_id: str | None,
        *,
        data: dict[str, Any] | None = None,
    ) -> FakeMessage:
        message = FakeMessage(self.snowflakes.next(), channel_id, webhook_id=webhook_id)
        if recorded is not None:
            payload = data if data is not None else recorded.payload or {}
            self._apply(message, payload, recorded.files)
        self._messages[message.id] = message
        return message

    def _edit(self, message: FakeMessage, payload: dict[str, Any], files: list[Part]) -> None:
        flags = payload.get("flags")
        if flags is not None:
            # Discord never makes a message ephemeral, or public, by an edit.
            if (flags ^ message.flags) & EPHEMERAL_FLAG:
                self.callback_problems.append(
                    f"an edit of message {message.id} tried to change EPHEMERAL (flags {flags})"
                )
            payload = {
                **payload,
                "flags": (flags & ~EPHEMERAL_FLAG) | (message.flags & EPHEMERAL_FLAG),
            }
        self._apply(message, payload, files)
        message.edits += 1
        message.edited_timestamp = datetime.now(UTC).isoformat()

    def _apply(self, message: FakeMessage, payload: dict[str, Any], files: list[Part]) -> None:
        if "content" in payload:
            message.content = payload["content"] or ""
        if "embeds" in payload:
            message.embeds = payload["embeds"] or []
        if "components" in payload:
            message.components = payload["components"] or []
        if payload.get("flags") is not None:
            message.flags = payload["flags"]
        uploads = {part.name[6:-1]: part for part in files}
        entries = {str(entry["id"]): entry for entry in payload.get("attachments") or []}
        if "attachments" in payload:
            message.attachments = [a for a in message.attachments if a.id in entries]
        for index, part in uploads.items():
            entry = entries.get(index, {})
            message.attachments.append(
                FakeAttachment(
                    id=self.snowflakes.next(),
                    filename=entry.get("filename") or part.filename or "unknown",
                    data=part.data,
                    content_type=part.content_type,
                    description=entry.get("description"),
                )
            )

    def _dm_channel(self, user_id: str) -> str:
        return self._dm_channels.setdefault(user_id, self.snowflakes.next())

    def _command_id(self, guild_id: str | None, command: dict[str, Any]) -> str:
        key = (guild_id, command["name"], command.get("type") or 1)
        return self._command_ids.setdefault(key, self.snowflakes.next())

    def existing_attachments(self, match: Match) -> list[FakeAttachment]:
        """What an edit may keep (for the attachments rule in ``discord_rules``)."""
        if match.operation.operation_id not in MESSAGE_EDITS:
            return []
        token = match.params.get("webhook_token", "")
        message_id = match.params.get("message_id") or self._originals.get(token, "")
        message = self._messages.get(message_id)
        return list(message.attachments) if message else []


def _id(message: FakeMessage) -> int:
    return int(message.id)
