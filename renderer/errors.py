"""Why a graph could not be drawn.

RenderError
├── UnexpectedGraphData   Tautulli's answer does not have the shape this graph needs
└── MissingSeriesColor    a series has no configured colour (none is ever borrowed)
"""

from __future__ import annotations

from renderer.translation import Translator


class RenderError(Exception):
    """Base of every renderer error; ``explain`` says it to a person."""

    def explain(self, t: Translator) -> str:
        raise NotImplementedError


class UnexpectedGraphData(RenderError):
    def __init__(self, graph: str, detail: str) -> None:
        super().__init__(f"{graph}: unexpected Tautulli graph data: {detail}")
        self.graph = graph
        self.detail = detail

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "The graph {graph} could not be drawn: Tautulli sent data it does not expect "
            "({detail}). Check that Tautulli is up to date."
        ).format(graph=self.graph, detail=self.detail)


class MissingSeriesColor(RenderError):
    def __init__(self, graph: str, series: str) -> None:
        super().__init__(f"{graph}: no colour configured for the series {series!r}")
        self.graph = graph
        self.series = series

    def explain(self, t: Translator) -> str:
        return t.gettext(
            "The graph {graph} could not be drawn: the series {series} has no colour. "
            "Add a colour for it to the configuration."
        ).format(graph=self.graph, series=self.series)
