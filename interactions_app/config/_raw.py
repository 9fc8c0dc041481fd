"""Turning what an admin typed in Discord into a value of the key's type."""

from __future__ import annotations

import re

from ._describe import KeyRule
from ._kinds import REFUSED, Kind
from ._validate import InvalidValue, check_value

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
# Role and user mentions (<@&id>, <@!id>, <@id>) are what Discord's client inserts.
_MENTION = re.compile(r"^<@[!&]?(\d+)>$")
_SEPARATORS = re.compile(r"[,\s]+")


def _words(rule: KeyRule, text: str) -> object:
    match rule.kind:
        case Kind.BOOL:
            word = text.lower()
            if word in _TRUE:
                return True
            if word in _FALSE:
                return False
            raise InvalidValue(rule, REFUSED[Kind.BOOL], text)
        case Kind.INT:
            try:
                return int(text)
            except ValueError:
                raise InvalidValue(rule, REFUSED[Kind.INT], text) from None
        case Kind.ID_LIST:
            inner = text.removeprefix("[").removesuffix("]")
            items = [item.strip("\"'") for item in _SEPARATORS.split(inner)]
            return [_MENTION.sub(r"\1", item) for item in items if item]
        case Kind.CHOICE:
            return next((c for c in rule.choices if c.lower() == text.lower()), text)
        case _:
            # The sample file quotes text, so admins may type the quotes too.
            quoted = len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'"
            return text[1:-1] if quoted else text


def parse_raw(rule: KeyRule, raw: str) -> object:
    """``raw`` as a checked value for ``rule``: true/yes/on/1, numbers, comma-separated IDs...

    Raises InvalidValue with the same explanation a bad value in the file would get.
    """
    return check_value(rule, _words(rule, raw.strip()))
