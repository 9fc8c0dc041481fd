"""Typed shapes of the Tautulli API v2 answers the project reads."""

from __future__ import annotations

import msgspec


class GraphSeries(msgspec.Struct, frozen=True):
    name: str
    data: list[int | float]


class GraphData(msgspec.Struct, frozen=True):
    """The ``{categories, series}`` answer of every Tautulli graph command."""

    categories: list[str]
    series: list[GraphSeries]
