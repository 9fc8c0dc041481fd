"""Incoming interactions as msgspec types, a tagged union on ``type``.

Only the fields the bot reads are declared; Discord adds fields over time and msgspec ignores
unknown ones. An unknown interaction ``type`` fails to decode, which the app answers with 400.
"""

from __future__ import annotations

from typing import Any

import msgspec

from ._limits import DEFAULT_ATTACHMENT_SIZE_LIMIT
from ._messages import EPHEMERAL

__all__ = [
    "ApplicationCommand",
    "Autocomplete",
    "CommandData",
    "CommandOption",
    "ComponentData",
    "ComponentMessage",
    "Interaction",
    "InteractionDecodeError",
    "InteractionMetadata",
    "Member",
    "MessageComponent",
    "ModalData",
    "ModalSubmit",
    "Ping",
    "User",
    "decode_interaction",
]

OptionValue = str | int | float | bool


class User(msgspec.Struct, frozen=True):
    id: str
    username: str = ""
    global_name: str | None = None


class Member(msgspec.Struct, frozen=True):
    user: User | None = None
    roles: list[str] = msgspec.field(default_factory=list)
    permissions: str = "0"


class CommandOption(msgspec.Struct, frozen=True):
    name: str
    type: int
    value: OptionValue | None = None
    options: list[CommandOption] = msgspec.field(default_factory=list)
    focused: bool = False


class CommandData(msgspec.Struct, frozen=True):
    id: str
    name: str
    type: int = 1
    options: list[CommandOption] = msgspec.field(default_factory=list)
    guild_id: str | None = None


class ComponentData(msgspec.Struct, frozen=True):
    custom_id: str
    component_type: int
    values: list[str] = msgspec.field(default_factory=list)


class InteractionMetadata(msgspec.Struct, frozen=True):
    """Who caused a message that answers an interaction (its ``user``)."""

    id: str
    type: int
    user: User | None = None


class ComponentMessage(msgspec.Struct, frozen=True):
    """The message a clicked component is on: whose answer it is, and whether it is private."""

    id: str
    channel_id: str = ""
    flags: int = 0
    interaction_metadata: InteractionMetadata | None = None
    embeds: list[msgspec.Raw] = msgspec.field(default_factory=list[msgspec.Raw])
    """Kept undecoded: only how many there are matters (several graphs in one message)."""

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def answered_user_id(self) -> str | None:
        """The user whose interaction this message answers; None for other messages."""
        metadata = self.interaction_metadata
        return None if metadata is None or metadata.user is None else metadata.user.id


class ModalData(msgspec.Struct, frozen=True):
    custom_id: str
    components: list[dict[str, Any]] = msgspec.field(default_factory=list)


class _Interaction(msgspec.Struct, frozen=True, kw_only=True, tag_field="type"):
    id: str
    application_id: str
    token: str
    version: int = 1
    guild_id: str | None = None
    channel_id: str | None = None
    member: Member | None = None
    user: User | None = None
    locale: str | None = None
    guild_locale: str | None = None
    app_permissions: str = "0"
    attachment_size_limit: int = DEFAULT_ATTACHMENT_SIZE_LIMIT
    context: int | None = None

    @property
    def invoker(self) -> User | None:
        """The user who acted: ``member.user`` in a guild, ``user`` in a DM."""
        if self.member is not None and self.member.user is not None:
            return self.member.user
        return self.user


class Ping(_Interaction, frozen=True, tag=1):
    pass


class ApplicationCommand(_Interaction, frozen=True, tag=2):
    data: CommandData


class MessageComponent(_Interaction, frozen=True, tag=3):
    data: ComponentData
    message: ComponentMessage


class Autocomplete(_Interaction, frozen=True, tag=4):
    data: CommandData


class ModalSubmit(_Interaction, frozen=True, tag=5):
    data: ModalData


Interaction = Ping | ApplicationCommand | MessageComponent | Autocomplete | ModalSubmit


class InteractionDecodeError(ValueError):
    """The body is not an interaction this bot understands (not JSON, wrong shape, unknown type)."""


_decoder = msgspec.json.Decoder(Interaction)


def decode_interaction(body: bytes) -> Interaction:
    try:
        return _decoder.decode(body)
    except msgspec.DecodeError as exc:
        # The message names the JSON path and the problem, never the values (no token leaks).
        raise InteractionDecodeError(str(exc)) from exc
