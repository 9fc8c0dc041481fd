"""The explorer's components: a menu of graphs, period buttons, plays/watch time, and either
"Share in channel" (a private explorer) or "Explore privately" (a public one).

Three action rows (Discord allows 5): the menu alone in its row (at most 12 graphs of the 25
options allowed), 4 period buttons, then up to 2 buttons (the measure toggle, share or explore).
The current period is shown selected (primary) and disabled, so a click always changes
something; the toggle is named for the measure a click shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from interactions_app.discord._components import ActionRow, Button, SelectOption, StringSelect
from interactions_app.explorer.codec import encode
from interactions_app.explorer.view import Measure, View, periods_for
from renderer.specs import GraphSpec, spec_by_key
from renderer.translation import Translator

__all__ = ["controls", "period_label"]

_PRIMARY = 1
_SECONDARY = 2
_SUCCESS = 3
_MAX_LABEL = 100


def period_label(spec: GraphSpec, period: int, t: Translator) -> str:
    if spec.months:
        return t.ngettext("{count} month", "{count} months", period).format(count=period)
    if period == 365:
        return t.gettext("1 year")
    return t.ngettext("{count} day", "{count} days", period).format(count=period)


def controls(
    view: View, offered: Sequence[GraphSpec], t: Translator, *, public: bool, shareable: bool
) -> list[ActionRow]:
    """The rows for ``view``; ``offered`` are the graphs the menu lists (the enabled ones)."""
    spec = spec_by_key(view.graph)
    rows = [ActionRow(components=[_menu(view, offered, t)])]
    rows.append(
        ActionRow(
            components=[
                _choice(view, replace(view, period=period), period_label(spec, period, t))
                for period in periods_for(spec)
            ]
        )
    )
    last: list[Button] = []
    if spec.measure == "plays":
        last.append(_toggle(view, t))
    if public:
        last.append(
            Button(
                custom_id=encode("open", view), label=t.gettext("Explore privately"), style=_SUCCESS
            )
        )
    elif shareable:
        last.append(
            Button(
                custom_id=encode("share", view), label=t.gettext("Share in channel"), style=_SUCCESS
            )
        )
    if last:
        rows.append(ActionRow(components=last))
    return rows


def _toggle(view: View, t: Translator) -> Button:
    """Plays ⇄ watch time, named for what a click shows."""
    other: Measure = "duration" if view.measure == "plays" else "plays"
    label = t.gettext("Show watch time") if other == "duration" else t.gettext("Show plays")
    return Button(custom_id=encode("view", replace(view, measure=other)), label=label)


def _choice(current: View, target: View, label: str) -> Button:
    selected = target == current
    return Button(
        custom_id=encode("view", target),
        label=label,
        style=_PRIMARY if selected else _SECONDARY,
        disabled=selected,
    )


def _menu(view: View, offered: Sequence[GraphSpec], t: Translator) -> StringSelect:
    options = [
        SelectOption(
            label=_clip(t.gettext(spec.title_for(view.measure))),
            value=spec.key,
            default=spec.key == view.graph,
        )
        for spec in offered
    ]
    return StringSelect(
        custom_id=encode("graph", view), options=options, placeholder=t.gettext("Choose a graph")
    )


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"
