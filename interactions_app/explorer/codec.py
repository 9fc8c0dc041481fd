"""The explorer's ``custom_id``: a view and what a click on the component does, versioned.

``x1:<action>:<graph>:<period>:<measure>:<user>:<scope>``, at most 100 characters, e.g.
``x1:v:daily_play_count:30:p:-:s``. Every field is checked strictly; anything else, an older
version included, is ``OutOfDate``. The id is never trusted beyond its shape: whoever clicks is
checked against the current config and their own permissions on every click. The scheduled
post's entry point is ``explore:<graph>`` and opens the graph with the config's defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from interactions_app.discord._components import MAX_CUSTOM_ID
from interactions_app.explorer.view import Measure, View, periods_for
from renderer.specs import GRAPH_SPECS

__all__ = ["VERSION", "Action", "Click", "Entry", "OutOfDate", "decode", "encode"]

VERSION = "x1"
ENTRY_PREFIX = "explore:"

Action = Literal["view", "graph", "share", "open"]
"""``view``: show the view in the id; ``graph``: the same with the graph chosen in the menu;
``share``: post the view in the channel; ``open``: a private copy for whoever clicks."""

_ACTION_CODES: dict[Action, str] = {"view": "v", "graph": "g", "share": "s", "open": "o"}
_ACTIONS: dict[str, Action] = {code: action for action, code in _ACTION_CODES.items()}
_MEASURES: dict[Measure, str] = {"plays": "p", "duration": "d"}
_MEASURE_CODES: dict[str, Measure] = {code: measure for measure, code in _MEASURES.items()}
_SPECS = {spec.key: spec for spec in GRAPH_SPECS}
_ID = re.compile(
    r"(?P<version>[a-z0-9]{1,4}):(?P<action>[a-z]):(?P<graph>[a-z0-9_]{1,60}):"
    r"(?P<period>[1-9][0-9]{0,3}):(?P<measure>[a-z]):(?P<user>-|[1-9][0-9]{0,11}):(?P<scope>[a-z])",
    re.ASCII,
)
_ENTRY = re.compile(r"explore:(?P<graph>[a-z0-9_]{1,60})", re.ASCII)


class OutOfDate(ValueError):
    """A custom_id this build does not make (forged, malformed, or from an older version)."""


@dataclass(frozen=True, slots=True)
class Click:
    action: Action
    view: View


@dataclass(frozen=True, slots=True)
class Entry:
    """``explore:<graph>``: open ``graph`` with the config's defaults."""

    graph: str


def encode(action: Action, view: View) -> str:
    user = "-" if view.user is None else str(view.user)
    scope = "m" if view.personal else "s"
    custom_id = ":".join(
        (
            VERSION,
            _ACTION_CODES[action],
            view.graph,
            str(view.period),
            _MEASURES[view.measure],
            user,
            scope,
        )
    )
    if len(custom_id) > MAX_CUSTOM_ID:
        raise ValueError(f"custom_id {custom_id!r} is longer than {MAX_CUSTOM_ID} characters")
    return custom_id


def decode(custom_id: str, values: list[str]) -> Click | Entry:
    """The click a component's ``custom_id`` (and a menu's chosen ``values``) stands for."""
    if len(custom_id) > MAX_CUSTOM_ID:
        raise OutOfDate("too long")
    entry = _ENTRY.fullmatch(custom_id)
    if entry is not None:
        if entry["graph"] not in _SPECS or values:
            raise OutOfDate("unknown graph")
        return Entry(entry["graph"])
    found = _ID.fullmatch(custom_id)
    if found is None or found["version"] != VERSION:
        raise OutOfDate("not an explorer id of this version")
    action = _ACTIONS.get(found["action"])
    spec = _SPECS.get(found["graph"])
    measure = _MEASURE_CODES.get(found["measure"])
    scope = found["scope"]
    if action is None or spec is None or measure is None or scope not in ("s", "m"):
        raise OutOfDate("unknown field value")
    period = int(found["period"])
    if period not in periods_for(spec):
        raise OutOfDate("period not offered")
    personal = scope == "m"
    user = None if found["user"] == "-" else int(found["user"])
    if personal and user is not None:
        raise OutOfDate("a personal view names no user")
    view = View(graph=spec.key, period=period, measure=measure, user=user, personal=personal)
    if action == "graph":
        if len(values) != 1 or values[0] not in _SPECS:
            raise OutOfDate("no known graph chosen")
        return Click(action, view.switched_to(_SPECS[values[0]]))
    if values:
        raise OutOfDate("values on a button")
    return Click(action, view)
