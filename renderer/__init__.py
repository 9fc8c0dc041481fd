"""Tautulli statistics to images: declarative graph specs, shared chart drawing, options.

Importing ``renderer`` is light: specs, options, censoring, labels and the translation protocol
load without matplotlib. ``render_graph`` and ``setup_style`` load the
drawing code (matplotlib, about a second) on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from renderer._labels import SECONDS_PER, babel_locale, duration_unit, format_amount, format_number
from renderer._options import DEFAULT_SERIES_COLORS, RenderedGraph, RenderOptions
from renderer.censor import censor_usernames, distinct_labels
from renderer.errors import MissingSeriesColor, RenderError, UnexpectedGraphData
from renderer.specs import GRAPH_SPECS, GraphSpec, spec_by_key
from renderer.translation import N_, Translator

if TYPE_CHECKING:
    from renderer._render import render_graph
    from renderer._style import setup_style

_DRAWING = {"render_graph": "_render", "setup_style": "_style"}


def __getattr__(name: str) -> Any:
    module = _DRAWING.get(name)
    if module is None:
        raise AttributeError(f"module 'renderer' has no attribute {name!r}")
    from importlib import import_module  # noqa: PLC0415

    return getattr(import_module(f"renderer.{module}"), name)


__all__ = [
    "DEFAULT_SERIES_COLORS",
    "GRAPH_SPECS",
    "N_",
    "SECONDS_PER",
    "GraphSpec",
    "MissingSeriesColor",
    "RenderError",
    "RenderOptions",
    "RenderedGraph",
    "Translator",
    "UnexpectedGraphData",
    "babel_locale",
    "censor_usernames",
    "distinct_labels",
    "duration_unit",
    "format_amount",
    "format_number",
    "render_graph",
    "setup_style",
    "spec_by_key",
]
