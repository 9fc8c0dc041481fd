"""Message components the bot sends: rows of link buttons (they open a URL, no interaction) and
of buttons whose click comes back as an interaction carrying their ``custom_id``."""

from __future__ import annotations

from typing import Literal

import msgspec

__all__ = ["ActionRow", "Button", "LinkButton"]


class LinkButton(msgspec.Struct, frozen=True):
    label: str
    url: str
    type: Literal[2] = 2
    style: Literal[5] = 5
    """5: a link button, which opens ``url`` in the browser."""


class Button(msgspec.Struct, frozen=True):
    label: str
    custom_id: str
    """At most 100 characters; the click's interaction carries it back."""
    type: Literal[2] = 2
    style: Literal[1, 2] = 2
    """1: primary (blurple), 2: secondary (grey)."""


class ActionRow(msgspec.Struct, frozen=True):
    components: list[LinkButton | Button]
    type: Literal[1] = 1
