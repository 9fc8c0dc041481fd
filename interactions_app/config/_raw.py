"""Values typed as plain text (in Discord, or in an environment variable) as typed values."""

from __future__ import annotations

import re

from ._describe import KeyRule
from ._invalid import InvalidValue
from ._kinds import OUT_OF_RANGE, REFUSED, Kind

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})
# ASCII only: int() and str.isdigit() also take full-width and Arabic-Indic digits.
_DECIMAL = re.compile(r"[+-]?[0-9]+", re.ASCII)
# More digits than any limit in the schema; int() of thousands of digits raises.
_MAX_DIGITS = 30
# Role and user mentions (<@&id>, <@!id>, <@id>) are what Discord's client inserts.
_MENTION = re.compile(r"<@[!&]?([0-9]+)>", re.ASCII)
_QUOTED_ID = re.compile(r"""(["'])([0-9]*)\1""", re.ASCII)
_SEPARATORS = re.compile(r"[,\s]+")


def whole_number(rule: KeyRule, text: str) -> int:
    """``text`` as an int when it is written in ASCII decimal digits, else InvalidValue."""
    text = text.strip()
    if _DECIMAL.fullmatch(text) is None:
        raise InvalidValue(rule, REFUSED[Kind.INT], text)
    if len(text.lstrip("+-")) > _MAX_DIGITS:
        raise InvalidValue(rule, OUT_OF_RANGE, text)
    return int(text)


def _id_item(item: str) -> str:
    for pattern, group in ((_MENTION, 1), (_QUOTED_ID, 2)):
        match = pattern.fullmatch(item)
        if match is not None:
            return match.group(group)
    # Anything else (a stray quote, a word) is kept as typed, so the schema names it.
    return item


def id_list(text: str) -> list[str]:
    """``123, <@&456> "789"`` or ``[123, 456]`` as IDs; empty text or ``[]`` is no IDs."""
    inner = text.strip()
    if inner.startswith("[") and inner.endswith("]"):
        inner = inner[1:-1]
    return [_id_item(item) for item in _SEPARATORS.split(inner) if item]


def typed_value(rule: KeyRule, text: str) -> object:
    """What ``text`` means for ``rule``: true/yes/on/1, numbers, comma-separated IDs, text.

    Raises InvalidValue with the same explanation a bad value in the file would get.
    """
    text = text.strip()
    match rule.kind:
        case Kind.BOOL:
            word = text.lower() if text.isascii() else text
            if word in _TRUE:
                return True
            if word in _FALSE:
                return False
            raise InvalidValue(rule, REFUSED[Kind.BOOL], text)
        case Kind.INT:
            return whole_number(rule, text)
        case Kind.ID_LIST:
            return id_list(text)
        case Kind.CHOICE:
            folded = text.lower() if text.isascii() else text
            return next((c for c in rule.choices if c.lower() == folded), text)
        case _:
            # The sample file quotes text, so admins may type the quotes too.
            quoted = len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'"
            return text[1:-1] if quoted else text
