"""Interaction responses (the body of the 200 answer to Discord's POST) as msgspec types."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from ._components import ActionRow
from ._limits import MAX_CONTENT
from ._messages import EPHEMERAL, AllowedMentions, Embed

__all__ = [
    "MAX_CHOICES",
    "AutocompleteData",
    "AutocompleteResult",
    "ChannelMessage",
    "Choice",
    "DeferredChannelMessage",
    "DeferredData",
    "DeferredUpdate",
    "InteractionResponse",
    "MessageData",
    "Pong",
    "UpdateMessage",
    "autocomplete",
    "deferred",
    "encode_response",
    "message",
]

MAX_CHOICES = 25
_MAX_CHOICE_TEXT = 100


class MessageData(msgspec.Struct, frozen=True, omit_defaults=True):
    content: str | None = None
    embeds: list[Embed] | None = None
    flags: int = 0
    allowed_mentions: AllowedMentions = msgspec.field(default_factory=AllowedMentions)
    """``{"parse": []}``: replies may echo user text, which must never ping anyone."""
    components: list[ActionRow] | None = None


class DeferredData(msgspec.Struct, frozen=True):
    flags: int


class Choice(msgspec.Struct, frozen=True):
    name: str
    value: str | int | float


class AutocompleteData(msgspec.Struct, frozen=True):
    choices: list[Choice]


class Pong(msgspec.Struct, frozen=True, tag_field="type", tag=1):
    pass


class ChannelMessage(msgspec.Struct, frozen=True, tag_field="type", tag=4):
    data: MessageData


class DeferredChannelMessage(msgspec.Struct, frozen=True, tag_field="type", tag=5):
    data: DeferredData


class DeferredUpdate(msgspec.Struct, frozen=True, tag_field="type", tag=6):
    """Components only: the click is acknowledged; the message is edited later (no spinner)."""


class UpdateMessage(msgspec.Struct, frozen=True, tag_field="type", tag=7):
    """Components only: the message the component is on becomes ``data`` at once. The
    explorer's type 7 carries an image, so it goes through ``DiscordRest.update_component_message``
    instead; this inline form is for updates without files."""

    data: MessageData


class AutocompleteResult(msgspec.Struct, frozen=True, tag_field="type", tag=8):
    data: AutocompleteData


InteractionResponse = (
    Pong
    | ChannelMessage
    | DeferredChannelMessage
    | DeferredUpdate
    | UpdateMessage
    | AutocompleteResult
)

_encoder = msgspec.json.Encoder()


def encode_response(response: InteractionResponse) -> bytes:
    return _encoder.encode(response)


def message(
    content: str | None = None,
    *,
    embeds: list[Embed] | None = None,
    ephemeral: bool = False,
) -> ChannelMessage:
    """A type-4 reply; content beyond Discord's 2000 characters is cut with an ellipsis."""
    if content is not None and len(content) > MAX_CONTENT:
        content = content[: MAX_CONTENT - 1] + "…"
    return ChannelMessage(
        MessageData(content=content, embeds=embeds, flags=EPHEMERAL if ephemeral else 0)
    )


def deferred(*, ephemeral: bool) -> DeferredChannelMessage:
    """A type-5 reply ("thinking…"); EPHEMERAL is the only flag Discord accepts here."""
    return DeferredChannelMessage(DeferredData(flags=EPHEMERAL if ephemeral else 0))


def autocomplete(choices: Iterable[tuple[str, str | int | float]]) -> AutocompleteResult:
    """A type-8 reply with at most 25 choices, names and string values cut to 100 characters."""
    out: list[Choice] = []
    for name, value in choices:
        if len(out) == MAX_CHOICES:
            break
        sent = value[:_MAX_CHOICE_TEXT] if isinstance(value, str) else value
        out.append(Choice(name=name[:_MAX_CHOICE_TEXT] or str(sent), value=sent))
    return AutocompleteResult(AutocompleteData(choices=out))
