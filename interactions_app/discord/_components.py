"""Message components the bot sends: link buttons, interactive buttons and string select menus.

Discord's limits (components/reference.mdx) are checked by ``check_components`` before a
message leaves: at most 5 action rows, each with up to 5 buttons or one select menu,
at most 25 options per menu, ``custom_id`` up to 100 characters and unique within the message,
button labels up to 80 characters, option labels and values up to 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import msgspec

from renderer.translation import N_

from ._errors import DiscordLimitError

__all__ = [
    "MAX_ACTION_ROWS",
    "MAX_BUTTONS_PER_ROW",
    "MAX_CUSTOM_ID",
    "MAX_SELECT_OPTIONS",
    "ActionRow",
    "Button",
    "ButtonStyle",
    "LinkButton",
    "SelectOption",
    "StringSelect",
    "check_components",
]

MAX_ACTION_ROWS = 5
MAX_BUTTONS_PER_ROW = 5
MAX_SELECT_OPTIONS = 25
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80
MAX_OPTION_TEXT = 100

# Limit names double as the text shown to people (DiscordLimitError.explain translates them).
ACTION_ROWS = N_("number of action rows")
ROW_COMPONENTS = N_("components in an action row")
COMPONENT_TEXT = N_("button or menu text length")
SELECT_OPTIONS = N_("number of menu options")
CUSTOM_ID = N_("component id length")
UNIQUE_CUSTOM_IDS = N_("components with the same id")

ButtonStyle = Literal[1, 2, 3, 4]
"""1 primary (blurple), 2 secondary (grey), 3 success (green), 4 danger (red)."""


class LinkButton(msgspec.Struct, frozen=True):
    label: str
    url: str
    type: Literal[2] = 2
    style: Literal[5] = 5
    """5: a link button, which opens ``url`` in the browser."""


class Button(msgspec.Struct, frozen=True):
    """A button whose click reaches the bot as a component interaction with ``custom_id``."""

    custom_id: str
    label: str
    style: ButtonStyle = 2
    disabled: bool = False
    type: Literal[2] = 2


class SelectOption(msgspec.Struct, frozen=True):
    label: str
    value: str
    default: bool = False


class StringSelect(msgspec.Struct, frozen=True):
    custom_id: str
    options: list[SelectOption]
    placeholder: str | None = None
    type: Literal[3] = 3


class ActionRow(msgspec.Struct, frozen=True):
    components: Sequence[LinkButton | Button | StringSelect]
    type: Literal[1] = 1


def check_components(rows: Sequence[ActionRow]) -> None:
    """Raise ``DiscordLimitError`` for the first component limit ``rows`` would break."""
    _at_most(ACTION_ROWS, len(rows), MAX_ACTION_ROWS)
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        where = f"row {number}"
        # A select menu fills its row; buttons share one, up to five.
        most = (
            1 if any(isinstance(c, StringSelect) for c in row.components) else MAX_BUTTONS_PER_ROW
        )
        _at_most(ROW_COMPONENTS, len(row.components), most, where)
        for component in row.components:
            if isinstance(component, StringSelect):
                _custom_id(component.custom_id, seen, where)
                _at_most(SELECT_OPTIONS, len(component.options), MAX_SELECT_OPTIONS, where)
                texts = [component.placeholder or ""]
                texts += [
                    text for option in component.options for text in (option.label, option.value)
                ]
                _at_most(COMPONENT_TEXT, max(map(len, texts)), MAX_OPTION_TEXT, where)
                continue
            if isinstance(component, Button):
                _custom_id(component.custom_id, seen, where)
            _at_most(COMPONENT_TEXT, len(component.label), MAX_BUTTON_LABEL, where)


def _custom_id(custom_id: str, seen: set[str], where: str) -> None:
    _at_most(CUSTOM_ID, len(custom_id), MAX_CUSTOM_ID, where)
    if custom_id in seen:
        raise DiscordLimitError(UNIQUE_CUSTOM_IDS, 2, 1, where=custom_id)
    seen.add(custom_id)


def _at_most(limit: str, actual: int, maximum: int, where: str = "") -> None:
    if actual > maximum:
        raise DiscordLimitError(limit, actual, maximum, where=where)
