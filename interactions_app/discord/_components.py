"""Message components the bot sends: a row of link buttons (they open a URL, no interaction)."""

from __future__ import annotations

from typing import Literal

import msgspec

__all__ = ["ActionRow", "LinkButton"]


class LinkButton(msgspec.Struct, frozen=True):
    label: str
    url: str
    type: Literal[2] = 2
    style: Literal[5] = 5
    """5: a link button, which opens ``url`` in the browser."""


class ActionRow(msgspec.Struct, frozen=True):
    components: list[LinkButton]
    type: Literal[1] = 1
