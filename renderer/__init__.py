"""Tautulli statistics to images: declarative graph specs, shared chart drawing, options."""

from __future__ import annotations

from renderer.censor import censor_usernames, distinct_labels
from renderer.errors import MissingSeriesColor, RenderError, UnexpectedGraphData
from renderer.render import RenderedGraph, render_graph
from renderer.specs import GRAPH_SPECS, GraphSpec, spec_by_key
from renderer.style import DEFAULT_SERIES_COLORS, RenderOptions, setup_style
from renderer.translation import N_, Translator

__all__ = [
    "DEFAULT_SERIES_COLORS",
    "GRAPH_SPECS",
    "N_",
    "GraphSpec",
    "MissingSeriesColor",
    "RenderError",
    "RenderOptions",
    "RenderedGraph",
    "Translator",
    "UnexpectedGraphData",
    "censor_usernames",
    "distinct_labels",
    "render_graph",
    "setup_style",
    "spec_by_key",
]
